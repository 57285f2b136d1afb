"""A plan is reachable only with its owner's token, and is always the owner's current plan.

These tests stand in a stamped fake for WeasyPrint: each "PDF" names the participant and the
plan input it was rendered from, so a test can tell whose plan was served and whether it was
the current one, in milliseconds (they are the plan-access group's tests in `make mutants`).
tests/test_plan_routes.py checks the real PDFs.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import delete, func, select

from workshop.extensions import db
from workshop.models import Participant, Phase, Plan, PlanFile, utcnow
from workshop.services.plans import jobs
from workshop.services.plans.inputs import plan_input, plan_input_hash

from .helpers import sid

PATHS = ("plan", "plan.pdf", "plan.ics", "plan/status")


@pytest.fixture
def rendered(monkeypatch):
    """Every render, as (alias, input hash); the bytes served name both."""
    seen = []

    def stamped(plan_in):
        stamp = (plan_in.participant.alias, plan_input_hash(plan_in))
        seen.append(stamp)
        return b"%PDF-1.7\n% plan of " + " ".join(stamp).encode()

    monkeypatch.setattr(jobs, "render_bytes", stamped)
    return seen


@pytest.fixture
def coach(make_coach, client, login):
    coach = make_coach()
    login(client)
    return coach


def rate(phone, workshop, score: str) -> None:
    phone.post(
        f"/w/{workshop.join_code}/ratings",
        data={"submission_id": sid(), "reached-screen": "yes", "score-screen": score},
    )


@pytest.fixture
def room(coach, client, make_workshop, join, rendered):
    """Three phones that rated the screening call; the coach has moved to plans."""
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phones = []
    for score in ("2", "3", "4"):
        phone, _ = join(workshop)
        rate(phone, workshop, score)
        phones.append(phone)
    client.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    client.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    return workshop, phones


def people(workshop) -> list[Participant]:
    return list(
        db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.id))
    )


def current_hash(participant: Participant) -> str:
    db.session.expire_all()
    return plan_input_hash(plan_input(participant))


def current_stamp(participant: Participant) -> bytes:
    return f"{participant.alias} {current_hash(participant)}".encode()


def lose_file(person: Participant) -> Plan:
    """The person's PDF is gone (never stored, or removed); their plan row stays."""
    plan = db.session.get(Plan, person.id)
    db.session.execute(delete(PlanFile).where(PlanFile.input_hash == plan.input_hash))
    db.session.commit()
    return plan


def queue_again(person: Participant, since) -> None:
    """The person's plan was sent to be rendered at `since` and has no file yet."""
    plan = lose_file(person)
    plan.status, plan.updated_at = "queued", since
    db.session.commit()


def poll(phone, workshop, etag: str | None = None):
    headers = {"HX-Request": "true"} | ({"If-None-Match": etag} if etag else {})
    return phone.get(f"/w/{workshop.join_code}/plan/status", headers=headers)


def test_each_phone_downloads_its_own_current_plan_and_no_one_elses(room):
    workshop, phones = room
    for phone, person in zip(phones, people(workshop), strict=True):
        response = phone.get(f"/w/{workshop.join_code}/plan.pdf")
        assert response.status_code == 200
        assert response.data.endswith(current_stamp(person))
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="rebound-action-plan-{workshop.date.isoformat()}.pdf"'
        )


def test_a_stranger_and_a_phone_of_another_workshop_get_a_404_everywhere(app, room, coach, make_workshop, join):
    workshop, _ = room
    elsewhere = make_workshop(coach, phase=Phase.PLAN)
    outsider, _ = join(elsewhere)  # a valid token, for another room
    for phone in (app.test_client(), outsider):
        for path in PATHS:
            assert phone.get(f"/w/{workshop.join_code}/{path}").status_code == 404, path
        for path, form in (("plan/priorities", {"focus": "general:self-care"}), ("plan/follow-up", {})):
            assert phone.post(f"/w/{workshop.join_code}/{path}", data=form).status_code == 404, path


def test_no_plan_route_answers_before_the_plan_phase(coach, client, make_workshop, join, rendered):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phone, _ = join(workshop)
    rate(phone, workshop, "3")
    for phase in ("themes", None):
        for path in PATHS:
            assert phone.get(f"/w/{workshop.join_code}/{path}").status_code == 404, path
        if phase:
            client.post(f"/workshops/{workshop.id}/phase", data={"to": phase})
    assert rendered == [] and db.session.scalar(select(func.count()).select_from(Plan)) == 0


