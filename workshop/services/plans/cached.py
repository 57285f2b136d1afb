"""A participant's plan as their phone reads it: one statement brings their own inputs
(story role, ratings, themes) together with their plan row, and the workshop row already
holds what every plan shares. So the plan page knows the current input hash without
building anything, and shows the stored plan when that hash is the one it was built from.

A changed input gives a different hash, so a plan is never served from before the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, Integer, Text, bindparam, cast, literal_column, null, select, union_all

from ...extensions import db
from ...models import Participant, ParticipantTheme, Plan, StageRating, Story
from .inputs import input_from, language_of
from .model import PlanInput, Rating
from .shared import shared_parts

_PID = bindparam("pid")
# One row per piece: (kind, key, number, text, body, time). The plan row comes first, so its
# columns give the types.
OWN = union_all(
    select(
        literal_column("'plan'"), Plan.input_hash, cast(null(), Integer), Plan.status, Plan.plan_json, Plan.updated_at
    ).where(Plan.participant_id == _PID),
    select(
        literal_column("'story'"),
        Story.role,
        cast(null(), Integer),
        cast(null(), Text),
        cast(null(), Text),
        cast(null(), DateTime),
    ).where(Story.participant_id == _PID),
    select(
        literal_column("'rating'"),
        StageRating.stage_key,
        StageRating.score,
        StageRating.note,
        cast(null(), Text),
        cast(null(), DateTime),
    ).where(StageRating.participant_id == _PID),
    select(
        literal_column("'theme'"),
        ParticipantTheme.theme_key,
        cast(null(), Integer),
        cast(null(), Text),
        cast(null(), Text),
        cast(null(), DateTime),
    ).where(ParticipantTheme.participant_id == _PID),
)


@dataclass(frozen=True)
class PlanRow:
    input_hash: str
    status: str
    plan_json: str
    updated_at: datetime | None


def read(participant: Participant) -> tuple[PlanInput, PlanRow | None]:
    """The participant's plan input as it stands, and their plan row (None before the
    first): one query."""
    role, ratings, themes, row = "", {}, [], None
    for kind, key, number, text, body, at in db.session.execute(OWN, {"pid": participant.id}):
        if kind == "plan":
            row = PlanRow(key, text, body or "", at)
        elif kind == "story":
            role = key or ""
        elif kind == "rating":
            ratings[key] = Rating(score=number, note=text or "")
        else:
            themes.append(key)
    shared = shared_parts(participant.workshop)
    return input_from(participant, role, ratings, themes, shared, language_of(participant)), row
