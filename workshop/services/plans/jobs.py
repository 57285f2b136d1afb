"""A participant's plan and its PDF: built from their inputs, rendered in the background,
and kept under the hash of its input. The phone's plan pages ask here for everything.

Where the work happens is configuration:
- PDF_QUEUE=pool (default): a small process pool inside each app process (pool.py;
  PDF_WORKERS processes, started on first use, niced so the web keeps its priority);
  PDF_WORKERS=0 renders inline, which tests use.
- PDF_QUEUE=rq: jobs go to Redis (REDIS_URL, queue.py) for `rq worker` processes, which
  run workshop/worker.py.

A PDF is stored only while its participant's plan still expects that exact input hash, so
a participant who deleted their data or changed a priority never gets a stale file back.
A plan queued a while ago is sent again when it is asked for and its work was lost (a
restarted app process, a worker that died, a restarted Redis).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import DateTime, LargeBinary, delete, exists, func, insert, literal, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ...extensions import db
from ...models import Participant, Phase, Plan, PlanFile, Workshop, utcnow
from ..participants import head_count
from ..reflection import NotNow
from . import cached, model, queue, stored
from .builder import build_plan, plan_input_hash
from .inputs import plan_input, room_inputs
from .model import PlanInput
from .pool import pool, prestart, render_bytes

log = logging.getLogger("rebound.plans")
_background: set[threading.Thread] = set()  # room work started by clicks, still running
# The pool keeps its work in memory: a plan queued longer than this was lost with a
# restarted app process, and is sent again. RQ jobs can be looked up instead, so there a
# plan queued longer than RQ_CHECK_AFTER is checked in Redis and sent again if lost.
RESUBMIT_AFTER = timedelta(seconds=90)
RQ_CHECK_AFTER = timedelta(seconds=10)
MAX_PRIORITIES = 3  # focus areas a participant may pick


# ---- a participant's plan -----------------------------------------------------------------


def plan_for(participant: Participant) -> model.Plan:
    """The participant's plan as it stands now (built, not rendered)."""
    plan_in, row = cached.read(participant)
    if row is not None and row.plan_json and row.input_hash == plan_input_hash(plan_in):
        return stored.load(row.plan_json)
    return build_plan(plan_in)


def plan_and_state(participant: Participant) -> tuple[model.Plan, str]:
    """The participant's plan, and where its PDF stands ("ready", "queued" or "failed").

    While the plan stored for their current input hash is ready or on its way, this is one
    read beside the phone's own; otherwise the PDF is asked for.
    """
    plan_in, row = cached.read(participant)
    input_hash = plan_input_hash(plan_in)
    if row is not None and row.plan_json and row.input_hash == input_hash:
        if row.status == "ready":
            return stored.load(row.plan_json), "ready"
        if on_its_way(participant.id, input_hash, row.status, row.updated_at):
            return stored.load(row.plan_json), "queued"
    return build_plan(plan_in), request_plan(participant, plan_in, input_hash)


def state_of(participant: Participant) -> str:
    """Where the PDF stands, for the phone's poll. While the plan is in hand this is one
    read; otherwise the plan is asked for again, which also re-sends work lost with a
    restarted process."""
    row = db.session.get(Plan, participant.id)
    if not in_hand(row):
        request_plan(participant)
        row = db.session.get(Plan, participant.id)
    return row.status if row else "queued"


def pdf_of(participant: Participant) -> bytes | None:
    """The participant's current PDF, or None while it is being prepared."""
    plan_in, _ = cached.read(participant)
    input_hash = plan_input_hash(plan_in)
    body = plan_file(input_hash)
    if body is None:
        request_plan(participant, plan_in, input_hash)
        body = plan_file(input_hash)  # inline rendering has it already
    return body


def choose_priorities(participant: Participant, picked: list[str]) -> bool:
    """Keep the focus areas the participant picked, in order, and update their plan.

    Nothing is stored (False) unless they picked one to MAX_PRIORITIES of the areas their
    plan offers. Raises NotNow outside the plan phase.
    """
    if participant.workshop.phase != Phase.PLAN:
        raise NotNow
    offered = {area.id for area in plan_for(participant).focus_candidates}
    picked = list(dict.fromkeys(picked))[:10]
    if not picked or len(picked) > MAX_PRIORITIES or set(picked) - offered:
        return False
    participant.priorities = json.dumps(picked)
    db.session.commit()
    request_plan(participant)
    return True


def waiting(plan: Plan) -> bool:
    """Queued, and its work is still on its way (lost work is sent again)."""
    return on_its_way(plan.participant_id, plan.input_hash, plan.status, plan.updated_at)


def on_its_way(participant_id: int, input_hash: str, status: str, since: datetime | None) -> bool:
    """A plan queued at `since` is still being worked on (not lost with a process or Redis).
    A plan rendered ahead ("ahead") is never waited for: at the plan click it is asked for
    at full priority."""
    if status != "queued" or since is None:
        return False
    age = utcnow() - since
    config = current_app.config
    if config["PDF_QUEUE"] != "rq":
        return age < RESUBMIT_AFTER
    if age < RQ_CHECK_AFTER:
        return True
    try:
        return queue.on_its_way(config["REDIS_URL"], participant_id, input_hash, config["PDF_JOB_TIMEOUT"])
    except queue.QueueUnavailable:
        return True  # Redis is away: nothing can be sent now; ask again on a later poll


