"""Guessing join codes and recovery codes: slowed down, with a message a person understands.

Rate limits are on here (they are off in the default test configuration), with small
numbers so the tests stay quick. A whole room shares one Wi-Fi address, so only failed
attempts count (per browser here; the address budget is tests/test_join_limits.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Phase, Workshop

from .helpers import snapshot

LIMIT = 5

# Every way a stranger can try a join code, and the recovery form.
GUESSES = {
    "join form": ("POST", "/join", lambda code: {"code": code}),
    "join link": ("GET", "/join?code={}", None),
    "workshop page": ("GET", "/w/{}/", None),
    "join button": ("POST", "/w/{}/join", None),
    "recovery page": ("GET", "/w/{}/recover", None),
    "recovery form": ("POST", "/w/{}/recover", lambda code: {"recovery_code": "AAAA-BBBB"}),
}


@pytest.fixture
def app_config(app_config):
    return app_config | {
        "RATELIMIT_ENABLED": True,
        "JOIN_RATE_LIMIT": f"{LIMIT} per minute",
        "RECOVER_RATE_LIMIT": f"{LIMIT} per minute",
    }


@pytest.fixture
def code(make_coach, make_workshop) -> str:
    return make_workshop(make_coach(), phase=Phase.REFLECT).join_code


def guess(client, way: str, n: int, htmx: bool = False):
    """The n-th wrong guess (a well-formed code that no workshop has)."""
    method, path, form = GUESSES[way]
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    wrong = "ZZZZ" + letters[n % 24] + letters[n // 24 % 24]
    headers = {"HX-Request": "true"} if htmx else {}
    return client.open(path.format(wrong), method=method, headers=headers, data=form(wrong) if form else {})


def assert_slowed_down(response) -> None:
    assert response.status_code == 429
    assert "Slow down a little" in response.text
    assert "Too many attempts in a short time. Wait a minute, then try again." in response.text


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("way", list(GUESSES))
def test_guessing_a_join_code_is_slowed_down_with_a_clear_message(client, code, way, htmx):
    if way == "workshop page" and htmx:
        pytest.skip("the home poll is not limited: see test_the_home_poll_tells_a_guesser_nothing")
    before = snapshot()
    for n in range(LIMIT):
        wrong = guess(client, way, n, htmx)
        assert 400 <= wrong.status_code < 500 and wrong.status_code != 429, wrong.status_code
    assert_slowed_down(guess(client, way, 99, htmx))
    assert snapshot() == before


def test_the_home_poll_tells_a_guesser_nothing(client, code):
    """Phones poll /w/<code>/ every two seconds, so that poll skips the limiter; without a
    valid token it answers the same 404 for a real code and a made-up one."""
    real = client.get(f"/w/{code}/", headers={"HX-Request": "true"})
    made_up = guess(client, "workshop page", 1, htmx=True)
    assert real.status_code == made_up.status_code == 404
    assert real.data == made_up.data


def test_one_budget_covers_every_way_of_guessing_a_code(client, code):
    """README: JOIN_RATE_LIMIT counts a browser's failed join attempts, whatever the route."""
    ways = [way for way in GUESSES if way != "recovery form"]
    for n in range(LIMIT):
        assert guess(client, ways[n % len(ways)], n).status_code != 429
    for way in ways:
        assert_slowed_down(guess(client, way, 50 + len(way)))


def test_even_the_right_code_waits_once_the_budget_is_spent(client, code):
    for n in range(LIMIT):
        guess(client, "join form", n)
    assert_slowed_down(client.post("/join", data={"code": code}))


def test_guessing_a_recovery_code_is_slowed_down(app, client, code, join):
    workshop = db.session.scalar(select(Workshop).where(Workshop.join_code == code))
    _, real = join(workshop)
    before = snapshot()
    tries = [client.post(f"/w/{code}/recover", data={"recovery_code": f"AAAA-BBB{c}"}) for c in "CDEFG"]
    assert [t.status_code for t in tries] == [422] * LIMIT
    assert all("does not match anyone in this workshop" in t.text for t in tries)
    assert_slowed_down(client.post(f"/w/{code}/recover", data={"recovery_code": "AAAA-BBBH"}))
    assert_slowed_down(client.post(f"/w/{code}/recover", data={"recovery_code": real}))  # even the right one
    assert client.get_cookie(app.config["PARTICIPANT_COOKIE_NAME"], path=f"/w/{code}/") is None
    assert snapshot() == before


def test_a_room_behind_one_address_still_joins_and_polls(app, code):
    phones = [app.test_client() for _ in range(LIMIT * 3)]
    for phone in phones:  # successful joins and polls never count against the address
        assert phone.post(f"/w/{code}/join").status_code == 200
        assert phone.get(f"/w/{code}/").status_code == 200
        assert phone.get(f"/w/{code}/", headers={"HX-Request": "true"}).status_code == 200


def test_with_redis_unreachable_guesses_are_still_counted_and_nothing_fails(app_config, code):
    """The limits live in Redis when several processes serve one room. If Redis is away,
    each process counts in memory until it is back: a limit, never an error page."""
    from tests.helpers import Client
    from tests.live import free_port
    from workshop import create_app

    app = create_app(app_config | {"RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0"})
    app.test_client_class = Client
    client = app.test_client()
    assert app.test_client().post(f"/w/{code}/join").status_code == 200  # joining works
    for n in range(LIMIT):
        wrong = guess(client, "join form", n)
        assert wrong.status_code == 422, wrong.status_code
    assert_slowed_down(guess(client, "join form", 99))
