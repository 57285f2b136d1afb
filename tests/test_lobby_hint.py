"""The projector's lobby suggests a way around the Wi-Fi when nobody has joined a few minutes
after opening, through its ordinary poll, and drops the hint once someone joins."""

from __future__ import annotations

from datetime import timedelta

import pytest

import workshop.board as board
from workshop.extensions import db
from workshop.models import Phase, Workshop, utcnow
from workshop.services.workshops import lobby_waiting

HINT = "Phones can't open the page?"


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


@pytest.fixture
def opened(screen, coach, make_workshop):
    """A workshop the coach has just opened, the way they do it: from the workshop page."""
    workshop = make_workshop(coach, phase=Phase.DRAFT)
    assert screen.post(f"/workshops/{workshop.id}/phase", data={"to": "lobby"}).status_code == 303
    return db.session.get(Workshop, workshop.id)


@pytest.fixture
def clock(monkeypatch, opened):
    """later(minutes): the projector's clock, that many minutes after the lobby opened."""

    def later(minutes: float) -> None:
        monkeypatch.setattr(board, "utcnow", lambda: opened.opened_at + timedelta(minutes=minutes))

    return later


def poll(screen, workshop, seen=None):
    headers = {"HX-Request": "true"} | ({"If-None-Match": seen.headers["ETag"]} if seen is not None else {})
    return screen.get(f"/workshops/{workshop.id}/projector", headers=headers)


def test_opening_the_lobby_records_when(opened):
    assert opened.phase == Phase.LOBBY
    assert abs(utcnow() - opened.opened_at) < timedelta(minutes=1)


def test_the_hint_appears_after_three_quiet_minutes_and_not_before(screen, opened, clock):
    clock(0.5)
    first = poll(screen, opened)
    assert first.status_code == 200 and HINT not in first.text
    clock(2.9)
    assert poll(screen, opened, first).status_code == 304  # nothing to show yet: polls stay cheap
    clock(3)
    due = poll(screen, opened, first)
    assert due.status_code == 200
    assert HINT in due.text and "hotspot" in due.text and "hosted Rebound" in due.text
    assert "<script" not in due.text and "hx-on" not in due.text  # plain markup: the strict CSP holds
    clock(10)
    assert poll(screen, opened, due).status_code == 304  # shown once, then unchanged
    page = screen.get(f"/workshops/{opened.id}/projector")
    assert HINT in page.text  # a reload shows it too


def test_the_hint_goes_once_someone_joins(screen, opened, clock, join):
    clock(5)
    due = poll(screen, opened)
    assert HINT in due.text
    join(opened)
    after = poll(screen, opened, due)
    assert after.status_code == 200
    assert HINT not in after.text and '<span class="count-number">1</span>' in after.text


def test_no_hint_when_someone_joined_early(screen, opened, clock, join):
    join(opened)
    clock(30)
    assert HINT not in poll(screen, opened).text


def test_no_hint_once_the_room_has_moved_on(screen, opened, clock):
    assert screen.post(f"/workshops/{opened.id}/phase", data={"to": "reflect"}).status_code == 303
    clock(30)
    response = poll(screen, opened)
    assert response.status_code == 200 and HINT not in response.text


def test_the_delay_is_a_setting(app, screen, opened, clock):
    app.config["LOBBY_HINT_MINUTES"] = 10
    clock(9)
    assert HINT not in poll(screen, opened).text
    clock(10)
    assert HINT in poll(screen, opened).text


def test_lobby_waiting_counts_from_the_opening():
    opened_at = utcnow()
    room = Workshop(phase=Phase.LOBBY, opened_at=opened_at)
    assert not lobby_waiting(room, opened_at + timedelta(minutes=2, seconds=59), 3)
    assert lobby_waiting(room, opened_at + timedelta(minutes=3), 3)
    assert not lobby_waiting(Workshop(phase=Phase.LOBBY, opened_at=None), opened_at + timedelta(days=1), 3)
    assert not lobby_waiting(Workshop(phase=Phase.DRAFT, opened_at=opened_at), opened_at + timedelta(days=1), 3)