def test_after_closing_the_owner_still_downloads_their_plan(room, client):
    workshop, phones = room
    client.post(f"/workshops/{workshop.id}/phase", data={"to": "closed"})
    response = phones[1].get(f"/w/{workshop.join_code}/plan.pdf")
    assert response.status_code == 200 and response.data.endswith(current_stamp(people(workshop)[1]))


def test_a_changed_plan_is_served_new_never_the_old_pdf(room, rendered):
    workshop, phones = room
    person = people(workshop)[0]
    old = phones[0].get(f"/w/{workshop.join_code}/plan.pdf").data
    offered = [area.id for area in jobs.plan_for(person).focus_candidates]
    phones[0].post(f"/w/{workshop.join_code}/plan/priorities", data={"focus": offered[-1:]})
    new = phones[0].get(f"/w/{workshop.join_code}/plan.pdf").data
    assert new != old and new.endswith(current_stamp(person))
    assert jobs.plan_file(old.rsplit(b" ", 1)[1].decode()) is None  # the stale file is gone
    assert len(rendered) == 4  # only the changed plan was rendered again


def test_a_plan_whose_file_went_missing_is_rendered_again_for_its_owner(room, rendered):
    workshop, phones = room
    person = people(workshop)[2]
    lose_file(person)
    response = phones[2].get(f"/w/{workshop.join_code}/plan.pdf")
    assert response.status_code == 200 and response.data.endswith(current_stamp(person))
    assert rendered[-1][0] == person.alias and len(rendered) == 4


def test_a_plan_still_being_rendered_shows_a_page_that_refreshes(room, monkeypatch):
    workshop, phones = room
    lose_file(people(workshop)[0])
    monkeypatch.setattr(jobs, "_submit", lambda *args: None)  # its render is on its way, not done
    response = phones[0].get(f"/w/{workshop.join_code}/plan.pdf")
    assert response.status_code == 202 and response.headers["Refresh"] == "3"
    assert not response.data.startswith(b"%PDF")


def test_the_owners_poll_says_ready_once_and_another_phone_has_its_own_tag(room):
    workshop, phones = room
    first = poll(phones[0], workshop)
    assert first.status_code == 200 and f"/w/{workshop.join_code}/plan.pdf" in first.text
    assert "hx-get" not in first.text
    assert poll(phones[0], workshop, first.headers["ETag"]).status_code == 304
    assert poll(phones[1], workshop, first.headers["ETag"]).status_code == 200


def test_a_poll_for_a_plan_row_that_is_gone_asks_for_the_plan_again(room, rendered):
    workshop, phones = room
    person = people(workshop)[1]
    db.session.execute(delete(PlanFile))
    db.session.execute(delete(Plan).where(Plan.participant_id == person.id))
    db.session.commit()
    response = poll(phones[1], workshop)
    assert response.status_code == 200 and "hx-get" not in response.text
    assert rendered[-1] == (person.alias, current_hash(person))


def test_a_poll_of_a_plan_lost_in_the_queue_sends_it_again(room, rendered):
    workshop, phones = room
    person = people(workshop)[0]
    queue_again(person, utcnow() - jobs.RESUBMIT_AFTER - timedelta(seconds=1))  # lost with its process
    assert "hx-get" not in poll(phones[0], workshop).text  # ready: nothing more to wait for
    db.session.expire_all()
    assert db.session.get(Plan, person.id).status == "ready" and len(rendered) == 4


def test_a_poll_of_a_plan_on_its_way_waits_without_asking_again(room, rendered):
    workshop, phones = room
    queue_again(people(workshop)[0], utcnow())
    response = poll(phones[0], workshop)
    assert "being prepared" in response.text and 'hx-get="' in response.text
    assert len(rendered) == 3


def test_the_plan_page_shows_the_owners_plan_and_its_download(room):
    workshop, phones = room
    for phone, person in zip(phones, people(workshop), strict=True):
        page = phone.get(f"/w/{workshop.join_code}/plan")
        assert page.status_code == 200 and person.alias in page.text
        assert f"/w/{workshop.join_code}/plan.pdf" in page.text
        others = {p.alias for p in people(workshop)} - {person.alias}
        assert not any(alias in page.text for alias in others)


def test_the_plan_page_of_a_changed_plan_shows_the_new_one_and_asks_for_its_pdf(room, rendered, monkeypatch):
    workshop, phones = room
    person = people(workshop)[0]
    plan = db.session.get(Plan, person.id)
    plan.input_hash = "0" * 64  # the stored plan is of an older input
    db.session.commit()
    page = phones[0].get(f"/w/{workshop.join_code}/plan")
    assert page.status_code == 200 and f"/w/{workshop.join_code}/plan.pdf" in page.text
    db.session.expire_all()
    assert db.session.get(Plan, person.id).input_hash == current_hash(person)


