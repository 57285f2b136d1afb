"""People named by writers who type in lower case (or all in capitals), where a name has no capital
to tell it: a word right before its role ("tay (manager) said", "jo the owner said"), where the
person is from and what they did ("mel at my job network provider says"), a name messaged or
placed in a team ("pinged lachie", "will in talent saying"), and "ah" before a Hokkien or Cantonese
name ("my friend ah boon"). The role words that name a person after their name ("gaz, the depot
manager, said") are here too; `people.find_names` applies them."""

from __future__ import annotations

import re

from .lexicon import alternation
from .name_words import (
    ACTS_NEXT,
    AFTER_NAME,
    CHINESE_SYLLABLES,
    PEOPLE_WORDS,
    PERSON_NEXT,
    name_span,
    saying,
    unlisted,
)
from .roles import JOB_ENDS, JOB_STARTS, ROLE_WORDS
from .text import Found
from .tokens import TextWords

# Words before a kind of person, not a name: "a senco at another school said", "some ou from ops".
SOME = frozenset("some a an the one this that another any".split())

# Last words of roles that name a person before them: "gaz, the depot manager, said".
_APPOSITION_ENDS = (ROLE_WORDS | JOB_ENDS) - {
    "someone",
    "somebody",
    "person",
    "panel",
    "contact",
    "hr",
    "staff",
    "crew",
}
APPOSITION = re.compile(
    r"(?:[ \t]*,[ \t]*|[ \t]*\([ \t]*|[ \t]+)(?:the|my|our|their|his|her)[ \t]+(?:[^\W\d_][\w'’-]*[ \t]+){0,2}?"
    rf"{alternation(sorted(_APPOSITION_ENDS), lower=True)}(?![\w-])"
)
# "Yosua, engineer yang ngawasin": a capitalised word, a comma and a role without "the".
APPOSITION_BARE = re.compile(
    r"[ \t]*,[ \t]+(?:[^\W\d_][\w'’-]*[ \t]+){0,2}?"
    rf"{alternation(sorted(_APPOSITION_ENDS), lower=True)}(?![\w-])"
)
# "tay (manager) said", "Jonty 😬 (the MD)": a word, then its role in brackets, with or without "the".
APPOSITION_BRACKET = re.compile(
    r"[ \t]*[\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff]*[ \t]*\([ \t]*(?:[^\W\d_][\w'’-]*[ \t]+){0,2}?"
    rf"{alternation(sorted(_APPOSITION_ENDS), lower=True)}(?![\w-])"
)


def named_before_role(tokens: TextWords, index: int) -> bool:
    """Whether a word typed in lower case right before its role in brackets is a person's name,
    even one the lists know as something else: "tay (manager)", "ravi (team lead)". Not a role,
    a kind of person or a small word ("the boss (manager)", "this guy (hr)"), nor a place."""
    key = tokens.items[index].key
    return (
        len(key) >= 3
        and key not in tokens.lexicon.small
        and key not in ROLE_WORDS | JOB_ENDS | PEOPLE_WORDS
        and not tokens.place_here(index)
        and index not in tokens.places
        and not saying(tokens, index)
    )


def plain_named(tokens: TextWords, index: int) -> bool:
    """Whether a word typed in lower case may be a person's name where a sign says a person is
    named: a known given name, or a word no list knows; not a role, a kind of person or a place,
    and not after "a" or "the" ("a senco at another school said")."""
    key = tokens.items[index].key
    return (
        len(key) >= 3
        and tokens.tier(index) != "never"
        and (key in tokens.lexicon.first_names or unlisted(tokens, index))
        and key not in ROLE_WORDS | JOB_ENDS | JOB_STARTS | PEOPLE_WORDS
        and not tokens.place_here(index)
        and not (index and tokens.items[index - 1].key in SOME)
    )


def named_with_role(tokens: TextWords, index: int) -> bool:
    """A given name typed in lower case, then the person's role with "the" or "my", then what they
    did: "mags the owner sent a proper nice email", "becca the hiring mgr literally said". The deed
    after the role is the sign; "phone the owner said" keeps its everyday word."""
    token = tokens.items[index]
    role = APPOSITION.match(tokens.low, token.end)
    if role is None or tokens.low[token.end : role.end()].lstrip().startswith((",", "(")):
        return False
    given = len(token.key) == 2 and token.key in tokens.lexicon.first_names and tokens.tier(index) != "never"
    if not (given or plain_named(tokens, index)):
        return False
    return bool(AFTER_NAME.match(tokens.low, role.end()) or ACTS_NEXT.match(tokens.low, role.end()))


_FROM_WHERE = re.compile(r"[ \t]+(?:from|at|dari|dr|kat)[ \t]+(?:(?:the|my|their|our|his|her)[ \t]+)?")


