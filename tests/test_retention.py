"""Retention and erasure: nothing of a workshop remains after its date, or after deletion."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select, text

from workshop.extensions import db
from workshop.models import (
    CustomAction,
    Participant,
    ParticipantTheme,
    Plan,
    PlanFile,
    StageRating,
    Story,
    Submission,
    Workshop,
    WorkshopStage,
    WorkshopTheme,
)

EVERYTHING = (
    Workshop,
    WorkshopStage,
    Participant,
    Story,
    StageRating,
    ParticipantTheme,
    Submission,
    WorkshopTheme,
    CustomAction,
    Plan,
    PlanFile,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def fill(workshop, join) -> None:
    phone, _ = join(workshop)
    participant = db.session.scalars(select(Participant).order_by(Participant.id.desc())).first()
    db.session.add_all(
        [
            Story(participant_id=participant.id, workshop_id=workshop.id, text="A story about [employer]."),
            StageRating(participant_id=participant.id, workshop_id=workshop.id, stage_key="screen", score=2),
            ParticipantTheme(participant_id=participant.id, workshop_id=workshop.id, theme_key="no_feedback"),
            Submission(id=uuid.uuid4().hex, participant_id=participant.id, kind="story"),
            WorkshopTheme(workshop_id=workshop.id, key="no_feedback", label="Silence"),
            CustomAction(workshop_id=workshop.id, title="Call a friend"),
            Plan(participant_id=participant.id, workshop_id=workshop.id, input_hash=f"h{workshop.id}", status="ready"),
            PlanFile(input_hash=f"h{workshop.id}", workshop_id=workshop.id, pdf=b"%PDF-1.7 secret plan"),
        ]
    )
    db.session.commit()


def test_purge_erases_only_workshops_past_their_date(runner, make_coach, make_workshop, join):
    coach = make_coach()
    old = make_workshop(coach, title="Old", date=date(2026, 1, 10), retention_days=30)
    current = make_workshop(coach, title="Current", date=date(2026, 11, 20), retention_days=30)
    fill(old, join)
    fill(current, join)

    result = runner.invoke(args=["purge-expired", "--today", "2026-11-28"])
    assert result.exit_code == 0 and "Erased 1 workshop " in result.output
    assert [w.title for w in db.session.scalars(select(Workshop))] == ["Current"]
    for model in EVERYTHING:
        assert count(model) >= 1, model  # the current workshop keeps all of its data
    assert db.session.scalar(select(PlanFile.workshop_id)) == current.id
    assert db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == old.id)) == 0


def test_purge_the_day_after_the_retention_date(runner, make_coach, make_workshop):
    make_workshop(make_coach(), date=date(2026, 11, 1), retention_days=27)  # kept until 28 Nov
    assert "Erased 0" in runner.invoke(args=["purge-expired", "--today", "2026-11-28"]).output
    assert "Erased 1" in runner.invoke(args=["purge-expired", "--today", "2026-11-29"]).output


def test_deleting_a_workshop_leaves_nothing_behind(client, make_coach, make_workshop, join, login):
    coach = make_coach()
    workshop = make_workshop(coach)
    fill(workshop, join)
    login(client)
    client.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": workshop.title})
    for model in EVERYTHING:
        assert count(model) == 0, model


def test_erased_text_is_gone_from_the_sqlite_file(app, runner, make_coach, make_workshop, join):
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    coach = make_coach()
    old = make_workshop(coach, date=date(2025, 1, 1), retention_days=1)
    phone, _ = join(old)
    participant = db.session.scalars(select(Participant)).one()
    marker = "Zanzibar-marker-" + uuid.uuid4().hex
    db.session.add(Story(participant_id=participant.id, workshop_id=old.id, text=marker))
    db.session.commit()
    runner.invoke(args=["purge-expired"])
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    path = engine.url.database
    raw = open(path, "rb").read()
    assert marker.encode() not in raw


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}