def test_the_calendar_is_the_owners_and_differs_between_phones(room):
    workshop, phones = room
    uids = []
    for phone in phones[:2]:
        response = phone.get(f"/w/{workshop.join_code}/plan.ics")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        events = Calendar.from_ical(response.data).walk("VEVENT")
        assert events
        uids.append({str(event["UID"]) for event in events})
    assert not uids[0] & uids[1]


@pytest.fixture
def work(monkeypatch):
    """Plans built and plans asked for, by whom (the participant's id)."""
    done = {"built": 0, "asked": []}
    build, ask = jobs.build_plan, jobs.request_plan

    def counting_build(plan_in):
        done["built"] += 1
        return build(plan_in)

    def counting_ask(participant, *args, **kwargs):
        done["asked"].append(participant.id)
        return ask(participant, *args, **kwargs)

    monkeypatch.setattr(jobs, "build_plan", counting_build)
    monkeypatch.setattr(jobs, "request_plan", counting_ask)
    return done


def test_a_ready_plan_is_read_not_built_or_asked_for_again(room, work):
    # A full room polls every two seconds: a ready plan costs a read, never a rebuild.
    workshop, phones = room
    code = workshop.join_code
    page = phones[0].get(f"/w/{code}/plan")
    assert 'hx-get="/w/' not in page.text  # ready: the page does not poll
    assert phones[0].get(f"/w/{code}/plan.ics").status_code == 200
    assert "hx-get" not in poll(phones[0], workshop).text
    assert phones[0].get(f"/w/{code}/plan.pdf").data.startswith(b"%PDF")
    assert work == {"built": 0, "asked": []}


def test_a_plan_on_its_way_is_waited_for_not_asked_for_again(room, work):
    workshop, phones = room
    queue_again(people(workshop)[0], utcnow())
    page = phones[0].get(f"/w/{workshop.join_code}/plan")
    assert "being prepared" in page.text and 'hx-get="/w/' in page.text
    tag = re.search(r'data-etag="([^"]+)"', page.text).group(1)
    assert poll(phones[0], workshop, f'"{tag}"').status_code == 304  # the page's state is the poll's
    assert "being prepared" in poll(phones[0], workshop).text
    assert work == {"built": 0, "asked": []}


def test_a_plan_stored_for_an_older_input_is_never_shown(room, work):
    # Even holding someone else's plan, a row whose input is not the owner's current one is
    # only a cache miss: the owner's plan is built from their own input.
    workshop, phones = room
    mine, theirs = people(workshop)[:2]
    before = phones[0].get(f"/w/{workshop.join_code}/plan.ics")
    row = db.session.get(Plan, mine.id)
    row.plan_json, row.input_hash = db.session.get(Plan, theirs.id).plan_json, "0" * 64
    db.session.commit()
    after = phones[0].get(f"/w/{workshop.join_code}/plan.ics")
    uids = [{str(event["UID"]) for event in Calendar.from_ical(r.data).walk("VEVENT")} for r in (before, after)]
    assert uids[0] == uids[1]
    page = phones[0].get(f"/w/{workshop.join_code}/plan")
    assert mine.alias in page.text and theirs.alias not in page.text
    assert work["built"] >= 2


class TestRq:
    """With RQ, whether a queued plan is still on its way is asked of Redis, by its job."""

    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"PDF_QUEUE": "rq", "REDIS_URL": "redis://redis.invalid:6379/0", "PDF_WORKERS": 2}

    @pytest.fixture(autouse=True)
    def sent(self, monkeypatch):
        """Jobs sent to Redis (none is reachable here), as (participant id, input hash)."""
        jobs_sent = []
        monkeypatch.setattr(jobs.queue, "send", lambda url, *job: jobs_sent.append(job[:2]))
        return jobs_sent

    def test_the_page_asks_redis_about_the_owners_current_job(self, room, monkeypatch, work):
        workshop, phones = room
        jobs.wait_for_background()  # the click queues the room's plans in a thread
        work["asked"].clear()
        asked = []
        monkeypatch.setattr(jobs.queue, "on_its_way", lambda url, *job: asked.append(job[:2]) or True)
        person = people(workshop)[1]
        plan = db.session.get(Plan, person.id)
        plan.status, plan.updated_at = "queued", utcnow() - jobs.RQ_CHECK_AFTER * 2
        db.session.commit()
        page = phones[1].get(f"/w/{workshop.join_code}/plan")
        assert "being prepared" in page.text
        assert asked == [(person.id, current_hash(person))] and work["asked"] == []
