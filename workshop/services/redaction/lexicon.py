"""Word lists for redaction: cue words, words that are never names, places and people's names.

The cue vocabulary is small and read at import. The large lists are plain text files under
workshop/data/, loaded once on first use, each written by a script under tools/ from a general
source and carrying its attribution: given and family names (`redaction_names.txt`, from Faker's
person providers, plus Rebound's hand-made `redaction_first_names.txt`), place names
(`redaction_places.txt`, GeoNames, CC BY 4.0, plus the hand-made `redaction_neighbourhoods.txt`)
and everyday words of English, Indonesian, Malay and Filipino (`redaction_common_words.txt`,
wordfreq and SCOWL, CC BY-SA 4.0). None of them is drawn from stories. The hand-made lists in `redaction_not_names.toml` are categories written from
general knowledge: function words, hiring words, job titles, tools, qualifications, programmes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from .. import DATA_DIR
from .text import fold


def _read_toml(name: str) -> dict:
    with open(DATA_DIR / name, "rb") as handle:
        return tomllib.load(handle)


VOCABULARY: dict = _read_toml("redaction_vocabulary.toml")


def words(section: str, key: str) -> list[str]:
    """One list from redaction_vocabulary.toml, e.g. words("names", "titles")."""
    return list(VOCABULARY[section][key])


def alternation(phrases: list[str], *, flexible_space: bool = True, lower: bool = False) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace run.

    `lower=True` lower-cases the phrases, for patterns run on `text.lower(text)`.
    """
    unique = sorted({p.lower() if lower else p for p in phrases}, key=lambda p: (-len(p), p))
    parts = [re.escape(p) for p in unique]
    if flexible_space:
        parts = [p.replace(r"\ ", r"\s+") for p in parts]
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """Folded (lower-case, accent-free) word sets used by the name detector."""

    first_names: frozenset[str]  # given names and family names: a person's own words
    never: frozenset[str]  # never a person's name
    context: frozenset[str]  # places, months, tools named like people: a name only with a cue
    ambiguous: frozenset[str]  # everyday words that are also names ("will", "grace")
    small: frozenset[str]  # function words and calendar words: they end a run of proper nouns
    tools: frozenset[str]  # skills and tools: never people, but some are also companies ("Canva")
    places: frozenset[str]  # one-word place names, folded (also first names: "Florence", "Jos")
    place_phrases: frozenset[tuple[str, ...]]  # place names of 2 to 4 words ("mount isa")
    place_starts: frozenset[str]  # the first words of those
    landmarks: frozenset[str]  # the hand-made list of big places and months, never part of a name's run
    common: frozenset[str]  # everyday words ("animal", "kartu"): no evidence of a name on their own
    name_like: frozenset[str]  # the hand-made ambiguous words, capitalised mostly as names ("Will")
    all_names: frozenset[str] = frozenset()  # every listed given and family name, words or not

    def tier(self, word: str) -> str:
        """'never', 'context', 'ambiguous', 'name' or 'unknown' for a folded word."""
        if word in self.never:
            return "never"
        if word in self.context:
            return "context"
        if word in self.ambiguous:
            return "ambiguous"
        if word in self.first_names:
            return "name"
        return "unknown"


def _split_words(block: dict) -> set[str]:
    found: set[str] = set()
    for text in block.values():
        found.update(fold(word) for word in text.split())
    return found


def lines(name: str) -> list[str]:
    """The entries of a generated list: one per line, without notes."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _people_names() -> set[str]:
    """Given and family names (redaction_names.txt, from Faker) and Rebound's own given names."""
    names = {fold(line) for line in lines("redaction_names.txt") if not line.startswith("[")}
    return names | _own_first_names()


def _own_first_names(*, marked: bool = False) -> set[str]:
    """Rebound's own given names; `marked`: only those on lines starting with "=", names that
    the everyday-word lists hold only because people bear them ("Azhar", "Rosli")."""
    text = (DATA_DIR / "redaction_first_names.txt").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if marked:
        lines = (line for line in lines if line.startswith("="))
    return {fold(word) for line in lines for word in line.split() if word != "="}


@cache
def name_lexicon() -> NameLexicon:
    """Load every word list once per process."""
    tiers = _read_toml("redaction_not_names.toml")
    never = frozenset(_split_words(tiers["never"]))
    context = frozenset(_split_words(tiers["context"]) - never)
    everyday = common_words() - _own_first_names(marked=True)
    people = {name for name in _people_names() if len(name) >= 2 and not name.isdigit()}
    names = people - never
    # A name that is also an everyday word ("Dan", "Hari", "Baker") is no name without help.
    name_like = frozenset(_split_words(tiers["ambiguous"]) - never - context)
    ambiguous = frozenset((name_like | (names & everyday)) - never - context)
    small = frozenset(
        _split_words({k: tiers["never"][k] for k in ("function_words", "function_words_id_ms", "calendar")})
    )
    # Tools, job boards and test platforms are firms too after "worked at", "applied to" or
    # "joined" ("I worked at Indeed"), and never people.
    brands = ("skills_and_tools", "job_boards", "assessment_and_learning")
    tools = frozenset(_split_words({key: tiers["never"][key] for key in brands}))
    places, phrases = _places()
    # A place that is nobody's first name needs a cue to be a name, like the hand-made list.
    context = context | (places - never - ambiguous - names)
    common = frozenset(everyday | never | ambiguous)
    starts = frozenset(phrase[0] for phrase in phrases)
    landmarks = frozenset(_split_words(tiers["context"]))
    return NameLexicon(
        frozenset(names),
        never,
        context,
        ambiguous,
        small,
        tools,
        places,
        phrases,
        starts,
        landmarks,
        common,
        name_like,
        frozenset(people),
    )


# Neighbourhoods, suburbs and estates of the participants' big cities, which GeoNames lists as
# no town of their own ("fare from Kayole", "interview in Gachibowli"): hand-made from general
# knowledge by a writer who read no story, leaving out names that are people's or everyday words.
_PLACE_FILES = ("redaction_places.txt", "redaction_neighbourhoods.txt")


def _places() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """Folded one-word place names, and the longer ones as word tuples."""
    text = "\n".join((DATA_DIR / name).read_text(encoding="utf-8") for name in _PLACE_FILES)
    single: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = tuple(fold(word) for word in line.replace("-", " ").split())
        if len(parts) == 1:
            single.add(parts[0])
        elif len(parts) <= 4:
            phrases.add(parts)
        if "-" in line and " " not in line:
            single.add(fold(line))
    return frozenset(single), frozenset(phrases)


@cache
def common_words() -> frozenset[str]:
    """Everyday words of English, Indonesian, Malay and Filipino (tools/word_list.py)."""
    return frozenset(lines("redaction_common_words.txt"))


@cache
def given_names_only() -> frozenset[str]:
    """Given names that are no family name ("brad", "kirsty", not "little" or "page"), and
    Rebound's own given names: a person's on their own, even typed in lower case."""
    given: set[str] = set()
    family: set[str] = set()
    section = given
    for line in lines("redaction_names.txt"):
        if line.startswith("["):
            section = given if line == "[given]" else family
            continue
        section.add(fold(line))
    return frozenset((given - family) | _own_first_names())
