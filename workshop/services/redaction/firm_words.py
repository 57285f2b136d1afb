"""The words organisations' names are told by (head nouns, legal forms, cues, joiners) and how to look them up."""

from __future__ import annotations

import re

from .lexicon import alternation, words
from .text import fold
from .tokens import TextWords


def _phrases(key: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(w) for w in phrase.split()) for phrase in words("organisations", key))


HEADS_AFTER = _phrases("heads_after")
HEADS_BEFORE = _phrases("heads_before")
AFTER_ENDS = frozenset(phrase[-1] for phrase in HEADS_AFTER)
BEFORE_STARTS = frozenset(phrase[0] for phrase in HEADS_BEFORE)
PLAIN_HEADS = _phrases("heads_plain_words")
REGION_HEADS = frozenset(fold(w) for w in words("organisations", "region_heads"))
# Kinds of firm: "a startup", "an agency", "says try edtech" (what kind, not which).
KINDS_OF_FIRM = frozenset(fold(w) for w in words("names", "company_words"))
TRADE_NAME_WORDS = frozenset(fold(w) for w in words("organisations", "trade_name_words"))
FIRM_WORDS = frozenset(fold(w) for w in words("organisations", "firm_name_words"))
SUFFIXES = frozenset(fold(w).rstrip(".") for w in words("employers", "suffixes"))
LEGAL_FORMS = frozenset(
    {"ltd", "plc", "llc", "llp", "inc", "tbk", "bhd", "berhad", "plt", "pte", "pty", "gmbh", "pt", "cv"}
)
# Indonesian forms of a firm that are no everyday word in lower case ("cv" is a résumé first).
FIRM_FORMS = frozenset({"pt", "ud", "pd"})
# One-word cues and their opposites: prepositions and the like, which no firm's name starts with.
LINKS = frozenset(fold(w) for w in words("organisations", "cues") + words("organisations", "not_cues") if " " not in w)
NOT_CUE = re.compile(rf"(?<![\w-]){alternation(words('organisations', 'not_cues'), lower=True)}[ \t]+$")
CUE = re.compile(rf"(?<![\w-]){alternation(words('organisations', 'cues'), lower=True)}[ \t]+[\"“]?$")
# Words that make a place's name more precise: "Jakarta Selatan", "Lagos Island", "Cape Town CBD".
PLACE_PARTS = frozenset(
    "north south east west central northern southern eastern western upper lower greater inner outer "
    "island city town cbd district county province state region metro old new "
    "utara selatan barat timur tengah pusat raya kota kabupaten kab lama baru hilir hulu".split()
)
JOINERS = frozenset({"of", "and", "&", "de", "da", "du", "la", "van", "von", "dan", "for"})
# "for" joins only after the heads of public and civic bodies: "Department for Rural Affairs",
# "Centre for Social Justice"; elsewhere a role or a place follows it ("Hadley Recruitment for ...").
FOR_HEADS = frozenset(
    "department ministry office centre center institute council commission foundation society "
    "association agency trust alliance fund network coalition partnership bureau authority".split()
)
# Public bodies (and the Indonesian and Malay heads before their names), whose names join portfolios and end in the region they serve.
PUBLIC_HEADS = FOR_HEADS | frozenset(
    "dinas kementerian kementrian jabatan badan lembaga majlis perbadanan dewan suruhanjaya ministry".split()
)
ARTICLES = frozenset({"the"})
# Days and months: capitalised, listed nowhere as names, and never a firm's name by themselves.
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


def match_at(tokens: TextWords, first: int, last: int, phrases: frozenset[tuple[str, ...]], *, end: bool) -> int:
    """How many words at the end (or start) of tokens first..last form one of `phrases`."""
    for size in (3, 2, 1):
        if size > last - first + 1:
            continue
        span = range(last - size + 1, last + 1) if end else range(first, first + size)
        if tuple(tokens.items[i].key for i in span) in phrases:
            return size
    return 0


def text_before(tokens: TextWords, index: int) -> str:
    """The lower-cased text just before word `index`, where cues are looked for."""
    start = max(0, tokens.items[index].start - 30)
    return tokens.low[start : tokens.items[index].start]


class Judge:
    """What one story's words are, for the run rules."""

    def __init__(self, tokens: TextWords) -> None:
        self.tokens = tokens
        self.lexicon = tokens.lexicon

    def ordinary(self, index: int) -> bool:
        """A word that is no evidence of a proper name on its own."""
        tokens = self.tokens
        tier = tokens.tier(index)
        return tier in ("never", "context") or tokens.is_title(index) or tokens.place_here(index)

    def proper(self, index: int) -> bool:
        """A word that is no ordinary word, no place, no title: a name's or a brand's own word."""
        tokens = self.tokens
        token = tokens.items[index]
        if self.ordinary(index) or len(token.key) < 2:
            return False
        if token.key in self.lexicon.common and tokens.tier(index) != "name":
            return False  # an everyday word ("Programme", "Kartu") says nothing on its own
        if token.acronym and token.key not in tokens.lexicon.first_names:
            return False  # "HR", "NEBOSH", "UCAS": bodies, tests and schemes; "at KPMG" has its cue rule
        return True
