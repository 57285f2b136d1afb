"""Phrases the room shares that no theme covers yet ("emerging" on the board).

Candidates are stemmed 1-3 word phrases inside one clause, made of content words (stop
words may only sit inside a phrase: "lack of trust"), never numbers, placeholders or words
that are evidence of a theme the story matched. A phrase is counted once per story and is
returned only when at least k different stories contain it (the room's privacy floor).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence, Set

from ..aggregates import MIN_K
from .match import Matcher, StoryAnalysis
from .model import Phrase, Taxonomy, Theme
from .text import STOP_WORDS, StoryWords, is_number

MAX_WORDS = 3
# Small words allowed inside a longer phrase, never at its ends.
CONNECTORS = frozenset({"of", "for", "in", "on", "to", "with", "and", "the", "a", "an", "at"})

_CONTENT, _GENERIC, _CONNECTOR, _BLOCKED = range(4)
_SPACE = re.compile(r"\s+")


def emerging_phrases(
    stories: Sequence[str],
    taxonomy: Taxonomy,
    k: int,
    extra: Sequence[Theme] = (),
    limit: int = 10,
) -> list[Phrase]:
    """Up to `limit` phrases found in >= k stories and covered by no theme, commonest first."""
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}: a phrase from one story could identify its writer")
    matcher, _ = taxonomy.matcher(extra)
    # Every language's everyday words, keyed like the phrases (by the first language's stems).
    generic = frozenset(matcher.canonical(word) for lex in matcher.lexicons for word in lex.rules.generic_words)
    analyses = [matcher.analyse(text) for text in stories]
    word_kinds: dict[tuple[str, str], int] = {}
    blocked = matcher.every_clause_word
    grams = [_grams(a.tokens, a.stems, _kinds(a, generic, blocked, word_kinds)) for a in analyses]

    story_count: Counter[str] = Counter()
    for found in grams:
        story_count.update(found.keys())
    shared = {key: n for key, n in story_count.items() if n >= k}
    if not shared:
        return []
    hidden = _inside_longer(shared)
    forms = _written_forms(stories, analyses, grams, shared.keys() - hidden)
    phrases = [
        Phrase(key, min(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0], shared[key]) for key, seen in forms.items()
    ]
    phrases.sort(key=lambda p: (-p.count, p.text.lower(), p.text))
    return _uncovered(phrases, matcher, limit)


def _written_forms(
    stories: Sequence[str],
    analyses: Sequence[StoryAnalysis],
    grams: Sequence[dict[str, tuple[int, int]]],
    keys: Set[str],
) -> dict[str, Counter[str]]:
    """How each kept phrase was written, counted once per story (first occurrence)."""
    raw: dict[str, Counter[str]] = {key: Counter() for key in keys}
    for text, analysis, found in zip(stories, analyses, grams, strict=True):
        starts, ends = analysis.tokens.starts, analysis.tokens.ends
        for key, (i, j) in found.items():
            if key in raw:
                raw[key][text[starts[i] : ends[j]]] += 1
    forms: dict[str, Counter[str]] = {}
    for key, written in raw.items():
        forms[key] = Counter()
        for form, n in written.items():
            forms[key][_display(form)] += n
    return forms


def _kinds(
    analysis: StoryAnalysis, generic: frozenset[str], blocked: frozenset[str], known: dict[tuple[str, str], int]
) -> list[int]:
    """What each word may be in a phrase; clause words ("but", "tapi") and words that are
    evidence of a theme are blocked."""
    kinds = []
    for pair in zip(analysis.tokens.words, analysis.stems, strict=True):
        kind = known.get(pair)
        if kind is None:
            kind = known[pair] = _BLOCKED if pair[0] in blocked else _kind(*pair, generic)
        kinds.append(kind)
    for theme_spans in analysis.spans.values():
        for start, end in theme_spans:
            for p in range(start, end + 1):
                kinds[p] = _BLOCKED
    return kinds


def _kind(word: str, stemmed: str, generic: frozenset[str]) -> int:
    if is_number(word) or len(word) < 2:
        return _BLOCKED
    if word in STOP_WORDS or stemmed in STOP_WORDS:
        return _CONNECTOR if word in CONNECTORS else _BLOCKED
    if stemmed in generic or word in generic:
        return _GENERIC
    return _CONTENT


def _grams(tokens: StoryWords, stems: Sequence[str], kinds: list[int]) -> dict[str, tuple[int, int]]:
    """Candidate phrase keys of one story -> token span of their first occurrence."""
    found: dict[str, tuple[int, int]] = {}
    count = len(tokens)
    clauses, joined = tokens.clauses, tokens.joined
    for i in range(count):
        kind = kinds[i]
        if kind not in (_CONTENT, _GENERIC):
            continue
        has_content = kind == _CONTENT
        if has_content:
            found.setdefault(stems[i], (i, i))
        clause = clauses[i]
        for j in range(i + 1, min(i + MAX_WORDS, count)):
            kind_j = kinds[j]
            if kind_j == _BLOCKED or clauses[j] != clause or not joined[j]:
                break
            if kind_j == _CONNECTOR:
                # "lack of trust" yes, "think the reference" no: a connector joins content words
                if kinds[j - 1] != _CONTENT or j + 1 >= count or kinds[j + 1] != _CONTENT:
                    break
                continue
            has_content = has_content or kind_j == _CONTENT
            if has_content:
                found.setdefault(" ".join(stems[i : j + 1]), (i, j))
    return found


def _inside_longer(shared: dict[str, int]) -> set[str]:
    """Phrases contained in a longer shared phrase that is shared just as often."""
    hidden = set()
    for key, count in shared.items():
        words = key.split(" ")
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start : start + size])
                if shared.get(part) == count:
                    hidden.add(part)
    return hidden


def _uncovered(phrases: list[Phrase], matcher: Matcher, limit: int) -> list[Phrase]:
    """Drop phrases that on their own already signal a theme; keep the first `limit`."""
    kept: list[Phrase] = []
    for phrase in phrases:
        if len(kept) >= limit:
            break
        if not matcher.analyse(phrase.text).spans:
            kept.append(phrase)
    return kept


def _display(surface: str) -> str:
    """One written form: single spaces, lower case except words like CV or LinkedIn."""
    words = []
    for word in _SPACE.split(surface.strip()):
        keep = any(ch.isupper() for ch in word[1:]) or (word.isupper() and len(word) > 1)
        words.append(word if keep else word.lower())
    return " ".join(words)
