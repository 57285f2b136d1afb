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

Nothing reaches across a clause boundary (sentence end, comma, "but", ...). A book holds
the patterns of several languages, each read with its own stemmer, spelling table, word
groups and clause words; a story is matched against all of them at once (match.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .text import CLAUSE_WORDS, NUMBER_WORDS, STOP_WORDS, check_stemmer, fold, is_number, stem

_WORD = re.compile(r"^[^\W_]+$")
_GAP = re.compile(r"^\.\.\.(\d*)$")
_AND = re.compile(r"\s+&\s+")
_CACHE_LIMIT = 200_000


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
    settled: tuple[str, ...] = ()
    stemmer: str = "english"
    clause_words: tuple[str, ...] = CLAUSE_WORDS
    number_words: tuple[str, ...] = tuple(sorted(NUMBER_WORDS))


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
    @property
    def weak(self) -> tuple[str, ...]: ...


# One language's part of a book: its rules and its themes, each with its board index.
LanguageSpec = tuple[MatchingRules, Sequence[tuple[int, ThemeSpec]]]


@dataclass(frozen=True)
class Slot:
    """One word position of a pattern in one language: accepted stems, exact words,
    prefixes, any number."""

    lang: int
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
    lang: int = 0
    weak: bool = False  # alone, signals its theme only when no other theme is signalled


@dataclass(frozen=True)
class CompiledTheme:
    index: int
    patterns: tuple[Pattern, ...]
    negatable: bool
    unless: tuple[Pattern, ...]


class _Lexicon:
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


class PatternBook:
    """Every language's theme patterns compiled against one shared word index (see Matcher).

    The first language is the taxonomy's own (English): its stems are the ones emerging
    phrases are keyed by, and code-switched stories mix it with the others.
    """

    def __init__(self, languages: Sequence[LanguageSpec]) -> None:
        if not languages:
            raise ValueError("a pattern book needs at least one language")
        self.lexicons = tuple(_Lexicon(lang, rules) for lang, (rules, _) in enumerate(languages))
        self.rules = languages[0][0]
        self._slots: dict[Slot, int] = {}
        self._words: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}
        primary = self.lexicons[0].clause_words
        every = frozenset().union(*(lex.clause_words for lex in self.lexicons))
        # A language's clauses also end at the first language's clause words, and the first
        # language's at every language's ("I passed tapi they ghosted me").
        self.clause_words = tuple(every if lex.lang == 0 else lex.clause_words | primary for lex in self.lexicons)
        self.every_clause_word = every
        self._negator_slots = [self._slot(lex.lang, lex.rules.negators, "negation words") for lex in self.lexicons]
        self._breakers = [
            self._slot(lex.lang, lex.rules.scope_breakers or ("and",), "scope breakers") for lex in self.lexicons
        ]
        self._not_negations = self._every_language("not_negations")
        self._before = self._every_language("disclaim_before")
        self._after = self._every_language("disclaim_after")
        self._settled = self._every_language("settled")
        themes = []
        for lex, (_, entries) in zip(self.lexicons, languages, strict=True):
            for index, t in entries:
                where = f"theme {t.id}" + (f" ({lex.rules.stemmer})" if lex.lang else "")
                themes.append(
                    CompiledTheme(
                        index=index,
                        patterns=self._compile_all(lex.lang, t.patterns, where, t.window)
                        + self._compile_all(lex.lang, t.kept_when_negated, where, t.window, negatable=False)
                        + self._compile_all(lex.lang, t.weak, where, t.window, weak=True),
                        negatable=t.negatable,
                        unless=self._compile_all(lex.lang, t.unless, f"{where} unless", t.window),
                    )
                )
        self.themes = tuple(themes)
        for lex in self.lexicons:
            lex.build_fuzzy_index()
        self._index_patterns()

    # -- compiling -------------------------------------------------------------------

    def canonical(self, word: str) -> str:
        """The first language's stem of a word, spelling table applied."""
        return self.lexicons[0].canonical(word)

    def _every_language(self, table: str) -> tuple[Pattern, ...]:
        return tuple(
            pattern
            for lex in self.lexicons
            for pattern in self._compile_all(lex.lang, getattr(lex.rules, table), table, 0)
        )

    def _compile_all(
        self,
        lang: int,
        sources: Iterable[str],
        where: str,
        window: int | None,
        negatable: bool = True,
        weak: bool = False,
    ) -> tuple[Pattern, ...]:
        return tuple(self._compile(lang, source, where, window, negatable, weak) for source in sources)

    def _compile(
        self, lang: int, source: str, where: str, window: int | None, negatable: bool = True, weak: bool = False
    ) -> Pattern:
        parts = []
        for text in _AND.split(source.strip()):
            steps: list[Step] = []
            gap = 0
            for piece in text.split():
                gap_match = _GAP.match(piece)
                if gap_match:
                    if not steps or gap:
                        raise ValueError(f"{where}: pattern {source!r}: '...' must sit between words")
                    gap = int(gap_match.group(1) or self.lexicons[lang].rules.gap)
                    continue
                steps.append((self._slot(lang, piece.split("|"), f"{where}: pattern {source!r}"), gap))
                gap = 0
            if not steps or gap:
                raise ValueError(f"{where}: pattern {source!r}: a part is empty or ends with '...'")
            parts.append(tuple(steps))
        slots = frozenset(slot for part in parts for slot, _ in part)
        return Pattern(source, tuple(parts), slots, window or self.lexicons[lang].rules.window, negatable, lang, weak)

    def _slot(self, lang: int, alternatives: Iterable[str], where: str) -> int:
        lex = self.lexicons[lang]
        stems: set[str] = set()
        words: set[str] = set()
        prefixes: set[str] = set()
        number = False
        for alt in self._expand(lex, alternatives, where):
            if alt == "#":
                number = True
            elif alt.startswith("=") and _WORD.match(alt[1:]):
                words.add(alt[1:])
            elif alt.endswith("*") and _WORD.match(alt[:-1]):
                prefixes.add(alt[:-1])
            elif _WORD.match(alt):
                stems.add(lex.canonical(alt))
            else:
                raise ValueError(f"{where}: cannot read the word {alt!r}")
        slot = Slot(lang, frozenset(stems), frozenset(words), tuple(sorted(prefixes)), number)
        if slot not in self._slots:
            slot_id = len(self._slots)
            self._slots[slot] = slot_id
            for s in stems:
                lex.stem_slots.setdefault(s, []).append(slot_id)
            for w in words:
                lex.word_slots.setdefault(w, []).append(slot_id)
            lex.prefix_slots.extend((p, slot_id) for p in slot.prefixes)
            if number:
                lex.number_slots.append(slot_id)
        return self._slots[slot]

    @staticmethod
    def _expand(lex: _Lexicon, alternatives: Iterable[str], where: str) -> Iterable[str]:
        for alt in alternatives:
            alt = fold(alt.strip())
            if alt.startswith("@"):
                if alt[1:] not in lex.groups:
                    raise ValueError(f"{where}: unknown word group {alt!r}")
                yield from (fold(word) for word in lex.groups[alt[1:]])
            elif alt:
                yield alt

    # -- words -------------------------------------------------------------------------

    def resolve(self, word: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """A folded word -> (its stem in each language, ids of the pattern slots it satisfies)."""
        known = self._words.get(word)
        if known is not None:
            return known
        ids: set[int] = set()
        stems = tuple(lex.resolve(word, ids) for lex in self.lexicons)
        result = (stems, tuple(sorted(ids)))
        if len(self._words) > _CACHE_LIMIT:
            self._words.clear()
        self._words[word] = result
        return result

    def _index_patterns(self) -> None:
        """Anchor each pattern on its rarest-looking slot, so a story checks only candidates."""
        everyday = [
            STOP_WORDS | {w for word in lex.rules.generic_words for w in (fold(word), lex.canonical(word))}
            for lex in self.lexicons
        ]
        cost = {slot_id: _slot_cost(slot, everyday[slot.lang]) for slot, slot_id in self._slots.items()}
        self._flat = [(theme, pattern) for theme in self.themes for pattern in theme.patterns]
        self._anchored: dict[int, list[int]] = {}
        for index, (_, pattern) in enumerate(self._flat):
            anchor = min(pattern.slots, key=lambda slot_id: (cost[slot_id], slot_id))
            self._anchored.setdefault(anchor, []).append(index)


def _slot_cost(slot: Slot, everyday: frozenset[str] | set[str]) -> tuple[int, int]:
    """Slots of everyday words (or any number) are poor anchors; few alternatives are good."""
    common = slot.number or any(word in everyday for word in (*slot.stems, *slot.words))
    return (1 if common else 0, len(slot.stems) + len(slot.words) + 3 * len(slot.prefixes))


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
