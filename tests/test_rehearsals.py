"""Rehearsals, as services: a practice copy of a workshop filled with a sample room through the
same services real phones use, its board made at once, erased after a day, and never a
change to the real workshop."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import (
    CustomAction,
    Participant,
    Phase,
    Plan,
    Release,
    StageRating,
    Story,
    Workshop,
    WorkshopStage,
    WorkshopTheme,
)
from workshop.services import moderation, participants, rehearsals, releases, retention
from workshop.services import workshops as ops
from workshop.services.plans import jobs
from workshop.services.redaction import might_be_names, redact
from workshop.services.sample_room import sample_people, sample_room
from workshop.services.workshops import StageRow

from .helpers import pdf_text

STORY_NAMES = ("Gemma Price", "Marcus Bell", "Pinecrest Foods", "Halvorsen Logistics", "lena.fischer@northhaven.co")


@pytest.fixture
def real(make_coach, make_workshop):
    """A prepared workshop a week from now, with a custom stage, an action of the coach's own and
    a renamed theme."""
    coach = make_coach()
    workshop = make_workshop(
        coach,
        Phase.DRAFT,
        date=date.today() + timedelta(days=7),
        coach_note="Be as kind to yourself as you were to each other today.",
        employers="Pinecrest Foods\nNorthwind Bank",
        min_group_size=3,
    )
    ops.update_workshop(
        workshop,
        {
            "title": workshop.title,
            "date": workshop.date,
            "employers": workshop.employers,
            "min_group_size": 3,
            "retention_days": 30,
            "coach_note": workshop.coach_note,
        },
        [*ops.default_stage_rows(), StageRow("custom-1", "Portfolio review")],
    )
    ops.add_custom_action(workshop, "Call me after the workshop", "Book ten minutes in my calendar.", "today", [], [])
    moderation.rename_theme(workshop, "no_feedback", "Heard nothing back")
    return workshop


def row_of(workshop_id: int) -> tuple:
    """Everything stored about one workshop that a rehearsal could have touched."""
    db.session.expire_all()
    table = Workshop.__table__
    return (
        db.session.execute(select(table).where(table.c.id == workshop_id)).one(),
        db.session.scalar(select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id)),
        db.session.scalar(select(func.count()).select_from(Release).where(Release.workshop_id == workshop_id)),
        db.session.scalar(select(func.count()).select_from(Story).where(Story.workshop_id == workshop_id)),
    )


# ---- the sample set ------------------------------------------------------------------------


def test_the_sample_set_has_enough_people_in_varied_situations():
    people = sample_people()
    assert len(people) >= 30
    assert len({p.role for p in people}) == len(people)
    assert len({theme for p in people for theme in p.themes}) >= 15
    assert len({len(p.ratings([str(i) for i in range(7)])) for p in people}) >= 5  # people got to different stages
    assert {p.before for p in people} >= {1, 2, 3, 4} and {p.after for p in people} >= {2, 3, 4}


def test_every_sample_story_names_someone_the_redactor_hides():
    for person in sample_people():
        cleaned = redact(person.story, [])
        assert cleaned.spans, person.story
        assert not might_be_names(cleaned), (person.story, might_be_names(cleaned))


def test_twelve_sample_people_share_themes_at_the_default_k():
    counts: dict[str, int] = {}
    for person in sample_room(12):
        for theme in person.themes:
            counts[theme] = counts.get(theme, 0) + 1
    assert len([n for n in counts.values() if n >= 3]) >= 4


def test_a_room_bigger_than_the_sample_set_is_refused():
    with pytest.raises(ValueError):
        sample_room(len(sample_people()) + 1)


# ---- starting a rehearsal ------------------------------------------------------------------


def test_a_rehearsal_copies_the_workshop_and_marks_itself(real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    assert rehearsal.is_rehearsal and rehearsal.rehearsal_of == real.id and not real.is_rehearsal
    assert (rehearsal.title, rehearsal.date, rehearsal.employers, rehearsal.min_group_size, rehearsal.coach_note) == (
        real.title,
        real.date,
        real.employers,
        real.min_group_size,
        real.coach_note,
    )
    assert [(s.key, s.label) for s in rehearsal.stages] == [(s.key, s.label) for s in real.stages]
    assert rehearsal.stages[-1].label == "Portfolio review"
    assert [a.title for a in ops.custom_actions(rehearsal)] == ["Call me after the workshop"]
    labels = db.session.scalars(select(WorkshopTheme.label).where(WorkshopTheme.workshop_id == rehearsal.id))
    assert list(labels) == ["Heard nothing back"]
    assert rehearsal.join_code != real.join_code
    assert rehearsal.phase == Phase.REFLECT
    assert rehearsal.retain_until == date.today() + timedelta(days=1)  # kept until the end of tomorrow


def test_the_sample_room_goes_through_the_real_services(real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    people = rehearsals.sample_participants(rehearsal)
    assert len(people) == 12 and all(p.sample for p in people)
    assert len({p.alias for p in people}) == 12
    texts = list(db.session.scalars(select(Story.text).where(Story.workshop_id == rehearsal.id)))
    assert len(texts) == 12
    for name in STORY_NAMES:  # only the redacted text is ever stored
        assert not any(name in text for text in texts), name
    assert sum("[name]" in text for text in texts) >= 8 and any("[employer]" in text for text in texts)
    assert all(p.story_revision >= 1 and p.ratings_revision >= 1 and p.before_revision >= 1 for p in people)
    assert {p.confidence_before for p in people} >= {1, 2, 3, 4} and all(p.confidence_after is None for p in people)
    reached = db.session.scalars(select(StageRating.stage_key).where(StageRating.workshop_id == rehearsal.id))
    assert "custom-1" not in set(reached)  # the coach's own stage was added last: nobody in the sample got there


def test_the_sample_rooms_board_is_ready_at_once_at_the_real_pace(real_pace, real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    board = releases.board(rehearsal)
    assert board["participants"] == 12  # everyone is in, not only the first k
    assert rehearsal.board_due_at is None
    shown = {theme["key"]: theme for theme in board["themes"]}
    assert shown["no_feedback"]["label"] == "Heard nothing back" and shown["no_feedback"]["count"] >= 3
    assert len(shown) >= 4
    averages = [stage["average"] for stage in board["stages"] if stage["average"] is not None]
    assert len(averages) >= 4 and len(set(averages)) >= 3  # a heat-map with some spread
    assert board["confidence_before"]["total"] == 12
    assert board["emerging"] is not None


def test_thirty_sample_people(real):
    rehearsal = rehearsals.start_rehearsal(real, 30)
    assert len(rehearsals.sample_participants(rehearsal)) == 30
    # Releases here follow each other without a wait (BOARD_REFRESH_SECONDS=0), so the last
    # few people's answers may be fewer than k: they wait, as anyone's would.
    assert releases.board(rehearsal)["participants"] >= 30 - (real.min_group_size - 1)
    assert releases.due(rehearsal, releases.current(rehearsal)) == []  # nothing that k people earned waits


def test_rehearsing_again_replaces_the_rehearsal(real):
    first = rehearsals.start_rehearsal(real, 12).join_code
    second = rehearsals.start_rehearsal(real, 30)
    assert ops.workshop_with_code(first) is None
    assert rehearsals.rehearsal_of(real).join_code == second.join_code != first
    assert len(rehearsals.sample_participants(second)) == 30
    assert db.session.scalar(select(func.count()).select_from(Workshop).where(Workshop.is_rehearsal)) == 1


@pytest.mark.parametrize("size", [0, 11, 13, 31, 1000])
def test_only_twelve_or_thirty(real, size):
    before = row_of(real.id)
    with pytest.raises(rehearsals.CannotRehearse):
        rehearsals.start_rehearsal(real, size)
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 1
    assert row_of(real.id) == before


def test_a_rehearsal_or_a_closed_workshop_is_not_rehearsed(real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    with pytest.raises(rehearsals.CannotRehearse):
        rehearsals.start_rehearsal(rehearsal, 12)
    real.phase = Phase.CLOSED
    db.session.commit()
    with pytest.raises(rehearsals.CannotRehearse):
        rehearsals.start_rehearsal(real, 12)
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 2


def test_a_room_that_fails_half_way_leaves_nothing(real, monkeypatch):
    calls = []

    def breaks(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("the disk is full")
        return original(*args, **kwargs)

    original = rehearsals.reflection.save_ratings
    monkeypatch.setattr(rehearsals.reflection, "save_ratings", breaks)
    with pytest.raises(RuntimeError):
        rehearsals.start_rehearsal(real, 12)
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 1
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


# ---- the real workshop is never touched ----------------------------------------------------


def test_the_real_workshop_is_unchanged_by_a_whole_rehearsal(real):
    before = row_of(real.id)
    rehearsal = rehearsals.start_rehearsal(real, 12)
    rehearsals.change_phase(rehearsal, "themes")
    moderation.hide_theme(rehearsal, "self_doubt", True)
    rehearsals.change_phase(rehearsal, "plan")
    rehearsals.change_phase(rehearsal, "closed")
    assert rehearsals.delete_rehearsal(real)
    after = row_of(real.id)
    assert after == before
    assert after[1:] == (0, 0, 0)  # no participants, releases or stories
    settings = db.session.scalars(select(WorkshopTheme).where(WorkshopTheme.workshop_id == real.id))
    assert [(s.key, s.hidden) for s in settings] == [("no_feedback", False)]


def test_real_workshops_are_found_without_their_rehearsals(make_coach, real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    real_ids = list(db.session.scalars(select(Workshop.id).where(~Workshop.is_rehearsal)))
    assert real_ids == [real.id]
    assert list(db.session.scalars(select(Workshop.id).where(Workshop.is_rehearsal))) == [rehearsal.id]
    assert ops.coach_workshops(real.coach) == [real]


# ---- releases: only a rehearsal skips the wait ---------------------------------------------


def test_a_real_workshop_cannot_release_at_once(real_pace, real):
    real.phase = Phase.REFLECT
    db.session.commit()
    for _ in range(4):  # four people: a first release at once, the rest booked for later
        person, _, _ = participants.join(real)
        person.story_revision, person.ratings_revision = 1, 1
        db.session.commit()
        releases.settle(real)
    people = db.session.scalars(select(Participant).where(Participant.workshop_id == real.id)).all()
    for person in people[1:]:
        person.ratings_revision = 2
    db.session.commit()
    releases.settle(real)
    booked = real.board_due_at
    assert booked is not None
    made = db.session.scalar(select(func.count()).select_from(Release).where(Release.workshop_id == real.id))
    with pytest.raises(releases.NotARehearsal):
        releases.release_rehearsal_now(real)
    db.session.expire_all()
    assert real.board_due_at == booked
    assert db.session.scalar(select(func.count()).select_from(Release).where(Release.workshop_id == real.id)) == made


def test_a_real_workshop_cannot_have_sample_participants(real):
    with pytest.raises(ValueError):
        participants.join(real, sample=True)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_a_real_workshop_does_not_move_on_as_a_rehearsal(real):
    real.phase = Phase.THEMES
    db.session.commit()
    with pytest.raises(rehearsals.CannotRehearse):
        rehearsals.change_phase(real, "plan")
    db.session.expire_all()
    assert real.phase == Phase.THEMES


# ---- the phases ----------------------------------------------------------------------------


def test_as_the_plans_begin_the_sample_room_checks_out(real_pace, real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    rehearsals.change_phase(rehearsal, "themes")
    assert all(p.confidence_after is None for p in rehearsals.sample_participants(rehearsal))
    rehearsals.change_phase(rehearsal, "plan")
    people = rehearsals.sample_participants(rehearsal)
    assert [p.confidence_after for p in people] == [p.after for p in sample_room(12)]
    board = releases.board(rehearsal)
    assert board["confidence_after"]["total"] == 12
    assert board["confidence_after"]["average"] > board["confidence_before"]["average"]
    frozen = json.loads(rehearsal.plan_room_json)
    assert frozen["n"] == 12 and frozen["theme_counts"]
    ready = db.session.scalars(select(Plan.status).where(Plan.workshop_id == rehearsal.id))
    assert list(ready) == ["ready"] * 12


def test_the_coachs_phone_in_a_rehearsal_is_not_a_sample(real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    phone, _, _ = participants.join(rehearsal)
    assert not phone.sample
    assert len(rehearsals.sample_participants(rehearsal)) == 12
    assert rehearsals.sample_participant(rehearsal, 13) is None
    assert rehearsals.sample_participant(rehearsal, 12).sample
    assert rehearsals.sample_participant(real, 1) is None


# ---- erased after a day ----------------------------------------------------------------------


def test_the_apps_own_erasing_takes_a_rehearsal_after_a_day(real):
    rehearsal_id = rehearsals.start_rehearsal(real, 12).id
    retention.purge_expired(date.today() + timedelta(days=1))  # tomorrow: still there
    assert db.session.get(Workshop, rehearsal_id) is not None
    erased = retention.purge_expired(date.today() + timedelta(days=2))
    assert erased == 1
    assert db.session.get(Workshop, rehearsal_id) is None and db.session.get(Workshop, real.id) is not None
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    assert db.session.scalar(select(func.count()).select_from(WorkshopStage)) == len(real.stages)


def test_deleting_the_real_workshop_takes_its_rehearsal(real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    rehearsals.change_phase(rehearsal, "themes")
    rehearsals.change_phase(rehearsal, "plan")
    ops.delete_workshop(real)
    for model in (Workshop, Participant, Story, Release, Plan, CustomAction):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model


# ---- the printed plans -------------------------------------------------------------------------


def test_every_page_of_a_sample_plan_says_it_is_a_rehearsal(real):
    rehearsal = rehearsals.start_rehearsal(real, 12)
    rehearsals.change_phase(rehearsal, "themes")
    rehearsals.change_phase(rehearsal, "plan")
    person = rehearsals.sample_participant(rehearsal, 1)
    pdf = jobs.pdf_of(person)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "Rehearsal" in page.extract_text()
    assert person.alias in pdf_text(pdf) and "made up for practice" in pdf_text(pdf)


def test_a_real_plan_says_nothing_of_rehearsals(real, join):
    real.phase = Phase.REFLECT
    db.session.commit()
    phone, _ = join(real)
    ops.change_phase(real, "themes")
    ops.change_phase(real, "plan")
    person = db.session.scalar(select(Participant).where(Participant.workshop_id == real.id))
    assert "Rehearsal" not in pdf_text(jobs.pdf_of(person))
