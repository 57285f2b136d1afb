"""When a plan is due to be rendered ahead: a time on the participant's row, set a few
seconds after each change of theirs (RENDER_AHEAD_DELAY), so someone still editing is
rendered once they stop. The renderer (services.plans.ahead) takes the due ones; nothing
sleeps per request.

Only before the plan phase (AHEAD_PHASES): from the plan click on, plans are asked for
directly.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, update

from ...extensions import db
from ...models import Participant, Phase, Workshop, utcnow

AHEAD_PHASES = (Phase.REFLECT, Phase.THEMES)


def on(workshop: Workshop) -> bool:
    return bool(current_app.config["RENDER_AHEAD"]) and workshop.phase in AHEAD_PHASES


def soon():
    return utcnow() + timedelta(seconds=current_app.config["RENDER_AHEAD_DELAY"])


def mark(participant: Participant) -> None:
    """This participant just changed something their plan shows. Does not commit."""
    if on(participant.workshop):
        participant.plan_due_at = soon()


def mark_room(workshop: Workshop) -> None:
    """Something every plan shares changed (a release, the coach's labels or note): each
    plan is looked at again (only those whose input really changed render). No commit."""
    if not on(workshop):
        return
    at = soon()
    db.session.execute(
        update(Participant)
        .where(
            Participant.workshop_id == workshop.id, or_(Participant.plan_due_at.is_(None), Participant.plan_due_at < at)
        )
        .values(plan_due_at=at)
    )


def clear_room(workshop: Workshop) -> None:
    """The plan phase began: plans are asked for directly now. Does not commit."""
    db.session.execute(
        update(Participant)
        .where(Participant.workshop_id == workshop.id, Participant.plan_due_at.is_not(None))
        .values(plan_due_at=None)
    )
