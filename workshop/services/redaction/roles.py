"""Job titles, departments and programmes: capitalised words that name a role or a scheme, not a person or a firm."""

from __future__ import annotations

import re

from .firm_words import HEADS_AFTER, HEADS_BEFORE, JOINERS, text_before
from .lexicon import words
from .text import fold
from .tokens import TextWords

_ROLE_BEFORE = re.compile(
    r"(?<![\w-])(?:for|as|a|an|the|our|their|new|sebagai|jadi|jawatan|formasi|posisi|lowongan|jabatan)\s+$"
)
_JOB_AFTER = frozenset(fold(w) for w in words("organisations", "job_heads_after"))
_JOB_BEFORE = frozenset(fold(w) for w in words("organisations", "job_heads_before"))
JOB_STARTS = _JOB_BEFORE
_GRADES = frozenset({"i", "ii", "iii", "iv"})  # a grade after a job title
_JOB_ENDING = re.compile(r"(?:ist|ician|keeper|seller|fitter|smith|wright|monger|grapher)$")
# Last words of job titles ("Fleet Manager", "Tour Guide"): the capitalised words before one are
# part of a role, not a person, when nothing else says so.
JOB_ENDS = frozenset(words("organisations", "job_heads_after"))
ROLE_WORDS = frozenset(fold(r.split()[-1]) for r in words("names", "roles"))
_HEADS_OF = frozenset({"head", "dean", "chief", "director", "vp", "chair", "minister", "secretary"}) | JOB_ENDS


# A capitalised run right before one of these names a programme, a course or an exam.
PROGRAMME_AFTER = re.compile(
    r"[ \t]+(?:programmes?|programs?|schemes?|initiatives?|courses?|certificates?|certifications?|"
    r"exams?|examinations?|awards?|bootcamps?|fellowships?|scholarships?|grants?|visas?|"
    r"program\b|kursus|sijil|beasiswa)(?![\w-])"
)


def job_title(tokens: TextWords, first: int, last: int) -> bool:
    """Whether words first..last read as a role: "Field Agronomist", "Staf Pembelian", "Bookkeeper"."""
    items = tokens.items
    while last > first and items[last].key in _GRADES:
        last -= 1  # "Parks Maintenance Worker II", "Analyst III"
    end = items[last].key
    if tokens.tier(first) == "name" and last > first and not _ROLE_BEFORE.search(text_before(tokens, first)):
        return False  # "Sarah Baker", "Tom Cook": a known first name and a surname
    return end in _JOB_AFTER or items[first].key in _JOB_BEFORE or bool(_JOB_ENDING.search(end))


# Departments and public offices named in everyday words: "from Human Resources", "at Home Affairs".
_DEPARTMENTS = frozenset(
    "resources affairs relations operations procurement payroll admissions compliance administration "
    "housekeeping accounts".split()
)


def department(tokens: TextWords, first: int, last: int) -> bool:
    """Whether words first..last name a department in everyday words, not a firm of its own."""
    common = tokens.lexicon.common
    keys = [tokens.items[i].key for i in range(first, last + 1)]
    if keys[-1] not in _DEPARTMENTS or any((k,) in HEADS_AFTER or (k,) in HEADS_BEFORE or k in JOINERS for k in keys):
        return False  # "Department for Rural Affairs" is a body of its own
    return all(k in common for k in keys)


def job_words(tokens: TextWords, index: int) -> bool:
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
    if token.key in JOB_ENDS and index > 0 and items[index - 1].capital and tokens.gap(index - 1, index) == " ":
        previous = items[index - 1]
        return not previous.initial and previous.text.isalpha() and tokens.tier(index - 1) == "unknown"
    return token.key in _JOB_BEFORE and bool(_ROLE_BEFORE.search(tokens.low, 0, token.start))


