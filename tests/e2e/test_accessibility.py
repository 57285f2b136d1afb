"""Automated accessibility checks (axe-core) of every participant page and the projector."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import accessibility_problems as problems
from .helpers import coach_account, log_in, move_to, prepare_and_open

pytestmark = pytest.mark.e2e


def test_participant_pages_and_projector_have_no_serious_problems(live_server, desktop, phone_context):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "Accessible evening", k=2)
    found: dict[str, list[str]] = {}

    def check(page, name):
        page.wait_for_load_state("networkidle")
        found[name] = problems(page)

    phone = phone_context("iPhone 13")
    phone.goto(f"{live_server.url}/join")
    check(phone, "join form")
    phone.goto(f"{live_server.url}/w/{code}/")
    check(phone, "join page")
    phone.get_by_role("button", name="Join anonymously").click()
    expect(phone.get_by_test_id("recovery-code")).to_be_visible()
    check(phone, "welcome")
    phone.get_by_role("link", name="I have noted it, continue").click()
    expect(phone.get_by_role("button", name="Save my answer")).to_be_visible()
    check(phone, "lobby with check-in")
    phone.goto(f"{live_server.url}/w/{code}/recover")
    check(phone, "recover")
    phone.goto(f"{live_server.url}/w/{code}/forget")
    check(phone, "delete my data")

    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    phone.goto(f"{live_server.url}/w/{code}/story")
    check(phone, "story")
    phone.get_by_label("What happened?").fill("Ghosted by Tom Baker after the final interview. Radio silence.")
    phone.get_by_role("button", name="Next: see what others would see").click()
    expect(phone.get_by_role("heading", name="Is this safe to share?")).to_be_visible()
    check(phone, "story review")
    phone.get_by_role("button", name="Looks right: save my story").click()
    expect(phone.get_by_role("heading", name="What was behind it?")).to_be_visible()
    check(phone, "themes")
    phone.get_by_role("button", name="Keep these themes").click()
    expect(phone.get_by_text("Your themes are saved")).to_be_visible()
    phone.goto(f"{live_server.url}/w/{code}/ratings")
    check(phone, "ratings")
    phone.locator("#stage-screen").get_by_text("Yes", exact=True).click()
    phone.locator("#stage-screen").get_by_text("OK", exact=True).click()
    phone.get_by_role("button", name="Save my ratings").click()
    expect(phone.get_by_text("Your ratings are saved")).to_be_visible()
    check(phone, "home while reflecting")

    other = phone_context("Pixel 7")
    other.goto(f"{live_server.url}/w/{code}/")
    other.get_by_role("button", name="Join anonymously").click()
    other.goto(f"{live_server.url}/w/{code}/themes")
    other.get_by_role("button", name="Keep these themes").click()
    expect(other.get_by_text("Saved")).to_be_visible()

    move_to(desktop, live_server, workshop_id, "Reveal shared themes")
    phone.goto(f"{live_server.url}/w/{code}/")
    check(phone, "phone board")
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    check(desktop, "projector")
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/themes")
    check(desktop, "coach themes")
    move_to(desktop, live_server, workshop_id, "Move to action plans")
    check(desktop, "coach workshop page")
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/edit")
    check(desktop, "coach edit workshop")
    phone.goto(f"{live_server.url}/w/{code}/plan")
    check(phone, "plan")
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    check(desktop, "projector in the plan phase")

    serious = {page: issues for page, issues in found.items() if issues}
    assert serious == {}, serious
    assert len(found) >= 17
