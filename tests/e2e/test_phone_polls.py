"""What the phone's own poll must never undo: a "me too" just tapped, an answer being given.

The phone's home page polls every two seconds and swaps in the page when the room moves on.
A poll already on its way when the participant taps "Me too" was answered from the page
before the tap; if that answer were swapped in after the tap's own, the phone would show
"Me too" again as if nothing had happened. The tap cancels the poll in flight, and the next
poll knows the page it would replace is older than this phone's own change. And a check-in
answer chosen but not yet saved survives the coach moving the room on.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import coach_account, log_in, move_to, prepare_and_open
from .room import join, reflect

pytestmark = pytest.mark.e2e

GHOSTED = "They said they would call after the final round and then never did. Silence for weeks."


def test_a_poll_in_flight_cannot_undo_a_me_too(live_server, browser, desktop, phone_context, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "Racing the poll", k=3)
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    for i in range(3):
        room_phone = join(browser, live_server.url, code)
        reflect(room_phone, code, ("Analyst", "final_interview", ["no_feedback"], {"screen": 3}, GHOSTED), 2 + i % 2)
    late = join(browser, live_server.url, code)
    move_to(desktop, live_server, workshop_id, "Reveal shared themes")

    phone = phone_context("Pixel 7")
    phone.context.add_cookies(late.context.cookies())
    home = f"{live_server.url}/w/{code}/"
    phone.goto(home)
    board = phone.locator(".board-phone")
    expect(board).to_contain_text("No feedback, or ghosted", timeout=8000)

    held = []  # (route, the answer the server gave before the tap)

    def hold_the_poll(route, request):
        if request.method == "GET" and request.headers.get("hx-request") and not held:
            # answered now, from the page as it is before the tap; delivered only later
            stale = route.fetch(headers=request.headers | {"if-none-match": '"not-this-page"'})
            held.append((route, stale))
        else:
            route.continue_()

    phone.route(home, hold_the_poll)
    for _ in range(60):
        if held:
            break
        phone.wait_for_timeout(100)
    assert held, "the phone's poll never came"
    assert "Me too" in held[0][1].text()  # the held answer really is the page before the tap

    board.locator(".theme-bar", has_text="No feedback").get_by_role("button", name="Me too").click()
    expect(phone.get_by_text("You are counted here")).to_be_visible()
    route, stale = held[0]
    try:
        route.fulfill(response=stale)
    except Exception:  # noqa: BLE001 - the tap cancelled the poll: nothing left to deliver to
        pass
    phone.unroute(home)
    # well inside the next poll's two seconds: only the held answer could change the board now
    phone.wait_for_timeout(600)
    assert phone.get_by_text("You are counted here").count() == 1
    assert board.get_by_role("button", name="Me too").count() == 0
    # and the board stays that way through the next polls
    phone.wait_for_timeout(4500)
    expect(phone.get_by_text("You are counted here")).to_be_visible()
    expect(board.get_by_role("button", name="Me too")).to_have_count(0)


def test_an_answer_being_given_survives_the_room_moving_on(live_server, desktop, phone_context, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "Mid-answer", k=3)
    phone = phone_context("Pixel 7")
    phone.goto(f"{live_server.url}/w/{code}/")
    phone.get_by_role("button", name="Join anonymously").click()
    phone.get_by_role("link", name="I have noted it, continue").click()
    expect(phone.get_by_text("Your coach will start in a moment")).to_be_visible()
    phone.get_by_text("Somewhat").click()  # chosen, not yet saved

    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    expect(phone.get_by_role("link", name="Your story")).to_be_visible(timeout=8000)  # the page moved on
    expect(phone.get_by_text("Your coach will start in a moment")).to_have_count(0)
    expect(phone.get_by_role("radio", name=re.compile("Somewhat"))).to_be_checked()
    expect(phone.locator("input[name=confidence]:checked")).to_have_count(1)
    phone.get_by_role("button", name="Save my answer").click()
    expect(phone.get_by_role("button", name="Save my answer")).to_have_count(0)
    expect(phone.get_by_text("Check-in")).to_be_visible()
    expect(phone.locator(".step-list li.done", has_text="Check-in")).to_have_count(1)
