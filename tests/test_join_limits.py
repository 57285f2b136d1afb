"""One person cannot lock out the room (issue 11, attack 7): wrong join codes are limited per
browser and per address, and a phone that has joined is never limited at all.

These tests run with the shipped limits (workshop/config.py), not test-sized ones, so they
show that the defaults carry a room of 300 behind one Wi-Fi address.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workshop.config import Config
from workshop.extensions import db
from workshop.models import Participant, Phase

from .helpers import sid

ROOM = 300


@pytest.fixture
def app_config(app_config):
    return app_config | {"RATELIMIT_ENABLED": True}


@pytest.fixture
def code(make_coach, make_workshop) -> str:
    return make_workshop(make_coach(), phase=Phase.REFLECT).join_code


def wrong(n: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "ZZ" + "".join(letters[n // 24**i % 24] for i in range(4))


def per_minute(limit: str) -> int:
    return int(limit.split(";")[0].split()[0])


def people() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def test_a_room_of_300_keeps_joining_while_one_phone_hammers_wrong_codes(app, code):
    hammer = app.test_client()
    hammered, joined, phones = [], [], []
    for i in range(ROOM):
        phone = app.test_client()
        if i % 10 == 0:  # one in ten mistypes the code first
            assert phone.post("/join", data={"code": wrong(10_000 + i)}).status_code == 422
        found = phone.post("/join", data={"code": code.lower()})
        assert found.status_code == 303, (i, found.status_code)
        assert phone.get(found.headers["Location"]).status_code == 200  # the join page
        joined.append(phone.post(f"/w/{code}/join").status_code)
        for n in range(3):  # meanwhile one phone keeps guessing
            hammered.append(hammer.post("/join", data={"code": wrong(3 * i + n)}).status_code)
        phones.append(phone)

    assert joined == [200] * ROOM and people() == ROOM
    allowed = per_minute(Config.JOIN_RATE_LIMIT)
    assert hammered == [422] * allowed + [429] * (3 * ROOM - allowed)
    assert hammer.post("/join", data={"code": code}).status_code == 429  # that browser waits
    for phone in phones[::7]:
        assert phone.get(f"/w/{code}/").status_code == 200
        assert phone.get(f"/w/{code}/", headers={"HX-Request": "true"}).status_code == 200


def test_phones_that_joined_keep_working_when_a_script_spends_the_address(app, code):
    """A script that drops its cookies is stopped by the address budget; that also stops
    newcomers on the same address for a while (README), but never a phone already in."""
    workshop_phones = [join_phone(app, code) for _ in range(3)]
    limit = per_minute(Config.JOIN_ADDRESS_RATE_LIMIT)
    statuses = [app.test_client().post("/join", data={"code": wrong(n)}).status_code for n in range(limit + 5)]
    assert statuses == [422] * limit + [429] * 5
    assert app.test_client().post(f"/w/{code}/join").status_code == 429  # a newcomer waits
    for phone in workshop_phones:
        assert phone.get(f"/w/{code}/").status_code == 200
        assert phone.get(f"/w/{code}/", headers={"HX-Request": "true"}).status_code == 200
        assert phone.post(f"/w/{code}/join").status_code == 303  # a second tap goes home
        assert phone.get(f"/w/{code}/recover").status_code == 200
        saved = phone.post(f"/w/{code}/checkin", data={"moment": "before", "confidence": "3", "submission_id": sid()})
        assert saved.status_code == 303


def test_a_phone_that_joined_never_counts_against_the_room(app, code):
    """Its wrong recovery codes are the recovery limit's business, not the join budget's."""
    phone = join_phone(app, code)
    for n in range(per_minute(Config.JOIN_ADDRESS_RATE_LIMIT)):
        typo = phone.post(f"/w/{code}/recover", data={"recovery_code": f"AAAA-{wrong(n)[2:]}"})
        assert typo.status_code in (422, 429)  # the recovery limit may step in; the join budget must not
    newcomer = app.test_client()
    assert newcomer.post(f"/w/{code}/join").status_code == 200


def test_a_browser_keeps_its_device_cookie_and_nothing_else_is_in_it(app, code):
    browser = app.test_client()
    browser.post("/join", data={"code": wrong(1)})
    cookie = browser.get_cookie(app.config["DEVICE_COOKIE_NAME"])
    assert cookie is not None and cookie.path == "/" and cookie.http_only
    browser.post("/join", data={"code": wrong(2)})
    assert browser.get_cookie(app.config["DEVICE_COOKIE_NAME"]).value == cookie.value
    assert browser.post(f"/w/{code}/join").status_code == 200
    stored = [str(row) for table in db.metadata.sorted_tables for row in db.session.execute(select(table))]
    assert stored and not any(cookie.value in row for row in stored)  # it only ever counts wrong codes


def join_phone(app, code):
    phone = app.test_client()
    assert phone.post(f"/w/{code}/join").status_code == 200
    return phone
