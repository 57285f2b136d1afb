"""A coach sets up Rebound and a workshop; a phone joins by the QR address and reflects."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..helpers import soon

pytestmark = pytest.mark.e2e

PASSWORD = "a long coach password"


@pytest.fixture(scope="module")
def fresh_server(live_server_factory):
    """A server nobody has used yet, so the first-run setup is still on offer."""
    return live_server_factory("firstrun")


def test_coach_prepares_and_a_phone_joins_and_reflects(fresh_server, desktop, phone_context, shots, csp):
    live_server = fresh_server
    coach = desktop
    coach.goto(live_server.url + "/")
    expect(coach.get_by_role("heading", name="Welcome to Rebound")).to_be_visible()
    shots(coach, "first-run-setup")
    coach.get_by_label("Your name").fill("Maya Coach")
    coach.get_by_label("Email").fill("maya@example.org")
    coach.get_by_label("Password", exact=True).fill(PASSWORD)
    coach.get_by_label("Repeat the password").fill(PASSWORD)
    coach.get_by_role("button", name="Create my account").click()
    expect(coach.get_by_role("heading", name="Your workshops")).to_be_visible()

    coach.get_by_role("link", name="Prepare a workshop").click()
    coach.get_by_label("Title").fill("Bouncing back after a no")
    coach.get_by_label("Date").fill(soon())
    coach.get_by_label("Employer names to redact").fill("Acme Logistics\nNorthwind Bank")
    coach.get_by_role("button", name="Move stage 2 down").click()  # htmx redraws the stage list
    expect(coach.locator("#stage-1")).to_have_value("Recruiter or phone screen")
    coach.get_by_role("button", name="Move stage 3 up").click()
    expect(coach.locator("#stage-1")).to_have_value("Application (CV, cover letter, portfolio)")
    shots(coach, "prepare-workshop")
    coach.get_by_role("button", name="Prepare workshop").click()
    expect(coach.get_by_role("heading", name="Bouncing back after a no")).to_be_visible()
    coach.get_by_role("button", name="Open the workshop (phones can join)").click()
    expect(coach.get_by_text("The workshop is now in: Lobby")).to_be_visible()
    shots(coach, "workshop-open")

    projector_url = coach.get_by_role("link", name="Show the projector view").get_attribute("href")
    coach.goto(live_server.url + projector_url)
    code = coach.locator(".code.huge").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", code)
    join_url = coach.locator("figcaption").inner_text().strip()
    assert join_url == f"{live_server.url}/w/{code}/"
    expect(coach.locator(".count-number")).to_have_text("0")
    shots(coach, "projector-empty", full_page=False)

    phone = phone_context("Pixel 7")
    phone.goto(join_url)  # what the QR code encodes
    expect(phone.get_by_role("heading", name="What is shared, and what is not")).to_be_visible()
    shots(phone, "phone-join")
    phone.get_by_role("button", name="Join anonymously").click()
    recovery = phone.get_by_test_id("recovery-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", recovery)
    shots(phone, "phone-recovery-code")
    phone.get_by_role("link", name="I have noted it, continue").click()
    expect(coach.locator(".count-number")).to_have_text("1", timeout=6000)  # projector polls
    shots(coach, "projector-one-joined", full_page=False)

    phone.get_by_text("Somewhat").click()
    shots(phone, "phone-checkin")
    phone.get_by_role("button", name="Save my answer").click()
    expect(phone.get_by_text("Your coach will start in a moment")).to_be_visible()

    # the coach starts reflecting; the phone follows without a reload
    coach.go_back()
    coach.get_by_role("button", name="Start reflecting (stories and ratings)").click()
    expect(phone.get_by_role("link", name="Your story")).to_be_visible(timeout=6000)
    shots(phone, "phone-reflect-steps")

    phone.get_by_role("link", name="Your story").click()
    phone.get_by_label("Role or field you applied for").fill("Data analyst")
    phone.get_by_label("Where did it end?").select_option(label="First interview")
    phone.get_by_label("What happened?").fill(
        "I interviewed with Acme Logistics. The recruiter, Sarah Jones, promised feedback and "
        "then went quiet. I emailed sarah@acme.example and called +44 20 7946 0958. I used "
        "Python and SQL in the test and felt fine about it."
    )
    expect(phone.locator("#text-count")).to_contain_text("characters left")
    shots(phone, "phone-story")
    phone.get_by_role("button", name="Next: see what others would see").click()
    preview = phone.locator("[data-redact-source]")
    expect(preview).to_contain_text("employer")
    for secret in ("Sarah", "Acme", "7946", "sarah@"):
        expect(preview).not_to_contain_text(secret)
    phone.get_by_label("Hide more").fill("SQL")
    phone.get_by_role("button", name="Update the preview").click()
    expect(phone.locator("[data-redact-source]")).not_to_contain_text("SQL")
    shots(phone, "phone-story-review")
    phone.get_by_role("button", name="Looks right: save my story").click()
    expect(phone.get_by_text("Your story is saved")).to_be_visible()
    expect(phone.locator(".chip", has_text="No feedback, or ghosted").locator("input")).to_be_checked()
    shots(phone, "phone-themes")
    phone.get_by_role("button", name="Keep these themes").click()

    phone.get_by_role("link", name="Rate the stages").click()
    stage = phone.locator("#stage-first_interview")
    # "Where did it end?" set where they got to: up to the first interview reached, after it not.
    expect(stage.locator('input[value="yes"]')).to_be_checked()
    expect(phone.locator('#stage-final_interview input[value="no"]')).to_be_checked()
    for earlier in ("targeting", "application", "screen", "assessment"):
        phone.locator(f"#stage-{earlier}").get_by_text("OK", exact=True).click()
    stage.get_by_text("Yes", exact=True).click()
    stage.get_by_text("Not well").click()
    phone.get_by_role("group", name="Final or panel interview").get_by_text("No", exact=True).click()
    shots(phone, "phone-ratings")
    phone.get_by_role("button", name="Save my ratings").click()
    expect(phone.get_by_text("Your ratings are saved")).to_be_visible()
    expect(phone.get_by_text("All done")).to_be_visible()
    shots(phone, "phone-all-done")
    assert csp.violations == []