def from_somewhere(tokens: TextWords, index: int) -> bool:
    """A given name (or a word no list knows) typed in lower case, then where the person is from
    in up to four words, then what they did: "mark from the career centre said", "mel at my job
    network provider says", "tasya dari recruitment bilang". The deed after the place is the sign."""
    items = tokens.items
    where = _FROM_WHERE.match(tokens.low, items[index].end)
    if where is None or not plain_named(tokens, index):
        return False
    last = tokens.next_index(where.end())
    for step in range(4):
        if last is None or last + step >= len(items) or (step and tokens.gap(last + step - 1, last + step) != " "):
            return False
        end = items[last + step].end
        if ACTS_NEXT.match(tokens.low, end) or AFTER_NAME.match(tokens.low, end):
            return True
    return False


def ah_names(tokens: TextWords, found: list[Found], blocked: set[int]) -> list[Found]:
    """ "Ah" before a name is the name's own, as Hokkien and Cantonese speakers call people: a
    name found already grows over it ("boss ah keong"), and a word after it that is no everyday
    word, no place and no hiring word is a name ("my friend Ah Kiat", "TAUKE DIA, AH KOW"). The
    interjection is followed by a comma or an everyday word ("Ah, well", "Ah OK")."""
    items = tokens.items
    named = {f.start: f.end for f in found if f.kind == "name"}
    grown = []
    for index, token in enumerate(items[:-1]):
        name = index + 1
        if token.key != "ah" or tokens.gap(index, name) != " " or items[name].start in blocked:
            continue
        if token.text != "Ah" and not tokens.lowercase:
            continue  # "ah" typed in lower case by a writer who uses capitals: an interjection
        if items[name].start in named:
            grown.append(Found(token.start, named[items[name].start], "name"))  # "Ah Hock", "ah keong"
            continue
        capitals = token.text == "Ah" and items[name].capital and not items[name].acronym
        if not (capitals or tokens.lowercase) or tokens.place_here(name):
            continue
        if capitals and tokens.tier(name) in ("name", "unknown", "ambiguous"):
            grown.append(Found(token.start, items[name].end, "name"))  # "Ah Kiat", "Ah Boon"
        elif (tokens.tier(name) in ("name", "unknown") and items[name].key not in tokens.lexicon.common) or items[
            name
        ].key in CHINESE_SYLLABLES - {"ah"}:
            grown.append(Found(token.start, items[name].end, "name"))  # "AH KOW", "ah keong", "ah boon"
    return grown


# Messaging someone by name, as fast typists write it: "emailed mark twice", "dm'd kiara", "ask dami".
_MESSAGED = re.compile(
    r"(?<![\w'’-])(?:emailed|e-mailed|texted|messaged|pinged|dm'?d|dmed|dm|whatsapped|wa'?d|rang|phoned|"
    r"ask|asked|thanked|told|chased|chat|hubungi|nanya|tanya)[ \t]+$"
)
# Someone by where they sit, then what they did: "jo from there talent team calls", "bec on the front desk gave".
_SITS_IN = re.compile(
    r"[ \t]+(?:in|from|at|on)[ \t]+(?:(?:the|their|there|our)[ \t]+)?(?:recruitment|hr|human resources|talent|"
    r"people|people ops|reception|front desk|front office|ops|operations|admin|accounts|sales|marketing)"
    r"(?:[ \t]+team)?(?![\w-])"
)
_DEEDS = re.compile(r"[ \t]+(?:calls|called|saying|liked|gave|gives|rang|rings|sent|texted|emailed)(?![\w-])")


def plain_names_by_deed(tokens: TextWords, blocked: set[int]) -> list[Found]:
    """For writers in lower case: a given name messaged ("pinged lachie"), or a name placed in a
    team before what it did ("will in talent saying", "precious from people team liked me")."""
    found = []
    for index, token in enumerate(tokens.items):
        if token.capital or token.start in blocked or not plain_given(tokens, index):
            continue
        if index and tokens.items[index - 1].key in SOME:
            continue  # "some ou from ops": a kind of person, not a name
        messaged = _MESSAGED.search(tokens.low, max(0, token.start - 14), token.start)
        sits = _SITS_IN.match(tokens.low, token.end)
        acted = sits and any(p.match(tokens.low, sits.end()) for p in (ACTS_NEXT, AFTER_NAME, _DEEDS))
        if messaged and (PERSON_NEXT.match(tokens.low, token.end) or _TWICE.match(tokens.low, token.end)) or acted:
            found.append(name_span(tokens, index, index))
    return found


_TWICE = re.compile(r"[ \t]+(?:twice|again|back|and|on|about|but|if|whether|to)(?![\w-])")


def plain_given(tokens: TextWords, index: int) -> bool:
    """A word in lower case that lists know as a given name or not at all ("mark", "lachie", "ty")."""
    token = tokens.items[index]
    tier = tokens.tier(index)
    known = token.key in tokens.lexicon.first_names and tier in ("name", "ambiguous", "context")
    return (
        (known or unlisted(tokens, index))
        and (len(token.key) >= 3 or tier == "name")
        and token.key not in tokens.lexicon.small
        and token.key not in ROLE_WORDS | JOB_ENDS
        and not saying(tokens, index)
        and not tokens.place_here(index)
    )
