"""When a plan is due to be rendered ahead: a time on the participant's row, set a few
seconds after each change of theirs (RENDER_AHEAD_DELAY), so someone still editing is
rendered once they stop. The renderer (services.plans.ahead) takes the due ones; nothing
sleeps per request.

Only in the themes phase (AHEAD_PHASES): while people are still reflecting, every release
counts new people, changes the room's figures in every plan and would throw the renders away;
once the board is shown the room has mostly settled. From the plan click on, plans are asked
for directly.

A change the whole room shares (a release, the coach's labels) makes every plan due a little
later (ROOM_SETTLE releases' worth), so a burst of "me too"s and releases is looked at once,
when it has passed, not after each release.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update

from ...extensions import db
from ...models import Participant, Phase, Plan, PlanFile, Workshop, utcnow

AHEAD_PHASES = (Phase.THEMES,)
ROOM_SETTLE = 2  # a room-wide change is looked at after this many BOARD_REFRESH_SECONDS more


def on(workshop: Workshop) -> bool:
    return bool(current_app.config["RENDER_AHEAD"]) and workshop.phase in AHEAD_PHASES


def soon(room: bool = False):
    config = current_app.config
    settle = ROOM_SETTLE * config["BOARD_REFRESH_SECONDS"] if room else 0
    return utcnow() + timedelta(seconds=config["RENDER_AHEAD_DELAY"] + settle)


def mark(participant: Participant) -> None:
    """This participant just changed something their plan shows. Does not commit."""
    if on(participant.workshop):
        participant.plan_due_at = soon()


def mark_room(workshop: Workshop) -> None:
    """Something every plan shares changed (a release, the coach's labels or note): each
    plan is looked at again (only those whose input really changed render). No commit."""
    if not on(workshop):
        return
    at = soon(room=True)
    db.session.execute(
        update(Participant)
        .where(
            Participant.workshop_id == workshop.id, or_(Participant.plan_due_at.is_(None), Participant.plan_due_at < at)
        )
        .values(plan_due_at=at)
    )


def unsettled(workshop: Workshop) -> list[int] | None:
    """At the plan click, before `clear_room`: who may not have a PDF for what their plan
    will show. Rendering ahead keeps each plan due from any change to it until its PDF is
    rendered, so these are the participants still due and those without a ready PDF; None
    (everyone) when plans are not rendered ahead. The rest need no work at the click; a
    phone that opens its plan still checks its own input, whatever this said."""
    if not current_app.config["RENDER_AHEAD"]:
        return None
    ready = exists().where(
        Plan.participant_id == Participant.id,
        Plan.status == "ready",
        exists().where(PlanFile.input_hash == Plan.input_hash),
    )
    return list(
        db.session.scalars(
            select(Participant.id)
            .where(Participant.workshop_id == workshop.id, or_(Participant.plan_due_at.is_not(None), ~ready))
            .order_by(Participant.id)
        )
    )


def clear_room(workshop: Workshop) -> None:
    """The plan phase began: plans are asked for directly now. Does not commit."""
    db.session.execute(
        update(Participant)
        .where(Participant.workshop_id == workshop.id, Participant.plan_due_at.is_not(None))
        .values(plan_due_at=None)
    )
