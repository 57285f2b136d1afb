"""Which words can be a person's name, and how far a name runs over surnames, initials and particles."""

from __future__ import annotations

import re

from .lexicon import alternation, words
from .roles import JOB_ENDS
from .text import Found
from .tokens import TextWords

# What comes right after a person's name: a verb of saying and the like ("Sarah said").
AFTER_NAME = re.compile(
    rf"\s*,?\s*(?:(?:just|then|also|later|finally|even|literally|actually|basically|personally|kindly|already|always|has|had)\s+)?{alternation(words('names', 'after_name'), lower=True)}(?![\w])"
)
_PARTICLES = frozenset(words("names", "particles"))
# Particles of European family names, which are often place names too ("de Villiers", "van Wyk").
SURNAME_PARTICLES = frozenset("de da das do dos du del della dela delos van von der den ter ten le la".split())
_MONTHS = frozenset("january february march april may june july august september october november december".split())
_MONTH_NAMES = frozenset("april may june august".split())  # months that are people's given names too
_NAME_GAP = re.compile(r"^(?: |\. ?|\.\s)$")  # one space, or an initial's full stop
# Malaysian and Singaporean "son of" and "daughter of" in a name: "Ganesan a/l Muniandy".
_SLASH_PARTICLE = re.compile(r" (?:a/l|a/p|s/o|d/o) (?=\w)", re.IGNORECASE)
# What follows a person's name: a stop or comma, "who", "from", "and I", a verb of saying.
PERSON_NEXT = re.compile(
    rf"[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?:who|from|at|and i|and me|was|is|had|has|kept|hr|hrd)(?![\w-])|{AFTER_NAME.pattern}"
)


def saying(tokens: TextWords, index: int) -> bool:
    """A verb of saying in lower case where a name could be: "the girl said", "puan asked"."""
    token = tokens.items[index]
    return not token.capital and bool(AFTER_NAME.fullmatch(" " + token.key))


def could_be_name(tokens: TextWords, index: int, *, lower_ok: bool, context_ok: bool) -> bool:
    """Whether a word after a cue can be read as a name."""
    token = tokens.items[index]
    tier = tokens.tier(index)
    if tier == "never" or len(token.key) < 2 or saying(tokens, index):
        return False
    if tier == "context" and not (context_ok or token.key in tokens.lexicon.first_names):
        return False
    if tier == "context" and not context_ok and token.key in _MONTHS - _MONTH_NAMES:
        return False  # "coming up in January and I'd be perfect": the month, not a person
    if token.acronym:
        return token.key in tokens.lexicon.first_names and tier != "ambiguous"
    if token.capital:
        return True
    return lower_ok and tier == "name" and len(token.key) >= 3


def next_to_place(tokens: TextWords, neighbour: int, index: int) -> bool:
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


