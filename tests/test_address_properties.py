"""Street addresses, written with whatever parts people put in them: the whole address is
hidden as one detail, and the town after it stays readable. Hypothesis builds the addresses
from units, floors, buildings, house numbers and streets, in Title case, capitals or lower case.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.services.redaction import redact

STREETS = ["Harbour", "Kestrel", "Adeola Odeku", "Moi", "Tun Razak", "Glenwood", "Lagoon", "Ngong", "Awolowo"]
STREET_WORDS = ["Street", "Road", "Rd", "Avenue", "Lane", "Drive", "Crescent"]
UNITS = ["Suite", "Unit", "Shop", "Lot", "Plot", "Flat", "Kiosk"]
BUILDINGS = [
    "Unity House",
    "Bazaar Plaza",
    "Kenanga Tower",
    "Harbour Centre",
    "Menara Kenanga",
    "Wisma Perdana",
    "Sai Residency",
    "Palm Enclave",
]
HOMES = ["Flat", "Plot", "Shop", "Suite", "Apt", "Plot No."]
ORDINALS = ["1st", "2nd", "3rd", "4th", "11th", "22nd"]
TOWNS = ["Nairobi", "Leeds", "Cairns", "Kampala", "Surabaya", "Eldoret", "Geelong"]
OPENINGS = ["Their office is at", "The test was at", "I went to the branch at", "Panel was held at"]

numbers = st.integers(min_value=1, max_value=999).map(str)
units = st.tuples(st.sampled_from(UNITS), numbers).map(" ".join)
floors = st.one_of(
    st.sampled_from(["2nd floor", "3rd Floor", "4th floor", "11th Floor", "ground floor"]),
    st.tuples(st.sampled_from(["Level", "Aras", "Lantai", "Tingkat"]), st.integers(1, 40).map(str)).map(" ".join),
)
house_streets = st.tuples(numbers, st.sampled_from(STREETS), st.sampled_from(STREET_WORDS)).map(" ".join)
named_streets = st.tuples(st.sampled_from(STREETS), st.sampled_from(STREET_WORDS)).map(" ".join)


@st.composite
def addresses(draw) -> str:
    """An address in one of the shapes people write them in."""
    shape = draw(
        st.sampled_from(["house", "street-building-floor", "building-floor-street", "home-building", "numbered"])
    )
    if shape == "house":
        parts = [draw(house_streets)]
        if draw(st.booleans()):
            parts.insert(0, draw(units))
        if draw(st.booleans()):
            parts.append(draw(st.one_of(units, floors)))
        return ", ".join(parts)
    building = draw(st.sampled_from(BUILDINGS))
    if shape == "home-building":  # "Flat 302, Sai Residency"
        return f"{draw(st.sampled_from(HOMES))} {draw(numbers)}, {building}"
    if shape == "numbered":  # "No. 12, 2nd Cross", "3rd Floor, Prestige Towers, 1st Main Road"
        street = f"{draw(st.sampled_from(ORDINALS))} {draw(st.sampled_from(['Cross', 'Main', 'Main Road']))}"
        before = draw(st.one_of(st.just(f"No. {draw(numbers)}"), st.just(f"{draw(floors)}, {building}")))
        return f"{before}, {street}"
    floor = draw(floors)
    street = draw(named_streets)
    if shape == "street-building-floor":
        return f"{street}, {building} {floor}"
    return f"{building}, {floor}, {street}"


def hidden_whole(text: str, piece: str) -> list:
    result = redact(text)
    start = text.index(piece)
    return [s for s in result.spans if s.start <= start and start + len(piece) <= s.end and s.kind == "address"]


@settings(max_examples=250, deadline=None)
@given(
    opening=st.sampled_from(OPENINGS),
    address=addresses(),
    town=st.sampled_from(TOWNS),
    case=st.sampled_from(["as typed", "capitals"]),
)
def test_an_address_is_hidden_whole_and_its_town_stays(opening, address, town, case):
    text = f"{opening} {address}, {town}. They said they would call."
    if case == "capitals":
        text, address, town = text.upper(), address.upper(), town.upper()
    result = redact(text)
    assert hidden_whole(text, address), f"{address!r} not hidden as one address: {result.redacted!r}"
    assert town in result.redacted, f"the town was hidden: {result.redacted!r}"
    assert "They said they would call." in result.redacted or case == "capitals"


@settings(max_examples=150, deadline=None)
@given(
    number=numbers,
    street=st.sampled_from(["harbour", "kestrel", "mill", "copper", "kuto", "glenwood"]),
    word=st.sampled_from(["street", "road", "rd", "lane", "avenue", "drive", "crescent"]),
    unit=st.one_of(st.none(), units.map(str.lower)),
    town=st.sampled_from([t.lower() for t in TOWNS]),
)
def test_a_lower_case_writers_address_is_hidden_whole(number, street, word, unit, town):
    address = f"{number} {street} {word}" if unit is None else f"{unit}, {number} {street} {word}"
    text = f"the interview was at {address} in {town} and it went ok"
    result = redact(text)
    assert hidden_whole(text, address), f"{address!r} not hidden as one address: {result.redacted!r}"
    assert f"in {town} and it went ok" in result.redacted


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(min_value=2, max_value=90).map(str),
    unit=st.sampled_from(["minute", "minutes", "hour", "hours", "day", "km", "mile", "more"]),
    word=st.sampled_from(["drive", "road", "lane", "street", "avenue"]),
    floor=floors,
)
def test_times_distances_and_lone_floors_are_no_address(count, unit, word, floor):
    text = f"It was at {count} {unit} {word} trip, then the {floor} and Level {count} support."
    assert not [s for s in redact(text).spans if s.kind == "address"], redact(text).redacted