def in_hand(plan: Plan | None) -> bool:
    """Ready, or waiting: a poll need not re-send it (re-computing a plan's input on every
    2-second poll of a full room costs seconds)."""
    return plan is not None and (plan.status == "ready" or waiting(plan))


# ---- asking for a plan --------------------------------------------------------------------


def has_file(input_hash: str) -> bool:
    return bool(db.session.scalar(select(exists().where(PlanFile.input_hash == input_hash))))


def _add_plan(participant: Participant, input_hash: str) -> Plan | None:
    """Create the participant's plan row, or return None when someone else just did.

    The room's background thread and the phone's own request can both be first to ask for
    a plan; the one that loses the insert carries on with the winner's row instead of failing.
    """
    plan = Plan(
        participant_id=participant.id, workshop_id=participant.workshop_id, input_hash=input_hash, status="queued"
    )
    db.session.add(plan)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    return plan


def expect(participant: Participant, input_hash: str, plan_in: PlanInput, *, first_try: bool = True) -> str:
    """Point the participant's plan at `input_hash`; returns "ready", "queued" or "submit".

    The plan row keeps the plan built from that input, for the plan page."""
    plan = db.session.get(Plan, participant.id)
    if plan is None:
        plan = _add_plan(participant, input_hash)
        if plan is None:  # someone created the row a moment ago: judge theirs
            if not first_try:
                raise LookupError("no plan row could be made for this participant")
            return expect(participant, input_hash, plan_in, first_try=False)
    elif plan.input_hash != input_hash:  # the inputs changed: the old PDF is stale
        db.session.execute(delete(PlanFile).where(PlanFile.input_hash == plan.input_hash))
    elif plan.status == "ready" and plan.plan_json and has_file(input_hash):
        return "ready"
    elif waiting(plan):
        return "queued"
    if plan.input_hash != input_hash or not plan.plan_json:
        plan.plan_json = stored.dump(build_plan(plan_in))
    if has_file(input_hash):
        plan.input_hash, plan.status = input_hash, "ready"
        db.session.commit()
        return "ready"
    plan.input_hash, plan.status, plan.updated_at = input_hash, "queued", utcnow()
    db.session.commit()
    return "submit"


def request_plan(participant: Participant, plan_in: PlanInput | None = None, input_hash: str | None = None) -> str:
    """Make sure this participant's current plan is rendered or on its way; returns the status."""
    if plan_in is None:
        plan_in = plan_input(participant)
    input_hash = input_hash or plan_input_hash(plan_in)
    state = expect(participant, input_hash, plan_in)
    if state != "submit":
        return state
    _submit(participant.id, participant.workshop_id, plan_in, input_hash)
    if current_app.config["PDF_QUEUE"] == "pool" and current_app.config["PDF_WORKERS"] <= 0:
        return db.session.get(Plan, participant.id).status
    return "queued"


def request_room(workshop: Workshop, ids: Sequence[int] | None = None) -> int:
    """Queue every participant's plan, or those of `ids` (plans already rendered are
    skipped). Returns how many were queued."""
    if ids is not None and not ids:
        return 0
    queued = 0
    session = db.session()
    # Each plan is committed on its own; without this, every commit would expire the whole
    # room and the next participant would reload it (seconds of queries for 300 people).
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        for participant, plan_in, input_hash in room_inputs(workshop, ids):
            if request_plan(participant, plan_in, input_hash) != "ready":
                queued += 1
    finally:
        session.expire_on_commit = keep
    return queued


def request_room_soon(workshop: Workshop, ids: Sequence[int] | None = None) -> None:
    """Queue the room's plans (or those of `ids`) without keeping the coach's click waiting.

    Working out three hundred plan inputs takes a second or more of CPU; a background
    thread does it after the response has gone. Inline rendering (PDF_WORKERS=0, tests)
    stays synchronous so results are there when the request returns.
    """
    config = current_app.config
    if config["PDF_QUEUE"] == "pool" and config["PDF_WORKERS"] <= 0:
        request_room(workshop, ids)
        return
    if ids is not None and not ids:
        return  # every plan was rendered ahead: nothing to work out at the click
    app = current_app._get_current_object()
    thread = threading.Thread(target=_request_room_in_background, args=(app, workshop.id, ids), daemon=True)
    _background.add(thread)
    thread.start()


def wait_for_background(timeout: float = 60) -> None:
    """Wait until the room work started by clicks in this process has finished. The test
    suite calls it before it wipes the database, so a click's thread never works on the
    next test's rows (on PostgreSQL the ids start again from one)."""
    for thread in list(_background):
        thread.join(timeout)


def _request_room_in_background(app: Flask, workshop_id: int, ids: Sequence[int] | None) -> None:
    with app.app_context():
        try:
            workshop = db.session.get(Workshop, workshop_id)
            if workshop is not None:
                request_room(workshop, ids)
        except Exception as error:  # noqa: BLE001 - phones ask again for any plan left out
            log.error("queueing the room's plans failed: %s", type(error).__name__)
        finally:
            db.session.remove()
            _background.discard(threading.current_thread())


