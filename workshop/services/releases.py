"""The board the room sees: a stored snapshot of the k-anonymous aggregates, and when a new
one is released.

The snapshot (services.aggregates) is stored on the workshop. It is refreshed only when at
least k different people have added something since the last one, when the phase moves
on, or when the coach asks, so a watcher cannot tie a change on the screen to the one
person who just tapped a button.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Participant, ParticipantTheme, Phase, StageRating, Workshop, utcnow
from . import aggregates
from .workshop_themes import theme_catalogue

BOARD_PHASES = (Phase.THEMES, Phase.PLAN, Phase.CLOSED)


def refresh_gap() -> timedelta:
    """The shortest time between two automatic reveals (BOARD_REFRESH_SECONDS)."""
    return timedelta(seconds=current_app.config["BOARD_REFRESH_SECONDS"])


def contributed(participant: Participant) -> None:
    """Note that this person added something; reveal the board when it is due. Commits."""
    participant.contributed_at = utcnow()
    db.session.flush()
    workshop = participant.workshop
    if workshop.phase in BOARD_PHASES and workshop.board_due_at is None and enough_new(workshop):
        gap = refresh_gap()
        if workshop.board_at is None or utcnow() - workshop.board_at >= gap:
            refresh_board(workshop)
        else:  # too soon after the last reveal: the projector's poll reveals it on time
            workshop.board_due_at = workshop.board_at + gap
    db.session.commit()


def enough_new(workshop: Workshop) -> bool:
    """Enough people added something since the last reveal: k, or one in twenty-five of a
    big room, so three hundred phones do not all redraw after every third tap."""
    pending, everyone = pending_and_total(workshop)
    return pending >= max(workshop.min_group_size, math.ceil(everyone / 25))


def catch_up(workshop: Workshop) -> None:
    """Reveal a board that became due while reveals were spaced out (no query otherwise)."""
    if workshop.board_due_at is not None and utcnow() >= workshop.board_due_at:
        refresh_board(workshop)
        db.session.commit()


def pending_and_total(workshop: Workshop) -> tuple[int, int]:
    """How many people added something since the last reveal, and how many are in the room."""
    new = Participant.contributed_at.is_not(None)
    if workshop.board_at is not None:
        new = Participant.contributed_at > workshop.board_at
    pending, everyone = db.session.execute(
        select(func.count(Participant.id).filter(new), func.count(Participant.id)).where(
            Participant.workshop_id == workshop.id
        )
    ).one()
    return pending or 0, everyone or 0


def pending_contributors(workshop: Workshop) -> int:
    return pending_and_total(workshop)[0]


def refresh_board(workshop: Workshop) -> dict:
    """Recompute the snapshot from the database and store it (does not commit)."""
    snapshot = summary(workshop)
    workshop.board_json = json.dumps(snapshot)
    workshop.board_at = utcnow()
    workshop.board_due_at = None
    workshop.touch(room=True)
    return snapshot


def summary(workshop: Workshop) -> dict:
    """The room's k-anonymous aggregates as of now (services.aggregates), without storing them."""
    labels, settings, _ = theme_catalogue(workshop)
    wid = workshop.id
    memberships = db.session.execute(
        select(ParticipantTheme.participant_id, ParticipantTheme.theme_key).where(ParticipantTheme.workshop_id == wid)
    ).all()
    ratings = db.session.execute(
        select(StageRating.stage_key, StageRating.score).where(StageRating.workshop_id == wid)
    ).all()
    people = db.session.execute(
        select(Participant.confidence_before, Participant.confidence_after).where(Participant.workshop_id == wid)
    ).all()
    return aggregates.summarise_room(
        k=workshop.min_group_size,
        participants=len(people),
        labels=labels,
        settings=settings,
        memberships=[tuple(row) for row in memberships],
        stages=[(stage.key, stage.label) for stage in workshop.stages],
        ratings=[tuple(row) for row in ratings],
        confidence_before=[row[0] for row in people if row[0] is not None],
        confidence_after=[row[1] for row in people if row[1] is not None],
    )


def snapshot(workshop: Workshop) -> dict | None:
    return json.loads(workshop.board_json) if workshop.board_json else None


def reveal(workshop: Workshop) -> None:
    refresh_board(workshop)
    db.session.commit()
