"""The follow-up check-in: weeks after the workshop, a participant says how their plan went.

Time is shifted by moving the follow-up service's calendar day (services.follow_ups.today);
the workshop itself is the fixtures' usual one (3 December 2026, data kept for 30 days, so
the follow-up defaults to 17 December and the data is erased after 2 January 2027).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import FollowUp, Phase, Submission, Workshop
from workshop.services import follow_ups
from workshop.services.retention import purge_expired
from workshop.services.stages import DEFAULT_STAGES

from .helpers import check_in, pdf_text, sid, soon, tell

WORKSHOP_DAY = date(2026, 12, 3)
FOLLOW_UP_DAY = date(2026, 12, 17)
THREE_WEEKS_LATER = WORKSHOP_DAY + timedelta(days=21)


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


@pytest.fixture
def room(coach, make_workshop, join, screen):
    """Three participants who reflected and reached their plans; returns the workshop, their
    phones and their recovery codes."""
    workshop = make_workshop(coach, phase=Phase.REFLECT, min_group_size=2)
    phones, codes = [], []
    for i in range(3):
        phone, code = join(workshop)
        check_in(phone, workshop, 2)
        themes = ["no_feedback"] if i < 2 else ["overqualified", "salary_mismatch"]
        ratings = {"screen": 4, "first_interview": 1} if i < 2 else {"screen": 1, "first_interview": 5}
        tell(phone, workshop, "They never replied after the final interview.", themes, ratings)
        phones.append(phone)
        codes.append(code)
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    return workshop, phones, codes


@pytest.fixture
def on_day(monkeypatch):
    """Shift the follow-up's calendar to `day`."""

    def shift(day: date) -> None:
        monkeypatch.setattr(follow_ups, "today", lambda: day)

    return shift


def plan_page(phone, workshop):
    return phone.get(f"/w/{workshop.join_code}/plan")


def action_ids(page) -> list[str]:
    return re.findall(r'name="done" value="([^"]+)"', page.text)


def answer(phone, workshop, **fields):
    data = {"confidence": "4", "outcome": "interview", "submission_id": sid()} | fields
    return phone.post(f"/w/{workshop.join_code}/plan/follow-up", data=data)


def stored() -> list[FollowUp]:
    return list(db.session.scalars(select(FollowUp)))


def test_a_new_workshop_gets_its_follow_up_two_weeks_later(room):
    workshop, _, _ = room
    assert workshop.follow_up_on == FOLLOW_UP_DAY


def test_before_the_follow_up_date_the_plan_shows_the_date_and_no_form(room, on_day):
    workshop, phones, _ = room
    on_day(FOLLOW_UP_DAY - timedelta(days=1))
    page = plan_page(phones[0], workshop)
    assert "17 December 2026" in page.text
    assert 'data-testid="follow-up-form"' not in page.text
    refused = answer(phones[0], workshop)
    assert refused.status_code == 409
    assert "The follow-up check-in opens on 17 December 2026." in refused.text
    assert stored() == []


def test_three_weeks_later_the_same_phone_answers_and_can_change_its_answer(room, on_day):
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    page = plan_page(phones[0], workshop)
    assert 'data-testid="follow-up-form"' in page.text
    ids = action_ids(page)
    assert ids, "the form ticks the plan's own actions"
    response = answer(phones[0], workshop, done=ids[:1])
    assert response.status_code == 303
    [row] = stored()
    assert (row.done, row.confidence, row.outcome) == ({ids[0]}, 4, "interview")
    again = plan_page(phones[0], workshop)
    assert 'data-testid="follow-up-saved"' in again.text
    assert re.search(rf'value="{re.escape(ids[0])}" checked', again.text)

    answer(phones[0], workshop, done=ids, confidence="5", outcome="offer")
    [row] = stored()  # still one row per participant
    assert (row.done, row.confidence, row.outcome) == (set(ids), 5, "offer")


def test_the_thanks_for_a_saved_follow_up_is_shown_where_the_page_opens(room, on_day):
    """The save sends the phone back to #follow-up: a thank-you at the top of a long plan page
    would be out of sight, so it is shown in the follow-up section, once."""
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    answer(phones[0], workshop, done=action_ids(plan_page(phones[0], workshop))[:1])
    page = plan_page(phones[0], workshop).text
    section = page[page.index('id="follow-up"') :]
    assert "your follow-up is saved" in section
    assert page.count("your follow-up is saved") == 1
    assert "your follow-up is saved" not in plan_page(phones[0], workshop).text  # shown once


