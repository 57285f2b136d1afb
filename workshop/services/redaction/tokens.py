"""The words of a story, with what the name and employer detectors ask about them."""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import NameLexicon, words
from .text import fold, lower

_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:['’\-](?!s\b)[^\W_]+)*")
# Where a sentence (or line, or list item) starts, after any spaces, quotes or brackets.
_SENTENCE_START = re.compile(r"(?:\A|(?<=[.!?…:;\n\r•*]))[ \t\"'“‘«(\[\-–—]*")
# Abbreviations whose full stop ends no sentence: "St. Lorenzo Academy", "Dr. Tan", "Jl. Merdeka", "PT. Sinar".
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:st|sta|sto|mt|ft|dr|mr|mrs|ms|mx|prof|engr|eng|atty|hon|rev|fr|sr|sra|jr|capt|gen|"
    r"col|lt|sgt|jl|jln|dept|govt|univ|inst|assoc|bros|pvt|sdn|pt)\.$",
    re.IGNORECASE,
)
# Indonesian and Malay clitics typed onto a word with a hyphen: "HR-nya", "user-nya", "bos-ku".
_CLITIC = re.compile(r"-(?:nya|ku|mu|lah|kah|pun|tah|je)$", re.IGNORECASE)
# What an English contraction adds to a word: "DM'd", "HR'll" are still the initials "DM", "HR".
_CONTRACTION = re.compile(r"['’](?:d|ll|re|ve|m)$", re.IGNORECASE)
# A word joined to an everyday lower-case word describes something: "Mandarin-speaking",
# "Lagos-based", "UK-trained" are no names.
_COMPOUND_TAIL = re.compile(r"-([a-z]+)$")
_PLACE_BEFORE = re.compile(
    r"(?<![\w-])(?:in|from|near|to|at|of|for|around|outside|across|via|into|di|ke|dari|kat|dekat|deket|sa|"
    r"taga|mula|based|town|city|kota|bandar)\s+$"
)
# "their Zaria branch", "the Kisumu office": a place where a firm has a site.
_BRANCH_AFTER = re.compile(r"[ \t]+(?:branch|branches|office|campus|outlet|site|plant|depot|factory|hq)(?![\w-])")
# The last word of an Indian locality's name, after a word that may be a person's: "Vijay Nagar".
_LOCALITY_ENDS = frozenset("nagar puram colony layout vihar enclave ganj chowk halli palya peth".split())
# The kind of place that opens a Malay or Indonesian place's name.
_PLACE_OPENERS = frozenset("bandar sungai sungei taman kampung kampong seksyen pulau tanjung teluk".split())
# South African place names made with a locative prefix: "KwaMashu", "KwaThema", "eMalahleni".
_ZULU_PLACE = re.compile(r"(?:Kwa|kwa|Ema|eMa|eMb|eNt)[A-Z][a-z]+$")
# An amount of money typed as one word: "R25k", "RM2500", "Rp8jt", "Ksh40k", "N150k", "P18k".
_MONEY = re.compile(r"(?:r|rm|rp|rs|ksh|kes|n|ngn|php|p|usd|sgd|aud|gbp|zar|idr|inr|s)\d[\d.,]*(?:k|m|mil|jt|rb)?")
_TITLE_WORDS = frozenset(fold(t).rstrip(".'") for t in words("names", "titles"))


def word_key(word: str) -> str:
    """How a word is looked up in the word lists: folded, an Indonesian or Malay clitic typed on
    with a hyphen left off ("HR-nya" is "hr")."""
    key = fold(word)
    if "-" in key:
        key = _CLITIC.sub("", key) or key
    return key


def word_keys(text: str) -> list[str]:
    """The look-up keys of a text's words, cut as a story's words are ("Marks & Spencer": two)."""
    return [word_key(match.group(0)) for match in _TOKEN.finditer(text)]


def _shouting(text: str) -> bool:
    """A story typed in capitals: case says nothing about which words are names."""
    upper = sum(map(str.isupper, text))
    lower_case = sum(map(str.islower, text))
    return upper + lower_case >= 20 and upper >= 4 * lower_case


class Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # folded: lower case without accents
    capital: bool  # starts with an upper-case letter (or a letter of a script without case)
    acronym: bool  # two or more letters, all upper case ("AWS", "HR")
    initial: bool  # first word of a sentence or line


