"""Phones in real rooms: no JavaScript, and a network that drops mid-submit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import coach_account, log_in, move_to, prepare_and_open

pytestmark = pytest.mark.e2e

STORY = "The recruiter, Sarah Jones, said they went with an internal candidate. Call me on 07700 900123."


def test_the_whole_phone_flow_works_without_javascript(live_server, browser, desktop, shots, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "No-script evening", k=2)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/join")
    phone.get_by_label("Workshop code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    phone.get_by_role("button", name="Join anonymously").click()
    phone.get_by_role("link", name="I have noted it, continue").click()
    phone.get_by_text("A little").click()
    phone.get_by_role("button", name="Save my answer").click()
    expect(phone.get_by_text("Your coach will start in a moment")).to_be_visible()

    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    phone.reload()  # without JavaScript the phone follows the room on reload
    phone.get_by_role("link", name="Your story").click()
    phone.get_by_label("What happened?").fill(STORY)
    phone.get_by_role("button", name="Next: see what others would see").click()
    expect(phone.locator("[data-redact-source]")).not_to_contain_text("Sarah")
    phone.get_by_label("Hide more").fill("internal candidate")
    phone.get_by_role("button", name="Update the preview").click()
    expect(phone.locator("[data-redact-source]")).not_to_contain_text("internal candidate")
    shots(phone, "no-js-review")
    phone.get_by_role("button", name="Looks right: save my story").click()
    phone.get_by_role("button", name="Keep these themes").click()
    phone.get_by_role("link", name="Rate the stages").click()
    stage = phone.locator("#stage-screen")
    stage.get_by_text("Yes", exact=True).click()
    stage.get_by_text("Well", exact=True).click()
    phone.get_by_role("button", name="Save my ratings").click()
    expect(phone.get_by_text("Your ratings are saved")).to_be_visible()
    shots(phone, "no-js-home")

    move_to(desktop, live_server, workshop_id, "Reveal shared themes")
    move_to(desktop, live_server, workshop_id, "Move to action plans")
    phone.goto(f"{live_server.url}/w/{code}/plan")
    expect(phone.get_by_role("heading", name=re.compile("Your action plan"))).to_be_visible()
    shots(phone, "no-js-plan")
    # Without JavaScript the link leads to a page that refreshes itself (a Refresh header)
    # until the file is ready: wait for the download itself, however many refreshes it takes.
    with phone.expect_download(timeout=60_000) as download:
        phone.get_by_role("link", name="Download my plan (PDF)").first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    context.close()
    assert csp.violations == []


def drop_story_confirmations(phone, when):
    """Make the network fail the phone's "save my story" POST, before or after the server hears it.

    Chromium's own offline switch does not reliably stop a request to 127.0.0.1, so the
    drop itself is done by Playwright's router, where it is exact either way.
    """

    def handler(route):
        request = route.request
        if request.method != "POST" or "op=confirm" not in (request.post_data or ""):
            route.continue_()
            return
        if when == "after the server saved it":
            route.fetch()  # the server receives and stores it; the phone never hears back
        route.abort("internetdisconnected")

    phone.route("**/story", handler)
    return handler


@pytest.mark.parametrize("when", ["before the server heard it", "after the server saved it"])
def test_a_dropped_connection_loses_nothing_and_duplicates_nothing(
    live_server, desktop, phone_context, shots, csp, when
):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "Flaky Wi-Fi evening")
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    phone = phone_context("Pixel 7")
    phone.goto(f"{live_server.url}/w/{code}/")
    phone.get_by_role("button", name="Join anonymously").click()
    alias = phone.locator(".who strong").inner_text()
    phone.get_by_role("link", name="I have noted it, continue").click()
    phone.get_by_role("link", name="Your story").click()
    phone.get_by_label("What happened?").fill(STORY)
    phone.get_by_role("button", name="Next: see what others would see").click()
    expect(phone.get_by_role("heading", name="Is this safe to share?")).to_be_visible()

    handler = drop_story_confirmations(phone, when)
    phone.context.set_offline(True)  # the live polls fail too, as they would in the room
    phone.get_by_role("button", name="Looks right: save my story").click()
    problem = phone.locator("#net-status")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("Nothing you typed is lost")
    expect(phone.get_by_role("heading", name="Is this safe to share?")).to_be_visible()  # still on the page
    shots(phone, "offline-error", full_page=False)  # what the phone shows: the banner sticks to the top
    # Aliases repeat across workshops (the live server is shared by the browser tests): the
    # phone is its alias within this workshop.
    mine = "JOIN participants p ON p.id = s.participant_id WHERE p.alias = %s AND p.workshop_id = %s"
    stored = live_server.query(f"SELECT count(*) FROM stories s {mine}", alias, workshop_id)
    assert stored[0][0] == (1 if when == "after the server saved it" else 0)

    phone.unroute("**/story", handler)
    phone.context.set_offline(False)
    phone.get_by_role("button", name="Try again").click()
    expect(phone.get_by_role("heading", name="What was behind it?")).to_be_visible()
    stories = live_server.query(f"SELECT s.text FROM stories s {mine}", alias, workshop_id)
    assert len(stories) == 1 and "[name]" in stories[0][0] and "Sarah" not in stories[0][0]
    submissions = live_server.query(f"SELECT count(*) FROM submissions s {mine}", alias, workshop_id)
    assert submissions[0][0] == 1
    assert csp.violations == []