def test_a_replayed_or_double_tapped_answer_is_stored_once(room, on_day):
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    once = sid()
    assert answer(phones[0], workshop, submission_id=once, confidence="3").status_code == 303
    assert answer(phones[0], workshop, submission_id=once, confidence="1").status_code == 303
    [row] = stored()
    assert row.confidence == 3  # the replay changed nothing
    assert db.session.scalar(select(func.count()).select_from(Submission).where(Submission.kind == "follow-up")) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"done": ["not-an-action"]}, "is not in your plan"),
        ({"confidence": "6"}, "from 1 to 5"),
        ({"confidence": "0"}, "from 1 to 5"),
        ({"confidence": ""}, "from 1 to 5"),
        ({"confidence": "٣"}, "from 1 to 5"),
        ({"outcome": "moved abroad"}, "what happened since"),
        ({"submission_id": "not-an-id"}, "out of date"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(room, on_day, fields, message):
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    ids = action_ids(plan_page(phones[0], workshop))
    response = answer(phones[0], workshop, **({"done": ids} | fields))
    assert 400 <= response.status_code < 500
    assert message in response.text
    assert stored() == []
    assert db.session.scalar(select(func.count()).select_from(Submission).where(Submission.kind == "follow-up")) == 0


def test_someone_elses_actions_cannot_be_ticked(room, on_day):
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    mine = set(action_ids(plan_page(phones[0], workshop)))
    theirs = [key for key in action_ids(plan_page(phones[2], workshop)) if key not in mine]
    assert theirs, "the fixture gives these two people different plans"
    assert answer(phones[0], workshop, done=theirs[:1]).status_code == 422
    assert stored() == []


def test_a_stranger_reaches_no_follow_up(app, room, on_day):
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    answer(phones[0], workshop)
    stranger = app.test_client()
    assert stranger.get(f"/w/{workshop.join_code}/plan").status_code == 404
    assert answer(stranger, workshop, confidence="1").status_code == 404
    others = plan_page(phones[1], workshop)
    assert 'data-testid="follow-up-saved"' not in others.text  # their form is their own
    [row] = stored()
    assert row.confidence == 4


def test_the_phone_cookie_lasts_until_the_erase_date(app, coach, make_workshop):
    workshop = make_workshop(coach)
    phone = app.test_client()
    phone.post(f"/w/{workshop.join_code}/join")
    cookie = phone.get_cookie("rebound_participant", path=f"/w/{workshop.join_code}/")
    expires = cookie.expires if cookie.expires.tzinfo else cookie.expires.replace(tzinfo=UTC)
    assert expires >= datetime.combine(THREE_WEEKS_LATER, datetime.min.time(), tzinfo=UTC)
    assert expires.date() == workshop.retain_until


def test_three_weeks_later_on_another_device_the_recovery_code_still_works(app, room, on_day):
    workshop, phones, codes = room
    on_day(THREE_WEEKS_LATER)
    laptop = app.test_client()
    moved = laptop.post(f"/w/{workshop.join_code}/recover", data={"recovery_code": codes[1]})
    assert moved.status_code == 303
    assert answer(laptop, workshop, confidence="2").status_code == 303
    assert [row.confidence for row in stored()] == [2]


def test_the_calendar_has_a_follow_up_event_with_the_plan_link(room):
    workshop, phones, _ = room
    calendar = Calendar.from_ical(phones[0].get(f"/w/{workshop.join_code}/plan.ics").data)
    [event] = [e for e in calendar.walk("VEVENT") if "follow-up" in str(e.get("summary")).lower()]
    assert event.decoded("dtstart") == FOLLOW_UP_DAY
    assert f"/w/{workshop.join_code}/plan" in str(event.get("url")) + str(event.get("description"))


def test_the_erase_takes_the_follow_ups_with_it(room, on_day):
    workshop, phones, _ = room
    on_day(THREE_WEEKS_LATER)
    for phone in phones:
        answer(phone, workshop)
    assert len(stored()) == 3
    assert purge_expired(workshop.retain_until) == 0  # still kept on its last day
    assert len(stored()) == 3
    assert purge_expired(workshop.retain_until + timedelta(days=1)) == 1
    db.session.expire_all()
    assert stored() == []
    assert db.session.get(Workshop, workshop.id) is None


def test_after_the_erase_date_nothing_is_offered(room, on_day):
    workshop, phones, _ = room
    on_day(workshop.retain_until + timedelta(days=1))
    assert answer(phones[0], workshop).status_code == 409
    assert stored() == []


# ---- the coach picks the date -----------------------------------------------------------------

FORM = {
    "op": "save",
    "title": "Bouncing back together",
    "date": soon(10),
    "min_group_size": "3",
    "retention_days": "30",
    "paper_size": "A4",
    "stage_key": [key for key, _ in DEFAULT_STAGES],
    "stage_label": [label for _, label in DEFAULT_STAGES],
}


def workshop_titles() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Workshop.title)))


