"""Plans in the app: rendered at the plan phase, downloaded only by their owner, never leaking."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session

from workshop.extensions import db
from workshop.models import Phase, Plan, PlanFile, Story, utcnow
from workshop.services.plans import jobs

from .helpers import pdf_text, sid

STORIES = [
    "They ghosted me after the final round with Northwind Bank. Sarah Jones never replied.",
    "Radio silence for weeks after the interview. I emailed tom@example.org twice.",
    "I never heard back after the assessment. Call me on 07700 900123.",
    "The recruiter said I was overqualified, and my salary was too high.",
]


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


@pytest.fixture
def room(coach, make_workshop, join, screen):
    """Four participants who reflected; the coach reveals themes and moves to plans.

    With k = 2 the board's last release has everyone's themes but the fourth person's
    (their change waits for one more person's), so the plans say "3 of 4"."""
    workshop = make_workshop(coach, phase=Phase.REFLECT, employers="Northwind Bank", min_group_size=2)
    phones = []
    for i, text in enumerate(STORIES):
        phone, _ = join(workshop)
        code = workshop.join_code
        phone.post(f"/w/{code}/checkin", data={"moment": "before", "confidence": "2", "submission_id": sid()})
        review = phone.post(f"/w/{code}/story", data={"text": text, "role": "Analyst", "op": "review"})
        fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
        phone.post(
            f"/w/{code}/story",
            data={"text": text, "role": "Analyst", "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()},
        )
        themes = ["no_feedback"] if i < 3 else ["overqualified", "salary_mismatch"]
        phone.post(f"/w/{code}/themes", data={"theme": themes, "submission_id": sid()})
        phone.post(
            f"/w/{code}/ratings",
            data={
                "submission_id": sid(),
                "reached-screen": "yes",
                "score-screen": "4",
                "reached-first_interview": "yes",
                "score-first_interview": str(1 + i % 2),
            },
        )
        phones.append(phone)
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    return workshop, phones


def alias_of(phone, workshop) -> str:
    page = phone.get(f"/w/{workshop.join_code}/")
    return re.search(r"You are <strong>([^<]+)</strong>", page.text).group(1)


def test_every_plan_is_rendered_when_the_plan_phase_starts(room):
    workshop, phones = room
    assert db.session.scalar(select(func.count()).select_from(PlanFile)) == len(phones)
    assert set(db.session.scalars(select(Plan.status))) == {"ready"}


def test_a_participant_downloads_their_own_plan_and_nothing_else(room):
    workshop, phones = room
    mine = phones[0]
    response = mine.get(f"/w/{workshop.join_code}/plan.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert alias_of(mine, workshop) in text
    others = [alias_of(p, workshop) for p in phones[1:]]
    assert not any(alias in text for alias in others)
    assert "First interview" in text  # the weakest stage is a focus area
    assert "3 of 4" in text  # the room theme this person shares, from the current release
    for secret in ("Northwind", "Sarah", "Jones", "tom@example.org", "07700", "ghosted me", "Radio silence"):
        assert secret not in text


def test_room_themes_below_k_stay_out_of_the_plan(room):
    workshop, phones = room
    text = pdf_text(phones[3].get(f"/w/{workshop.join_code}/plan.pdf").data)
    assert "overqualified" not in text.lower() or "1 of 4" not in text
    assert "of 4" not in text  # this person's themes were shared by fewer than k


def test_nobody_else_can_reach_a_plan(app, room):
    workshop, phones = room
    stranger = app.test_client()
    for path in ("plan", "plan.pdf", "plan.ics", "plan/status"):
        assert stranger.get(f"/w/{workshop.join_code}/{path}").status_code == 404
    assert (
        stranger.post(f"/w/{workshop.join_code}/plan/priorities", data={"focus": "general:self-care"}).status_code
        == 404
    )


def test_a_phone_and_the_room_thread_asking_for_the_same_plan_at_once_do_not_collide(
    app, coach, make_workshop, join, monkeypatch
):
    """The room's background thread commits the plan row between the phone's look and its insert."""
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phone, _ = join(workshop)
    workshop.phase = Phase.PLAN  # no coach click, so no plan row exists yet
    db.session.commit()
    submitted = []

    def room_thread_first(session, context, instances):
        for plan in [obj for obj in session.new if isinstance(obj, Plan)]:
            with db.engine.begin() as other:  # another connection, committed just before this flush
                other.execute(
                    insert(Plan).values(
                        participant_id=plan.participant_id,
                        workshop_id=plan.workshop_id,
                        input_hash=plan.input_hash,
                        status="queued",
                        updated_at=utcnow(),
                    )
                )

    monkeypatch.setattr(jobs, "_submit", lambda *args: submitted.append(args))
    event.listen(Session, "before_flush", room_thread_first)
    try:
        page = phone.get(f"/w/{workshop.join_code}/plan")
    finally:
        event.remove(Session, "before_flush", room_thread_first)
    assert page.status_code == 200
    assert "Your action plan" in page.text
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 1
    assert submitted == []  # the winner already queued the render; it is not queued twice


def test_plans_are_not_there_before_the_plan_phase(coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.THEMES)
    phone, _ = join(workshop)
    for path in ("plan", "plan.pdf", "plan.ics"):
        assert phone.get(f"/w/{workshop.join_code}/{path}").status_code == 404


def test_swapping_a_priority_renders_a_new_plan(room):
    workshop, phones = room
    phone = phones[0]
    page = phone.get(f"/w/{workshop.join_code}/plan")
    offered = re.findall(r'name="focus" value="([^"]+)"', page.text)
    chosen = re.findall(r'name="focus" value="([^"]+)" checked', page.text)
    swap_in = next(area for area in offered if area not in chosen)
    before = db.session.scalars(select(Plan.input_hash)).first()
    response = phone.post(f"/w/{workshop.join_code}/plan/priorities", data={"focus": [swap_in, chosen[0]]})
    assert response.status_code == 303
    plan = db.session.scalars(select(Plan).order_by(Plan.participant_id)).first()
    assert plan.input_hash != before and plan.status == "ready"
    assert db.session.get(PlanFile, before) is None  # the stale PDF is gone
    refreshed = phone.get(f"/w/{workshop.join_code}/plan")
    assert re.search(rf'value="{re.escape(swap_in)}" checked', refreshed.text)


@pytest.mark.parametrize("focus", [[], ["nonsense"], ["a", "b", "c", "d"]])
def test_bad_priorities_change_nothing(room, focus):
    workshop, phones = room
    before = set(db.session.scalars(select(Plan.input_hash)))
    phones[0].post(f"/w/{workshop.join_code}/plan/priorities", data={"focus": focus})
    assert set(db.session.scalars(select(Plan.input_hash))) == before


def test_closing_checkin_updates_the_plan(room):
    """The plan's confidence card shows the opening answer (2 in the room) and, once given,
    the closing one, each in its own place."""
    workshop, phones = room
    phone = phones[1]
    before = pdf_text(phone.get(f"/w/{workshop.join_code}/plan.pdf").data)
    assert "At the start: 2 of 5 At the end: not recorded" in before
    response = phone.post(
        f"/w/{workshop.join_code}/checkin", data={"moment": "after", "confidence": "4", "submission_id": sid()}
    )
    assert response.status_code == 303
    text = pdf_text(phone.get(f"/w/{workshop.join_code}/plan.pdf").data)
    assert "At the start: 2 of 5 At the end: 4 of 5" in text
    other = pdf_text(phones[2].get(f"/w/{workshop.join_code}/plan.pdf").data)
    assert "At the end: not recorded" in other  # only this participant's plan changed


def test_calendar_has_the_plan_dates(room):
    workshop, phones = room
    response = phones[0].get(f"/w/{workshop.join_code}/plan.ics")
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    dates = sorted({event.decoded("dtstart") for event in calendar.walk("VEVENT")})
    offsets = {(day - workshop.date).days for day in dates}
    assert offsets <= {1, 7, 14, 30} and len(offsets) >= 2


def test_delete_my_data_removes_the_pdf(room):
    workshop, phones = room
    phones[0].post(f"/w/{workshop.join_code}/forget")
    assert db.session.scalar(select(func.count()).select_from(PlanFile)) == len(phones) - 1


def test_closed_workshop_keeps_downloads(room, screen):
    workshop, phones = room
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "closed"})
    assert phones[2].get(f"/w/{workshop.join_code}/plan.pdf").status_code == 200
    page = phones[2].get(f"/w/{workshop.join_code}/plan")
    assert "Change your focus" not in page.text  # read-only once closed


def test_coach_sees_progress_but_no_plans(room, screen):
    workshop, phones = room
    page = screen.get(f"/workshops/{workshop.id}")
    assert "4</strong> of 4 plans ready" in page.text
    assert screen.get(f"/w/{workshop.join_code}/plan.pdf").status_code == 404


def test_a_coachs_own_action_appears_in_matching_plans(coach, make_workshop, join, screen):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    response = screen.post(
        f"/workshops/{workshop.id}/actions",
        data={
            "title": "Book a mock interview with me",
            "how": "Pick a slot on the sign-up sheet by the door. Bring one question you dread.",
            "timing": "this week",
            "stages": ["first_interview"],
        },
    )
    assert response.status_code == 303
    phone, _ = join(workshop)
    phone.post(
        f"/w/{workshop.join_code}/ratings",
        data={"submission_id": sid(), "reached-first_interview": "yes", "score-first_interview": "1"},
    )
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    assert "Book a mock interview with me" in pdf_text(phone.get(f"/w/{workshop.join_code}/plan.pdf").data)


def test_html_in_participant_text_is_inert_in_the_pdf(coach, make_workshop, join, screen):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phone, _ = join(workshop)
    code = workshop.join_code
    role = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    review = phone.post(f"/w/{code}/story", data={"text": "Fine.", "role": role, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    phone.post(
        f"/w/{code}/story",
        data={"text": "Fine.", "role": role, "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()},
    )
    phone.post(
        f"/w/{code}/ratings",
        data={
            "submission_id": sid(),
            "reached-screen": "yes",
            "score-screen": "2",
            "note-screen": "</style><link rel=stylesheet href=http://evil.example/x.css>",
        },
    )
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    response = phone.get(f"/w/{code}/plan.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "root:" not in text  # /etc/passwd was never read
    assert "{{ 7*7 }}" in text or "49" not in text


def test_preview_plan_command(runner, tmp_path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["preview-plan", "workshop/data/sample_plan.json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    bad = tmp_path / "bad.json"
    bad.write_text('{"workshop": {"title": "x"}}')
    failed = runner.invoke(args=["preview-plan", str(bad), "-o", str(tmp_path / "x.pdf")])
    assert failed.exit_code != 0 and "Error" in failed.output


def test_render_plans_command(room, runner):
    workshop, phones = room
    db.session.execute(PlanFile.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["render-plans", workshop.join_code])
    assert result.exit_code == 0, result.output
    assert "4 plans ready, 0 failed" in result.output
    assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 4


ROLES = {
    "a person's name": ("Analyst on Sarah Okafor's team", ["Sarah", "Okafor"], "Analyst on [name]'s team"),
    "the coach's employer": ("Analyst at Northwind Bank", ["Northwind"], "Analyst at [employer]"),
    "an employer by its suffix": ("Designer at Globex Sdn Bhd", ["Globex"], "Designer at [employer]"),
    "an email": ("Analyst, write to sarah.okafor@example.org", ["okafor@", "example.org"], "Analyst, write to [email]"),
    "a phone number": ("Analyst, call +44 7700 900123", ["7700", "900123"], "Analyst, call [phone]"),
}


@pytest.mark.parametrize("kind", list(ROLES))
def test_the_role_is_redacted_in_the_database_and_in_the_pdf(coach, make_workshop, join, screen, kind):
    """The role is printed on the plan's cover, so it is hidden like the story: what the
    participant typed never reaches the database, and the PDF shows the redacted role."""
    role, secrets, redacted = ROLES[kind]
    workshop = make_workshop(coach, phase=Phase.REFLECT, employers="Northwind Bank")
    phone, _ = join(workshop)
    code = workshop.join_code
    text = "They never wrote back after the final interview."
    review = phone.post(f"/w/{code}/story", data={"text": text, "role": role, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    confirmed = phone.post(
        f"/w/{code}/story",
        data={"text": text, "role": role, "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()},
    )
    assert confirmed.status_code == 303
    assert db.session.scalars(select(Story.role)).one() == redacted
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    pdf = pdf_text(phone.get(f"/w/{code}/plan.pdf").data)
    assert redacted in pdf  # the cover prints the role as stored
    for secret in secrets:
        assert secret not in pdf


# ---- the phone's poll of its own plan --------------------------------------------------------


def poll(phone, workshop, etag: str | None = None):
    headers = {"HX-Request": "true"} | ({"If-None-Match": etag} if etag else {})
    return phone.get(f"/w/{workshop.join_code}/plan/status", headers=headers)


def test_the_owner_polls_a_ready_plan_and_gets_its_download_then_nothing_new(room):
    workshop, phones = room
    first = poll(phones[0], workshop)
    assert first.status_code == 200
    assert f"/w/{workshop.join_code}/plan.pdf" in first.text and "Download my plan (PDF)" in first.text
    assert "being prepared" not in first.text and "hx-get" not in first.text  # nothing more to wait for
    again = poll(phones[0], workshop, first.headers["ETag"])
    assert again.status_code == 304 and again.text == ""
    assert poll(phones[1], workshop, first.headers["ETag"]).status_code == 200  # another phone's tag is not theirs


def test_a_poll_without_htmx_goes_to_the_plan_page(room):
    workshop, phones = room
    response = phones[0].get(f"/w/{workshop.join_code}/plan/status")
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith(f"/w/{workshop.join_code}/plan")


def test_a_poll_sends_lost_work_again_and_the_owner_gets_the_plan(room):
    workshop, phones = room
    participant_id = db.session.scalars(select(Plan.participant_id).order_by(Plan.participant_id)).first()
    plan = db.session.get(Plan, participant_id)
    lost_hash = plan.input_hash
    db.session.execute(delete(PlanFile).where(PlanFile.input_hash == lost_hash))  # its file never came
    plan.status, plan.updated_at = "queued", utcnow() - jobs.RESUBMIT_AFTER * 2  # its process was restarted
    db.session.commit()
    response = poll(phones[0], workshop)
    assert response.status_code == 200 and "Download my plan (PDF)" in response.text
    db.session.expire_all()
    assert db.session.get(Plan, participant_id).status == "ready"
    assert jobs.plan_file(lost_hash) is not None


def test_a_poll_of_a_plan_on_its_way_asks_for_nothing_again(room, monkeypatch):
    workshop, phones = room
    participant_id = db.session.scalars(select(Plan.participant_id).order_by(Plan.participant_id)).first()
    plan = db.session.get(Plan, participant_id)
    plan.status, plan.updated_at = "queued", utcnow()
    db.session.commit()
    asked = []
    monkeypatch.setattr(jobs, "request_plan", lambda *args, **kwargs: asked.append(args))
    response = poll(phones[0], workshop)
    assert response.status_code == 200 and "being prepared" in response.text and 'hx-get="' in response.text
    assert asked == []
