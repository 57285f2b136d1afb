"""How one language reads a word: its matching rules, stemmer, spelling table, typos, number
words and function words, and which pattern slots (of that language) each stem, word or
prefix fills."""

from __future__ import annotations

from dataclasses import dataclass

from .text import CLAUSE_WORDS, CONNECTORS, NUMBER_WORDS, STOP_WORDS, check_stemmer, fold, is_number, stem


@dataclass(frozen=True)
class MatchingRules:
    """One language's settings for matching (the non-theme tables of its themes file)."""

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
    stop_words: tuple[str, ...] = ()  # function words; none listed: English's
    connectors: tuple[str, ...] = ()  # stop words allowed inside a phrase; none listed: English's
    settled: tuple[str, ...] = ()
    stemmer: str = "english"
    clause_words: tuple[str, ...] = CLAUSE_WORDS
    number_words: tuple[str, ...] = tuple(sorted(NUMBER_WORDS))


class Lexicon:
    """How one language reads a word: stemmer, spelling table, typos, number words, and
    which of the book's slots (of this language) each stem, word or prefix satisfies."""

    def __init__(self, lang: int, rules: MatchingRules) -> None:
        check_stemmer(rules.stemmer)
        self.lang = lang
        self.rules = rules
        self.groups = {name: tuple(words) for name, words in rules.groups}
        self.spelling = {self.plain_stem(a): self.plain_stem(b) for a, b in rules.spelling}
        self.number_words = frozenset(fold(w) for w in rules.number_words)
        self.clause_words = frozenset(fold(w) for w in rules.clause_words)
        self.stop_words = frozenset(fold(w) for w in rules.stop_words) or STOP_WORDS
        self.connectors = frozenset(fold(w) for w in rules.connectors) or CONNECTORS
        # Words that tell a story is written in this language: its function words and the
        # everyday words of its stories ("yang", "banget"; "the", "job").
        self.everyday = self.stop_words | frozenset(fold(w) for w in rules.generic_words)
        self.negation_words = frozenset(
            fold(w) for name in rules.negators for w in (self.groups.get(name[1:], ()) if name[:1] == "@" else (name,))
        )
        self.stem_slots: dict[str, list[int]] = {}
        self.word_slots: dict[str, list[int]] = {}
        self.prefix_slots: list[tuple[str, int]] = []
        self.number_slots: list[int] = []
        self.fuzzy_index: dict[str, set[tuple[str, str]]] = {}

    def plain_stem(self, word: str) -> str:
        return stem(fold(word).strip(), self.rules.stemmer)

    def canonical(self, word: str) -> str:
        plain = self.plain_stem(word)
        return self.spelling.get(plain, plain)

    def build_fuzzy_index(self) -> None:
        """Single-deletion keys of the typo-tolerant words (as written and as stems)."""
        for word in self.rules.typo_tolerant:
            target = self.canonical(word)
            for form in {fold(word), target}:
                for key in _deletions(form) | {form}:
                    self.fuzzy_index.setdefault(key, set()).add((form, target))

    def fuzzy(self, word: str, canonical: str) -> str:
        """The typo-tolerant word one slip away from `word` (or its stem), if any."""
        close = set()
        for written in {word, canonical}:
            for key in _deletions(written) | {written}:
                for form, target in self.fuzzy_index.get(key, ()):
                    if form[0] == written[0] and _within_one_edit(written, form):
                        close.add(target)
        return min(close) if close else canonical

    def resolve(self, word: str, ids: set[int]) -> str:
        """This language's stem of a folded word; adds the ids of the slots it satisfies."""
        canonical = self.canonical(word)
        numeric = is_number(word, self.number_words)
        if canonical not in self.stem_slots and not numeric and len(word) >= self.rules.fuzzy_min_length:
            canonical = self.fuzzy(word, canonical)
        ids.update(self.stem_slots.get(canonical, ()))
        ids.update(self.word_slots.get(word, ()))
        ids.update(s for p, s in self.prefix_slots if word.startswith(p) or canonical.startswith(p))
        if numeric:
            ids.update(self.number_slots)
        return canonical


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
