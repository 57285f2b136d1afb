"""Before the room arrives: the coach tests the network with their own phone, and the projector
offers a way around the Wi-Fi when nobody has joined after a few minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.helpers import pdf_qr_codes, pdf_text, read_qr_codes
from workshop.models import utcnow

from .helpers import accessibility_problems, coach_account, log_in, prepare_and_open

pytestmark = pytest.mark.e2e

HINT = "Phones can't open the page?"


def test_the_coach_tests_the_network_with_a_phone(live_server, desktop, phone_context, shots, csp, tmp_path):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, _ = prepare_and_open(desktop, live_server, "Network rehearsal evening")
    panel = desktop.locator("#phone-test")
    expect(panel).to_contain_text("Before the room arrives")
    panel.get_by_role("button", name="Test with my phone").click()
    expect(panel).to_contain_text("Waiting for your phone")
    panel.scroll_into_view_if_needed()
    shots(desktop, "coach-waiting-for-phone", full_page=False)
    assert accessibility_problems(desktop) == []

    link = panel.locator("figcaption").inner_text().strip()
    assert link.startswith(f"{live_server.url}/check/")
    panel.locator(".qr-card svg").screenshot(path=tmp_path / "qr.png")
    assert read_qr_codes(tmp_path / "qr.png") == [link]  # the QR says what the caption says

    phone = phone_context("Pixel 7")
    phone.goto(link)  # what the phone's camera opens
    expect(phone.get_by_role("heading", name="Your phone reached Rebound")).to_be_visible()
    expect(phone.locator("body")).not_to_contain_text("Network rehearsal evening")
    shots(phone, "phone-reached")
    assert accessibility_problems(phone) == []

    expect(panel).to_contain_text("Your phone reached Rebound.", timeout=6000)  # the panel's poll
    expect(panel.locator("svg")).to_have_count(0)
    shots(desktop, "coach-phone-reached", full_page=False)
    assert accessibility_problems(desktop) == []

    again = phone_context("iPhone 13")
    again.goto(link)
    expect(again.get_by_role("heading", name="Not found")).to_be_visible()  # the link worked once
    desktop.reload()
    expect(desktop.locator("#phone-test")).to_contain_text("Your phone reached Rebound.")
    assert f"/workshops/{workshop_id}" in desktop.url
    assert csp.violations == []


def test_the_projector_suggests_a_hotspot_until_someone_joins(live_server, desktop, phone_context, shots, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "Quiet lobby evening")
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    expect(desktop.locator(".count-number")).to_have_text("0")
    expect(desktop.get_by_text(HINT)).to_have_count(0)

    # Time passes: the lobby opened four minutes ago, and still nobody came.
    earlier = (utcnow() - timedelta(minutes=4)).strftime("%Y-%m-%d %H:%M:%S.%f")
    live_server.execute("UPDATE workshops SET opened_at = %s WHERE id = %s", earlier, workshop_id)
    expect(desktop.get_by_text(HINT)).to_be_visible(timeout=6000)  # brought by the projector's poll
    expect(desktop.locator(".network-hint")).to_contain_text("hotspot")
    shots(desktop, "projector-lobby-hint", full_page=False)
    assert accessibility_problems(desktop) == []
    desktop.set_viewport_size({"width": 1920, "height": 1080})
    shots(desktop, "projector-lobby-hint-1920", full_page=False)

    phone = phone_context("Pixel 7")
    phone.goto(f"{live_server.url}/w/{code}/")
    phone.get_by_role("button", name="Join anonymously").click()
    expect(desktop.locator(".count-number")).to_have_text("1", timeout=6000)
    expect(desktop.get_by_text(HINT)).to_have_count(0)
    shots(desktop, "projector-someone-joined", full_page=False)
    assert csp.violations == []


def test_the_coach_prints_join_cards_and_a_poster(live_server, desktop, shots, tmp_path):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    _, code = prepare_and_open(desktop, live_server, "Printed cards evening")
    cards = desktop.locator("#join-cards")
    cards.scroll_into_view_if_needed()
    shots(desktop, "coach-join-cards", full_page=False)
    cards.get_by_text("4 (larger)").click()
    cards.get_by_text("Letter").click()
    with desktop.expect_download() as download:
        cards.get_by_role("button", name="Download the cards (PDF)").click()
    sheet = download.value.path().read_bytes()
    assert pdf_text(sheet).count(code) == 4
    (tmp_path / "cards").mkdir()
    assert pdf_qr_codes(sheet, tmp_path / "cards", cards=4) == [[f"{live_server.url}/w/{code}/"] * 4]
    with desktop.expect_download() as download:
        cards.get_by_role("button", name="Download the poster (PDF)").click()
    poster = download.value.path().read_bytes()
    assert pdf_text(poster).count(code) == 1 and "Printed cards evening" in pdf_text(poster)
    for name, pdf in (("cards-4-letter", sheet), ("poster-letter", poster)):  # for people to look at
        shots.pdf(pdf, name)
