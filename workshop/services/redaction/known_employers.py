"""Employers everyone knows, named in any case: "two years at royal mail", "interview sama Telkomsel".

The names come from workshop/data/redaction_known_employers.txt, written by hand from general
knowledge for the countries Rebound's participants come from; no story inspired an entry. A
name that is an everyday word too ("Shell", "Target") is marked "~" there and counts only when
its writer capitalised it away from a sentence's start. A firm's product after its name
("Google Docs", "Microsoft Teams"), and a name after "on" or "via" ("sold on Shopee"), are the
thing people use, which stays visible like the tools in redaction_not_names.toml. Initials
listed in capitals ("BRI") count in capitals, or in a story typed in lower case. Right after the
job done or sought there, a name that is an everyday word counts in any case ("my interview at
target today", "A DRIVER SPOT AT UPS").
"""

from __future__ import annotations

import re
from functools import cache

from .firm_words import AFTER_ENDS, SUFFIXES
from .lexicon import lines, name_lexicon
from .text import Found, normalise
from .tokens import TextWords, word_keys

_FILE = "redaction_known_employers.txt"
# What follows a firm's name when its product or a verb is meant ("NHS Jobs", "google it").
_PRODUCTS = frozenset(
    "docs sheets slides meet drive maps forms form analytics ads cloud workspace classroom teams excel word "
    "outlook powerpoint azure certificate certification certified scholarship play app pay wallet prime music "
    "jobs phone it ux data watch mall plaza city check order orders return returns voucher points card".split()
)
# Before a name of something used, not worked for.
_USED_ON = re.compile(r"(?<![\w-])(?:on|via|using|pakai|guna|lewat)[ \t]+$", re.IGNORECASE)
# A job, its rounds or its years right before "at" or "with", or applying to or working for: the
# name after it is the firm's, in any case ("interview at target", "3 rounds with grab", "kerja di grab").
_WORKED_AT = re.compile(
    r"(?<![\w-])(?:(?:interview|interviewed|job|role|position|shift|spot|gig|trial|rounds?|worked|working|work|"
    r"kerja|applied|internship|placement|stint|years|months|temuduga|magang)[ \t]+(?:at|with|kat|di|sa)"
    r"|(?:apply|applied|applying)[ \t]+(?:to|for)|(?:work|worked|working|works)[ \t]+for)[ \t]+$"
)
_LONGEST = 6
_FIRM_ENDS = AFTER_ENDS | SUFFIXES


@cache
def known_employers() -> tuple[dict[tuple[str, ...], bool], frozenset[str], frozenset[tuple[str, ...]]]:
    """Folded word tuples of the listed names, each with whether it is an everyday word too; the
    first words of all of them; and the names written in capitals ("BRI", "TCS")."""
    names: dict[tuple[str, ...], bool] = {}
    initials: set[tuple[str, ...]] = set()
    tools = name_lexicon().tools
    for line in lines(_FILE):
        wordy = line.startswith("~")
        name = normalise(line.lstrip("~ "))
        key = tuple(word_keys(name))
        # a name that opens with a figure ("7-Eleven") would be looked for by its words alone
        if key and name[0].isalpha() and not (len(key) == 1 and key[0] in tools):
            names[key] = wordy or names.get(key, False)
            if len(key) == 1 and name.isupper():
                initials.add(key)
    return names, frozenset(key[0] for key in names), frozenset(initials)


def find_known_employers(tokens: TextWords) -> list[Found]:
    """Every mention of a listed employer, longest name first."""
    names, starts, initials = known_employers()
    items = tokens.items
    found: list[Found] = []
    index = 0
    while index < len(items):
        size = _longest_at(tokens, index, names, starts)
        if size:
            last = index + size - 1
            key = _key(tokens, index, last)
            if _meant_as_employer(tokens, index, last, names[key]) and _written_as_listed(
                tokens, index, key in initials
            ):
                found.append(Found(items[index].start, items[last].end, "employer"))
            index = last + 1
        else:
            index += 1
    return found


def known_product(tokens: TextWords, found: Found) -> bool:
    """Whether a span another detector took for a person's name is a listed firm's product:
    the firm's name, then words that name products ("di Google Docs", "my Apple Watch"), not
    any capitalised word ("Kai Delaney asked" is a person)."""
    names, starts, _ = known_employers()
    items = tokens.items
    first = tokens.at.get(found.start)
    if first is None:
        return False
    size = _longest_at(tokens, first, names, starts)
    inside = [i for i in range(first, len(items)) if items[i].end <= found.end]
    rest = inside[size:] if size else []
    return bool(rest) and all(items[i].key in _PRODUCTS or items[i].key in tokens.lexicon.tools for i in rest)


def _key(tokens: TextWords, first: int, last: int) -> tuple[str, ...]:
    return tuple(tokens.items[i].key for i in range(first, last + 1))


def _longest_at(tokens: TextWords, index: int, names: dict, starts: frozenset[str]) -> int:
    items = tokens.items
    if items[index].key not in starts:
        return 0
    for size in range(min(_LONGEST, len(items) - index), 0, -1):
        last = index + size - 1
        joined = all(_joins(tokens.gap(i, i + 1)) for i in range(index, last))
        if joined and _key(tokens, index, last) in names:
            return size
    return 0


def _joins(gap: str) -> bool:
    """Words of one name: a space, "&", a hyphen or a full stop between them ("J. P. Morgan")."""
    return gap.replace(" ", "") in ("", "&", "-", ".", "'", "’") and "\n" not in gap


def _meant_as_employer(tokens: TextWords, first: int, last: int, wordy: bool) -> bool:
    items = tokens.items
    if last + 1 < len(items) and tokens.gap(last, last + 1) == " " and _product_next(tokens, last + 1):
        return False
    if first == last and tokens.place_here(first):
        return False  # "Bright Minds Tutoring Centre in Hilton"
    if _USED_ON.search(tokens.text, max(0, items[first].start - 10), items[first].start):
        return False
    if not wordy:
        return True
    head = items[first]
    if _WORKED_AT.search(tokens.low, max(0, head.start - 40), head.start):
        return True  # "my interview at target today", "3 rounds with grab": the job says which
    return head.capital and not tokens.lowercase and not head.initial


def _product_next(tokens: TextWords, index: int) -> bool:
    """A product or a longer name goes on after the firm's: "Google UX Design Certificate",
    "Apple Watch", "google ux cert" (a place or a firm's head noun does not: "Jollibee Cubao")."""
    token = tokens.items[index]
    if token.key in _PRODUCTS or token.key in tokens.lexicon.tools:
        return True
    return token.capital and index not in tokens.places and token.key not in _FIRM_ENDS


def _written_as_listed(tokens: TextWords, index: int, initials: bool) -> bool:
    """Initials are a firm's in capitals, or in a story typed in lower case ("di bri"); capitalised
    like a name, they are a name ("my uncle Bri")."""
    token = tokens.items[index]
    return not initials or token.acronym or tokens.caseless or (tokens.lowercase and not token.capital)