def test_left_empty_the_follow_up_is_two_weeks_after_or_the_erase_date(screen):
    assert screen.post("/workshops/new", data=FORM | {"follow_up_on": ""}).status_code == 303
    short = FORM | {"title": "Short", "retention_days": "7"}
    assert screen.post("/workshops/new", data=short).status_code == 303
    dates = {w.title: (w.date, w.follow_up_on, w.retain_until) for w in db.session.scalars(select(Workshop))}
    day, follow_up, _ = dates["Bouncing back together"]
    assert follow_up == day + timedelta(days=14)
    _, follow_up, retain_until = dates["Short"]
    assert follow_up == retain_until


def test_the_coach_picks_a_follow_up_date(screen):
    day = date.fromisoformat(FORM["date"])
    chosen = day + timedelta(days=21)
    assert screen.post("/workshops/new", data=FORM | {"follow_up_on": chosen.isoformat()}).status_code == 303
    [workshop] = db.session.scalars(select(Workshop))
    assert workshop.follow_up_on == chosen
    page = screen.get(f"/workshops/{workshop.id}/edit")
    assert f'value="{chosen.isoformat()}"' in page.text


@pytest.mark.parametrize(
    ("days_after", "message"),
    [(0, "after the workshop"), (-3, "after the workshop"), (31, "the data is erased after that day")],
)
def test_a_follow_up_outside_the_workshop_and_its_erase_date_is_refused(screen, days_after, message):
    day = date.fromisoformat(FORM["date"])
    follow_up = (day + timedelta(days=days_after)).isoformat()
    response = screen.post("/workshops/new", data=FORM | {"follow_up_on": follow_up})
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{follow_up}"' in response.text  # the form comes back as typed
    assert workshop_titles() == []


def test_shortening_the_retention_below_the_follow_up_is_refused_on_edit(screen, coach, make_workshop):
    workshop = make_workshop(coach, phase=Phase.DRAFT, date=date.fromisoformat(FORM["date"]))
    data = FORM | {"retention_days": "7", "follow_up_on": workshop.follow_up_on.isoformat()}
    response = screen.post(f"/workshops/{workshop.id}/edit", data=data)
    assert response.status_code == 422 and "the data is erased after that day" in response.text
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).retention_days == 30  # nothing saved


def test_the_pdf_carries_the_follow_up_date(room):
    workshop, phones, _ = room
    text = " ".join(pdf_text(phones[0].get(f"/w/{workshop.join_code}/plan.pdf").data).split())
    assert "On Thursday 17 December 2026, open this plan again" in text


def test_a_changed_follow_up_date_reaches_the_plans(room, screen):
    workshop, phones, _ = room
    later = FOLLOW_UP_DAY + timedelta(days=7)
    data = FORM | {"date": WORKSHOP_DAY.isoformat(), "follow_up_on": later.isoformat()}
    assert screen.post(f"/workshops/{workshop.id}/edit", data=data).status_code == 303
    assert "24 December 2026" in plan_page(phones[0], workshop).text
    calendar = Calendar.from_ical(phones[0].get(f"/w/{workshop.join_code}/plan.ics").data)
    assert later in [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    text = " ".join(pdf_text(phones[0].get(f"/w/{workshop.join_code}/plan.pdf").data).split())
    assert "24 December 2026" in text
