"""The coach's page keeps count of the room's steps while people reflect, through its poll,
with no reload; a phone sees none of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..data import STORIES
from .helpers import coach_account, log_in, move_to, prepare_and_open
from .room import join, reflect

pytestmark = pytest.mark.e2e


def test_the_coach_watches_the_room_move_through_the_steps(live_server, browser, desktop, shots, csp):
    log_in(desktop, live_server, coach_account(live_server))
    workshop_id, code = prepare_and_open(desktop, live_server, "Counting the steps")
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    steps = desktop.get_by_role("list", name="Room progress")
    expect(steps).to_contain_text("0 joined")

    everyone = [join(browser, live_server.url, code) for _ in range(3)]
    reflect(everyone[0], code, STORIES[0], confidence=2)
    everyone[1].post(
        f"/w/{code}/checkin", {"moment": "before", "confidence": "3", "submission_id": "a" * 32}, f"/w/{code}/"
    )

    # The page was not reloaded: the poll brings the counts in.
    for text in ("3 joined", "2 checked in", "1 saved a story", "1 chose themes", "1 rated the stages"):
        expect(steps.get_by_role("listitem").filter(has_text=text)).to_be_visible()
    path = shots(desktop, "coach-room-progress")
    assert path.exists()

    phone = everyone[2].context.new_page()
    phone.goto(f"{live_server.url}/w/{code}/")
    expect(phone.get_by_role("heading").first).to_be_visible()
    assert "Room progress" not in phone.content()
    assert csp.violations == []
