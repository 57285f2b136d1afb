"""Employers named in a list: "the big ones like Corvane, Meridian Mutual and Stackhaus",
"northpoint health, castellan bank and dunmore". A list is made of things of one kind, so the
items beside an employer the other rules found are employers too, and so are the items after
"companies like", "telcos such as". An item is a short stretch of words between commas, "and"
or "or" that holds no job, no title and no place on its own ("Dispatch Supervisor and Admin
Officer" is a list of jobs; "Lagos and Abuja" one of towns).
"""

from __future__ import annotations

import bisect
import re

from .firm_words import AFTER_ENDS, CALENDAR, Judge
from .roles import JOB_ENDS, ROLE_WORDS
from .text import Found
from .tokens import TextWords

# What joins two items of a list, in the languages of the room: before an item and after one.
_JOIN = r"(?:[ \t]*,[ \t]*(?:(?:and|or|dan|atau|n)[ \t]+)?|[ \t]+(?:and|or|dan|atau|n)[ \t]+)"
_JOIN_AFTER = re.compile(_JOIN + "$")
_JOIN_BEFORE = re.compile("^" + _JOIN)
# A kind of employer in the plural, then "like": "telcos like", "the big ones such as".
_KIND_LIKE = re.compile(
    r"(?<![\w-])(?:companies|firms|places|telcos|banks|brands|startups|start-ups|agencies|hotels|restaurants|"
    r"chains|employers|hospitals|schools|clinics|names|ones|syarikat|perusahaan)[ \t]+"
    r"(?:like|such as|including|e\.g\.|macam|seperti|kayak|kaya)[ \t]+"
)
# Words around an item that are no part of it: "even the shire of kalgarra", "dunmore mostly".
_OPENERS = frozenset("even also the like maybe plus then and or n dan atau".split())
_CLOSERS = frozenset("mostly too also again lah la lor je pun".split())
_JOINERS = frozenset({"of", "&", "and"})
_WHERE_ENDS = frozenset("office branch outlet hq headquarters cabang cawangan depot campus site".split())
_DETERMINERS = frozenset("the a an those these this that my our their his her some any".split())
_LIST_WORDS = frozenset("and or dan atau n".split())
_LONGEST = 4
_ROUNDS = 8


def firms_in_lists(judge: Judge, found: list[Found]) -> list[Found]:
    """Items of a list beside an employer in `found`, or after "companies like"."""
    tokens = judge.tokens
    seeds = [f for f in found if f.kind == "employer"]
    added: list[Found] = []
    for match in _KIND_LIKE.finditer(tokens.low):
        index = tokens.next_index(match.end())
        item = None if index is None else _item_from(judge, index, forward=True)
        if item is not None:
            added.append(item)
    for index in range(1, len(tokens.items)):
        head = _headed_item(judge, index)
        if head is not None and not any(_overlap(head, f) for f in [*found, *added]):
            added.append(head)
    seeds.extend(added)
    for _ in range(_ROUNDS):
        fresh = []
        for seed in seeds:
            for item in (_neighbour(judge, seed, forward=True), _neighbour(judge, seed, forward=False)):
                if item is not None and not any(_overlap(item, f) for f in [*found, *added, *fresh]):
                    fresh.append(item)
        if not fresh:
            break
        added.extend(fresh)
        seeds = fresh
    return added


def _headed_item(judge: Judge, index: int) -> Found | None:
    """A list item of a word of its own and a head noun, typed in lower case: "castellan bank"
    in "northpoint health, castellan bank and dunmore" (the list says it is no everyday bank)."""
    tokens = judge.tokens
    items = tokens.items
    word, head = items[index - 1], items[index]
    if not tokens.lowercase or tokens.caseless or head.key not in AFTER_ENDS or tokens.gap(index - 1, index) != " ":
        return None
    if word.key in tokens.lexicon.common or word.key in tokens.lexicon.small or len(word.key) < 3:
        return None
    if index > 1 and items[index - 2].key in _DETERMINERS:
        return None  # "those dot books": a kind of thing, not a firm
    if index - 1 in tokens.places or tokens.tier(index - 1) == "never":
        return None
    before, after = _joins(tokens, word.start, head.end)
    if not (before and after or _and_or(before) or _and_or(after)):
        return None
    return Found(word.start, head.end, "employer")


def _and_or(join: re.Match[str] | None) -> bool:
    """Whether a join holds a word ("and", "or", "dan"), which makes a list of two."""
    return join is not None and bool(set(join.group(0).replace(",", " ").split()) & _LIST_WORDS)


