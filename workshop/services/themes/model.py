"""Themes as data: the taxonomy files, workshop-specific themes, and matching one story.

workshop/data/themes.toml holds the themes in English: their ids, board order, labels and
patterns. Each themes.<language>.toml beside it (themes.id.toml, themes.ms.toml) gives the
same themes' labels, descriptions and patterns in another language, with that language's
word groups, negation, spelling and stemmer. A story is matched against every language at
once, so an Indonesian, a Malay or a code-switched story is themed in any workshop.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import DATA_DIR
from .fallback import WordModel, check_themes, load_words
from .lexicon import MatchingRules
from .match import Matcher, StoryAnalysis
from .text import CLAUSE_WORDS, NUMBER_WORDS, is_number, tokenize

DEFAULT_PATH = DATA_DIR / "themes.toml"
WORDS_FILE = "theme_words.toml"  # beside the taxonomy; see fallback.py
PRIMARY_LANGUAGE = "en"
_MATCHER_CACHE_SIZE = 16


@dataclass(frozen=True)
class Theme:
    """One shared theme: what the room sees (label) and how stories signal it (patterns)."""

    id: str
    label: str
    description: str
    actions: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    negatable: bool = True
    window: int | None = None
    unless: tuple[str, ...] = ()
    kept_when_negated: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThemeMatch:
    """A theme found in one story, with the words of the story that signalled it.

    `tentative`: guessed from word weights because no pattern matched; a "maybe" for the
    participant to confirm, not a sign the story gave."""

    theme_id: str
    label: str
    evidence: tuple[str, ...]
    tentative: bool = False


@dataclass(frozen=True)
class Phrase:
    """A phrase shared by several stories: stable stemmed key, commonest written form."""

    key: str
    text: str
    count: int


@dataclass(frozen=True)
class Language:
    """The themes in one more language (a themes.<code>.toml file): labels, descriptions,
    patterns, and the rules its words are read with."""

    code: str
    themes: tuple[Theme, ...]
    rules: MatchingRules

    def get(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)


@dataclass(frozen=True)
class Taxonomy:
    """The curated themes in English, in board order, the rules they are matched with, the
    same themes in other languages, and the word weights that guess a theme for a story no
    pattern matched (None: no guessing)."""

    themes: tuple[Theme, ...]
    rules: MatchingRules = MatchingRules()
    languages: tuple[Language, ...] = ()
    words: WordModel | None = None
    _matchers: dict[tuple[Theme, ...], Matcher] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        ids = [theme.id for theme in self.themes]
        if len(set(ids)) != len(ids):
            raise ValueError("theme ids must be unique")
        for language in self.languages:
            their = [theme.id for theme in language.themes]
            if len(set(their)) != len(their) or not set(their) <= set(ids):
                raise ValueError(f"themes.{language.code}.toml: theme ids must be unique and known in English")
        if self.words is not None:
            check_themes(self.words, ids)

    def get(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def bare(self) -> Taxonomy:
        """The same languages and rules without a theme or a guess: to match a workshop's
        own themes alone, in every language."""
        return Taxonomy(
            themes=(), rules=self.rules, languages=tuple(Language(lang.code, (), lang.rules) for lang in self.languages)
        )

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages the themes are written in, English first."""
        return (PRIMARY_LANGUAGE, *(language.code for language in self.languages))

    def in_language(self, theme_id: str, code: str) -> Theme | None:
        """A theme as written in one language (label, description), else in English."""
        language = next((lang for lang in self.languages if lang.code == code), None)
        return (language.get(theme_id) if language else None) or self.get(theme_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    def matcher(self, extra: Sequence[Theme] = ()) -> tuple[Matcher, tuple[Theme, ...]]:
        """The compiled matcher for these themes plus `extra` (cached) and its theme list."""
        extra = tuple(extra)
        if not extra and () in self._matchers:
            return self._matchers[()], self.themes
        known = set(self.ids)
        for theme in extra:
            if theme.id in known:
                raise ValueError(f"extra theme id {theme.id!r} is already in use")
            known.add(theme.id)
        matcher = self._matchers.get(extra)
        if matcher is None:
            if len(self._matchers) >= _MATCHER_CACHE_SIZE:
                self._matchers.clear()
            matcher = Matcher(self._language_specs(extra))
            self._matchers[extra] = matcher
        return matcher, self.themes + extra

    def _language_specs(self, extra: tuple[Theme, ...]) -> list[tuple[MatchingRules, list[tuple[int, Theme]]]]:
        """Each language's rules and themes with their board index; a workshop's own
        themes (promoted phrases) are read in every language."""
        board = {theme_id: i for i, theme_id in enumerate(self.ids)}
        own = [(len(self.themes) + i, theme) for i, theme in enumerate(extra)]
        specs = [(self.rules, [*enumerate(self.themes), *own])]
        for language in self.languages:
            specs.append((language.rules, [*((board[t.id], t) for t in language.themes), *own]))
        return specs


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and compile a taxonomy file and its languages (themes.<code>.toml beside it);
    the default files are read once per process."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> Taxonomy:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> Taxonomy:
    data = _read(path)
    languages = []
    for other in sorted(path.parent.glob(f"{path.stem}.*{path.suffix}")):
        code = other.name[len(path.stem) + 1 : -len(path.suffix)]
        if code.isalpha():
            more = _read(other)
            themes = tuple(_theme(entry, other.name) for entry in more.get("themes", ()))
            languages.append(Language(code, themes, _rules(more)))
    words = path.parent / WORDS_FILE
    taxonomy = Taxonomy(
        themes=tuple(_theme(entry, path.name) for entry in data.get("themes", ())),
        rules=_rules(data),
        languages=tuple(languages),
        words=load_words(words) if words.exists() else None,
    )
    taxonomy.matcher()  # compile now so that mistakes in the files show at load time
    return taxonomy


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _theme(entry: Mapping[str, Any], where: str) -> Theme:
    missing = {"id", "label", "description"} - entry.keys()
    if missing:
        raise ValueError(f"{where}: theme {entry.get('id', '?')!r} lacks {', '.join(sorted(missing))}")
    return Theme(
        id=str(entry["id"]),
        label=str(entry["label"]),
        description=str(entry["description"]),
        actions=tuple(entry.get("actions", ())),
        patterns=tuple(entry.get("patterns", ())),
        negatable=bool(entry.get("negatable", True)),
        window=entry.get("window"),
        unless=tuple(entry.get("unless", ())),
        kept_when_negated=tuple(entry.get("kept_when_negated", ())),
        weak=tuple(entry.get("weak", ())),
    )


def _rules(data: Mapping[str, Any]) -> MatchingRules:
    matching = data.get("matching", {})
    negation = data.get("negation", {})
    return MatchingRules(
        window=int(matching.get("window", 7)),
        gap=int(matching.get("gap", 3)),
        fuzzy_min_length=int(matching.get("fuzzy_min_length", 7)),
        typo_tolerant=tuple(matching.get("typo_tolerant", ())),
        groups=tuple((name, tuple(words)) for name, words in data.get("groups", {}).items()),
        spelling=tuple(data.get("spelling", {}).items()),
        negators=tuple(negation.get("words", ("not", "no", "never"))),
        negation_window=int(negation.get("window", 4)),
        scope_breakers=tuple(negation.get("scope_breakers", ())),
        not_negations=tuple(negation.get("not_negations", ())),
        disclaim_before=tuple(negation.get("disclaim_before", ())),
        disclaim_after=tuple(negation.get("disclaim_after", ())),
        disclaim_window=int(negation.get("disclaim_window", 4)),
        generic_words=tuple(data.get("emerging", {}).get("generic", ())),
        stop_words=tuple(data.get("emerging", {}).get("stop_words", ())),
        connectors=tuple(data.get("emerging", {}).get("connectors", ())),
        settled=tuple(data.get("fallback", {}).get("settled", ())),
        stemmer=str(matching.get("stemmer", "english")),
        clause_words=tuple(matching.get("clause_words", CLAUSE_WORDS)),
        number_words=tuple(matching.get("number_words", sorted(NUMBER_WORDS))),
    )


def phrase_theme(theme_id: str, label: str, phrase: str, taxonomy: Taxonomy | None = None) -> Theme:
    """A workshop-specific theme from a promoted phrase.

    It matches the phrase's content words (stemmed in each of the taxonomy's languages,
    typos tolerated like the taxonomy's) in any order within a small window, so "manager
    left" also finds "the manager had left" and "ditolak tanpa alasan" finds "menolak saya
    tanpa alasan". Function words of every language ("the", "yang", "kat") are left out; a
    negation is kept, in its place before the words it turns around, so "no parking" and
    "tidak ada parkir" find what they say and not their opposite.
    """
    lexicons = (taxonomy or load_taxonomy()).matcher()[0].lexicons
    function_words = frozenset().union(*(lex.stop_words for lex in lexicons))
    negations = frozenset().union(*(lex.negation_words for lex in lexicons))
    words = list(tokenize(phrase).words)
    content = [w for w in words if w in negations or (w not in function_words and not is_number(w))] or words
    if not content:
        raise ValueError("a phrase theme needs at least one word")
    unique = list(dict.fromkeys(content))
    negated = any(word in negations for word in unique)
    return Theme(
        id=theme_id,
        label=label,
        description=f"Shared in this workshop: {phrase.strip()}",
        patterns=((" ...2 " if negated else " & ").join(unique),),
        window=len(unique) + 2,
    )


def analyse(text: str, taxonomy: Taxonomy, extra: Sequence[Theme] = ()) -> tuple[StoryAnalysis, tuple[Theme, ...]]:
    """The matcher's full view of one story (tokens, spans) and the themes in play."""
    matcher, themes = taxonomy.matcher(extra)
    return matcher.analyse(text), themes


def match_story(text: str, taxonomy: Taxonomy, extra: Sequence[Theme] = ()) -> list[ThemeMatch]:
    """The themes a (redacted) story signals, in taxonomy order, each with its evidence.

    When no pattern matched, the taxonomy's word weights may still suggest one theme, with
    the story's words that weighed most as evidence, unless the writer says they have
    settled with it ("no hard feelings": the [fallback] table of the themes files). A
    single weak sign alone ("the email came on Friday"), right only about four times in ten
    on the dev stories, yields to the word weights in a story long enough for them to read:
    they suggest a theme, or none.
    """
    analysis, themes = analyse(text, taxonomy, extra)
    found = [
        ThemeMatch(theme.id, theme.label, analysis.evidence(text, index))
        for index, theme in enumerate(themes)
        if index in analysis.spans
    ]
    words = taxonomy.words
    if words is None:
        return found
    if analysis.weak_only and words.reads(analysis.tokens, analysis.negated):
        found = []
    if found or analysis.settled:
        return found
    declined = {themes[index].id for index in analysis.declined}
    guess = words.guess(analysis.tokens, analysis.negated, declined)
    theme = taxonomy.get(guess.theme_id) if guess else None
    if guess is None or theme is None:
        return []
    tokens = analysis.tokens
    evidence = dict.fromkeys(text[tokens.starts[i] : tokens.ends[i]] for i in guess.evidence)
    return [ThemeMatch(theme.id, theme.label, tuple(evidence), tentative=True)]
