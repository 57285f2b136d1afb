"""The review's "might be a name: hide it?" hint on a phone: offered for a word the rules left
visible, hidden with one tap, and never stored before the participant confirms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import accessibility_problems, coach_account, log_in, move_to, prepare_and_open, review_story

pytestmark = pytest.mark.e2e

# The rules hide the cousin; the firm's bare name is left for the participant to judge.
STORY = (
    "My cousin Tobenna got me the referral for the warehouse job, and the trial shift went well, "
    "but Olvarra still said no two days later without a reason."
)


def test_a_likely_name_is_offered_and_hidden_with_one_tap(live_server, desktop, phone_context, shots, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(desktop, live_server, "A hint on the phone", k=2)
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")

    phone = phone_context("iPhone SE")
    review_story(phone, live_server.url, code, STORY)

    preview = phone.locator(".preview-text")
    expect(preview).not_to_contain_text("Tobenna")
    expect(preview.locator(".maybe-name")).to_have_text(["Olvarra"])  # pointed at where it stands
    expect(phone.get_by_text("Might be a name: hide it?")).to_be_visible()
    offered = phone.get_by_role("button", name="Hide “Olvarra”")
    expect(offered).to_be_visible()
    expect(phone.locator(".hint-list li")).to_have_count(1)  # ordinary words are not offered
    assert accessibility_problems(phone) == []
    shots(phone, "phone-hint-offered")

    offered.click()
    expect(preview).not_to_contain_text("Olvarra")
    expect(preview.locator(".maybe-name")).to_have_count(0)
    expect(phone.get_by_role("button", name="Hide “Olvarra”")).to_have_count(0)
    expect(phone.get_by_label("Hide more")).to_have_value("Olvarra")
    shots(phone, "phone-hint-taken")
    phone.get_by_role("button", name="Looks right: save my story").click()
    expect(phone.get_by_role("heading", name="What was behind it?")).to_be_visible()
