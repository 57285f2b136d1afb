"""Plans rendered ahead, before the plan phase: the renderer's side (services.plans.due says
when a plan is due).

`take_due` claims the participants whose plan is due (each claim is one conditional UPDATE,
so two processes never take the same one), works out their inputs in a handful of queries
and keeps only those whose PDF for that input is not there yet: their plan row now expects
the new input hash, with status "ahead". Only people whose inputs are complete (a confirmed
story and saved ratings) in a room whose board has a release are rendered.

A plan rendered ahead is kept like any other (jobs.store: only while its row still wants
that hash), so the click finds it ready when nothing changed since. A plan still "ahead" at
the click (not rendered yet, or changed since) is asked for again at full priority there.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Participant, Plan, PlanFile, Workshop, utcnow
from . import queue, stored
from .builder import build_plan
from .due import AHEAD_PHASES
from .inputs import room_inputs
from .jobs import has_file, store
from .model import PlanInput

BATCH = 20  # participants claimed per look; the renderer looks again as soon as it is done


@dataclass(frozen=True)
class Ahead:
    """One plan to render ahead."""

    participant_id: int
    workshop_id: int
    plan_in: PlanInput
    input_hash: str


def take_due(limit: int = BATCH) -> list[Ahead]:
    """Claim up to `limit` due plans and return those that need rendering. Commits."""
    rows = db.session.execute(
        select(Participant.id, Participant.workshop_id, Participant.plan_due_at)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.plan_due_at <= utcnow(), Workshop.phase.in_(AHEAD_PHASES))
        .order_by(Participant.plan_due_at)
        .limit(limit)
    ).all()
    claimed: dict[int, list[int]] = {}
    for participant_id, workshop_id, due_at in rows:
        taken = db.session.execute(
            update(Participant)
            .where(Participant.id == participant_id, Participant.plan_due_at == due_at)
            .values(plan_due_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken:
            claimed.setdefault(workshop_id, []).append(participant_id)
    db.session.commit()
    work = []
    for workshop_id, ids in claimed.items():
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or workshop.phase not in AHEAD_PHASES or not workshop.board_json:
            continue  # no release yet: the first one marks the room due again
        for participant, plan_in, input_hash in room_inputs(workshop, ids):
            if participant.story is not None and participant.ratings and _expect(participant, plan_in, input_hash):
                work.append(Ahead(participant.id, workshop_id, plan_in, input_hash))
    try:
        db.session.commit()
    except IntegrityError:  # the plan click made the same rows meanwhile: the click has them
        db.session.rollback()
        return []
    return work


def _expect(participant: Participant, plan_in: PlanInput, input_hash: str) -> bool:
    """Point the plan row at this input; False when its PDF is there already."""
    plan = db.session.get(Plan, participant.id)
    if plan is not None and plan.input_hash == input_hash and plan.status == "ready" and has_file(input_hash):
        return False
    if plan is None:
        plan = Plan(participant_id=participant.id, workshop_id=participant.workshop_id)
        db.session.add(plan)
    elif plan.input_hash != input_hash:  # the earlier PDF is stale now
        db.session.execute(delete(PlanFile).where(PlanFile.input_hash == plan.input_hash))
    plan.input_hash, plan.status, plan.updated_at = input_hash, "ahead", utcnow()
    plan.plan_json = stored.dump(build_plan(plan_in))
    return True


def still_wanted(job: Ahead) -> bool:
    """The plan still waits for this render: its row expects this input, ahead of the plan
    phase (the click asks for the rest at full priority)."""
    found = db.session.execute(
        select(Plan.input_hash, Plan.status, Workshop.phase)
        .join(Workshop, Workshop.id == Plan.workshop_id)
        .where(Plan.participant_id == job.participant_id)
    ).first()
    db.session.rollback()  # no transaction stays open while the render runs
    return found is not None and found[0] == job.input_hash and found[1] == "ahead" and found[2] in AHEAD_PHASES


def finish(job: Ahead, pdf: bytes) -> bool:
    """Keep a PDF rendered ahead if its plan still wants it; True when kept."""
    return store(job.participant_id, job.workshop_id, job.input_hash, pdf)


def send(job: Ahead) -> bool:
    """PDF_QUEUE=rq: queue the render on the low-priority queue, which workers take only
    when the plan queue is empty. Raises queue.QueueUnavailable while Redis is away (the
    plan stays "ahead", and the click asks for it)."""
    config = current_app.config
    return queue.send(config["REDIS_URL"], job.participant_id, job.input_hash, config["PDF_JOB_TIMEOUT"], ahead=True)
