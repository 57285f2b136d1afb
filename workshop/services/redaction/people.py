"""Detect people's names in normalised story text.

Evidence, strongest first: a title ("Dr Lee", "Pak Budi"); a role ("the recruiter, Sarah",
"hiring manager tom"); naming words ("a woman called Priya"); what is said around the word
("Sarah said", "I spoke to Tom"); and, on its own, a capitalised known first name. Skills, tools,
places, months, job titles and feelings are never taken as names by the last, weakest kind of
evidence, and never at all when they cannot be names ("Ms Excel").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import NameLexicon, alternation, name_lexicon, words
from .text import Found, fold, lower

_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:['’\-](?!s\b)[^\W_]+)*")
# Where a sentence (or line, or list item) starts, after any spaces, quotes or brackets.
_SENTENCE_START = re.compile(r"(?:\A|(?<=[.!?…:;\n\r•*]))[ \t\"'“‘«(\[\-–—]*")
# Abbreviations whose full stop ends no sentence: "St. Lorenzo Academy", "Dr. Tan", "Jl. Merdeka".
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:st|sta|sto|mt|ft|dr|mr|mrs|ms|mx|prof|engr|eng|atty|hon|rev|fr|sr|sra|jr|capt|gen|"
    r"col|lt|sgt|jl|jln|dept|govt|univ|inst|assoc|bros|pvt|sdn)\.$",
    re.IGNORECASE,
)

# Cue patterns are lower-case and run on a lower-cased copy of the text (see `lower`).
_TITLES = alternation(words("names", "titles"), lower=True)
_TITLE = re.compile(rf"(?<![\w'’-])(?P<title>{_TITLES})\.?[ \t]+(?=[^\W\d_])")
_DETERMINER = r"(?:(?:the|my|our|a|an|their|his|her|one|another|this|that|your)\s+)?"
_ROLE = re.compile(
    rf"(?<![\w-]){_DETERMINER}{alternation(words('names', 'roles'), lower=True)}"
    # Malaysian and Indonesian English put "my", "his" after the role: "supervisor i, azlan"
    r"(?:[ \t]+(?:i|dia|aku|saya|gue|gw|ko|kau|kami|kita|dorang|mereka)(?=\s*,))?"
    r"(?:\s*,\s*|\s*\(\s*|\s*[:\-–—]\s*|\s+)(?:(?:who\s+)?(?:was|is)\s+)?(?:(?:named|called)\s+)?"
    r"(?=[^\W\d_])"
)
_PLACE_PHRASES = re.compile(rf"(?<![\w-]){alternation(words('names', 'place_phrases'), lower=True)}(?![\w-])")
_NAMING = re.compile(rf"(?<![\w-]){alternation(words('names', 'naming_words'), lower=True)}\s+(?=[^\W\d_])")
_COMPANY_BEFORE = re.compile(rf"{alternation(words('names', 'company_words'), lower=True)}\W*$")
_BEFORE = re.compile(rf"(?<![\w-]){alternation(words('names', 'before_name'), lower=True)}\s*,?\s+(?=[^\W\d_])")
_AFTER = re.compile(
    rf"\s*,?\s*(?:(?:just|then|also|later|finally|even)\s+)?{alternation(words('names', 'after_name'), lower=True)}(?![\w])"
)
AFTER_NAME = _AFTER
_PARTICLES = frozenset(words("names", "particles"))
# Particles of European family names, which are often place names too ("de Villiers", "van Wyk").
_SURNAME_PARTICLES = frozenset("de da das do dos du del della dela delos van von der den ter ten le la".split())
# Titles that are not also everyday words, so "mr tan" in lower case is still a name.
_PLAIN_TITLES = frozenset(
    "mr mrs ms mx dr prof encik puan cik tuan datuk dato datin herr frau sra srta señor senor "
    "señora senora hajah hajjah haji ustaz ustazah makcik pakcik cikgu sri".split()
)
_MONTHS = frozenset("january february march april may june july august september october november december".split())
_NAME_GAP = re.compile(r"^(?: |\. ?|\.\s)$")  # one space, or an initial's full stop
# Malaysian and Singaporean "son of" and "daughter of" in a name: "Ganesan a/l Muniandy".
_SLASH_PARTICLE = re.compile(r" (?:a/l|a/p|s/o|d/o) (?=\w)", re.IGNORECASE)
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
# Last words of job titles ("Fleet Manager", "Tour Guide"): the capitalised words before one are
# part of a role, not a person, when nothing else says so.
_JOB_ENDS = frozenset(words("organisations", "job_heads_after"))
_ROLE_BEFORE = re.compile(
    r"(?<![\w-])(?:for|as|a|an|the|our|their|new|sebagai|jadi|jawatan|formasi|posisi|lowongan|jabatan)\s+$"
)
_TITLE_WORDS = frozenset(fold(t).rstrip(".'") for t in words("names", "titles"))
_ROLE_WORDS = frozenset(fold(r.split()[-1]) for r in words("names", "roles"))
# "Folasade from Bluegate Law": a person introduced by where they work.
_FROM_FIRM = re.compile(
    r"[ \t]+from[ \t]+(?:(?:the[ \t]+)?[A-Z]|(?:my|our|their|his|her)[ \t]+"
    r"(?:batch|class|cohort|team|office|department|church|school|company|course|group|unit)\b)"
)


# Last words of roles that name a person before them: "gaz, the depot manager, said".
_APPOSITION_ENDS = (_ROLE_WORDS | _JOB_ENDS) - {
    "someone",
    "somebody",
    "person",
    "panel",
    "contact",
    "hr",
    "staff",
    "crew",
}
_APPOSITION = re.compile(
    r"(?:[ \t]*,[ \t]*|[ \t]*\([ \t]*|[ \t]+)(?:the|my|our|their|his|her)[ \t]+(?:[^\W\d_][\w'’-]*[ \t]+){0,2}?"
    rf"{alternation(sorted(_APPOSITION_ENDS), lower=True)}(?![\w-])"
)
# "Yosua, engineer yang ngawasin": a capitalised word, a comma and a role without "the".
_APPOSITION_BARE = re.compile(
    r"[ \t]*,[ \t]+(?:[^\W\d_][\w'’-]*[ \t]+){0,2}?"
    rf"{alternation(sorted(_APPOSITION_ENDS), lower=True)}(?![\w-])"
)
# "a startup in Koramangala, the co-founder Ishaan": a place, and then a role with its own name.
_IN_PLACE = re.compile(r"(?<![\w-])(?:in|near|around|outside|across|based|town|city|kota|bandar|dekat|deket)[ \t]+$")
_NAME_AFTER_ROLE = re.compile(r"[ \t]*,?[ \t]+[A-Z]")
# What follows a person's name: a stop or comma, "who", "from", "and I", a verb of saying.
_PERSON_NEXT = re.compile(
    rf"[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?:who|from|at|and i|and me|was|is|had|has|kept)(?![\w-])|{_AFTER.pattern}"
)


# A capitalised run right before one of these names a programme, a course or an exam.
PROGRAMME_AFTER = re.compile(
    r"[ \t]+(?:programmes?|programs?|schemes?|initiatives?|courses?|certificates?|certifications?|"
    r"exams?|examinations?|awards?|bootcamps?|fellowships?|scholarships?|grants?|visas?|"
    r"program\b|kursus|sijil|beasiswa)(?![\w-])"
)


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
            key = fold(word)
            base = _CONTRACTION.sub("", _CLITIC.sub("", word)) or word
            if "-" in key:
                key = _CLITIC.sub("", key) or key
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
            level = "never" if describes else tier(key)
            if level == "never" and capital and not word.isascii() and key in lexicon.all_names:
                level = "name"  # "Siân", "Chloë": the accents spell a name, not the word "sian"
            self.tiers.append(level)
        self.phrase_places: set[int] = set()  # words of a place name of two words or more
        self.places = self._find_places()
        starts = [t for t in self.items if t.initial]
        # A writer who starts most sentences in lower case: capitals say little either way.
        self.lowercase = self.caseless or (
            len(starts) >= 2 and sum(not t.text[0].isupper() for t in starts) >= 0.5 * len(starts)
        )

    def _find_places(self) -> set[int]:
        """Indexes of words that are (part of) a place name: "Jos", "Mount Isa", "Kota Kinabalu"."""
        places: set[int] = set()
        single, phrases, starts = self.lexicon.places, self.lexicon.place_phrases, self.lexicon.place_starts
        items = self.items
        for index, token in enumerate(items):
            if token.key in single:
                places.add(index)
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


_WITH = re.compile(r"(?<![\w-])(?:with|dengan|dgn|sama|kasama)[ \t]+$")


def _saying(tokens: TextWords, index: int) -> bool:
    """A verb of saying in lower case where a name could be: "the girl said", "puan asked"."""
    token = tokens.items[index]
    return not token.capital and bool(_AFTER.fullmatch(" " + token.key))


def _could_be_name(tokens: TextWords, index: int, *, lower_ok: bool, context_ok: bool) -> bool:
    """Whether a word after a cue can be read as a name."""
    token = tokens.items[index]
    tier = tokens.tier(index)
    if tier == "never" or len(token.key) < 2 or _saying(tokens, index):
        return False
    if tier == "context" and not (context_ok or token.key in tokens.lexicon.first_names):
        return False
    if token.acronym:
        return token.key in tokens.lexicon.first_names and tier != "ambiguous"
    if token.capital:
        return True
    return lower_ok and tier == "name" and len(token.key) >= 3


def _next_to_place(tokens: TextWords, neighbour: int, index: int) -> bool:
    """Whether the word at `neighbour` is a capitalised place word right beside `index`."""
    if not 0 <= neighbour < len(tokens.items):
        return False
    left, right = sorted((neighbour, index))
    word = tokens.items[neighbour]
    return (
        tokens.gap(left, right) == " "
        and tokens.tier(neighbour) == "context"
        and word.capital
        and word.key not in _MONTHS
    )


def _surname_ok(tokens: TextWords, index: int, *, after_first_name: bool = False) -> bool:
    """A capitalised word that can continue a name. After a known first name, place-like
    words count too: "Priya Shah", "Amir Alam" (a place on its own, a surname here)."""
    token = tokens.items[index]
    refused = ("never",) if after_first_name else ("never", "context")
    if not token.capital and (tokens.caseless or tokens.lowercase) and not token.initial:
        # a writer who types names without capitals: "jisha mathew", "DACHUNG GYANG"
        return tokens.tier(index) == "name" or _unlisted(tokens, index)
    return token.capital and not token.acronym and not token.initial and tokens.tier(index) not in refused


def extend_name(
    tokens: TextWords, first: int, blocked: set[int], *, back: bool = False, titled: bool = False
) -> tuple[int, int]:
    """Grow a name from token `first` over surnames, initials and particles; return token range.
    `titled`: a title came before, which vouches for a surname that is also a place ("Sir Migs
    Tolentino")."""
    items = tokens.items
    last = first
    known_first = titled or tokens.tier(first) == "name"
    while last + 1 < len(items) and last - first < 4 and items[last + 1].start not in blocked:
        nxt = last + 1
        gap = tokens.gap(last, nxt)
        slash = _SLASH_PARTICLE.match(tokens.text, items[last].end)
        if slash and nxt + 2 < len(items) and items[nxt + 2].start == slash.end():
            # "Ganesan a/l Muniandy": son of, daughter of
            if _surname_ok(tokens, nxt + 2, after_first_name=True):
                last = nxt + 2
                continue
            break
        if not _NAME_GAP.match(gap):
            break
        if tokens.gap(last, nxt).startswith(".") and len(items[last].text) != 1:
            break  # a full stop only belongs inside a name after an initial ("Sarah J. Lee")
        if items[nxt].key in _PARTICLES and not items[nxt].capital and nxt + 1 < len(items):
            vouches = items[nxt].key in _SURNAME_PARTICLES  # "de Villiers", not "di Medan"
            if tokens.gap(nxt, nxt + 1) == " " and _surname_ok(tokens, nxt + 1, after_first_name=vouches):
                last = nxt + 1
                continue
            break
        if len(items[nxt].text) == 1 and items[nxt].capital and not items[nxt].initial:
            last = nxt  # an initial
            continue
        if not _surname_ok(tokens, nxt, after_first_name=known_first and nxt <= first + 1 + titled):
            break
        last = nxt
    if len(items[last].text) == 1 and last > first:
        last -= 1  # a lone trailing capital is more likely the next sentence ("Tom. I")
    start = first
    while back and start > 0 and first - start < 2 and tokens.gap(start - 1, start) == " ":
        prev = start - 1
        tier = tokens.tier(prev)
        if not items[prev].capital or items[prev].acronym or tier in ("never", "context"):
            break
        if items[prev].start in blocked:
            break
        start = prev
        if items[prev].initial:
            break
    return start, last


_HEADS_OF = frozenset({"head", "dean", "chief", "director", "vp", "chair", "minister", "secretary"}) | _JOB_ENDS
_JOB_FIRST = frozenset(fold(w) for w in words("organisations", "job_heads_before"))


def _job_words(tokens: TextWords, index: int) -> bool:
    """Whether a capitalised word is part of a job title around it: "Dean | of Students", "Head of
    | Asset Management", "Administrative | Aide", "formasi | Pranata Komputer"."""
    items = tokens.items
    token = items[index]
    if token.key in _HEADS_OF and re.match(r" of [A-Z]", tokens.text[token.end : token.end + 5]):
        return True
    first = index
    while first > 0 and items[first - 1].capital and tokens.gap(first - 1, first) == " ":
        first -= 1
    if first >= 2 and items[first - 1].key == "of" and items[first - 2].key in _HEADS_OF:
        return items[first - 2].capital and tokens.gap(first - 2, first - 1) == " "
    if token.key in _JOB_ENDS and index > 0 and items[index - 1].capital and tokens.gap(index - 1, index) == " ":
        previous = items[index - 1]
        return not previous.initial and previous.text.isalpha() and tokens.tier(index - 1) == "unknown"
    return token.key in _JOB_FIRST and bool(_ROLE_BEFORE.search(tokens.low, 0, token.start))


# "the head brewer, ", "my old boss, ": someone described, then named between commas.
_DESCRIBED = re.compile(
    r"(?<![\w-])(?:the|my|our|their|his|her)[ \t]+(?:[a-z][\w'’-]*[ \t]+){0,2}[a-z][\w'’-]*[ \t]*,[ \t]*$"
)


def _between_commas(tokens: TextWords, index: int) -> bool:
    """Whether a capitalised word stands alone between commas after a description of a person."""
    token = tokens.items[index]
    if token.initial or not tokens.text.startswith(",", token.end):
        return False
    return bool(_DESCRIBED.search(tokens.low, max(0, token.start - 60), token.start))


def _named_firm(tokens: TextWords, index: int | None, found: list[Found]) -> bool:
    """After "a company called": the capitalised words that follow, when one of them is no
    everyday function word ("Rumah Warna Kreatif", "The Lantern Room")."""
    items = tokens.items
    if index is None or not items[index].capital or tokens.caseless:
        return False
    last = index
    while last + 1 < len(items) and last - index < 4 and items[last + 1].capital:
        if tokens.gap(last, last + 1) not in (" ", " & ") or items[last + 1].initial:
            break
        last += 1
    if all(tokens.tier(i) == "never" for i in range(index, last + 1)):
        return False
    found.append(Found(items[index].start, items[last].end, "employer"))
    return True


def _given_before(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised word before `index` is a given name that is also a word or a season
    ("Summer", "Grace"), so that the two are a person's names before a role."""
    if index < 1 or tokens.gap(index - 1, index) != " ":
        return False
    before = tokens.items[index - 1]
    return (
        before.capital
        and not before.acronym
        and before.key in tokens.lexicon.first_names
        and tokens.tier(index - 1) in ("context", "ambiguous")
        and not tokens.place_here(index - 1)
        and before.key not in _MONTHS
    )


def _in_role(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised words from `index` on end in a job title's last word."""
    items = tokens.items
    last = index
    while last + 1 < len(items) and last - index < 3 and items[last + 1].capital and tokens.gap(last, last + 1) == " ":
        last += 1
        if items[last].key in _JOB_ENDS:
            # "Fleet Manager", "for Fleet Manager", but "Sarah Baker" is a person
            return tokens.tier(index) != "name" or bool(_ROLE_BEFORE.search(tokens.low, 0, items[index].start))
    return False


def _before_programme(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised words from `index` on are followed by "programme", "scheme"..."""
    items = tokens.items
    last = index
    while last + 1 < len(items) and last - index < 4 and items[last + 1].capital and tokens.gap(last, last + 1) == " ":
        last += 1
    return bool(PROGRAMME_AFTER.match(tokens.low, items[last].end))


def _after_role(tokens: TextWords, index: int) -> bool:
    """Whether the word at `index` follows a job title and a comma: "their Educational Leader,
    Tahnee", "Creative Director-nya, Bimo" (a person named after their role)."""
    if index < 1 or tokens.items[index].initial:
        return False
    gap = tokens.gap(index - 1, index)
    if gap.strip() not in (",", ":", "-", "–", "—") or "\n" in gap:
        return False
    role = tokens.items[index - 1]
    if index in tokens.phrase_places or (index in tokens.places and tokens.tier(index) != "name"):
        return False  # "Senior Product Manager, San Francisco": where the job is
    return role.capital and (role.key in _JOB_ENDS or role.key in _ROLE_WORDS)


def _name_pair(tokens: TextWords, index: int) -> bool:
    """Two words typed without capitals that read as a given and a family name: both names or
    words no list knows, one of them a known name ("jisha mathew", "wanjiku otieno")."""
    items = tokens.items
    pair = (index, index + 1)
    if index + 1 >= len(items) or tokens.gap(index, index + 1) != " " or items[index + 1].capital:
        return False
    if items[index].key == items[index + 1].key:
        return False  # "dot dot", "bla bla"
    if any(len(items[i].key) < 3 or tokens.place_here(i) for i in pair):
        return False
    known = [tokens.tier(i) == "name" for i in pair]
    return any(known) and all(k or _unlisted(tokens, i) for k, i in zip(known, pair, strict=True))


def _role_goes_on(tokens: TextWords, match: re.Match[str], index: int) -> bool:
    """Whether the capitalised word after a role word continues a job title: "HR Advisor",
    "Supervisor Produksi" (a department after the head, as Indonesian and Malay titles run)."""
    token = tokens.items[index]
    if token.key in _JOB_ENDS and tokens.tier(index) != "name":
        return True
    if index in tokens.phrase_places or (index in tokens.places and token.key not in tokens.lexicon.first_names):
        return True  # "Product Manager, San Francisco": where the job is
    role = tokens.text[match.start() : match.end()].strip()
    joined = tokens.text[token.start - 1 : token.start] == " " and not role.endswith((",", ":", "(", "-"))
    return (
        joined
        and not tokens.caseless
        and role[-1:].isalpha()
        and role.split()[-1][:1].isupper()
        and tokens.tier(index) != "name"
        and token.key in tokens.lexicon.common
    )


def _unlisted(tokens: TextWords, index: int) -> bool:
    """A word that no list knows, not even as an everyday word: "thandiwe", "gaz" (not "rude")."""
    token = tokens.items[index]
    return tokens.tier(index) == "unknown" and token.key not in tokens.lexicon.common and len(token.key) >= 3


def _plain_person(tokens: TextWords, index: int, *, strong: bool) -> bool:
    """Whether a word typed without its capital (or in a text all in capitals) is a person, after
    a cue: a known given or family name; a name that is also a word ("barb", "rose") when what
    follows reads as a person's ("my neighbour barb who", "the recruiter, grace, said"); a word no
    list knows after a `strong` cue (a role, "named")."""
    token = tokens.items[index]
    if (token.capital and not tokens.caseless) or tokens.place_here(index) or index in tokens.phrase_places:
        return False
    if _saying(tokens, index):
        return False  # "the girl said the manager will revert"
    tier = tokens.tier(index)
    if tier == "name":
        return len(token.key) >= 3
    if tier in ("ambiguous", "context") and token.key in tokens.lexicon.first_names:
        return bool(_PERSON_NEXT.match(tokens.low, token.end)) and token.key not in _MONTHS
    return strong and _unlisted(tokens, index)


def _span(tokens: TextWords, first: int, last: int, *, start: int | None = None) -> Found:
    items = tokens.items
    return Found(items[first].start if start is None else start, items[last].end, "name")


def _word_then_surname(tokens: TextWords, index: int, blocked: set[int]) -> bool:
    """A capitalised everyday word right before a listed surname, both after a title."""
    items = tokens.items
    if index + 1 >= len(items) or items[index].start in blocked or items[index + 1].start in blocked:
        return False
    word, surname = items[index], items[index + 1]
    return (
        word.capital
        and not word.acronym
        and surname.capital
        and not surname.acronym
        and tokens.tier(index) == "never"
        and tokens.tier(index + 1) == "name"
        and tokens.gap(index, index + 1) == " "
        and not tokens.is_title(index)
        and not tokens.place_here(index + 1)
    )


def find_names(tokens: TextWords | str, blocked: set[int] | None = None) -> list[Found]:
    """Names in normalised text. `blocked`: start offsets of words already known as employers."""
    if isinstance(tokens, str):
        tokens = TextWords(tokens, name_lexicon())
    text = tokens.text
    blocked = blocked or set()
    found: list[Found] = []

    def add(
        index: int | None,
        *,
        lower_ok: bool,
        context_ok: bool,
        start: int | None = None,
        back: bool = False,
        kind: str = "name",
        titled: bool = False,
    ) -> None:
        if index is None or tokens.items[index].start in blocked:
            return
        if not _could_be_name(tokens, index, lower_ok=lower_ok, context_ok=context_ok):
            return
        first, last = extend_name(tokens, index, blocked, back=back, titled=titled)
        span = _span(tokens, first, last, start=start)
        found.append(span if kind == "name" else Found(span.start, span.end, kind))

    low = tokens.low

    def add_plain(index: int | None, *, strong: bool, kind: str = "name") -> None:
        """A name typed in lower case (or in capitals) after a cue: "my manager priya", "BARB WHO"."""
        if index is None or tokens.items[index].start in blocked:
            return
        if _plain_person(tokens, index, strong=strong):
            first, last = extend_name(tokens, index, blocked)
            span = _span(tokens, first, last)
            found.append(span if kind == "name" else Found(span.start, span.end, kind))

    for match in _TITLE.finditer(low):
        index = tokens.next_index(match.end())
        title = text[match.start("title") : match.end("title")]
        if index is None or tokens.at.get(match.start("title")) in tokens.phrase_places:
            continue  # "Sri Lanka", "Chief Town": the title word is part of a place's name
        particle = index
        while particle + 1 < len(tokens.items) and tokens.items[particle].key in _SURNAME_PARTICLES:
            particle += 1  # "Mr van der Merwe", "Dr de Villiers": a family name opening with particles
        if particle > index and not tokens.items[index].capital and tokens.items[particle].capital:
            if tokens.tier(particle) != "never" and tokens.items[particle].start not in blocked:
                first, last = extend_name(tokens, particle, blocked, titled=True)
                found.append(_span(tokens, index, last, start=match.start()))
                continue
        if title[0].isupper() and not tokens.caseless:  # "Dr Jordan", "Señor García" but not "Sri Lanka"
            if _word_then_surname(tokens, index, blocked):
                # "Ma'am Lovely Bautista", "Pastor Faith Okoro": between a title and a surname,
                # an everyday word with a capital is the person's given name
                found.append(_span(tokens, index, index + 1, start=match.start()))
                continue
            add(index, lower_ok=True, context_ok=index not in tokens.phrase_places, start=match.start(), titled=True)
        elif title.lower().rstrip(".") in _PLAIN_TITLES and tokens.tier(index) != "context":
            # "mr tan", "encik faizal": titles that are no ordinary word vouch for any next word
            if not (tokens.items[index].start in blocked or tokens.tier(index) == "never" or _saying(tokens, index)):
                first, last = extend_name(tokens, index, blocked)
                found.append(_span(tokens, first, last, start=match.start()))
        elif tokens.items[index].capital and tokens.tier(index) in ("name", "ambiguous"):
            add(index, lower_ok=False, context_ok=False)  # "ate Joy", but not "I ate Pizza"
        elif tokens.tier(index) == "name":
            add(index, lower_ok=True, context_ok=False)  # "si sir jake", "KAK NORA"
        elif (
            not tokens.items[index].capital
            and tokens.tier(index) in ("unknown", "ambiguous")
            and not tokens.place_here(index)
            and (_unlisted(tokens, index) or _PERSON_NEXT.match(low, tokens.items[index].end))
        ):
            # "HON. DACHUNG GYANG", "koh aheng, pemiliknya", "bu endang bilang": a title and a word
            # no list knows, or one that is followed as a person's name is
            first, last = extend_name(tokens, index, blocked)
            found.append(_span(tokens, first, last))

    for match in _ROLE.finditer(low):
        index = tokens.next_index(match.end())
        if index is not None and _role_goes_on(tokens, match, index):
            continue  # "HR Advisor", "Supervisor Produksi": a job title, not a role and a name
        add(index, lower_ok=True, context_ok=True, titled=tokens.items[index].capital if index is not None else False)
        add_plain(index, strong=True)

    for match in _NAMING.finditer(low):
        before = low[max(0, match.start() - 30) : match.start()]
        kind = "employer" if _COMPANY_BEFORE.search(before) else "name"
        if kind == "employer" and _named_firm(tokens, tokens.next_index(match.end()), found):
            continue  # "an agency called Rumah Warna Kreatif": a firm's name may open with any word
        add(tokens.next_index(match.end()), lower_ok=True, context_ok=True, kind=kind)
        add_plain(tokens.next_index(match.end()), strong=True, kind=kind)

    for match in _BEFORE.finditer(low):
        add(tokens.next_index(match.end()), lower_ok=True, context_ok=False)
        add_plain(tokens.next_index(match.end()), strong=False)

    items = tokens.items
    places = {tokens.at[m.start()] for m in _PLACE_PHRASES.finditer(low) if m.start() in tokens.at}
    for index, token in enumerate(items):
        if token.start in blocked or len(token.key) < 2 or index in places:
            continue
        tier = tokens.tier(index)
        apposition = _APPOSITION.match(low, token.end) or (token.capital and _APPOSITION_BARE.match(low, token.end))
        if (
            apposition
            and tier != "never"
            and not tokens.is_title(index)
            and not _IN_PLACE.search(low, 0, token.start)
            and not _NAME_AFTER_ROLE.match(text, apposition.end())
        ):
            # "Gaz, the depot manager, said", "thandiwe the recruiter": a person named by their role
            told = low[token.end : token.end + 2].lstrip(" \t")[:1] in (",", "(")
            if token.capital and not token.acronym and tier != "context":
                if tier == "name" or (tier == "ambiguous" and (told or not token.initial)):
                    # "Faith, the store manager, phoned": a comma or a bracket says a person is named
                    add(index, lower_ok=True, context_ok=False)
                elif token.key not in tokens.lexicon.common:
                    first, last = extend_name(tokens, index, blocked)
                    found.append(_span(tokens, first, last))
                elif told and _given_before(tokens, index):
                    found.append(_span(tokens, index - 1, index))  # "Summer Hatch, the people lead"
                continue
            if not token.capital and _plain_person(tokens, index, strong=True):
                add_plain(index, strong=True)
                continue
        if tier != "never" and not token.capital and tokens.lowercase and _AFTER.match(low, token.end):
            add_plain(index, strong=True)  # "gaz said", "BARB SAID"
            continue
        if (
            not token.capital
            and tokens.lowercase
            and tier == "name"
            and len(token.key) >= 3
            and token.key not in tokens.lexicon.common
            and _WITH.search(low, max(0, token.start - 12), token.start)
        ):
            add_plain(index, strong=False)  # "my interview with sarah and tom"
            continue
        if not token.capital and tokens.lowercase and _name_pair(tokens, index):
            first, last = extend_name(tokens, index, blocked)
            found.append(_span(tokens, first, last))  # "classmates like jisha mathew", "PRIYA SHAH"
            continue
        if tier == "never" or (not token.capital and tier != "name"):
            continue
        if tokens.is_title(index) or tokens.place_here(index) or _in_role(tokens, index):
            continue  # "Tuan punya ladang", "Mbak HR-nya"; "in Jos", "Mount Isa"; "Fleet Manager"
        if token.capital and not token.initial and _IN_PLACE.search(low, max(0, token.start - 12), token.start):
            alone = index + 1 >= len(items) or not _surname_ok(tokens, index + 1)
            if alone and tier != "name" and not text.startswith(("'s", "’s"), token.end):
                continue  # "a fintech in Westlands, offered me": where, not who ("confided in Tom" is)
        if _job_words(tokens, index) and not _AFTER.match(low, token.end):
            continue  # "the Dean of Students", "Head of Asset Management", "Administrative Aide"
        if tier == "unknown" and token.initial and token.key.endswith("ly"):
            continue  # "Frankly, ...", "Luckily, ..."
        if _AFTER.match(low, token.end):
            add(index, lower_ok=True, context_ok=False, back=True)
            continue
        if not token.capital or token.acronym:
            continue
        named = tier in ("name", "ambiguous") or token.key not in tokens.lexicon.common
        if named and tier != "context" and _between_commas(tokens, index):
            add(index, lower_ok=False, context_ok=False)  # "The head brewer, Dazza, was a legend"
            continue
        if named and (_FROM_FIRM.match(text, token.end) or _after_role(tokens, index)):
            add(index, lower_ok=False, context_ok=False)  # "Folasade from Bluegate", "our Team Lead, Tahnee"
            continue
        if _next_to_place(tokens, index - 1, index) or (tier != "name" and _next_to_place(tokens, index + 1, index)):
            continue  # part of a place: "San Jose", "Sri Lanka", "Petaling Jaya" (not "Priya Shah")
        if (
            token.initial
            and tier == "name"
            and token.key.endswith("ing")
            and len(token.key) > 5
            and not (index + 1 < len(items) and _surname_ok(tokens, index + 1))
        ):
            continue  # "Aiming high, ...": an -ing word opening a sentence
        if _before_programme(tokens, index):
            continue  # "the Kazi Mtaani programme": a programme's name, not a person
        if tier == "name" and (len(token.key) >= 3 or not token.initial):
            add(index, lower_ok=False, context_ok=False)
        elif tier == "ambiguous" and not token.initial and token.key in tokens.lexicon.name_like:
            add(index, lower_ok=False, context_ok=False)  # "I spoke with Will", "Grace Lee"
    return found