class TextWords:
    """The words of a text, with what the name and employer detectors ask about them."""

    def __init__(self, text: str, lexicon: NameLexicon) -> None:
        self.text = text
        self.low = lower(text)
        self.lexicon = lexicon
        self.items: list[Token] = []
        self.tiers: list[str] = []
        self.at: dict[int, int] = {}  # start offset -> token index
        # All capitals: every word is read as if typed in lower case, and only cues find names.
        self.caseless = _shouting(text)
        sentence_starts = {
            m.end() for m in _SENTENCE_START.finditer(text) if not _ABBREVIATION.search(text, 0, m.start())
        }
        tier = lexicon.tier
        for match in _TOKEN.finditer(text):
            word = match.group(0)
            start = match.start()
            key = word_key(word)
            base = _CONTRACTION.sub("", _CLITIC.sub("", word)) or word
            self.at[start] = len(self.items)
            capital = not self.caseless and (word[0].isupper() or word[0].lower() == word[0].upper())
            tail = _COMPOUND_TAIL.search(base)
            self.items.append(
                Token(
                    start,
                    match.end(),
                    word,
                    key,
                    capital,
                    not self.caseless and len(base) > 1 and base.isupper(),
                    start in sentence_starts,
                )
            )
            describes = tail is not None and tail.group(1) in lexicon.common and "-" in key
            level = "never" if describes or _MONEY.fullmatch(key) else tier(key)
            if level == "never" and capital and not word.isascii() and key in lexicon.all_names:
                level = "name"  # "Siân", "Chloë": the accents spell a name, not the word "sian"
            self.tiers.append(level)
        self.phrase_places: set[int] = set()  # words of a place name of two words or more
        self.places = self._find_places()
        # a placeholder left by an earlier pass ("[name] said") says nothing of the writer's capitals
        starts = [t for t in self.items if t.initial and not self._placeholder(t)]
        # A writer who starts most sentences in lower case: capitals say little either way.
        self.lowercase = self.caseless or (
            len(starts) >= 2 and sum(not t.text[0].isupper() for t in starts) >= 0.5 * len(starts)
        )

    def _placeholder(self, token: Token) -> bool:
        return self.text[token.start - 1 : token.start] == "[" and self.text[token.end : token.end + 1] == "]"

    def _find_places(self) -> set[int]:
        """Indexes of words that are (part of) a place name: "Jos", "Mount Isa", "Kota Kinabalu"."""
        places: set[int] = set()
        single, phrases, starts = self.lexicon.places, self.lexicon.place_phrases, self.lexicon.place_starts
        items = self.items
        for index, token in enumerate(items):
            if token.key in single:
                places.add(index)
            if _ZULU_PLACE.match(token.text):
                places.add(index)  # "KwaMashu", "KwaThema", "eMalahleni"
            if token.key in _LOCALITY_ENDS and index and self.gap(index - 1, index) == " " and items[index - 1].capital:
                places.update((index - 1, index))  # "Vijay Nagar", "Anna Nagar", "Indira Colony"
                self.phrase_places.update((index - 1, index))
            if token.key in _PLACE_OPENERS and token.capital:
                # "Bandar Puteri", "Sungai Deli", "Pulau Ketam": Malay and Indonesian places
                # open with the kind of place, and the capitalised words after it are its name
                last = index
                while (
                    last + 1 < len(items)
                    and last - index < 3
                    and items[last + 1].capital
                    and self.gap(last, last + 1) == " "
                    and self.tiers[last + 1] != "never"
                    and not (self.tiers[last + 1] == "unknown" and items[last + 1].key in self.lexicon.common)
                ):
                    last += 1  # not "Tanjung | Marine Support": an everyday word goes on a firm's name
                if last > index:
                    places.update(range(index, last + 1))
                    self.phrase_places.update(range(index, last + 1))
            if token.key not in starts:
                continue
            for size in (4, 3, 2):
                last = index + size - 1
                if last >= len(items) or tuple(items[i].key for i in range(index, last + 1)) not in phrases:
                    continue
                if all(self.gap(i, i + 1) in (" ", "-") for i in range(index, last)):
                    places.update(range(index, last + 1))
                    self.phrase_places.update(range(index, last + 1))
                    break
        return places

    def place_here(self, index: int) -> bool:
        """A place name here, not a person: "Mount Isa", "in Jos", "from Kimberley", "di Tangerang"."""
        if index not in self.places:
            return False
        if index in self.phrase_places:
            return True
        before = self.low[max(0, self.items[index].start - 16) : self.items[index].start]
        return bool(_PLACE_BEFORE.search(before) or _BRANCH_AFTER.match(self.low, self.items[index].end))

    def is_title(self, index: int) -> bool:
        return self.items[index].key.rstrip(".'") in _TITLE_WORDS

    def tier(self, index: int) -> str:
        return self.tiers[index]

    def gap(self, left: int, right: int) -> str:
        return self.text[self.items[left].end : self.items[right].start]

    def next_index(self, offset: int) -> int | None:
        """The token starting at `offset` (callers' patterns end right before a word)."""
        return self.at.get(offset)
