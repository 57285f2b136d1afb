"""A coach rehearses a prepared workshop with twelve sample participants: the projector, the
board with its themes and heat-map, a phone of their own, moderation, a sample participant's
plan and its PDF, the report; then deletes the rehearsal. The real workshop never changes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import pdf_text

from .helpers import accessibility_problems, coach_account, log_in, prepare

pytestmark = pytest.mark.e2e

MARK = "Rehearsal with sample participants"


def real_state(server, workshop_id: int) -> tuple:
    """The real workshop's row and everything that could count in it."""
    return (
        server.query("SELECT * FROM workshops WHERE id = %s", workshop_id),
        server.query("SELECT COUNT(*) FROM participants WHERE workshop_id = %s", workshop_id),
        server.query("SELECT COUNT(*) FROM releases WHERE workshop_id = %s", workshop_id),
        server.query("SELECT COUNT(*) FROM plans WHERE workshop_id = %s", workshop_id),
        server.query("SELECT COUNT(*) FROM workshop_themes WHERE workshop_id = %s", workshop_id),
    )


def test_a_coach_rehearses_a_workshop_with_twelve_sample_participants(live_server, desktop, phone_context, shots, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    real_id = prepare(desktop, live_server, "Bouncing back: the January evening", employers="Pinecrest Foods")
    before = real_state(live_server, real_id)
    assert before[1:] == ([(0,)],) * 4

    panel = desktop.locator("#rehearsal")
    expect(panel.get_by_label("12")).to_be_checked()
    panel.get_by_role("button", name="Rehearse with sample participants").click()
    expect(desktop.locator(".flash")).to_contain_text("Your rehearsal is ready: 12 sample participants")
    expect(desktop.locator(".rehearsal-band")).to_contain_text(MARK)
    rehearsal_id = int(re.search(r"/workshops/(\d+)$", desktop.url).group(1))
    assert rehearsal_id != real_id
    code = desktop.locator(".code.big").first.inner_text().strip()
    expect(desktop.locator("#status")).to_contain_text("12")  # participants
    shots(desktop, "coach-rehearsal-page")
    assert accessibility_problems(desktop) == []

    # The projector while the room reflects, then the board.
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}/projector")
    expect(desktop.locator(".rehearsal-band")).to_contain_text("Rehearsal")
    expect(desktop.locator(".count-number")).to_have_text("12")
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}")
    desktop.get_by_role("button", name="Reveal shared themes").click()
    expect(desktop.locator(".flash")).to_contain_text("Shared themes")
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}/projector")
    board = desktop.locator("#live .board")
    expect(board).to_contain_text("No feedback, or ghosted")
    expect(board).to_contain_text(re.compile(r"\d+ of 12 of you"))
    assert board.locator(".theme-bar").count() >= 4
    assert board.locator(".heatmap .heat-cell").count() >= 4  # the heat-map: averages where k rated
    expect(board.locator(".heatmap")).to_contain_text("hardest for the room")
    for secret in ("Pinecrest", "Gemma", "Halvorsen"):  # the sample stories' names stay hidden
        expect(desktop.locator("body")).not_to_contain_text(secret)
    shots(desktop, "projector-rehearsal-board-1280", full_page=False)
    desktop.set_viewport_size({"width": 1920, "height": 1080})
    shots(desktop, "projector-rehearsal-board-1920", full_page=False)
    assert accessibility_problems(desktop) == []
    desktop.set_viewport_size({"width": 1280, "height": 720})

    # The coach joins from their own phone, as one more participant.
    phone = phone_context("Pixel 7")
    phone.goto(f"{live_server.url}/w/{code}/")
    expect(phone.locator(".rehearsal-band")).to_contain_text("the other participants are made up")
    phone.get_by_role("button", name="Join anonymously").click()
    phone.goto(f"{live_server.url}/w/{code}/")
    expect(phone.locator(".board-phone")).to_contain_text(re.compile(r"\d+ of 12 of you"))
    expect(phone.locator(".rehearsal-band")).to_be_visible()
    shots(phone, "phone-rehearsal-board")
    assert accessibility_problems(phone) == []
    phone.get_by_role("button", name="Me too").first.click()
    expect(phone.get_by_text("You are counted here").first).to_be_visible()

    # Moderation: a rename shows on the projector at once.
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}/themes")
    expect(desktop.locator(".rehearsal-band")).to_be_visible()
    row = desktop.locator("#theme-no_feedback")
    row.get_by_label("New name for No feedback, or ghosted").fill("Heard nothing back")
    row.get_by_role("button", name="Rename").click()
    expect(desktop.locator(".flash")).to_contain_text("Theme renamed")
    shots(desktop, "coach-rehearsal-moderation")
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}/projector")
    expect(desktop.locator("#live .board")).to_contain_text("Heard nothing back")

    # The plans, and one sample participant's plan with its PDF.
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}")
    desktop.get_by_role("button", name="Move to action plans").click()
    expect(desktop.locator(".flash")).to_contain_text("Action plans")
    desktop.get_by_role("link", name="A sample participant's plan").click()
    expect(desktop.get_by_role("heading", name="Their story, as it was kept")).to_be_visible()
    expect(desktop.locator(".sample-story")).to_contain_text("[name]")
    download = desktop.get_by_role("link", name="Download this plan (PDF)")
    expect(download).to_be_visible(timeout=60_000)  # the page looks again until the PDF is made
    alias = desktop.locator("h1").inner_text().strip()
    shots(desktop, "coach-sample-plan")
    assert accessibility_problems(desktop) == []
    with desktop.expect_download() as downloaded:
        download.click()
    pdf = downloaded.value.path().read_bytes()
    text = pdf_text(pdf)
    assert alias in text and "Rehearsal · a sample participant's plan, made up for practice" in text
    assert "Heard nothing back" in text and "Rejection is information, not a verdict." in text
    shots.pdf(pdf, "sample-plan")

    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}/report")
    expect(desktop.locator(".rehearsal-band")).to_be_visible()
    expect(desktop.locator("body")).to_contain_text(re.compile(r"\d\.\d → \d\.\d"))  # both check-ins
    shots(desktop, "coach-rehearsal-report")

    # Delete it from the real workshop's page: the real workshop is as it was.
    desktop.goto(f"{live_server.url}/workshops/{rehearsal_id}")
    desktop.get_by_role("link", name="Back to the real workshop").click()
    panel = desktop.locator("#rehearsal")
    expect(panel).to_contain_text("Your rehearsal with 12 sample participants")
    panel.get_by_role("button", name="Delete the rehearsal").click()
    expect(desktop.locator(".flash")).to_contain_text("have been erased")
    expect(desktop.locator(".rehearsal-band")).to_have_count(0)
    expect(desktop.locator("#rehearsal")).to_contain_text("Rehearse with sample participants")
    shots(desktop, "coach-real-workshop-after")
    assert real_state(live_server, real_id) == before
    assert live_server.query("SELECT COUNT(*) FROM workshops WHERE rehearsal_of = %s", real_id) == [(0,)]
    for table in ("participants", "stories", "releases", "plan_files"):
        assert live_server.query(f"SELECT COUNT(*) FROM {table} WHERE workshop_id = %s", rehearsal_id) == [(0,)]
    phone.goto(f"{live_server.url}/w/{code}/")
    expect(phone.get_by_text("No open workshop has that code")).to_be_visible()
    assert csp.violations == []