def _overlap(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def _joins(tokens: TextWords, start: int, end: int) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The joins of a list right before and right after the text between `start` and `end`."""
    before = _JOIN_AFTER.search(tokens.low[max(0, start - 12) : start])
    after = _JOIN_BEFORE.match(tokens.low[end : end + 12])
    return before, after


def _neighbour(judge: Judge, seed: Found, *, forward: bool) -> Found | None:
    """The list item right after (or before) `seed`, if a list joins them. A comma alone makes
    a list only with a third item ("Palmgrove Hotel, Victoria Island" is where the hotel is)."""
    tokens = judge.tokens
    if tokens.caseless:
        return None  # in capitals any run of words looks like a name
    item = _neighbour_item(judge, seed, forward=forward)
    if item is None or tokens.text[seed.start].isupper() != tokens.text[item.start].isupper():
        return None  # "Payhub Nusantara, soalnya sebenernya gampang": a list keeps to one case
    before, after = _joins(tokens, seed.start, seed.end)
    if not (after if forward else before).group(0).strip().startswith(","):
        return item  # "and", "or" join two items
    # a third item, on either side: "orchidpay, sgshield insurance, loopcart"
    third = [_neighbour_item(judge, item, forward=forward), _neighbour_item(judge, seed, forward=not forward)]
    return item if any(third) else None


def _neighbour_item(judge: Judge, found: Found, *, forward: bool) -> Found | None:
    """The item a join puts right after (or before) `found`, without looking further."""
    tokens = judge.tokens
    before, after = _joins(tokens, found.start, found.end)
    join = after if forward else before
    if not join:
        return None
    if forward:
        index = tokens.next_index(found.end + join.end())
    else:
        index = _token_ending_at(
            tokens, found.start - (len(tokens.low[max(0, found.start - 12) : found.start]) - join.start())
        )
    return None if index is None else _item_from(judge, index, forward=forward)


def _token_ending_at(tokens: TextWords, offset: int) -> int | None:
    """The word that ends at `offset`, if one does."""
    index = bisect.bisect_left([token.end for token in tokens.items], offset)
    return index if index < len(tokens.items) and tokens.items[index].end == offset else None


def _item_from(judge: Judge, index: int, *, forward: bool) -> Found | None:
    """The item of up to four words that starts (or ends) at word `index`."""
    tokens = judge.tokens
    items = tokens.items
    words = [index]
    step = 1 if forward else -1
    while len(words) < _LONGEST + 2:
        nxt = words[-1] + step
        if not 0 <= nxt < len(items):
            break
        left, right = sorted((words[-1], nxt))
        if tokens.gap(left, right) not in (" ", " & "):
            break
        if items[nxt].key in ("and", "or", "dan", "atau", "n") and tokens.gap(left, right) == " ":
            break
        words.append(nxt)
    words.sort()
    while words and items[words[0]].key in _OPENERS:
        words = words[1:]
    while words and (items[words[-1]].key in _CLOSERS or items[words[-1]].key in _JOINERS):
        words = words[:-1]
    if not words or len(words) > _LONGEST or not _firm_like(judge, words):
        return None
    return Found(items[words[0]].start, items[words[-1]].end, "employer")


def _firm_like(judge: Judge, words: list[int]) -> bool:
    """Whether the words can be an employer's name in this story's case: capitalised (or typed
    the way the writer types everything), no job, title, day or place alone, one word of its own."""
    tokens = judge.tokens
    items = tokens.items
    lexicon = tokens.lexicon
    named = [i for i in words if items[i].key not in _JOINERS]
    if not named:
        return False
    if not tokens.lowercase and not all(items[i].capital for i in named):
        return False
    if any(items[i].key in JOB_ENDS | ROLE_WORDS and items[i].key not in AFTER_ENDS for i in named):
        return False  # "Dispatch Supervisor", "the recruiter"
    if any(tokens.is_title(i) or items[i].key in CALENDAR for i in named):
        return False
    if items[named[-1]].key in _WHERE_ENDS:
        return False  # where the firm is: "mwangaza insurance, upper hill office, claims assistant"
    if any(i in tokens.places or i in tokens.phrase_places for i in named) and not any(
        items[i].key in AFTER_ENDS for i in named
    ):
        return False  # a town, or a branch and its town: "gwarinpa abuja", "nagpur hq"
    if any(items[i].key in lexicon.small for i in named):
        return False
    own = [
        i
        for i in named
        if items[i].key not in lexicon.common
        or items[i].key in AFTER_ENDS
        or (items[i].capital and tokens.tier(i) in ("name", "unknown"))
    ]
    return bool(own) and all(len(items[i].key) > 1 or items[i].acronym for i in named)
