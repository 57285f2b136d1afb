"""From the database to the plan builder's plain input (never an ORM object past here).

A plan input holds only what the plan shows: the room's counts and labels of the
participant's own themes, not the whole room's. So a release that moves a theme they do
not hold leaves their plan, its hash and its rendered PDF as they were.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Participant, Workshop
from ..languages import known
from .builder import plan_input_hash
from .model import ParticipantInfo, PlanInput, Rating, RoomInfo
from .shared import Shared, shared_parts


def priorities_of(participant: Participant) -> list[str]:
    return parse_priorities(participant.priorities)


def parse_priorities(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [item for item in value if isinstance(item, str)][:3] if isinstance(value, list) else []


def input_from(
    participant: Participant,
    role: str,
    ratings: Mapping[str, Rating],
    themes: Iterable[str],
    shared: Shared,
    language: str,
) -> PlanInput:
    """The plan input from a participant's row, their story's role, ratings and themes."""
    info, room, labels = shared
    mine = tuple(sorted(set(themes)))
    person = ParticipantInfo(
        alias=participant.alias,
        role=role,
        ratings=dict(ratings),
        themes=mine,
        theme_labels={key: labels[key] for key in mine if key in labels},
        priorities=tuple(parse_priorities(participant.priorities)),
        confidence_before=participant.confidence_before,
        confidence_after=participant.confidence_after,
    )
    own_room = RoomInfo(
        n=room.n,
        theme_counts={key: room.theme_counts[key] for key in mine if key in room.theme_counts},
        theme_labels={key: room.theme_labels[key] for key in mine if key in room.theme_labels},
    )
    return PlanInput(workshop=info, participant=person, room=own_room, language=language)


def language_of(participant: Participant) -> str:
    """The plan's language: the phone's own choice, else the workshop's."""
    return known(participant.language or participant.workshop.language)


def plan_input(participant: Participant, shared: Shared | None = None) -> PlanInput:
    story = participant.story
    return input_from(
        participant,
        story.role if story else "",
        {r.stage_key: Rating(score=r.score, note=r.note) for r in participant.ratings},
        (row.theme_key for row in participant.themes),
        shared or shared_parts(participant.workshop),
        language_of(participant),
    )


def room_inputs(workshop: Workshop, ids: Sequence[int] | None = None) -> list[tuple[Participant, PlanInput, str]]:
    """Every participant's plan input and hash (or those of `ids`), loading the room in a
    handful of queries."""
    shared = shared_parts(workshop)
    query = (
        select(Participant)
        .where(Participant.workshop_id == workshop.id)
        .options(selectinload(Participant.story), selectinload(Participant.ratings), selectinload(Participant.themes))
        .order_by(Participant.id)
    )
    if ids is not None:
        query = query.where(Participant.id.in_(ids))
    result = []
    for participant in db.session.scalars(query):
        pi = plan_input(participant, shared)
        result.append((participant, pi, plan_input_hash(pi)))
    return result
