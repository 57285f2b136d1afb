"""The small pattern language of the theme taxonomy, compiled once and matched per story.

A pattern is one line a coach can read and edit (the full guide is at the top of
workshop/data/themes.toml):

    radio silence              these words in this order (each word is stemmed)
    stopped replying|answering "|" separates alternatives for one word
    ghost*                     any word that starts with "ghost"
    =internally                exactly this word, not stemmed ("internal" is not enough)
    never ... heard back       "..." allows up to `gap` words in between, "...5" up to five
    @not                       a named word group from [groups]
    #                          any number
    salary & too high          all parts, in any order, within `window` words

Nothing reaches across a clause boundary (sentence end, comma, "but", ...). Matching a
story against the compiled book is in match.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .text import STOP_WORDS, fold, is_number, stem

_WORD = re.compile(r"^[^\W_]+$")
_GAP = re.compile(r"^\.\.\.(\d*)$")
_AND = re.compile(r"\s+&\s+")
_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class MatchingRules:
    """Taxonomy-wide settings for matching (the non-theme tables of themes.toml)."""

    window: int = 7
    gap: int = 3
    fuzzy_min_length: int = 7
    typo_tolerant: tuple[str, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    spelling: tuple[tuple[str, str], ...] = ()
    negators: tuple[str, ...] = ("not", "no", "never")
    negation_window: int = 4
    scope_breakers: tuple[str, ...] = ()
    not_negations: tuple[str, ...] = ()
    disclaim_before: tuple[str, ...] = ()
    disclaim_after: tuple[str, ...] = ()
    disclaim_window: int = 4
    generic_words: tuple[str, ...] = ()


class ThemeSpec(Protocol):
    """What the matcher needs to know of a theme (taxonomy Theme objects fit)."""

    @property
    def id(self) -> str: ...
    @property
    def patterns(self) -> tuple[str, ...]: ...
    @property
    def negatable(self) -> bool: ...
    @property
    def window(self) -> int | None: ...
    @property
    def unless(self) -> tuple[str, ...]: ...
    @property
    def kept_when_negated(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Slot:
    """One word position of a pattern: accepted stems, exact words, prefixes, any number."""

    stems: frozenset[str]
    words: frozenset[str]
    prefixes: tuple[str, ...]
    number: bool = False


Step = tuple[int, int]  # (slot id, how many other words may come before it)


@dataclass(frozen=True)
class Pattern:
    source: str
    parts: tuple[tuple[Step, ...], ...]
    slots: frozenset[int]
    window: int
    negatable: bool = True


@dataclass(frozen=True)
class CompiledTheme:
    index: int
    patterns: tuple[Pattern, ...]
    negatable: bool
    unless: tuple[Pattern, ...]


class PatternBook:
    """Every theme's patterns compiled against one shared word index (see Matcher)."""

    def __init__(self, themes: Sequence[ThemeSpec], rules: MatchingRules) -> None:
        self.rules = rules
        self._groups = {name: tuple(words) for name, words in rules.groups}
        self._spelling = {self._plain_stem(a): self._plain_stem(b) for a, b in rules.spelling}
        self._slots: dict[Slot, int] = {}
        self._stem_slots: dict[str, list[int]] = {}
        self._word_slots: dict[str, list[int]] = {}
        self._prefix_slots: list[tuple[str, int]] = []
        self._number_slots: list[int] = []
        self._words: dict[str, tuple[str, tuple[int, ...]]] = {}
        self._negator = self._slot(rules.negators, "negation words")
        self._breaker = self._slot(rules.scope_breakers or ("and",), "scope breakers")
        self._not_negations = self._compile_all(rules.not_negations, "not_negations", 0)
        self._before = self._compile_all(rules.disclaim_before, "disclaim_before", 0)
        self._after = self._compile_all(rules.disclaim_after, "disclaim_after", 0)
        self.themes = tuple(
            CompiledTheme(
                index=i,
                patterns=self._compile_all(t.patterns, f"theme {t.id}", t.window)
                + self._compile_all(t.kept_when_negated, f"theme {t.id}", t.window, negatable=False),
                negatable=t.negatable,
                unless=self._compile_all(t.unless, f"theme {t.id} unless", t.window),
            )
            for i, t in enumerate(themes)
        )
        self._fuzzy_index = self._build_fuzzy_index()
        self._index_patterns()

    # -- compiling -------------------------------------------------------------------

    def _plain_stem(self, word: str) -> str:
        return stem(fold(word).strip())

    def canonical(self, word: str) -> str:
        plain = self._plain_stem(word)
        return self._spelling.get(plain, plain)

    def _compile_all(
        self, sources: Iterable[str], where: str, window: int | None, negatable: bool = True
    ) -> tuple[Pattern, ...]:
        return tuple(self._compile(source, where, window, negatable) for source in sources)

    def _compile(self, source: str, where: str, window: int | None, negatable: bool = True) -> Pattern:
        parts = []
        for text in _AND.split(source.strip()):
            steps: list[Step] = []
            gap = 0
            for piece in text.split():
                gap_match = _GAP.match(piece)
                if gap_match:
                    if not steps or gap:
                        raise ValueError(f"{where}: pattern {source!r}: '...' must sit between words")
                    gap = int(gap_match.group(1) or self.rules.gap)
                    continue
                steps.append((self._slot(piece.split("|"), f"{where}: pattern {source!r}"), gap))
                gap = 0
            if not steps or gap:
                raise ValueError(f"{where}: pattern {source!r}: a part is empty or ends with '...'")
            parts.append(tuple(steps))
        slots = frozenset(slot for part in parts for slot, _ in part)
        return Pattern(source, tuple(parts), slots, window or self.rules.window, negatable)

    def _slot(self, alternatives: Iterable[str], where: str) -> int:
        stems: set[str] = set()
        words: set[str] = set()
        prefixes: set[str] = set()
        number = False
        for alt in self._expand(alternatives, where):
            if alt == "#":
                number = True
            elif alt.startswith("=") and _WORD.match(alt[1:]):
                words.add(alt[1:])
            elif alt.endswith("*") and _WORD.match(alt[:-1]):
                prefixes.add(alt[:-1])
            elif _WORD.match(alt):
                stems.add(self.canonical(alt))
            else:
                raise ValueError(f"{where}: cannot read the word {alt!r}")
        slot = Slot(frozenset(stems), frozenset(words), tuple(sorted(prefixes)), number)
        if slot not in self._slots:
            slot_id = len(self._slots)
            self._slots[slot] = slot_id
            for s in stems:
                self._stem_slots.setdefault(s, []).append(slot_id)
            for w in words:
                self._word_slots.setdefault(w, []).append(slot_id)
            self._prefix_slots.extend((p, slot_id) for p in slot.prefixes)
            if number:
                self._number_slots.append(slot_id)
        return self._slots[slot]

    def _expand(self, alternatives: Iterable[str], where: str) -> Iterable[str]:
        for alt in alternatives:
            alt = fold(alt.strip())
            if alt.startswith("@"):
                if alt[1:] not in self._groups:
                    raise ValueError(f"{where}: unknown word group {alt!r}")
                yield from (fold(word) for word in self._groups[alt[1:]])
            elif alt:
                yield alt

    # -- words -------------------------------------------------------------------------

    def _build_fuzzy_index(self) -> dict[str, set[tuple[str, str]]]:
        """Single-deletion keys of the typo-tolerant words (as written and as stems)."""
        index: dict[str, set[tuple[str, str]]] = {}
        for word in self.rules.typo_tolerant:
            target = self.canonical(word)
            for form in {fold(word), target}:
                for key in _deletions(form) | {form}:
                    index.setdefault(key, set()).add((form, target))
        return index

    def _fuzzy(self, word: str, canonical: str) -> str:
        """The typo-tolerant word one slip away from `word` (or its stem), if any."""
        close = set()
        for written in {word, canonical}:
            for key in _deletions(written) | {written}:
                for form, target in self._fuzzy_index.get(key, ()):
                    if form[0] == written[0] and _within_one_edit(written, form):
                        close.add(target)
        return min(close) if close else canonical

    def resolve(self, word: str) -> tuple[str, tuple[int, ...]]:
        """A folded word -> (canonical stem, ids of the pattern slots it satisfies)."""
        known = self._words.get(word)
        if known is not None:
            return known
        canonical = self.canonical(word)
        numeric = is_number(word)
        if canonical not in self._stem_slots and not numeric and len(word) >= self.rules.fuzzy_min_length:
            canonical = self._fuzzy(word, canonical)
        ids = set(self._stem_slots.get(canonical, ()))
        ids.update(self._word_slots.get(word, ()))
        ids.update(s for p, s in self._prefix_slots if word.startswith(p) or canonical.startswith(p))
        if numeric:
            ids.update(self._number_slots)
        result = (canonical, tuple(sorted(ids)))
        if len(self._words) > _CACHE_LIMIT:
            self._words.clear()
        self._words[word] = result
        return result

    def _index_patterns(self) -> None:
        """Anchor each pattern on its rarest-looking slot, so a story checks only candidates."""
        cost = {slot_id: _slot_cost(slot) for slot, slot_id in self._slots.items()}
        self._flat = [(theme, pattern) for theme in self.themes for pattern in theme.patterns]
        self._anchored: dict[int, list[int]] = {}
        for index, (_, pattern) in enumerate(self._flat):
            anchor = min(pattern.slots, key=lambda slot_id: (cost[slot_id], slot_id))
            self._anchored.setdefault(anchor, []).append(index)


def _slot_cost(slot: Slot) -> tuple[int, int]:
    """Slots of everyday words (or any number) are poor anchors; few alternatives are good."""
    everyday = slot.number or any(word in STOP_WORDS for word in (*slot.stems, *slot.words))
    return (1 if everyday else 0, len(slot.stems) + len(slot.words) + 3 * len(slot.prefixes))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, change or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]
