"""The cohort report's follow-up section, its CSV rows and the report PDF: the coach who owns
the workshop sees the room's follow-up figures once k people answered, nobody else sees
anything, and the PDF holds the figures and nobody's alias or words.

The fixtures' workshop is on 3 December 2026 with k = 3; its follow-up opens on 17 December.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from workshop.models import Phase
from workshop.services import follow_ups

from .helpers import check_in, pdf_text, sid, tell

BEFORE_FOLLOW_UP = date(2026, 12, 10)
THREE_WEEKS_LATER = date(2026, 12, 24)
STORY = "The panel at Acme Logistics never wrote back after my final interview about the warehouse rota."
STORY_WORDS = ("warehouse rota", "never wrote back", "Acme")


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


@pytest.fixture
def on_day(monkeypatch):
    def shift(day: date) -> None:
        monkeypatch.setattr(follow_ups, "today", lambda: day)

    return shift


@pytest.fixture
def room(coach, make_workshop, join, screen):
    """Four people who told their story, checked in, reached their plans and closed the room."""
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phones = []
    for _ in range(4):
        phone, _ = join(workshop)
        check_in(phone, workshop, 2)
        tell(phone, workshop, STORY, ["no_feedback"], {"screen": 4, "first_interview": 2})
        phones.append(phone)
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    for phone in phones:
        check_in(phone, workshop, 4, moment="after")
    return workshop, phones


def answer(phone, workshop, outcome: str, confidence: int = 5):
    plan = phone.get(f"/w/{workshop.join_code}/plan").text
    done = re.findall(r'name="done" value="([^"]+)"', plan)[:1]
    data = {"done": done, "confidence": str(confidence), "outcome": outcome, "submission_id": sid()}
    assert phone.post(f"/w/{workshop.join_code}/plan/follow-up", data=data).status_code == 303


def alias_of(phone, workshop) -> str:
    return re.search(r"You are <strong>([^<]+)</strong>", phone.get(f"/w/{workshop.join_code}/").text).group(1)


def section(page: str) -> str:
    found = re.search(r'data-testid="report-follow-up">(.*?)</section>', page, re.S)
    assert found, "the report has a follow-up section"
    return found.group(1)


def test_before_the_follow_up_date_the_report_says_when_it_opens(screen, room, on_day):
    workshop, _ = room
    on_day(BEFORE_FOLLOW_UP)
    text = section(screen.get(f"/workshops/{workshop.id}/report").text)
    assert "The follow-up check-in opens on 17 December 2026" in text
    assert "At follow-up" not in text


def test_the_coach_sees_the_follow_up_once_k_people_answered(screen, room, on_day):
    workshop, phones = room
    on_day(THREE_WEEKS_LATER)
    for phone in phones[:2]:
        answer(phone, workshop, "interview")
    waiting = section(screen.get(f"/workshops/{workshop.id}/report").text)
    assert "too few answers yet to show (fewer than 3)" in waiting
    assert "Got an interview" not in waiting  # no outcome of two people
    assert "follow-up" not in screen.get(f"/workshops/{workshop.id}/report.csv").text

    answer(phones[2], workshop, "interview", confidence=2)
    text = section(screen.get(f"/workshops/{workshop.id}/report").text)
    assert "3 people answered the follow-up." in text
    assert re.search(r"At follow-up</th>\s*<td class=\"num\">4.0</td><td class=\"num\">3</td>", text)
    assert re.search(r"At the start</th>\s*<td class=\"num\">2.0</td><td class=\"num\">3</td>", text)
    assert "100% did at least one action of their plan (3 of 3)." in text
    assert "Got an interview: <strong>3</strong>" in text
    assert "Got an offer: <strong>0</strong>" in text  # all three are accounted for
    assert re.search(r'<ol class="follow-up-actions">\s*<li>[^<]+ <span class="muted">3 of 3</span>', text)

    rows = screen.get(f"/workshops/{workshop.id}/report.csv").text.splitlines()
    assert "follow-up,answered,3," in rows
    assert "confidence average (1-5),follow-up,4.0,3" in rows
    assert "follow-up,did at least one action,3,3" in rows
    assert "follow-up outcome,Got an interview,3,3" in rows
    assert "follow-up outcome,Got an offer,0,3" in rows
    assert sum(row.startswith("follow-up action done,") for row in rows) == 1


@pytest.mark.parametrize("path", ["report", "report.csv", "report.pdf"])
def test_nobody_but_the_owner_gets_the_report(app, room, make_coach, login, join, on_day, path):
    workshop, phones = room
    on_day(THREE_WEEKS_LATER)
    for phone in phones[:3]:
        answer(phone, workshop, "interview")
    url = f"/workshops/{workshop.id}/{path}"
    make_coach(email="other@example.org")
    make_coach(email="admin@example.org", admin=True)
    for email in ("other@example.org", "admin@example.org"):
        someone = app.test_client()
        login(someone, email)
        response = someone.get(url)
        assert response.status_code == 404
        assert "Got an interview" not in response.text and b"%PDF" not in response.data
    phone = phones[0].get(url)
    assert phone.status_code in (302, 401) and b"%PDF" not in phone.data
    assert app.test_client().get(url).status_code in (302, 401)


def test_the_report_page_links_to_its_pdf(screen, room):
    workshop, _ = room
    assert f'href="/workshops/{workshop.id}/report.pdf"' in screen.get(f"/workshops/{workshop.id}/report").text


def test_the_report_pdf_holds_the_figures_and_nobody_s_alias_or_words(screen, room, on_day):
    workshop, phones = room
    on_day(THREE_WEEKS_LATER)
    for phone in phones[:3]:
        answer(phone, workshop, "interview")
    aliases = [alias_of(phone, workshop) for phone in phones]
    response = screen.get(f"/workshops/{workshop.id}/report.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response.data).split())
    assert "Bouncing back" in text and "3 participants" in text  # the fourth waits for more people
    assert "k = 3" in text
    assert "3 people answered the follow-up check-in." in text
    assert "100% did at least one action of their plan (3 of 3)." in text
    assert "Got an interview 3 of 3" in text
    for label in ("At the start 3 2.0", "At the end 3 4.0", "At follow-up 3 5.0"):
        assert label in text, label
    assert "No feedback" in text  # the theme the room shares
    for alias in aliases:
        assert alias not in text
    for words in STORY_WORDS:
        assert words not in text


def test_the_report_pdf_before_anyone_answered_shows_no_figure(screen, coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phone, _ = join(workshop)
    tell(phone, workshop, STORY, ["no_feedback"], {"screen": 4})
    text = " ".join(pdf_text(screen.get(f"/workshops/{workshop.id}/report.pdf").data).split())
    assert "fewer than 3 participants so far" in text
    assert "No feedback" not in text
