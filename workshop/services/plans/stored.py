"""A built plan kept as JSON beside its PDF, so the plan page shows it without building it
again. Plain JSON, read back field by field (never pickle: the database is not trusted to
run code)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from .model import DatedAction, FocusArea, NoteTemplate, Plan, SharedTheme, StageResult


def dump(plan: Plan) -> str:
    return json.dumps(dataclasses.asdict(plan), separators=(",", ":"), default=_date)


def load(text: str) -> Plan:
    data = json.loads(text)
    return Plan(
        input_hash=data["input_hash"],
        workshop_title=data["workshop_title"],
        workshop_date=dt.date.fromisoformat(data["workshop_date"]),
        coach_name=data["coach_name"],
        coach_note=data["coach_note"],
        paper_size=data["paper_size"],
        alias=data["alias"],
        role=data["role"],
        stage_profile=tuple(StageResult(**stage) for stage in data["stage_profile"]),
        strongest=_stage(data["strongest"]),
        weakest=_stage(data["weakest"]),
        first_step=_action(data["first_step"]) if data["first_step"] else None,
        focus_areas=tuple(_area(area) for area in data["focus_areas"]),
        focus_candidates=tuple(_area(area) for area in data["focus_candidates"]),
        shared_themes=tuple(SharedTheme(**theme) for theme in data["shared_themes"]),
        room_size=data["room_size"],
        note=NoteTemplate(**(data["note"] | {"paragraphs": tuple(data["note"]["paragraphs"])})),
        reflection_prompts=tuple(data["reflection_prompts"]),
        confidence_before=data["confidence_before"],
        confidence_after=data["confidence_after"],
        rehearsal=data["rehearsal"],
        language=data.get("language", "en"),
        follow_up=dt.date.fromisoformat(data["follow_up"]) if data.get("follow_up") else None,
    )


def _stage(data: dict | None) -> StageResult | None:
    return StageResult(**data) if data else None


def _action(data: dict) -> DatedAction:
    return DatedAction(**(data | {"due": dt.date.fromisoformat(data["due"])}))


def _area(data: dict) -> FocusArea:
    return FocusArea(**(data | {"actions": tuple(_action(a) for a in data["actions"])}))


def _date(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot keep a {type(value).__name__}")