def surname_ok(tokens: TextWords, index: int, *, after_first_name: bool = False) -> bool:
    """A capitalised word that can continue a name. After a known first name, place-like
    words count too: "Priya Shah", "Amir Alam" (a place on its own, a surname here)."""
    token = tokens.items[index]
    refused = ("never",) if after_first_name else ("never", "context")
    if not token.capital and (tokens.caseless or tokens.lowercase) and not token.initial:
        # a writer who types names without capitals: "jisha mathew", "DACHUNG GYANG"
        return tokens.tier(index) == "name" or unlisted(tokens, index)
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
            if surname_ok(tokens, nxt + 2, after_first_name=True):
                last = nxt + 2
                continue
            break
        if not _NAME_GAP.match(gap):
            break
        if tokens.gap(last, nxt).startswith(".") and len(items[last].text) != 1:
            break  # a full stop only belongs inside a name after an initial ("Sarah J. Lee")
        if items[nxt].key in _PARTICLES and not items[nxt].capital and nxt + 1 < len(items):
            vouches = items[nxt].key in SURNAME_PARTICLES  # "de Villiers", not "di Medan"
            end = nxt
            while (
                vouches
                and end + 2 < len(items)
                and end - nxt < 2
                and items[end + 1].key in SURNAME_PARTICLES
                and not items[end + 1].capital
                and tokens.gap(end, end + 1) == " "
            ):
                end += 1  # "van der Merwe", "de la Cruz"
            if tokens.gap(end, end + 1) == " " and surname_ok(tokens, end + 1, after_first_name=vouches):
                last = end + 1
                continue
            break
        if len(items[nxt].text) == 1 and items[nxt].capital and not items[nxt].initial:
            last = nxt  # an initial
            continue
        if not surname_ok(tokens, nxt, after_first_name=known_first and nxt <= first + 1 + titled):
            if titled and nxt <= first + 2 and _syllable(tokens, nxt):
                last = nxt  # "Mr Teh Kok Wah", "Encik Wong Kah Seng": a Chinese name's short parts
                continue
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
    initials = start
    while (
        initials > 0
        and start - initials < 3
        and len(items[initials - 1].text) == 1
        and items[initials - 1].capital
        and tokens.gap(initials - 1, initials) in (". ", ".")
        and items[initials - 1].start not in blocked
    ):
        initials -= 1  # the initials before a family name are the name's: "P. S. Iyer", "K. Ramesh"
    if initials == start or not (
        initials > 0
        and items[initials - 1].capital
        and (tokens.tier(initials - 1) in ("never", "context") or items[initials - 1].key in tokens.lexicon.common)
    ):
        start = initials  # but not the letter of "Plan B. Sarah said"
    return start, last


# The parts of Chinese names as Malaysians and Singaporeans spell them, from general knowledge:
# in lower case or capitals, after a title and a name, they go on with the name ("mr wong kah
# seng", "MR KELVIN ONG"), and after "ah" they are one ("my friend ah boon").
CHINESE_SYLLABLES = frozenset(
    """
    ah ai ang bee beng boon chai chee cheng chew chia chiang chin chong choo choon chuan chye eng fatt foo
    gaik guan hai hock hoe hong hooi hui hwa jia keat keng kheng kiat kim kit kok kong kuan kum kwang lai
    leng liang lian ling loke lye mei meng ming mun ngee ooi ong peng poh seng siang siew siong soon sze
    tat teck teik tiong wah wai wee wei yee yew yong yuen
    """.split()
)


def _syllable(tokens: TextWords, index: int) -> bool:
    """A short capitalised word that an everyday list knows too, as the parts of Chinese names
    written in Malaysia and Singapore are ("Kok", "Kah", "Seng"); without capitals, one of
    `CHINESE_SYLLABLES` ("kah", "ONG")."""
    token = tokens.items[index]
    caseless = (tokens.caseless or tokens.lowercase) and token.key in CHINESE_SYLLABLES | {"kah"}
    return (
        (token.capital or caseless)
        and not token.acronym
        and not token.initial
        and 2 <= len(token.key) <= 4
        and token.key not in tokens.lexicon.small
        and token.key not in _MONTHS
        and not saying(tokens, index)
        and not tokens.place_here(index)
    )


def given_before(tokens: TextWords, index: int) -> bool:
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


def plain_given_name(tokens: TextWords, index: int) -> bool:
    """Whether a word typed without its capital, after or before a sure sign of a person, is a
    given name that is also a word: "precious (the recruiter) said", "someone named will"."""
    token = tokens.items[index]
    return (
        token.key in tokens.lexicon.first_names
        and len(token.key) >= 3
        and token.key not in _MONTHS
        and not tokens.place_here(index)
        and not saying(tokens, index)
    )


def name_pair(tokens: TextWords, index: int) -> bool:
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
    return any(known) and all(k or unlisted(tokens, i) for k, i in zip(known, pair, strict=True))