def in_role(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised words from `index` on end in a job title's last word."""
    items = tokens.items
    last = index
    while last + 1 < len(items) and last - index < 3 and items[last + 1].capital and tokens.gap(last, last + 1) == " ":
        last += 1
        if items[last].key in JOB_ENDS:
            # "Fleet Manager", "for Fleet Manager", "Assistant Branch Manager", but "Sarah Baker" is a person
            opened = index > 0 and items[index - 1].capital and items[index - 1].key in JOB_STARTS
            return (
                tokens.tier(index) != "name"
                or opened
                or bool(_ROLE_BEFORE.search(tokens.low, max(0, items[index].start - 24), items[index].start))
            )
    return False


def before_programme(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised words from `index` on are followed by "programme", "scheme"..."""
    items = tokens.items
    last = index
    while last + 1 < len(items) and last - index < 4 and items[last + 1].capital and tokens.gap(last, last + 1) == " ":
        last += 1
    return bool(PROGRAMME_AFTER.match(tokens.low, items[last].end))


def after_role(tokens: TextWords, index: int) -> bool:
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
    return role.capital and (role.key in JOB_ENDS or role.key in ROLE_WORDS)


def role_goes_on(tokens: TextWords, match: re.Match[str], index: int) -> bool:
    """Whether the capitalised word after a role word continues a job title: "HR Advisor",
    "Supervisor Produksi" (a department after the head, as Indonesian and Malay titles run)."""
    token = tokens.items[index]
    if token.key in JOB_ENDS and tokens.tier(index) != "name":
        return True
    role = tokens.text[match.start() : match.end()].strip()
    if role[-1:].isalpha() and role.split()[-1][:1].isupper() and not tokens.caseless and in_role(tokens, index):
        return True  # "the Assistant Branch Manager post": a title's middle word, however it is a surname
    kin = re.sub(r"(?:-?(?:nya|ku|mu))$", "", role.split()[-1].lower().rstrip(",:(-–—")) in _KIN
    if not kin and (
        index in tokens.phrase_places or (index in tokens.places and token.key not in tokens.lexicon.first_names)
    ):
        return True  # "Product Manager, San Francisco": where the job is (not "temenku Anggi")
    bracketed = role.endswith("(") and role.split()[0][:1].isupper() and not tokens.caseless
    if bracketed and tokens.tier(index) != "name" and token.key in tokens.lexicon.common:
        return True  # "Vice Principal (Academics)": a job title's field in brackets, not "(Lachie)"
    joined = (
        tokens.text[token.start - 1 : token.start] == " "
        and not role.endswith((",", ":", "(", "-"))
        and tokens.at.get(match.end()) == index  # not past an owner: "Kawan baik aku Bunga"
    )
    return (
        joined
        and not tokens.caseless
        and role[-1:].isalpha()
        and role.split()[-1][:1].isupper()
        and tokens.tier(index) != "name"
        and token.key in tokens.lexicon.common
    )


# Friends and relatives: what follows them is a person, even a word that is a town's name too.
_KIN = frozenset(
    "friend friends mate buddy bestie bro sis cousin neighbour neighbor classmate roommate housemate flatmate "
    "husband wife temen teman kawan sahabat sepupu suami istri isteri".split()
)


# Street types that follow a street's name ("Smith St", "Kenyatta Avenue"); not "Lane", "Way",
# "Park", "Green" or "Hill", which are family names too.
_STREET_AFTER = re.compile(r"[ \t]+(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Crescent|Highway|Hwy)\b\.?")
# Where a street is named: "down Smith St", "on Kenyatta Avenue", "at 12 Ngong Road".
_ALONG = re.compile(
    r"(?<![\w-])(?:down|up|on|along|off|at|in|near|from|to|via|onto|across|opposite)[ \t]+(?:\d+[ \t]+)?$"
)
# Units inside an Indonesian or Malay employer: "Bidang Keperawatan", "Bagian Umum", "Tata Usaha".
_UNIT = re.compile(r"(?:Bidang|Bagian|Bahagian|Seksi|Subbagian|Sub Bagian|Divisi|Suku Dinas|Tata Usaha)\b")


# A firm's site named by its street: "their Collins St office", "the George Street branch".
_SITE_AFTER = re.compile(
    r"[ \t]+(?:office|offices|branch|store|shop|site|campus|outlet|location|depot|warehouse)(?![\w-])"
)
# Indonesian and Malay streets name the kind of street first: "di Jalan Veteran", "Jl. Sudirman".
_STREET_BEFORE = re.compile(r"(?<![\w-])(?:Jalan|Jl|Jln|Gang|Gg|Lorong|Lrg|Persiaran|Lebuh)\.?[ \t]+$")


def street_or_unit(tokens: TextWords, start: int, end: int) -> bool:
    """Whether a capitalised run taken for a person is a street ("walking down Smith St", "di
    Jalan Veteran") or a unit of an employer ("dari Bidang Keperawatan", "staf Tata Usaha"); not "Mr Lane", "Sarah
    Street", where a title or a given name says a person is meant."""
    text = tokens.text
    if _UNIT.match(text, start) or _STREET_BEFORE.search(text, max(0, start - 12), start):
        return True
    first = tokens.at.get(start)
    if first is None or tokens.is_title(first):
        return False
    inside = [t for t in tokens.items[first:] if t.end <= end]
    street = _STREET_AFTER.match(text, end)
    if (len(inside) > 1 and _STREET_AFTER.fullmatch(" " + inside[-1].text) and _SITE_AFTER.match(tokens.low, end)) or (
        street and _SITE_AFTER.match(tokens.low, street.end())
    ):
        return True  # "their Collins St office", "the George Street branch": where a firm works
    if not _ALONG.search(tokens.low, max(0, start - 24), start):
        return False
    if _STREET_AFTER.match(text, end):
        return True
    return len(inside) > 1 and bool(_STREET_AFTER.fullmatch(" " + inside[-1].text))
