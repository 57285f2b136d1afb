"""Phrases the room shares that no theme covers yet ("emerging" on the board).

Candidates are stemmed 1-3 word phrases inside one clause, made of content words (function
words of any language may only sit inside a phrase: "lack of trust", "ditolak tanpa
alasan"), never numbers, placeholders or words that are evidence of a theme the story
matched. Each story's words are stemmed in the language it is mostly written in, so that
"ditolak" and "menolak" in Indonesian stories are one phrase. A phrase is counted once per
story and is returned only when at least k different stories contain it (the room's
privacy floor).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence, Set

from ..aggregates import MIN_K
from .match import Matcher, StoryAnalysis
from .model import Phrase, Taxonomy, Theme
from .text import StoryWords, fold, is_number

MAX_WORDS = 3

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
    words = _Words(matcher)
    analyses = [matcher.analyse(text) for text in stories]
    grams = []
    for analysis in analyses:
        lang = matcher.language_of(analysis.tokens.words)
        stems = [matcher.resolve(word)[0][lang] for word in analysis.tokens.words]
        grams.append(_grams(analysis.tokens, stems, words.kinds(analysis, stems, lang)))

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


class _Words:
    """What each word may be in a phrase, per language: function words of every language
    are blocked (or connect, inside a phrase), every language's everyday words are generic."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.blocked = matcher.every_clause_word  # "but", "tapi": a phrase never spans them
        self.stop = frozenset().union(*(lex.stop_words for lex in matcher.lexicons))
        self.connectors = frozenset().union(*(lex.connectors for lex in matcher.lexicons))
        everyday = [word for lex in matcher.lexicons for word in lex.rules.generic_words]
        self.written = frozenset(fold(word) for word in everyday)
        self.generic = [frozenset(lex.canonical(word) for word in everyday) for lex in matcher.lexicons]
        self.known: dict[tuple[str, str, int], int] = {}

    def kinds(self, analysis: StoryAnalysis, stems: list[str], lang: int) -> list[int]:
        """Each word's kind in one story; words that are evidence of a theme are blocked."""
        kinds = []
        for word, stemmed in zip(analysis.tokens.words, stems, strict=True):
            key = (word, stemmed, lang)
            kind = self.known.get(key)
            if kind is None:
                kind = self.known[key] = self._kind(word, stemmed, lang)
            kinds.append(kind)
        for theme_spans in analysis.spans.values():
            for start, end in theme_spans:
                for p in range(start, end + 1):
                    kinds[p] = _BLOCKED
        return kinds

    def _kind(self, word: str, stemmed: str, lang: int) -> int:
        if word in self.blocked or is_number(word) or len(word) < 2:
            return _BLOCKED
        if word in self.stop or stemmed in self.matcher.lexicons[lang].stop_words:
            return _CONNECTOR if word in self.connectors else _BLOCKED
        if stemmed in self.generic[lang] or word in self.written:
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
