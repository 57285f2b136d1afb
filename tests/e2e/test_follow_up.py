"""Weeks after the workshop: five phones come back, answer the follow-up check-in, and the
coach's cohort report shows the room's follow-up figures only once k of them answered.

The follow-up date is moved to today in the server's database (time passes in the test).
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ..data import STORIES
from .helpers import coach_account, log_in, move_to, prepare_and_open, until
from .room import join, reflect

pytestmark = pytest.mark.e2e

K = 3


def plan_actions(phone, code: str) -> list[str]:
    return re.findall(r'name="done" value="([^"]+)"', phone.context.request.get(f"{phone.base}/w/{code}/plan").text())


def answer_follow_up(phone, code: str, outcome: str) -> None:
    until(lambda: plan_actions(phone, code), what="the phone's plan offering its actions")
    token, _ = phone.csrf(f"/w/{code}/plan")
    done = plan_actions(phone, code)[:1]
    body = "&".join(
        [f"done={key}" for key in done]
        + ["confidence=4", f"outcome={outcome}", f"submission_id={uuid.uuid4().hex}", f"csrf_token={token}"]
    )
    response = phone.context.request.post(
        f"{phone.base}/w/{code}/plan/follow-up",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert response.status == 303, response.status


def test_the_coach_sees_the_room_s_follow_up_once_k_phones_answered(live_server, browser, desktop, shots, csp):
    log_in(desktop, live_server, coach_account(live_server))
    workshop_id, code = prepare_and_open(desktop, live_server, "Coming back", k=K)
    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    phones = [join(browser, live_server.url, code) for _ in range(5)]
    for i, phone in enumerate(phones):
        reflect(phone, code, STORIES[i % len(STORIES)], confidence=2)
    move_to(desktop, live_server, workshop_id, "Reveal shared themes")
    move_to(desktop, live_server, workshop_id, "Move to action plans")

    report = f"{live_server.url}/workshops/{workshop_id}/report"
    desktop.goto(report)
    follow_up = desktop.get_by_test_id("report-follow-up")
    expect(follow_up).to_contain_text("The follow-up check-in opens on")

    # Two weeks pass: the follow-up opens today.
    live_server.execute("UPDATE workshops SET follow_up_on = %s WHERE id = %s", date.today().isoformat(), workshop_id)
    for phone in phones[: K - 1]:
        answer_follow_up(phone, code, "interview")

    # Any release the two answers could have booked is made by the report's own reading once
    # its time comes: wait until none is booked, so the reading below is the settled one.
    booked = "SELECT board_due_at FROM workshops WHERE id = %s"

    def settled() -> bool:
        desktop.goto(report)
        return live_server.query(booked, workshop_id) == [(None,)]

    until(settled, what="no release booked")
    desktop.goto(report)
    expect(follow_up).to_contain_text(f"too few answers yet to show (fewer than {K})")
    expect(follow_up).not_to_contain_text("people answered the follow-up")

    for phone in phones[K - 1 : -1]:
        answer_follow_up(phone, code, "interview")
    # The last one comes back on their phone's browser and fills the form by hand.
    last = phones[-1].context.new_page()
    last.set_viewport_size({"width": 390, "height": 844})
    last.goto(f"{live_server.url}/w/{code}/plan")
    form = last.get_by_test_id("follow-up-form")
    form.locator('input[name="done"]').first.check()
    form.locator("label.scale-option", has_text="4").click()
    form.get_by_label("Got an interview").check()
    form.get_by_role("button", name="Save my follow-up").click()
    thanks = last.get_by_test_id("follow-up-thanks")
    expect(thanks).to_contain_text("your follow-up is saved")
    expect(thanks).to_be_in_viewport()  # where the page opens after saving, not out of sight
    shots(last, "phone-follow-up-saved", full_page=False)

    def shown() -> bool:
        desktop.goto(report)
        return "people answered the follow-up" in follow_up.inner_text()

    until(shown, what="the follow-up figures on the report")
    text = follow_up.inner_text()
    assert re.search(r"[345] people answered the follow-up", text)
    assert "Got an interview" in text
    shots(desktop, "coach-report-follow-up")

    # The printable report carries the same figures, and nobody's alias or words.
    pdf = desktop.context.request.get(f"{report}.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    shots.pdf(pdf.body(), "cohort-report")
    path = shots.folder / "cohort-report.pdf"
    path.write_bytes(pdf.body())
    words = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)
    answered = re.search(r"([345]) people answered the follow-up", text).group(1)
    assert f"{answered} people answered the follow-up" in words
    assert "Got an interview" in words
    for story in STORIES[:5]:
        assert story[-1][:40] not in words
    assert csp.violations == []
