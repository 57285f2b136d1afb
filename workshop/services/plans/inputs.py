"""From the database to the plan builder's plain input (never an ORM object past here)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import CustomAction, Participant, Workshop, WorkshopTheme
from ..languages import known
from ..releases import board
from .builder import plan_input_hash
from .model import TIMING_DAYS, Action, ParticipantInfo, PlanInput, Rating, RoomInfo, Stage, WorkshopInfo


def freeze_room(workshop: Workshop) -> None:
    """Fix the room's shared themes for the plans when the plan phase starts: the current
    release as the board shows it, never a fresh count.

    Plans quote the room ("7 of 12 of you"); freezing keeps every plan consistent and
    stops a late "me too" from re-rendering three hundred PDFs.
    """
    shown = board(workshop) or {"participants": 0, "themes": []}
    counted = [t for t in shown["themes"] if t["count"] is not None]
    workshop.plan_room_json = json.dumps(
        {
            "n": shown["participants"],
            "theme_counts": {t["key"]: t["count"] for t in counted},
            "theme_labels": {t["key"]: t["label"] for t in counted},
        }
    )


def workshop_info(workshop: Workshop) -> WorkshopInfo:
    actions = db.session.scalars(
        select(CustomAction).where(CustomAction.workshop_id == workshop.id).order_by(CustomAction.id)
    )
    return WorkshopInfo(
        title=workshop.title,
        date=workshop.date,
        stages=tuple(Stage(s.key, s.label) for s in workshop.stages),
        coach_name=workshop.coach.name,
        coach_note=workshop.coach_note,
        paper_size="Letter" if workshop.paper_size == "Letter" else "A4",
        custom_actions=tuple(custom_action(a) for a in actions),
        k=workshop.min_group_size,
        rehearsal=workshop.is_rehearsal,
    )


def custom_action(row: CustomAction) -> Action:
    return Action(
        id=f"coach-{row.id}",
        title=row.title,
        how=row.how,
        stages=tuple(filter(None, row.stages.split(","))),
        themes=tuple(filter(None, row.themes.split(","))),
        timing=row.timing if row.timing in TIMING_DAYS else "this week",
    )


def room_info(workshop: Workshop) -> RoomInfo:
    if not workshop.plan_room_json:
        return RoomInfo()
    data = json.loads(workshop.plan_room_json)
    return RoomInfo(n=data["n"], theme_counts=data["theme_counts"], theme_labels=data["theme_labels"])


def custom_theme_labels(workshop: Workshop) -> dict[str, str]:
    rows = db.session.scalars(select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id))
    return {row.key: row.label for row in rows if row.label}


def priorities_of(participant: Participant) -> list[str]:
    try:
        value = json.loads(participant.priorities or "[]")
    except ValueError:
        return []
    return [item for item in value if isinstance(item, str)][:3]


def participant_info(participant: Participant, theme_labels: dict[str, str]) -> ParticipantInfo:
    story = participant.story
    return ParticipantInfo(
        alias=participant.alias,
        role=story.role if story else "",
        ratings={r.stage_key: Rating(score=r.score, note=r.note) for r in participant.ratings},
        themes=tuple(sorted(row.theme_key for row in participant.themes)),
        theme_labels={k: v for k, v in theme_labels.items()},
        priorities=tuple(priorities_of(participant)),
        confidence_before=participant.confidence_before,
        confidence_after=participant.confidence_after,
    )


def plan_input(participant: Participant, shared: tuple[WorkshopInfo, RoomInfo, dict] | None = None) -> PlanInput:
    workshop = participant.workshop
    info, room, labels = shared or (workshop_info(workshop), room_info(workshop), custom_theme_labels(workshop))
    return PlanInput(
        workshop=info,
        participant=participant_info(participant, labels),
        room=room,
        language=known(participant.language or workshop.language),
    )


def room_inputs(workshop: Workshop) -> list[tuple[Participant, PlanInput, str]]:
    """Every participant's plan input and hash, loading the room in a handful of queries."""
    shared = (workshop_info(workshop), room_info(workshop), custom_theme_labels(workshop))
    people = db.session.scalars(
        select(Participant)
        .where(Participant.workshop_id == workshop.id)
        .options(selectinload(Participant.story), selectinload(Participant.ratings), selectinload(Participant.themes))
        .order_by(Participant.id)
    )
    result = []
    for participant in people:
        pi = plan_input(participant, shared)
        result.append((participant, pi, plan_input_hash(pi)))
    return result
