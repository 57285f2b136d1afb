"""Street addresses and postcodes: "12 Baker Street", "Jl. Cihampelas No. 160", "SW1A 1AA".

An address is found from a firm anchor (a house number before a street, a street word before a
name and a number, a postcode), then grown over the parts written next to it and separated by a
comma or a space: units and lots ("Suite 210", "Shop 112"), floors ("3rd floor", "Aras 3"),
buildings ("Unity House", "Wisma Perbandaran") and streets named without a number ("Moi Avenue").
A floor or a unit is an anchor too, but only beside a street (or, for a floor, a building): on
its own, "Level 3" or "the 3rd floor" says nothing about where.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import alternation, words
from .text import Found, lower, trim_trailing


def _any_case(key: str) -> str:
    return "(?i:" + alternation(words("addresses", key), flexible_space=False) + ")"


_STREET = alternation(words("addresses", "street_types"), flexible_space=False)
_STREET_ANY_CASE = _any_case("street_types")
_STREET_PREFIX = alternation(words("addresses", "street_prefixes"), flexible_space=False)
_UNIT = _any_case("unit_words")
_FLOOR = _any_case("floor_words")
_HOUSE = r"(?<![\w.,])(?:No\.?\s*)?\d{1,5}[A-Za-z]?(?:[\-/]\d{1,5}[A-Za-z]?)?"
_CAP_WORD = r"[A-Z][\w'’.\-]*"
# A word of a street's or a building's name: capitalised, and not a little word a writer in
# capitals types as well ("OFFICE ON MOI AVENUE").
_NAME_WORD = r"(?!(?i:at|on|in|to|of|the|and|di|ke|kat|near|opposite|their|our|my|office)\b)[A-Z][\w'’\-]*"

# 12 Baker Street, 221B Baker St, PLOT 1042 ADEOLA ODEKU STREET
_HOUSE_STREET = re.compile(rf"{_HOUSE},?\s+(?:{_CAP_WORD}\s+){{1,4}}{_STREET_ANY_CASE}(?!\w)")
# A writer in lower case: "at 42 mill lane", "at unit 4, 23 kuto road" (after a word that says
# where, and with no time or distance between the number and the street word).
_NOT_STREET = alternation(words("addresses", "not_street_names"), flexible_space=False)
_LOWER_HOUSE_STREET = re.compile(  # run on lower-cased text
    rf"(?:\b(?:at|on|to|kat|di|dekat|address|alamat)\b|:)[ \t]+(?:{_UNIT}\.?[ \t]*[\w/\-]+,?[ \t]+)?"
    rf"(?P<address>\d{{1,5}}[a-z]?[ \t]+"
    rf"(?:(?!{_NOT_STREET}\b)[a-z][\w'’\-]*[ \t]+){{1,3}}"
    rf"{alternation(words('addresses', 'lower_case_street_types'), flexible_space=False)})(?!\w)"
)
# 12 Jalan Ampang, No. 5, Jalan SS 2/24, Calle Mayor 3
# The street's name stops before what _ADDRESS_TAIL takes on ("Jalan Sudirman No. 45").
_TAIL_WORD = r"(?:No|Blok|Block|Kav|Kavling|Lot|RT|RW|Kel|Kelurahan|Kec|Kecamatan|Desa)\b"
_PREFIX_STREET = re.compile(rf"{_STREET_PREFIX}\s+[A-Z0-9][\w'’/.\-]*(?:\s+(?!{_TAIL_WORD})[A-Z0-9][\w'’/.\-]*){{0,4}}")
_HOUSE_BEFORE = re.compile(rf"{_HOUSE},?\s+$")
# Hauptstraße 5, Berliner Str. 10
_GERMAN_STREET = re.compile(  # run on lower-cased text
    r"(?:\b[^\W\d_][\w\-]*\s+)?\b[\w\-]*(?:straße|strasse|str\.|weg|platz|allee|gasse)\s+\d{1,4}[a-z]?\b"
)
_GERMAN_HINT = re.compile(r"(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse)\s+\d")

_UNIT_WORD_BEFORE = re.compile(rf"\b{_UNIT}\.?[ \t]*$")  # "Shop 14, Ghumar Mandi Road": 14 is the shop's
_UK_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
_US_ZIP = re.compile(rf"(?<=,)\s*{alternation(words('addresses', 'us_states'))}\s+\d{{5}}(?:-\d{{4}})?\b")
_MY_POSTCODE = re.compile(
    r"\b\d{5}\s+(?:Kuala\s+Lumpur|Petaling\s+Jaya|Shah\s+Alam|Subang\s+Jaya|Johor\s+Bahru|George\s*Town|"
    r"Ipoh|Klang|Cyberjaya|Putrajaya|Puchong|Seremban|Melaka|Kuching|Kota\s+Kinabalu|Penang|"
    r"Pulau\s+Pinang|Selangor|Cheras|Ampang|Kajang|Bangi|Bangsar|Damansara|Johor)\b"
)
# Two address parts with at most a town between them are one address.
_ADDRESS_GAP = re.compile(r"^[\s,]*(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?[\s,]*)?$")
# What follows a street in Indonesia and Malaysia: "No. 17", "Blok C", "Kav. 5", "RT 03/RW 07",
# "Kel. Ancol", "Kec. Pademangan".
_ADDRESS_TAIL = re.compile(
    r"(?:,?[ \t]*(?:No\.?|Blok|Block|Kav\.?|Kavling|Lot|RT|RW|Kel\.?|Kelurahan|Kec\.?|Kecamatan|Desa|Taman)"
    rf"[ \t]*[A-Z0-9][\w./-]*(?:[ \t]+(?!{_TAIL_WORD})[A-Z][\w'’-]*){{0,2}})+"
)

# --- the parts an address grows over ---------------------------------------------------------

_CODE = r"(?:\d[\w/\-]*|[A-Z](?!\w))"  # "210", "14/2", "B"
_FLOOR_PART = (
    rf"(?:(?i:\d{{1,2}}(?:st|nd|rd|th)|ground|first|second|third|top)[ \t]+(?i:floor|flr|fl\b\.?)"
    rf"|{_FLOOR}\.?[ \t]*\d{{1,3}}[A-Za-z]?)(?!\w)"
)
_UNIT_PART = rf"{_UNIT}\.?[ \t]*(?:(?i:no)\.?[ \t]*)?{_CODE}"  # "Suite 210", "Plot No. 45"
_DWELLING_PART = rf"{_any_case('dwelling_units')}\.?[ \t]*(?:(?i:no)\.?[ \t]*)?{_CODE}"
_UNIT_BEFORE = re.compile(rf"\b(?:{_UNIT}|{_FLOOR})\.?\s*{_CODE},?\s*$")
_NAMED_STREET = rf"(?:{_NAME_WORD}[ \t]+){{1,3}}{_STREET_ANY_CASE}(?!\w)"
# Bengaluru's numbered streets: "2nd Cross", "1st Main Road".
_NUMBERED_STREET = r"\d{1,2}(?i:st|nd|rd|th)[ \t]+(?i:cross|main)(?:[ \t]+(?i:road|rd|street|st)\b\.?)?(?!\w)"
_PREFIXED_STREET = rf"{_STREET_PREFIX}[ \t]+[A-Z0-9][\w'’/.\-]*(?:[ \t]+(?!{_TAIL_WORD}){_NAME_WORD}){{0,3}}"
# "jalan ss 21/37": a street word in lower case is a street only with a number in its name.
_LOWER_PREFIXED_STREET = (
    r"(?i:jalan|jln\.?|jl\.?|lorong|lrg\.?|persiaran)[ \t]+(?:[\w/.\-]+[ \t]+){0,2}[\w/.\-]*\d[\w/.\-]*"
)
_BUILDING = (
    rf"(?:(?:{_NAME_WORD}[ \t]+){{1,3}}{_any_case('building_heads')}"
    rf"|{_any_case('building_prefixes')}[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})(?!\w)"
)
_PARTS = {  # on a tie the first kind is taken: a dwelling before a unit
    "floor": re.compile(_FLOOR_PART),
    "dwelling": re.compile(_DWELLING_PART),
    "unit": re.compile(_UNIT_PART),
    "street": re.compile(rf"(?:{_NAMED_STREET}|{_NUMBERED_STREET}|{_PREFIXED_STREET}|{_LOWER_PREFIXED_STREET})"),
    "building": re.compile(_BUILDING),
}
_SEED = re.compile(rf"(?<!\w)(?:{_FLOOR_PART}|{_UNIT_PART})")
# What joins two parts: a comma or a space, and "off" or "near" a street ("14 Ngong Road, off
# Kenyatta Avenue").
_GAP_AFTER = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+)(?:(?i:off|near|along)[ \t]+(?=[A-Z0-9]))?")
_GAP_BEFORE = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+)$")
_WORD_START = re.compile(r"(?<![\w'’.\-])[\w]")
_REACH = 60  # characters looked back for a part before an address


def find_addresses(text: str) -> Iterator[Found]:
    # Every anchor but a floor in words ("the ground floor") has a digit.
    spans = _anchored(text) if any(ch.isdigit() for ch in text) else []
    grown: list[tuple[int, int]] = [_grow(text, start, end)[:2] for start, end in spans]
    for seed in _SEED.finditer(text):
        if any(start <= seed.start() < end for start, end in grown):
            continue
        start, end, kinds = _grow(text, seed.start(), seed.end())
        seed_part = _part_at(text, seed.start())
        parts = kinds | {seed_part[1]} if seed_part else kinds
        # "Unity House 3rd floor" and "Flat 302, Sai Residency" are somewhere; "Block 2, Data
        # Centre" may be a course module.
        if "street" in parts or {"building", "floor"} <= parts or ("dwelling" in parts and len(parts) > 1):
            grown.append((start, end))
    for start, end in _merge(text, grown):
        yield Found(start, end, "address")


def _anchored(text: str) -> list[tuple[int, int]]:
    """Addresses found from a house number, a street word with a number, or a postcode."""
    spans: list[tuple[int, int]] = []
    low = lower(text)
    patterns = [(p, text) for p in (_HOUSE_STREET, _PREFIX_STREET, _UK_POSTCODE, _US_ZIP, _MY_POSTCODE)]
    if _GERMAN_HINT.search(low):
        patterns.append((_GERMAN_STREET, low))
    for pattern, source in patterns:
        for match in pattern.finditer(source):
            found = match.group(0)
            start = match.start() + len(found) - len(found.lstrip())
            if pattern is _PREFIX_STREET:
                if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
                    continue  # "Jalan" inside another word
                house = _HOUSE_BEFORE.search(text, max(0, start - 20), start)
                start = house.start() if house else start
            end = _address_tail(text, match.end()) if pattern is _PREFIX_STREET else match.end()
            if not any(ch.isdigit() for ch in text[start:end]):
                continue
            spans.append((_unit_start(text, start), trim_trailing(text, start, end)))
    for match in _LOWER_HOUSE_STREET.finditer(low):
        start = match.start("address")
        spans.append((_unit_start(text, start), match.end("address")))
    return _merge(text, spans)


def _unit_start(text: str, start: int) -> int:
    """Where an address starts once the unit or floor written before it is counted."""
    unit = _UNIT_BEFORE.search(text, max(0, start - 30), start)
    if unit:
        return unit.start()
    word = _UNIT_WORD_BEFORE.search(text, max(0, start - 12), start)
    return word.start() if word and text[start].isdigit() else start


def _address_tail(text: str, end: int) -> int:
    tail = _ADDRESS_TAIL.match(text, end)
    return trim_trailing(text, end, tail.end()) if tail else end


def _part_at(text: str, pos: int) -> tuple[int, str] | None:
    """The longest address part starting at `pos`: its end and kind."""
    best: tuple[int, str] | None = None
    for kind, pattern in _PARTS.items():
        match = pattern.match(text, pos)
        if match and (best is None or match.end() > best[0]):
            best = (match.end(), kind)
    return best


def _part_before(text: str, end: int) -> tuple[int, str] | None:
    """The longest address part ending at `end`: its start and kind."""
    for word in _WORD_START.finditer(text, max(0, end - _REACH), end):
        for kind, pattern in _PARTS.items():
            if pattern.fullmatch(text, word.start(), end):
                return word.start(), kind
    return None


def _grow(text: str, start: int, end: int) -> tuple[int, int, set[str]]:
    """Grow [start, end) over the address parts written right after and right before it."""
    kinds: set[str] = set()
    for word in _WORD_START.finditer(text, max(start, end - _REACH), end):
        # a part begun inside the address that goes on after it: "7, Green Park | Residency"
        overhang = _PARTS["building"].match(text, word.start())
        if overhang and overhang.end() > end:
            end = overhang.end()
            break
    while gap := _GAP_AFTER.match(text, end):
        part = _part_at(text, gap.end())
        if part is None:
            break
        end, kind = part
        kinds.add(kind)
    while gap := _GAP_BEFORE.search(text, max(0, start - 3), start):
        part = _part_before(text, gap.start())
        if part is None:
            break
        start, kind = part
        kinds.add(kind)
    return start, end, kinds


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or _ADDRESS_GAP.match(text[merged[-1][1] : start])):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
