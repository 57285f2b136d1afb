"""What every plan of a workshop shares: the workshop as plans show it, the coach's theme
labels, and the room's themes. Worked out once per release or coach change and kept on the
workshop row (`plan_shared`), so three hundred phones do not each work it out again.

The room is the current release until the plan phase begins, and from then on the release
frozen at that moment (`freeze`): plans rendered ahead during the themes phase already hold
the numbers the plan phase will show, unless a later release changes them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import select

from ...extensions import db
from ...models import CustomAction, Phase, Workshop, WorkshopTheme
from .model import TIMING_DAYS, Action, RoomInfo, Stage, WorkshopInfo

Shared = tuple[WorkshopInfo, RoomInfo, dict[str, str]]
FROZEN_PHASES = (Phase.PLAN, Phase.CLOSED)


def room_of(board: dict | None) -> dict:
    """A release as the plans quote it: its people and the themes it counts (k-filtered)."""
    shown = board or {"participants": 0, "themes": [], "seq": 0}
    counted = [t for t in shown["themes"] if t["count"] is not None]
    return {
        "seq": shown.get("seq", 0),
        "n": shown["participants"],
        "theme_counts": {t["key"]: t["count"] for t in counted},
        "theme_labels": {t["key"]: t["label"] for t in counted},
    }


def freeze(workshop: Workshop) -> None:
    """Fix the room's themes for the plans as the plan phase starts: the current release as
    the board shows it, never a fresh count, and remember which release that was.

    Plans quote the room ("7 of 12 of you"); freezing keeps every plan consistent and stops
    a late "me too" or check-in from re-rendering three hundred PDFs. Does not commit."""
    room = room_of(_board(workshop))
    workshop.plan_room_json = json.dumps(room)
    workshop.plans_release = room["seq"] or None
    refresh(workshop)


def refresh(workshop: Workshop) -> None:
    """Work out the shared parts again (a new release, a coach's change, a phase move). Does
    not commit."""
    workshop.plan_shared = json.dumps(_compute(workshop), sort_keys=True, default=_date)


def _parsed(data: dict) -> dict:
    return json.loads(json.dumps(data, default=_date))


def shared_parts(workshop: Workshop) -> Shared:
    """The shared parts as kept on the workshop (worked out now, and not kept, if they never
    were: a read must not write)."""
    data = json.loads(workshop.plan_shared) if workshop.plan_shared else _parsed(_compute(workshop))
    info = data["workshop"]
    workshop_info = WorkshopInfo(
        title=info["title"],
        date=dt.date.fromisoformat(info["date"]),
        stages=tuple(Stage(**stage) for stage in info["stages"]),
        coach_name=info["coach_name"],
        coach_note=info["coach_note"],
        paper_size=info["paper_size"],
        custom_actions=tuple(
            Action(**(action | {"stages": tuple(action["stages"]), "themes": tuple(action["themes"])}))
            for action in info["custom_actions"]
        ),
        k=info["k"],
        rehearsal=info["rehearsal"],
        follow_up=dt.date.fromisoformat(info["follow_up"]) if info.get("follow_up") else None,
    )
    room = data["room"]
    room_info = RoomInfo(n=room["n"], theme_counts=room["theme_counts"], theme_labels=room["theme_labels"])
    return workshop_info, room_info, data["labels"]


def _compute(workshop: Workshop) -> dict:
    actions = db.session.scalars(
        select(CustomAction).where(CustomAction.workshop_id == workshop.id).order_by(CustomAction.id)
    )
    info = WorkshopInfo(
        title=workshop.title,
        date=workshop.date,
        stages=tuple(Stage(s.key, s.label) for s in workshop.stages),
        coach_name=workshop.coach.name,
        coach_note=workshop.coach_note,
        paper_size="Letter" if workshop.paper_size == "Letter" else "A4",
        custom_actions=tuple(custom_action(a) for a in actions),
        k=workshop.min_group_size,
        rehearsal=workshop.is_rehearsal,
        follow_up=workshop.follow_up_on,
    )
    if workshop.phase in FROZEN_PHASES:
        room = json.loads(workshop.plan_room_json) if workshop.plan_room_json else room_of(None)
    else:
        room = room_of(_board(workshop))
    rows = db.session.scalars(select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id))
    labels = {row.key: row.label for row in rows if row.label}
    return {"workshop": dataclasses.asdict(info), "room": room, "labels": labels}


def custom_action(row: CustomAction) -> Action:
    return Action(
        id=f"coach-{row.id}",
        title=row.title,
        how=row.how,
        stages=tuple(filter(None, row.stages.split(","))),
        themes=tuple(filter(None, row.themes.split(","))),
        timing=row.timing if row.timing in TIMING_DAYS else "this week",
    )


def _board(workshop: Workshop) -> dict | None:
    return json.loads(workshop.board_json) if workshop.board_json else None


def _date(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot keep a {type(value).__name__}")
