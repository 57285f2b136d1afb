"""Workshop operations: preparing (stages and the coach's own actions), editing (within what
participants were told: services.promises), finding one by its join code, moving through
phases, deleting.

Views call these; they own the database writes so the rules live in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, or_, select

from ..extensions import db
from ..models import Coach, CustomAction, IllegalPhaseChange, Phase, PlanFile, Workshop, WorkshopStage
from . import releases, summaries
from .codes import CODE_LENGTH, new_join_code, normalise_code
from .erasure import scrub_log
from .languages import known
from .plans import due, jobs, shared
from .plans.model import TIMING_DAYS
from .promises import check_dates, check_promises
from .stages import DEFAULT_STAGES
from .workshop_themes import choosable_themes

MAX_STAGES = 12
# The follow-up check-in, unless the coach picks another day: two weeks after the workshop.
FOLLOW_UP_DAYS = 14


@dataclass
class StageRow:
    key: str
    label: str


def default_stage_rows() -> list[StageRow]:
    return [StageRow(key, label) for key, label in DEFAULT_STAGES]


def fresh_stage_key(rows: list[StageRow]) -> str:
    taken = {row.key for row in rows}
    n = 1
    while f"custom-{n}" in taken:
        n += 1
    return f"custom-{n}"


def create_workshop(coach: Coach, fields: dict, stages: list[StageRow]) -> Workshop:
    """A new workshop, being prepared. Raises SettingRefused, with nothing stored, for dates
    out of range."""
    check_dates(fields["date"], fields["retention_days"], date.today())
    workshop = Workshop(coach_id=coach.id, phase=Phase.DRAFT, join_code=free_join_code())
    _apply(workshop, fields)
    _sync_stages(workshop, stages)
    db.session.add(workshop)
    db.session.flush()
    shared.refresh(workshop)
    db.session.commit()
    return workshop


def workshop_with_code(code: str) -> Workshop | None:
    """The workshop a typed join code names, or None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Workshop).where(Workshop.join_code == code))


def free_join_code() -> str:
    """A join code no workshop has."""
    while True:  # about a billion codes: a clash is rare, two in a row rarer still
        code = new_join_code()
        if db.session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def update_workshop(workshop: Workshop, fields: dict, stages: list[StageRow] | None) -> None:
    """Save the coach's changes. Raises SettingRefused, with nothing changed, for dates out of
    range or, once the workshop is open, a lower k or a later erase date (services.promises)."""
    day = fields["date"] if isinstance(fields["date"], date) else workshop.date
    check_promises(workshop, fields["min_group_size"], check_dates(day, fields["retention_days"], date.today()))
    _apply(workshop, fields)
    if stages is not None and stages_editable(workshop):
        _sync_stages(workshop, stages)
    db.session.flush()
    releases.show_again(workshop)  # today's k and stage names, on the same release
    workshop.touch(room=True)
    db.session.commit()


def stages_editable(workshop: Workshop) -> bool:
    """Stages are fixed once people may have rated them."""
    return workshop.phase in (Phase.DRAFT, Phase.LOBBY)


def lobby_waiting(workshop: Workshop, now: datetime, minutes: int) -> bool:
    """True once the lobby has been open for `minutes`: if nobody has joined by then, the
    projector suggests ways around a network that keeps phones out."""
    return (
        workshop.phase == Phase.LOBBY
        and workshop.opened_at is not None
        and now >= workshop.opened_at + timedelta(minutes=minutes)
    )


def change_phase(workshop: Workshop, to: str, before_plans: Callable[[Workshop], None] | None = None) -> None:
    """Move the room on. The board shows the current release as it is (a phase move never
    takes in new answers); the plan phase fixes that release's themes for the plans and
    starts rendering them. `before_plans` runs once the plan phase has begun, just before the
    plans are queued (a rehearsal's sample room answers its closing check-in there). Raises
    IllegalPhaseChange, with nothing changed, for a move the workshop cannot make."""
    try:
        workshop.advance_phase(to)
    except IllegalPhaseChange:
        db.session.rollback()
        raise
    unsettled = None
    if workshop.phase == Phase.PLAN:
        # Only plans that changed since they were rendered ahead need work now; a rehearsal's
        # sample room answers its closing check-in below, which changes every plan.
        unsettled = due.unsettled(workshop) if before_plans is None else None
        shared.freeze(workshop)
        due.clear_room(workshop)
    else:
        shared.refresh(workshop)
        due.mark_room(workshop)  # the themes phase: plans are rendered ahead from now on
    db.session.commit()
    if workshop.phase == Phase.PLAN:
        if before_plans is not None:
            before_plans(workshop)
        jobs.request_room_soon(workshop, unsettled)


