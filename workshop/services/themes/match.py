"""Matching one story against the compiled pattern book: hits, negation, disclaimers.

Every language's patterns run over the same words; each language sees its own clauses. A
negation or a disclaimer in any language turns around a match in any other, so "bukan
di-ghosting" is not a ghosting story.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .patterns import CompiledTheme, LanguageSpec, Pattern, PatternBook, Step
from .text import StoryWords, clauses_with, tokenize

_ANALYSIS_CACHE = 4096


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    positions: tuple[int, ...]


@dataclass(frozen=True)
class StoryAnalysis:
    """A story as the matcher saw it: tokens (clauses end at any language's clause words)
    and matched token spans per theme."""

    tokens: StoryWords
    spans: dict[int, list[tuple[int, int]]]
    # Filled only when no theme matched: themes whose patterns were found but turned around
    # ("I wasn't nervous"), the positions of words a negation reaches, and whether the
    # writer says they have settled with it ("no hard feelings").
    declined: frozenset[int] = frozenset()
    negated: frozenset[int] = frozenset()
    settled: bool = False
    # Whether every theme found rests on a single weak sign ("the email came on Friday"):
    # then the declined, negated and settled fields are filled too, as if none had matched.
    weak_only: bool = False

    def evidence(self, text: str, theme_index: int) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for start, end in self.spans.get(theme_index, ()):
            words = text[self.tokens.starts[start] : self.tokens.ends[end]]
            seen.setdefault(words.lower(), words)
        return tuple(seen.values())


@dataclass
class _Story:
    """Working state while one story is matched: each language's clause numbers, word
    positions per slot, helper results."""

    clauses: tuple[tuple[int, ...], ...]
    positions: dict[int, list[int]]
    marks: tuple[int, ...] = ()  # clauses between punctuation only (no "but", "tapi" ...)
    helper_hits: dict[int, list[Hit]] = field(default_factory=dict)
    negators: set[int] | None = None


class Matcher(PatternBook):
    """Finds each theme's patterns in a story and keeps the matches no negation undoes."""

    def __init__(self, languages: Sequence[LanguageSpec]) -> None:
        super().__init__(languages)
        # A room's board re-reads the same stories often: keep recent analyses (memory only).
        self.analyse = lru_cache(maxsize=_ANALYSIS_CACHE)(self._analyse)

    def _analyse(self, text: str) -> StoryAnalysis:
        tokens = tokenize(text)
        known, resolve = self._words, self.resolve
        positions: dict[int, list[int]] = {}
        for i, word in enumerate(tokens.words):
            _, ids = known.get(word) or resolve(word)
            for slot_id in ids:
                if slot_id in positions:
                    positions[slot_id].append(i)
                else:
                    positions[slot_id] = [i]
        story = _Story(tuple(clauses_with(tokens, words) for words in self.clause_words), positions, tokens.clauses)
        present = positions.keys()
        candidates: set[int] = set()
        for slot_id in present & self._anchored.keys():
            candidates.update(self._anchored[slot_id])
        found: dict[int, list[tuple[int, int]]] = {}
        declined: set[int] = set()
        strong: set[int] = set()
        weak: dict[int, list[Hit]] = {}
        for index in sorted(candidates):
            theme, pattern = self._flat[index]
            if not pattern.slots <= present:
                continue
            for hit in self._hits(pattern, story):
                if self._kept(hit, theme, pattern, story):
                    found.setdefault(theme.index, []).append((hit.start, hit.end))
                    if not pattern.weak:
                        strong.add(theme.index)
                    else:
                        weak.setdefault(theme.index, []).append(hit)
                else:
                    declined.add(theme.index)
        strong.update(index for index, hits in weak.items() if _apart(hits))
        if strong:  # a weak sign alone does not stand beside another theme's strong one
            found = {index: hits for index, hits in found.items() if index in strong}
        spans = {index: _merge(found[index]) for index in sorted(found)}
        seen = replace(tokens, clauses=clauses_with(tokens, self.every_clause_word))
        if strong:
            return StoryAnalysis(seen, spans)
        settled = any(
            not self._negated(hit, pattern.lang, story)
            for pattern in self._settled
            for hit in self._hits(pattern, story)
        )
        negated = self._negated_words(story)
        return StoryAnalysis(seen, spans, frozenset(declined), negated, settled, weak_only=bool(spans))

    def _hits(self, pattern: Pattern, story: _Story) -> list[Hit]:
        if not pattern.slots <= story.positions.keys():
            return []
        clauses = story.clauses[pattern.lang]
        occurrences = [_part_hits(part, story.positions, clauses) for part in pattern.parts]
        if pattern.edges:
            tied = zip(occurrences, pattern.edges, strict=True)
            occurrences = [[h for h in hits if _at_edges(h, edge, story.marks)] for hits, edge in tied]
        if len(occurrences) == 1:
            return occurrences[0]
        if not all(occurrences):
            return []
        hits = []
        for first in occurrences[0]:
            chosen = [first]
            for others in occurrences[1:]:
                best = _closest(chosen, others, clauses)
                if best is None:
                    break
                chosen.append(best)
            else:
                start = min(h.start for h in chosen)
                end = max(h.end for h in chosen)
                if end - start + 1 <= pattern.window:
                    merged = tuple(sorted(p for h in chosen for p in h.positions))
                    hits.append(Hit(start, end, merged))
        return hits

    def _kept(self, hit: Hit, theme: CompiledTheme, pattern: Pattern, story: _Story) -> bool:
        if theme.negatable and pattern.negatable and self._negated(hit, pattern.lang, story):
            return False
        if self._disclaimed(hit, pattern.lang, story):
            return False
        for guard in theme.unless:
            if any(u.start <= hit.end and hit.start <= u.end for u in self._lazy_hits(guard, story)):
                return False
        return True

    def _lazy_hits(self, pattern: Pattern, story: _Story) -> list[Hit]:
        """Hits of a helper pattern (negation, disclaimer, unless), found once per story."""
        key = id(pattern)
        if key not in story.helper_hits:
            story.helper_hits[key] = self._hits(pattern, story)
        return story.helper_hits[key]

    def _negators(self, story: _Story) -> set[int]:
        """Positions of negation words of any language, less those in phrases like "no doubt"."""
        if story.negators is None:
            found = {p for slot in self._negator_slots for p in story.positions.get(slot, ())}
            for pattern in self._not_negations:
                for hit in self._lazy_hits(pattern, story):
                    found.difference_update(hit.positions)
            story.negators = found
        return story.negators

    def _negated(self, hit: Hit, lang: int, story: _Story) -> bool:
        """A negation shortly before any matched word, its reach not cut by "and", "because"..."""
        negators = self._negators(story)
        if not negators:
            return False
        breakers = {p for slot in self._breakers for p in story.positions.get(slot, ())}
        clauses = story.clauses[lang]
        reach = self.lexicons[lang].rules.negation_window
        for p in hit.positions:
            for n in range(p - 1, max(-1, p - 1 - reach), -1):
                if clauses[n] != clauses[p]:
                    break
                if n in negators and n not in hit.positions:
                    if not any(b in breakers for b in range(n + 2, p + 1)):
                        return True
        return False

    def _negated_words(self, story: _Story) -> frozenset[int]:
        """Positions a negation reaches (as `_negated` reads them, in the first language)."""
        negators = self._negators(story)
        if not negators:
            return frozenset()
        breakers = {p for slot in self._breakers for p in story.positions.get(slot, ())}
        clauses, reach = story.clauses[0], self.rules.negation_window
        reached = set()
        for n in negators:
            for p in range(n + 1, min(len(clauses), n + 1 + reach)):
                if clauses[p] != clauses[n] or any(b in breakers for b in range(n + 2, p + 1)):
                    break
                reached.add(p)
        return frozenset(reached)

    def _disclaimed(self, hit: Hit, lang: int, story: _Story) -> bool:
        """ "not because of ..." just before, or "... was not the issue" just after."""
        clauses = story.clauses[lang]
        for pattern in self._before:
            reach = self.lexicons[pattern.lang].rules.disclaim_window
            for d in self._lazy_hits(pattern, story):
                if d.end < hit.start <= d.end + reach and clauses[d.end] == clauses[hit.start]:
                    return True
        for pattern in self._after:
            reach = self.lexicons[pattern.lang].rules.disclaim_window
            for d in self._lazy_hits(pattern, story):
                if hit.end < d.start <= hit.end + reach and clauses[d.start] == clauses[hit.end]:
                    return True
        return False


def _part_hits(part: tuple[Step, ...], positions: dict[int, list[int]], clauses: Sequence[int]) -> list[Hit]:
    """Every place where the words of one ordered part occur (shortest completion each)."""
    first_slot = part[0][0]
    hits = []
    for p in positions.get(first_slot, ()):
        path = _extend(part, 1, [p], positions, clauses)
        if path:
            hits.append(Hit(path[0], path[-1], tuple(path)))
    return hits


def _at_edges(hit: Hit, edges: tuple[bool, bool], clauses: Sequence[int]) -> bool:
    """Whether a part's hit starts and/or ends a stretch between punctuation marks, as its
    pattern asks ("^ # months $"); words such as "but" or "cuma" are no edge here."""
    starts, ends = edges
    if starts and hit.start > 0 and clauses[hit.start - 1] == clauses[hit.start]:
        return False
    return not (ends and hit.end + 1 < len(clauses) and clauses[hit.end + 1] == clauses[hit.end])


def _extend(
    part: tuple[Step, ...], i: int, path: list[int], positions: dict[int, list[int]], clauses: Sequence[int]
) -> list[int] | None:
    if i == len(part):
        return path
    slot, gap = part[i]
    prev = path[-1]
    candidates = positions.get(slot, ())
    for q in candidates[bisect_right(candidates, prev) :]:
        if q > prev + 1 + gap or clauses[q] != clauses[prev]:
            break
        done = _extend(part, i + 1, [*path, q], positions, clauses)
        if done:
            return done
    return None


def _closest(chosen: list[Hit], others: list[Hit], clauses: Sequence[int]) -> Hit | None:
    clause = clauses[chosen[0].start]
    taken = {p for h in chosen for p in h.positions}
    low = min(h.start for h in chosen)
    high = max(h.end for h in chosen)
    best, best_span = None, None
    for other in others:
        if clauses[other.start] != clause or taken.intersection(other.positions):
            continue
        span = max(high, other.end) - min(low, other.start)
        if best_span is None or span < best_span:
            best, best_span = other, span
    return best


def _apart(hits: list[Hit]) -> bool:
    """Two passing mentions of one theme in different places of a story ("five stages" ...
    "three months") add up to a real sign of it."""
    return any(a.end < b.start or b.end < a.start for a in hits for b in hits)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
