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
    ^ # months $               "^" / "$": the part starts / ends a stretch between
                               punctuation marks ("Four months.")

Nothing reaches across a clause boundary (sentence end, comma, "but", ...). A book holds
the patterns of several languages, each read with its own stemmer, spelling table, word
groups and clause words; a story is matched against all of them at once (match.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .lexicon import Lexicon, MatchingRules
from .text import STOP_WORDS, fold

_WORD = re.compile(r"^[^\W_]+$")
_GAP = re.compile(r"^\.\.\.(\d*)$")
_AND = re.compile(r"\s+&\s+")
_CACHE_LIMIT = 200_000


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
# Whether a part must start a clause and whether it must end one ("^" and "$").
Edges = tuple[bool, bool]


@dataclass(frozen=True)
class Pattern:
    source: str
    parts: tuple[tuple[Step, ...], ...]
    slots: frozenset[int]
    window: int
    negatable: bool = True
    lang: int = 0
    # Alone, signals its theme only when no other theme is signalled (or when another weak
    # sign of the same theme is found elsewhere in the story).
    weak: bool = False
    edges: tuple[Edges, ...] = ()  # per part; empty: no part is tied to a clause edge


@dataclass(frozen=True)
class CompiledTheme:
    index: int
    patterns: tuple[Pattern, ...]
    negatable: bool
    unless: tuple[Pattern, ...]


class PatternBook:
    """Every language's theme patterns compiled against one shared word index (see Matcher).

    The first language is the taxonomy's own (English); code-switched stories mix it with
    the others. A story's phrases are keyed by the stems of the language it is mostly
    written in (`language_of`).
    """

    def __init__(self, languages: Sequence[LanguageSpec]) -> None:
        if not languages:
            raise ValueError("a pattern book needs at least one language")
        self.lexicons = tuple(Lexicon(lang, rules) for lang, (rules, _) in enumerate(languages))
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

    def language_of(self, words: Sequence[str]) -> int:
        """The language a story (its folded words) is mostly written in: the one whose
        function and everyday words it uses most ("yang", "tak", "banget" ...); the first
        language on a tie."""
        counts = [sum(1 for word in words if word in lex.everyday) for lex in self.lexicons]
        return max(range(len(counts)), key=lambda lang: (counts[lang], -lang))

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
        edges: list[Edges] = []
        for text in _AND.split(source.strip()):
            steps: list[Step] = []
            gap = 0
            pieces = text.split()
            first = bool(pieces) and pieces[0] == "^"
            last = len(pieces) > first and pieces[-1] == "$"
            pieces = pieces[first : len(pieces) - last]
            edges.append((first, last))
            for piece in pieces:
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
        window = window or self.lexicons[lang].rules.window
        tied = tuple(edges) if any(a or b for a, b in edges) else ()
        return Pattern(source, tuple(parts), slots, window, negatable, lang, weak, tied)

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
    def _expand(lex: Lexicon, alternatives: Iterable[str], where: str) -> Iterable[str]:
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
