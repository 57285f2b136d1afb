"""Where the writer worked, trialled or applied, named between "at" and a town: "a trial shift at
little wren in fitzroy", "barista kat bread and butter co in damansara", "Sous Chef at Ouma se
Kombuis in Stellenbosch". A job just before "at" and a known place just after "in" leave little
else for the words between to be than the workplace's own name, whatever words it is made of.
"""

from __future__ import annotations

import re

from .firm_words import AFTER_ENDS, KINDS_OF_FIRM, Judge
from .roles import JOB_ENDS
from .text import Found
from .tokens import TextWords

# The job, shift or application right before "at": "barista at", "trial shift at", "applied at".
_JOB_WORDS = JOB_ENDS | frozenset(
    "job jobs post role position shift trial interview internship placement gig vacancy opening work worked "
    "working apply applied temping temped volunteered volunteering locum contract audition attachment stint "
    "learnership apprenticeship assessment "
    # Indonesian and Malay: "kerja di", "magang di", "temuduga kat"
    "kerja bekerja magang temuduga wawancara daftar melamar lamar kurir executive eksekutif".split()
)
_AT = frozenset({"at", "kat", "di"})
_WHERE = frozenset({"in", "near", "outside", "di", "kat", "dekat"})
# A branch after the name, wherever it is: "kurir di kilat antar nusantara cabang depok".
_BRANCHES = frozenset({"cabang", "cawangan", "outlet", "branch"})
# Words that end the stretch between "at" and the town: the sentence goes on, it names nothing.
_BREAKERS = frozenset(
    "in on for with as to from by was is were are i me my we they he she it you our their his her when where "
    "because but so since until after before last this that during while if then also "
    # where, said before the town: "Harbor Lights Community Services up in the Bronx"
    "up down over out there here back right all way".split()
)
# What opens a description, not a name: "at a small cafe in", "at my old school in".
_DESCRIBERS = frozenset("a an my our his her their your this that one some another sebuah satu suatu".split())
_KINDS = KINDS_OF_FIRM | AFTER_ENDS
_JOINS = re.compile(r"^(?: | & |['’]|-)$")
_SAINT = frozenset({"st", "sta", "sto", "mt"})  # "at st. george's hss in thiruvalla"
_LONGEST = 5


def find_workplaces(judge: Judge) -> list[Found]:
    """Workplaces named between a job and "at" ("di", "kat"), and "in" or "near" and a known town,
    or a branch."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []
    for at, token in enumerate(items[1:-2], start=1):
        if token.key not in _AT or items[at - 1].key not in _JOB_WORDS:
            continue
        if tokens.gap(at - 1, at) != " " or tokens.gap(at, at + 1) != " ":
            continue
        first, last = at + 1, _before_town(tokens, at + 1)
        if last is None or not _a_name(judge, range(first, last + 1)):
            continue
        if items[first].key == "the" and not items[first].capital and first < last and items[first + 1].capital:
            first += 1  # "at the University of the Highveld": the article is the sentence's, before capitals
        found.append(Found(items[first].start, items[last].end, "employer"))
    return found


def _before_town(tokens: TextWords, first: int) -> int | None:
    """The last word before "in <town>", "near <town>" or "branch", if that comes within a few words."""
    items = tokens.items
    for index in range(first, min(first + _LONGEST + 1, len(items) - 1)):
        if items[index].key in _BRANCHES and index > first and tokens.gap(index - 1, index) == " ":
            last = index - 1
            while last >= first and last in tokens.places:
                last -= 1  # "Afya Bora Medical Centre | Thika branch": the branch's town is no part of the name
            return last if last >= first else None
        if items[index].key in _WHERE and index > first:
            town = index + 1
            if tokens.gap(index, town) == " " and town in tokens.places and tokens.gap(index - 1, index) == " ":
                return index - 1
            return None
        gap = tokens.gap(index - 1, index) if index > first else " "
        if items[index].key in _BREAKERS or not (_JOINS.match(gap) or gap == ". " and items[index - 1].key in _SAINT):
            return None
    return None


def _a_name(judge: Judge, span: range) -> bool:
    """Whether the words between "at" and the town can be a workplace's own name: not a kind of
    place ("the bakery", "home", "night"), not a town, not a description ("a little agency")."""
    tokens = judge.tokens
    items = tokens.items
    keys = [items[i].key for i in span]
    if keys[0] in _DESCRIBERS or all(i in tokens.places for i in span if len(items[i].key) > 1):
        return False
    own = span[1:] if keys[0] == "the" else span
    if len(own) == 1:  # "at home", "at the weekend": an everyday word is no workplace's whole name
        key = items[own[0]].key
        return key not in judge.lexicon.common and key not in _KINDS and tokens.tier(own[0]) != "never"
    if keys[0] == "the" and keys[-1] in _KINDS and all(k in judge.lexicon.common for k in keys):
        return False  # "at the local bakery in": which one, not its name
    return not any(k in JOB_ENDS for k in keys)