def delete_workshop(workshop: Workshop, keep_summary: bool = False) -> None:
    """Erase the workshop and everything in it, its rehearsal included (the database
    cascades the rest), leaving nothing in SQLite's write-ahead log either. With
    `keep_summary`, its released figures are kept for Insights first, in the same commit."""
    if keep_summary:
        summaries.keep(workshop)
    with_rehearsal = select(Workshop.id).where(or_(Workshop.id == workshop.id, Workshop.rehearsal_of == workshop.id))
    db.session.execute(delete(PlanFile).where(PlanFile.workshop_id.in_(with_rehearsal)))
    db.session.delete(workshop)
    db.session.commit()
    scrub_log()


def custom_actions(workshop: Workshop) -> list[CustomAction]:
    return list(
        db.session.scalars(
            select(CustomAction).where(CustomAction.workshop_id == workshop.id).order_by(CustomAction.id)
        )
    )


def add_custom_action(
    workshop: Workshop, title: str, how: str, timing: str, stages: list[str], themes: list[str]
) -> CustomAction:
    """A coach's own action for this workshop's plans, tied to its stages and themes.

    Raises ValueError, and stores nothing, for a timing, stage or theme the workshop does
    not offer.
    """
    if timing not in TIMING_DAYS:
        raise ValueError(f"unknown timing {timing!r}")
    if set(stages) - {stage.key for stage in workshop.stages} or set(themes) - set(choosable_themes(workshop)):
        raise ValueError("a stage or theme this workshop does not offer")
    action = CustomAction(
        workshop_id=workshop.id,
        title=title,
        how=how,
        timing=timing,
        stages=",".join(stages),
        themes=",".join(themes),
    )
    db.session.add(action)
    _plans_follow(workshop)
    db.session.commit()
    return action


def delete_custom_action(workshop: Workshop, action_id: int) -> bool:
    """Remove one of this workshop's own actions; False when it has no such action."""
    action = db.session.get(CustomAction, action_id)
    if action is None or action.workshop_id != workshop.id:
        return False
    db.session.delete(action)
    _plans_follow(workshop)
    db.session.commit()
    return True


def _plans_follow(workshop: Workshop) -> None:
    """Every plan shows the coach's own actions: what the plans share is worked out again."""
    db.session.flush()
    shared.refresh(workshop)
    due.mark_room(workshop)


def coach_workshops(coach: Coach) -> list[Workshop]:
    """The coach's real workshops (a rehearsal is reached from the workshop it copies)."""
    query = (
        select(Workshop)
        .where(Workshop.coach_id == coach.id, ~Workshop.is_rehearsal)
        .order_by(Workshop.date.desc(), Workshop.id.desc())
    )
    return list(db.session.scalars(query))


def _apply(workshop: Workshop, fields: dict) -> None:
    workshop.title = fields["title"]
    workshop.date = fields["date"] if isinstance(fields["date"], date) else workshop.date
    workshop.series = fields.get("series") or ""
    workshop.description = fields.get("description") or ""
    workshop.employers = "\n".join(
        line.strip() for line in (fields.get("employers") or "").splitlines() if line.strip()
    )
    workshop.min_group_size = fields["min_group_size"]
    workshop.paper_size = fields.get("paper_size") or "A4"
    workshop.language = known(fields.get("language") or workshop.language)
    workshop.coach_note = fields.get("coach_note") or ""
    workshop.set_retention(fields["retention_days"])
    workshop.follow_up_on = fields.get("follow_up_on") or default_follow_up(workshop.date, workshop.retain_until)


def default_follow_up(day: date, retain_until: date) -> date:
    """Two weeks after the workshop, or the erase date when the data is kept for less."""
    return min(day + timedelta(days=FOLLOW_UP_DAYS), retain_until)


def _sync_stages(workshop: Workshop, rows: list[StageRow]) -> None:
    """Make the workshop's stages match `rows`, keeping existing rows where keys match."""
    existing = {stage.key: stage for stage in workshop.stages}
    wanted = {row.key for row in rows}
    for key, stage in existing.items():
        if key not in wanted:
            workshop.stages.remove(stage)
    for position, row in enumerate(rows):
        stage = existing.get(row.key)
        if stage is None:
            workshop.stages.append(WorkshopStage(position=position, key=row.key, label=row.label))
        else:
            stage.position, stage.label = position, row.label