def ready_for_the_click() -> None:
    """While the room looks at the themes: start this app process's render pool, so the
    plans that change at the plan click do not wait for its processes to start."""
    config = current_app.config
    if config["PDF_QUEUE"] == "pool" and config["PDF_WORKERS"] > 0:
        prestart(config["PDF_WORKERS"])


def room_progress(workshop: Workshop) -> dict[str, int]:
    rows = db.session.execute(
        select(Plan.status, func.count()).where(Plan.workshop_id == workshop.id).group_by(Plan.status)
    ).all()
    counts = {status: n for status, n in rows}
    return {
        "ready": counts.get("ready", 0),
        "queued": counts.get("queued", 0) + counts.get("ahead", 0),  # "ahead" is asked for again at the click
        "failed": counts.get("failed", 0),
        "participants": head_count(workshop),
    }


def plan_file(input_hash: str) -> bytes | None:
    return db.session.scalar(select(PlanFile.pdf).where(PlanFile.input_hash == input_hash))


# ---- where the work goes ------------------------------------------------------------------


def _submit(participant_id: int, workshop_id: int, plan_in: PlanInput, input_hash: str) -> None:
    config = current_app.config
    if config["PDF_QUEUE"] == "rq":
        try:
            queue.send(config["REDIS_URL"], participant_id, input_hash, config["PDF_JOB_TIMEOUT"])
        except queue.QueueUnavailable as error:  # the plan stays queued; a later poll sends it
            log.warning("could not queue a plan, Redis unreachable: %s", error)
        return
    if config["PDF_WORKERS"] <= 0:
        _finish(participant_id, workshop_id, input_hash, lambda: render_bytes(plan_in))
        return
    future = pool(config["PDF_WORKERS"]).submit(render_bytes, plan_in)
    app = current_app._get_current_object()
    future.add_done_callback(lambda done: _stored_later(app, participant_id, workshop_id, input_hash, done))


def _stored_later(app: Flask, participant_id: int, workshop_id: int, input_hash: str, done: Future) -> None:
    with app.app_context():
        try:
            _finish(participant_id, workshop_id, input_hash, done.result)
        except SQLAlchemyError as error:  # the database is away: the plan is sent again later
            log.error("a rendered plan could not be stored: %s", type(error).__name__)
        finally:
            db.session.remove()


def _finish(participant_id: int, workshop_id: int, input_hash: str, produce) -> str:
    """Render with `produce` and keep the PDF; returns "rendered", "failed" or "not kept"."""
    try:
        pdf = produce()
    except Exception as error:  # noqa: BLE001 - any failure marks the plan, never the request
        # Never the participant: the workshop and the kind of error are enough to look into it.
        log.error("a plan failed to render in workshop %s: %s", workshop_id, type(error).__name__)
        db.session.rollback()
        db.session.execute(
            Plan.__table__.update()
            .where(Plan.participant_id == participant_id, Plan.input_hash == input_hash)
            .values(status="failed", updated_at=utcnow())
        )
        db.session.commit()
        return "failed"
    return "rendered" if store(participant_id, workshop_id, input_hash, pdf) else "not kept"


def store(participant_id: int, workshop_id: int, input_hash: str, pdf: bytes) -> bool:
    """Keep the PDF if the plan still wants exactly this input; True when it was kept."""
    wanted = exists().where(Plan.participant_id == participant_id, Plan.input_hash == input_hash)
    try:
        if not has_file(input_hash):
            db.session.execute(
                insert(PlanFile).from_select(
                    ["input_hash", "workshop_id", "pdf", "created_at"],
                    select(
                        literal(input_hash),
                        literal(workshop_id),
                        literal(pdf, LargeBinary),
                        literal(utcnow(), DateTime),
                    ).where(wanted),
                )
            )
        updated = db.session.execute(
            Plan.__table__.update()
            .where(Plan.participant_id == participant_id, Plan.input_hash == input_hash)
            .values(status="ready", updated_at=utcnow())
        ).rowcount
        db.session.commit()
    except IntegrityError:  # a twin stored it first, or the room was deleted meanwhile
        db.session.rollback()
        return False
    return bool(updated)


def render_queued(participant_id: int, input_hash: str) -> str:
    """A queued plan, in a worker's app context: recompute the input from the database and
    render it only if it still matches the hash it was queued with and is not ready yet.

    Returns what happened: "rendered", "failed", "not kept" (the plan moved on meanwhile),
    "ready already" or "outdated".
    """
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        return "outdated"
    plan = db.session.get(Plan, participant_id)
    if plan is not None and plan.input_hash == input_hash and plan.status == "ready" and has_file(input_hash):
        return "ready already"  # a job sent twice (its first worker died late) renders once
    plan_in = plan_input(participant)
    if plan_input_hash(plan_in) != input_hash:
        return "outdated"
    return _finish(participant_id, participant.workshop_id, input_hash, lambda: render_bytes(plan_in))
