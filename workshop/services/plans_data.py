"""Reading plan data: the action library (actions.toml) and JSON plan input.

The JSON format is documented in workshop/services/plans.py (and the README).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .aggregates import MIN_K
from .plans_model import (
    ACTIONS_FILE,
    DEFAULT_STAGES,
    STANDARD_STAGE_LABELS,
    THEME_LABELS,
    TIMING_DAYS,
    Action,
    NoteTemplate,
    ParticipantInfo,
    PlanInput,
    Rating,
    RoomInfo,
    Stage,
    WorkshopInfo,
    is_score,
)

# --- Action library ----------------------------------------------------------------


def load_action_library(path: Path | None = None) -> tuple[Action, ...]:
    """Read and check actions.toml (cached per path)."""
    return _load_library(Path(path or ACTIONS_FILE).resolve())


@lru_cache(maxsize=8)
def _load_library(path: Path) -> tuple[Action, ...]:
    with path.open("rb") as file:
        raw = tomllib.load(file)
    actions = tuple(
        _action_from_mapping(entry, f"{path.name}: action[{i}]") for i, entry in enumerate(raw.get("action", []))
    )
    ids = [action.id for action in actions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{path.name}: duplicate action ids {duplicates}")
    return actions


@lru_cache(maxsize=8)
def _library_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _action_from_mapping(entry: Any, where: str) -> Action:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where} must be an object")
    values = {name: _required_text(entry, name, where) for name in ("id", "title", "how")}
    timing = entry.get("timing", "this week")
    if timing not in TIMING_DAYS:
        choices = ", ".join(repr(t) for t in TIMING_DAYS)
        raise ValueError(f"{where}.timing must be one of {choices}, got {timing!r}")
    return Action(
        **values,
        stages=_text_list(entry.get("stages", []), f"{where}.stages"),
        themes=_text_list(entry.get("themes", []), f"{where}.themes"),
        timing=timing,
    )


# --- JSON input --------------------------------------------------------------------


def plan_input_from_json(data: Mapping[str, Any]) -> PlanInput:
    """Turn decoded JSON (see the module docstring) into a `PlanInput`.

    Unknown keys are ignored, missing optional keys get defaults, and a bad value raises
    `ValueError` naming the field.
    """
    if not isinstance(data, Mapping):
        raise ValueError("plan input must be a JSON object")
    workshop = _workshop_from_json(_section(data, "workshop", required=True))
    room = _room_from_json(_section(data, "room", required=False))
    stage_keys = {stage.key for stage in workshop.stages}
    participant = _participant_from_json(_section(data, "participant", required=True), stage_keys, room)
    return PlanInput(workshop=workshop, participant=participant, room=room)


def _section(data: Mapping[str, Any], name: str, *, required: bool) -> Mapping[str, Any]:
    value = data.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be an object" + (" and is required" if required else ""))
    return value


def _workshop_from_json(data: Mapping[str, Any]) -> WorkshopInfo:
    title = _required_text(data, "title", "workshop")
    raw_date = data.get("date")
    try:
        date = dt.date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
    except ValueError:
        date = None
    if date is None:
        raise ValueError(f"workshop.date must be a date like 2026-03-12, got {raw_date!r}")
    paper = str(data.get("paper_size") or "A4").strip()
    paper_size = {"a4": "A4", "letter": "Letter", "us letter": "Letter"}.get(paper.lower())
    if paper_size is None:
        raise ValueError(f"workshop.paper_size must be 'A4' or 'Letter', got {paper!r}")
    k = data.get("k", 3)
    if not isinstance(k, int) or isinstance(k, bool) or k < MIN_K:
        raise ValueError(f"workshop.k must be a whole number of at least {MIN_K}, got {k!r}")
    raw_actions = data.get("custom_actions") or []
    if not isinstance(raw_actions, list):
        raise ValueError("workshop.custom_actions must be a list")
    return WorkshopInfo(
        title=title,
        date=date,
        stages=_stages_from_json(data.get("stages")),
        coach_name=_optional_text(data, "coach_name", "workshop"),
        coach_note=_optional_text(data, "coach_note", "workshop"),
        paper_size=paper_size,  # type: ignore[arg-type]
        custom_actions=tuple(
            _action_from_mapping(entry, f"workshop.custom_actions[{i}]") for i, entry in enumerate(raw_actions)
        ),
        k=k,
    )


def _stages_from_json(raw: Any) -> tuple[Stage, ...]:
    if raw is None:
        return DEFAULT_STAGES
    if not isinstance(raw, list) or not raw:
        raise ValueError("workshop.stages must be a non-empty list of {key, label}")
    stages = []
    for i, entry in enumerate(raw):
        where = f"workshop.stages[{i}]"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} must be an object with a key and a label")
        key = _required_text(entry, "key", where)
        label = entry.get("label") or STANDARD_STAGE_LABELS.get(key)
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}.label is required for the custom stage {key!r}")
        stages.append(Stage(key, label.strip()))
    keys = [stage.key for stage in stages]
    if len(set(keys)) != len(keys):
        raise ValueError("workshop.stages has duplicate keys")
    return tuple(stages)


def _participant_from_json(data: Mapping[str, Any], stage_keys: set[str], room: RoomInfo) -> ParticipantInfo:
    where = "participant"
    labels = _text_map(data.get("theme_labels") or {}, f"{where}.theme_labels")
    themes = _text_list(data.get("themes") or [], f"{where}.themes")
    for theme in themes:
        if theme not in THEME_LABELS and not (labels.get(theme) or room.theme_labels.get(theme)):
            raise ValueError(
                f"{where}.themes: {theme!r} is not a standard theme; give it a label in {where}.theme_labels"
            )
    return ParticipantInfo(
        alias=_required_text(data, "alias", where),
        role=_optional_text(data, "role", where),
        ratings=_ratings_from_json(data.get("ratings") or {}, stage_keys),
        themes=themes,
        theme_labels=labels,
        priorities=_text_list(data.get("priorities") or [], f"{where}.priorities"),
        confidence_before=_confidence(data, "confidence_before"),
        confidence_after=_confidence(data, "confidence_after"),
    )


def _ratings_from_json(raw: Any, stage_keys: set[str]) -> dict[str, Rating]:
    if not isinstance(raw, Mapping):
        raise ValueError("participant.ratings must be an object of stage key -> rating")
    ratings = {}
    for key, value in raw.items():
        where = f"participant.ratings.{key}"
        if key not in stage_keys:
            raise ValueError(f"{where}: {key!r} is not one of the workshop's stages")
        entry = value if isinstance(value, Mapping) else {"score": value}
        score = entry.get("score")
        if not is_score(score):
            raise ValueError(f"{where}.score must be a whole number from 1 to 5, got {score!r}")
        ratings[key] = Rating(score=score, note=_optional_text(entry, "note", where))
    return ratings


def _confidence(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if not is_score(value):
        raise ValueError(f"participant.{name} must be 1..5 or null, got {value!r}")
    return value


def _room_from_json(data: Mapping[str, Any]) -> RoomInfo:
    n = data.get("n", 0)
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"room.n must be a whole number of participants, got {n!r}")
    raw_counts = data.get("theme_counts") or {}
    if not isinstance(raw_counts, Mapping):
        raise ValueError("room.theme_counts must be an object of theme id -> count")
    counts = {}
    for theme, count in raw_counts.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"room.theme_counts.{theme} must be a whole number, got {count!r}")
        counts[str(theme)] = count
    labels = _text_map(data.get("theme_labels") or {}, "room.theme_labels")
    return RoomInfo(n=n, theme_counts=counts, theme_labels=labels)


def _required_text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}.{name} is required and must be non-empty text")
    return value.strip()


def _optional_text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{where}.{name} must be text")
    return value.strip()


def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of text values")
    return tuple(v.strip() for v in value if v.strip())


def _text_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"{where} must be an object of id -> text")
    return {str(k): v.strip() for k, v in value.items()}


_PLACEHOLDER_RE = re.compile(r"\[[^\[\]]+\]")


def note_placeholders(note: NoteTemplate) -> list[str]:
    """The distinct [placeholders] in a note template, in order of appearance."""
    return list(dict.fromkeys(_PLACEHOLDER_RE.findall(note.text)))
