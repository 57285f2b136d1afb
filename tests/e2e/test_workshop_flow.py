"""A whole workshop in real browsers: a coach on a laptop, five phones, one projector."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .helpers import coach_account, log_in, move_to, prepare_and_open, until

pytestmark = pytest.mark.e2e

PEOPLE = [
    (
        "iPhone 13",
        "Data analyst",
        "First interview",
        ["No feedback, or ghosted"],
        "I interviewed with Northwind Bank and Sarah Jones promised to call. Radio silence ever since; "
        "I emailed sarah.jones@northwind.example and rang +44 20 7946 0958.",
    ),
    (
        "Pixel 7",
        "Nurse",
        "Final or panel interview",
        ["No feedback, or ghosted"],
        "After the panel at Northwind Bank I never heard back. The recruiter, Tom Baker, stopped replying.",
    ),
    (
        "iPhone 13",
        "Designer",
        "Recruiter or phone screen",
        ["No feedback, or ghosted"],
        "Ghosted after the phone screen. I wrote to jo@example.org twice and called 07700 900123.",
    ),
    (
        "Pixel 7",
        "Engineer",
        "Recruiter or phone screen",
        ["Salary mismatch"],
        "Mr Patel said my salary expectations were too high for the band.",
    ),
    (
        "iPhone 13",
        "Teacher",
        "Application (CV, cover letter, portfolio)",
        ["Salary mismatch"],
        "They said the pay I asked for was too much. Priya Shah from Northwind Bank was kind about it.",
    ),
]
PII = ("Northwind", "Sarah", "Jones", "sarah.jones@", "7946", "Tom Baker", "jo@example.org", "07700", "Patel", "Priya")


def pdf_text(path: str) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def reflect(phone, person, shots, index: int) -> None:
    _, role, ended, themes, story = person
    phone.get_by_text(["Not at all", "A little", "Somewhat"][index % 3]).first.click()
    # Saving answers 204 with HX-Redirect: htmx then reloads the home page. Wait for that
    # reload, or it can land after the click below and take the phone back home.
    with phone.expect_navigation(url=re.compile(r"/w/\w+/$")):
        phone.get_by_role("button", name="Save my answer").click()
    phone.get_by_role("link", name="Your story").click()
    phone.get_by_label("Role or field you applied for").fill(role)
    phone.get_by_label("Where did it end?").select_option(label=ended)
    phone.get_by_label("What happened?").fill(story)
    phone.get_by_role("button", name="Next: see what others would see").click()
    preview = phone.locator("[data-redact-source]")
    for secret in PII:
        expect(preview).not_to_contain_text(secret)
    if index == 0:
        shots(phone, "phone-review")
    phone.get_by_role("button", name="Looks right: save my story").click()
    expect(phone.get_by_role("heading", name="What was behind it?")).to_be_visible()
    for chip in phone.locator(".chip input:checked").all():
        chip.uncheck()
    for label in themes:
        phone.locator(".chip", has_text=label).locator("input").check()
    if index == 0:
        shots(phone, "phone-themes")
    phone.get_by_role("button", name="Keep these themes").click()
    phone.get_by_role("link", name="Rate the stages").click()
    for block in phone.locator("fieldset.stage").all():  # start from none reached, whatever the story said
        block.get_by_text("No", exact=True).click()
    for stage, score in (("stage-screen", "OK"), ("stage-first_interview", "Not well")):
        block = phone.locator(f"#{stage}")
        block.get_by_text("Yes", exact=True).click()
        block.get_by_text(score, exact=True).click()
    phone.get_by_role("button", name="Save my ratings").click()
    expect(phone.get_by_text("All done")).to_be_visible()


def test_a_whole_workshop(live_server, browser, desktop, phone_context, shots, csp, playwright_instance):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    workshop_id, code = prepare_and_open(
        desktop, live_server, "Bouncing back together", k=3, employers="Northwind Bank"
    )
    projector = desktop.context.new_page()
    csp.attach(projector)
    projector.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    join_url = projector.locator("figcaption").inner_text().strip()
    shots(projector, "projector-lobby", full_page=False)

    phones, aliases = [], []
    for person in PEOPLE:
        phone = phone_context(person[0])
        phone.goto(join_url)
        phone.get_by_role("button", name="Join anonymously").click()
        aliases.append(phone.locator(".who strong").inner_text())
        phone.get_by_role("link", name="I have noted it, continue").click()
        phones.append(phone)
    expect(projector.locator(".count-number")).to_have_text("5", timeout=8000)
    shots(projector, "projector-five-joined", full_page=False)

    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    for i, (phone, person) in enumerate(zip(phones, PEOPLE, strict=True)):
        expect(phone.get_by_role("link", name="Your story")).to_be_visible(timeout=8000)
        reflect(phone, person, shots, i)
    shots(phones[0], "phone-reflect-done")

    move_to(desktop, live_server, workshop_id, "Reveal shared themes")
    board = projector.locator("#live .board")
    expect(board).to_contain_text("No feedback, or ghosted", timeout=8000)
    # the first three people came in together; the last two wait for a third person's change
    expect(board).to_contain_text("3 of 3 of you")
    expect(board).not_to_contain_text("Salary mismatch")  # only two people: below k
    shots(projector, "projector-themes", full_page=False)

    # two "me too"s do not move the count, nor can the coach make it move; a third person's
    # change brings all three in at once
    latest = "SELECT max(seq) FROM releases WHERE workshop_id = %s"
    booked = "SELECT board_due_at FROM workshops WHERE id = %s"
    # The third person's ratings came within the refresh gap of the first release, so a
    # release of the ratings may still be booked: the projector's polls make it. Wait for that,
    # so the reading below is the one the "me too"s must leave alone.
    until(lambda: live_server.query(booked, workshop_id) == [(None,)], what="the booked release")
    release_before = live_server.query(latest, workshop_id)
    for phone in phones[3:]:
        expect(phone.locator(".board-phone")).to_contain_text("No feedback, or ghosted", timeout=8000)
        phone.locator(".theme-bar", has_text="No feedback").get_by_role("button", name="Me too").click()
        expect(phone.get_by_text("You are counted here")).to_be_visible()
    desktop.goto(f"{live_server.url}/workshops/{workshop_id}/themes")
    expect(desktop.get_by_role("button", name=re.compile("Update the board"))).to_have_count(0)
    expect(desktop.locator("body")).not_to_contain_text(re.compile(r"\d+ new"))
    shots(desktop, "coach-moderation-waiting")
    # The two changes wait for a third person however long anyone waits: the server has made
    # no release since and booked none, and the projector's next poll still shows the old count.
    assert live_server.query(latest, workshop_id) == release_before
    assert live_server.query(booked, workshop_id) == [(None,)]
    with projector.expect_response(lambda r: f"/workshops/{workshop_id}/projector" in r.url):
        pass
    expect(board).to_contain_text("3 of 3 of you")
    shots(phones[3], "phone-board-me-too")
    phones[0].get_by_role("link", name="Your themes").click()
    phones[0].locator(".chip", has_text="Self-doubt").locator("input").check()
    phones[0].get_by_role("button", name="Keep these themes").click()
    expect(board).to_contain_text("5 of 5 of you", timeout=15000)
    expect(board).not_to_contain_text("Self-doubt")  # one person: below k
    shots(projector, "projector-after-update", full_page=False)

    move_to(desktop, live_server, workshop_id, "Move to action plans")
    expect(desktop.locator(".plans-progress")).to_contain_text("of 5 plans ready")
    for i, phone in enumerate(phones):
        phone.get_by_role("link", name="Open my plan").click(timeout=8000)
        expect(phone.get_by_role("heading", name=re.compile("Your action plan"))).to_be_visible()
        if i == 0:
            phone.get_by_text("Quite").first.click()
            phone.get_by_role("button", name="Save my answer").click()
            expect(phone.get_by_role("button", name="Save my answer")).to_have_count(0)
            shots(phone, "phone-plan-before-swap")
            first = phone.locator(".chips input:not(:checked)").first
            first.check()
            phone.locator(".chips input:checked").first.uncheck()
            phone.get_by_role("button", name="Update my plan").click()
            expect(phone.get_by_text("Your priorities are saved")).to_be_visible()
            shots(phone, "phone-plan")
        download_button = phone.get_by_role("link", name="Download my plan (PDF)")
        expect(download_button).to_be_visible(timeout=30000)
        with phone.expect_download() as info:
            download_button.click()
        text = pdf_text(info.value.path())
        assert aliases[i] in text
        assert not any(other in text for j, other in enumerate(aliases) if j != i)
        for secret in PII:
            assert secret not in text, secret
        if i == 0:
            assert "Quite" in text or "4" in text
    expect(desktop.locator(".plans-progress")).to_contain_text("5 of 5 plans ready")
    shots(desktop, "coach-plans-ready")
    assert csp.violations == []