def unlisted(tokens: TextWords, index: int) -> bool:
    """A word that no list knows, not even as an everyday word: "thandiwe", "gaz" (not "rude")."""
    token = tokens.items[index]
    return tokens.tier(index) == "unknown" and token.key not in tokens.lexicon.common and len(token.key) >= 3


def plain_person(tokens: TextWords, index: int, *, strong: bool) -> bool:
    """Whether a word typed without its capital (or in a text all in capitals) is a person, after
    a cue: a known given or family name; a name that is also a word ("barb", "rose") when what
    follows reads as a person's ("my neighbour barb who", "the recruiter, grace, said"); a word no
    list knows after a `strong` cue (a role, "named")."""
    token = tokens.items[index]
    if (token.capital and not tokens.caseless) or tokens.place_here(index) or index in tokens.phrase_places:
        return False
    if saying(tokens, index):
        return False  # "the girl said the manager will revert"
    tier = tokens.tier(index)
    if tier == "name":
        return len(token.key) >= 3
    if tier in ("ambiguous", "context") and token.key in tokens.lexicon.first_names:
        if token.key in _MONTHS:
            return False
        if index and tokens.items[index - 1].key in _ARTICLES:
            return False  # "a lady from hr", "the grace period": the word, after an article
        return (
            bool(PERSON_NEXT.match(tokens.low, token.end))
            or strong
            and (
                _nickname(tokens, index)
                or _family_name_next(tokens, index)
                # after a role, what the person did: "the clinic manager grace ask", "my buddy hunter works"
                or bool(ACTS_NEXT.match(tokens.low, token.end) or _DOES_NEXT.match(tokens.low, token.end))
            )
        )
    places, common = tokens.lexicon.places, tokens.lexicon.common
    if strong and token.key in places and token.key not in common and AFTER_NAME.match(tokens.low, token.end):
        return len(token.key) >= 3  # "my friend lindi says": a town's name, saying things, is a person's
    if strong and unlisted(tokens, index) and not SWAHILI_VERB.fullmatch(token.key):
        return True
    return strong and tier in ("unknown", "ambiguous") and _nickname(tokens, index)


# Words for a person that are no name: "a guy called", "second panel guy emeka".
_ARTICLES = frozenset("a an the this that some".split())
PEOPLE_WORDS = frozenset("guy girl lady man boy dude bloke woman chap fella".split())
_PERSON_WORDS = PEOPLE_WORDS | {"mate", "bro", "sis"}


def _family_name_next(tokens: TextWords, index: int) -> bool:
    """A given name that is a word too, then a word no list knows, both in lower case, after a role:
    a full name ("the program director dale fricke", "my friend boon keat")."""
    items = tokens.items
    nxt = index + 1
    return (
        items[index].key not in _PERSON_WORDS  # "second panel guy emeka": the guy is no name
        and nxt < len(items)
        and tokens.gap(index, nxt) == " "
        and not items[nxt].capital
        and len(items[nxt].key) >= 3
        and surname_ok(tokens, nxt, after_first_name=True)
    )


def _nickname(tokens: TextWords, index: int) -> bool:
    """An everyday word right after a friend, a relative or the boss, that then does what people
    do: a nickname ("my mate stretch works there", "the owner mick said", "my cousin dre got in")."""
    token = tokens.items[index]
    return (
        len(token.key) >= 3
        and not token.key.endswith(("ly", "s"))
        and token.key not in _GROUPS
        and bool(_KIN_BEFORE.search(tokens.low, max(0, token.start - 24), token.start))
        and bool(ACTS_NEXT.match(tokens.low, token.end) or _DOES_NEXT.match(tokens.low, token.end))
    )


