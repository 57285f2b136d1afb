"""A guessed theme on the phone: offered as a 'maybe', left unticked, and counted only once ticked."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .helpers import accessibility_problems, coach_account, log_in, move_to, prepare_and_open, review_story
from .room import join

pytestmark = pytest.mark.e2e

# No theme pattern matches this story; the learned word weights guess a skills test.
LOOSE = (
    "The second stage was a spreadsheet exercise with pivot tables and formulas in Excel, then a panel "
    "with the finance director, and the email said my workings were not accurate enough."
)
GUESSED = "Skills gap or a failed test"


def write_story(phone, base: str, code: str) -> None:
    review_story(phone, base, code, LOOSE)
    phone.get_by_role("button", name="Looks right: save my story").click()
    expect(phone.get_by_role("heading", name="What was behind it?")).to_be_visible()


def test_a_maybe_is_offered_unticked_and_counts_only_when_ticked(
    live_server, browser, desktop, phone_context, shots, csp
):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "A maybe on the phone", k=2)
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")

    # one phone leaves the maybe as it is offered, another ticks it
    leaves, ticks = phone_context("iPhone SE"), phone_context("Pixel 7")
    for phone in (leaves, ticks):
        write_story(phone, live_server.url, code)
        guess = phone.get_by_role("checkbox", name=re.compile(GUESSED))
        expect(guess).not_to_be_checked()
        expect(phone.locator(".chip", has_text=GUESSED)).to_contain_text("maybe")
        expect(phone.get_by_text("A theme marked “maybe” is a loose guess")).to_be_visible()
        expect(phone.get_by_role("checkbox", name=f"{GUESSED} maybe (a loose guess from your story)")).to_have_count(1)
        assert accessibility_problems(phone) == []
    shots(leaves, "phone-maybe-offered")
    leaves.get_by_role("button", name="Keep these themes").click()
    expect(leaves.get_by_text("Saved: no themes for you this time.")).to_be_visible()
    ticks.get_by_role("checkbox", name=re.compile(GUESSED)).check()
    shots(ticks, "phone-maybe-ticked")
    ticks.get_by_role("button", name="Keep these themes").click()
    expect(ticks.get_by_text("Your themes are saved.")).to_be_visible()

    # a third person ticks it too and a fourth keeps none, so that two of four share it: above k,
    # and two people's changes since the first update, so the board takes them in
    others = [join(browser, live_server.url, code) for _ in range(2)]
    for other, kept in zip(others, ("skills_test", ""), strict=True):
        review = other.post(f"/w/{code}/story", {"role": "", "ended_stage": "", "text": LOOSE, "op": "review"})
        fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text()).group(1)
        saved = other.post(
            f"/w/{code}/story",
            {"text": LOOSE, "op": "confirm", "fingerprint": fingerprint, "submission_id": uuid.uuid4().hex},
        )
        assert saved.status == 303
        themes = {"theme": kept} if kept else {}
        assert other.post(f"/w/{code}/themes", themes | {"submission_id": uuid.uuid4().hex}).status == 303

    move_to(desktop, live_server, workshop_id, "Reveal shared themes")
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    row = desktop.locator("#live .theme-bar", has_text=GUESSED)
    # the person who left the maybe is not counted; the update may wait out the board's five seconds
    expect(row).to_contain_text("2 of 4 of you", timeout=20_000)
    leaves.goto(f"{live_server.url}/w/{code}/themes")
    expect(leaves.get_by_role("checkbox", name=re.compile(GUESSED))).not_to_be_checked()  # still not chosen for them
    assert csp.violations == []
    for other in others:
        other.context.close()
