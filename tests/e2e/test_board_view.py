"""The board as a room of twenty sees it: projector at two sizes, and a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import coach_account, log_in, move_to, prepare_and_open
from .room import fill_room

pytestmark = pytest.mark.e2e


def test_a_room_of_twenty_on_the_projector_and_a_phone(live_server, browser, desktop, phone_context, shots, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "Bouncing back: December evening")
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    phones = fill_room(browser, live_server.url, code, n=20)
    move_to(desktop, live_server, workshop_id, "Reveal shared themes")

    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    board = desktop.locator("#live .board")
    expect(board).to_contain_text("No feedback, or ghosted")
    # the board shows its last update: the last few answers may still wait for more people
    expect(board).to_contain_text(re.compile(r"\d+ of (1[5-9]|20) of you"))
    expect(board).not_to_contain_text("Went to an internal candidate")  # only 2 people: below k
    for secret in ("Northwind", "Priya", "07700"):
        expect(desktop.locator("body")).not_to_contain_text(secret)
    # the whole board fits a 720p projector, its last line included: nothing to scroll to
    expect(desktop.locator(".board-as-of")).to_be_in_viewport(ratio=1)
    assert desktop.evaluate("document.documentElement.scrollHeight") <= 720
    shots(desktop, "projector-1280x720", full_page=False)
    desktop.set_viewport_size({"width": 1920, "height": 1080})
    expect(desktop.locator(".board-as-of")).to_be_in_viewport(ratio=1)
    shots(desktop, "projector-1920x1080", full_page=False)

    phone = phone_context("iPhone 13")
    phone.context.add_cookies(phones[0].context.cookies())
    phone.goto(f"{live_server.url}/w/{code}/")
    expect(phone.locator(".board-phone")).to_contain_text(re.compile(r"\d+ of (1[5-9]|20) of you"))
    shots(phone, "phone-board")
    me_too = phone.get_by_role("button", name="Me too").first
    me_too.click()
    expect(phone.get_by_text("You are counted here").first).to_be_visible()
    shots(phone, "phone-board-after-me-too")

    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/themes")
    shots(desktop, "coach-moderation")
    assert csp.violations == []
    for p in phones:
        p.context.close()