# A friend, a relative or the boss, right before the nickname; and words for a group of them.
_KIN_BEFORE = re.compile(
    r"(?<![\w-])(?:my|our|the|his|her)[ \t]+(?:[a-z]+[ \t]+)?(?:mate|cousin|buddy|friend|bro|brother|sister|sis|boss|owner|partner|husband|wife|hubby|missus|"
    r"brother-in-law|sister-in-law|"
    r"manager|uncle|aunt|auntie|aunty|neighbour|neighbor|housemate|roommate|roomate|flatmate|classmate|colleague|"
    r"daughter|son|niece|nephew|bf|gf|frnd|fren|bestie|batchmate|coworker|co-worker)[ \t]*,?[ \t]+$"
)
# What a friend or a relative did, besides speaking: "my cousin jojo who does hr", "my friend ruby
# helped me", "my frnd pinky cleared the test", "MY DAUGHTER HOPE REWROTE MY RESUME".
_DOES_NEXT = re.compile(
    r"[ \t]+(?:who|helped|helps|cleared|did|does|say|rewrote|looked|reviewed|thinks|thought|knows|"
    r"swears|keeps|suggested|showed|shared|forwarded|referred|recommended|"
    r"ask|asks|asked|work|keep|calls|cakap|ckp|kata|bilang|blg)(?![\w'’-])"
)
_GROUPS = frozenset("group team circle squad crew gang family lot side".split())


# What a person named by a nickname does next, right after the name.
ACTS_NEXT = re.compile(
    r"[ \t]*,?[ \t]+(?:said|says|works|worked|got|passed|reckons|reckoned|told|started|stopped|put|gave|walked|"
    r"texted|messaged|rang|called|replied|answered|interviewed|hired|offered|slipped|sent|emailed|phoned)(?![\w'’-])"
)


# A Swahili verb where a name could be: "alisema", "amekataa", "anasema", "hakujibu", "alinishow".
SWAHILI_VERB = re.compile(r"(?:ali|ame|ana|ata|aka|hak|wali|wame|wana|nili|nime|tuli)[a-z]{3,}")


def name_span(tokens: TextWords, first: int, last: int, *, start: int | None = None) -> Found:
    items = tokens.items
    return Found(items[first].start if start is None else start, items[last].end, "name")


def word_then_surname(tokens: TextWords, index: int, blocked: set[int]) -> bool:
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


_AND = frozenset({"and", "dan", "at", "or"})


def _joined(tokens: TextWords, left: int, right: int) -> bool:
    """Whether two words are joined by "and" (or "&") alone: "Tomasz and Ilse"."""
    if tokens.text[tokens.items[left].end : tokens.items[right].start] == " & ":
        return True
    middle = left + 1
    return (
        middle + 1 == right
        and tokens.items[middle].key in _AND
        and tokens.gap(left, middle) == " "
        and tokens.gap(middle, right) == " "
    )


def partners(tokens: TextWords, found: list[Found], blocked: set[int]) -> list[Found]:
    """A capitalised word no list knows, joined by "and" to a name found: "up against Tomasz and
    Ilse", "Ilse and Tomasz interviewed me" (the Tagalog "at" joins names too). From a writer who
    types in lower case, a known given name too: "priya and tom on the panel"."""
    items = tokens.items
    starts = {f.start for f in found if f.kind == "name"}
    ends = {f.end for f in found if f.kind == "name"}
    more = []
    for index, token in enumerate(items):
        if token.start in blocked or token.start in starts or index in tokens.places:
            continue
        if token.capital:
            # "Aplied for Agronomist at ...": a job, not a partner
            candidate = not token.acronym and unlisted(tokens, index) and token.key not in JOB_ENDS
        else:
            candidate = (
                tokens.lowercase
                and tokens.tier(index) == "name"
                and len(token.key) >= 3
                and token.key not in tokens.lexicon.common
            )
        if not candidate:
            continue
        before = index > 1 and items[index - 2].end in ends and _joined(tokens, index - 2, index)
        after = index + 2 < len(items) and items[index + 2].start in starts and _joined(tokens, index, index + 2)
        if before or after:
            more.append(Found(token.start, token.end, "name"))
    return more
