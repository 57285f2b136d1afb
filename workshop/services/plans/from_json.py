"""A plan's input from a JSON description: what `flask --app workshop preview-plan` reads.

Unknown keys are ignored; optional keys may be left out; a bad required value raises
`ValueError` naming the field. workshop/data/sample_plan.json is a complete example:

    {
      "workshop": {
        "title": "Bouncing back: spring cohort",   # required, text
        "date": "2026-03-12",                      # required, YYYY-MM-DD
        "coach_name": "Priya Raman",               # optional, shown on the plan
        "coach_note": "Be as kind to yourself...", # optional closing note
        "paper_size": "A4",                        # optional: "A4" (default) or "Letter"
        "k": 3,                                    # optional room minimum, >= 2 (default 3)
        "rehearsal": false,                        # optional: true marks a practice plan
        "stages": [                                # optional, default: the 7 standard stages
          {"key": "targeting"},                    #   a standard key may omit its label
          {"key": "custom-1", "label": "Portfolio review"}
        ],
        "custom_actions": [                        # optional, same shape as actions.toml
          {"id": "coach-call", "title": "...", "how": "...",
           "stages": ["custom-1"], "themes": [], "timing": "this week"}
        ]
      },
      "participant": {
        "alias": "Brave Otter",                    # required, the only identity shown
        "role": "Product designer",                # optional
        "ratings": {                               # optional, only stages reached
          "screen": {"score": 4, "note": "..."},   #   score 1..5, note optional
          "assessment": 2                          #   a bare score is accepted too
        },
        "themes": ["no_feedback", "custom-7"],     # optional, confirmed theme ids
        "theme_labels": {"custom-7": "..."},       # labels for custom theme ids
        "priorities": ["stage:assessment"],        # optional focus-area ids
        "confidence_before": 2,                    # optional, 1..5 or null
        "confidence_after": 4
      },
      "room": {                                    # optional
        "n": 14,                                   # participants in the room
        "theme_counts": {"no_feedback": 9},        # already k-filtered by the caller
        "theme_labels": {"no_feedback": "..."}     # optional label overrides
      }
    }
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..aggregates import MIN_K
from .library import action_from_mapping, optional_text, required_text, text_list, text_map
from .model import (
    DEFAULT_STAGES,
    STANDARD_STAGE_LABELS,
    THEME_LABELS,
    ParticipantInfo,
    PlanInput,
    Rating,
    RoomInfo,
    Stage,
    WorkshopInfo,
    is_score,
)


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
    title = required_text(data, "title", "workshop")
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
    rehearsal = data.get("rehearsal", False)
    if not isinstance(rehearsal, bool):
        raise ValueError(f"workshop.rehearsal must be true or false, got {rehearsal!r}")
    raw_actions = data.get("custom_actions") or []
    if not isinstance(raw_actions, list):
        raise ValueError("workshop.custom_actions must be a list")
    return WorkshopInfo(
        title=title,
        date=date,
        stages=_stages_from_json(data.get("stages")),
        coach_name=optional_text(data, "coach_name", "workshop"),
        coach_note=optional_text(data, "coach_note", "workshop"),
        paper_size=paper_size,  # type: ignore[arg-type]
        custom_actions=tuple(
            action_from_mapping(entry, f"workshop.custom_actions[{i}]") for i, entry in enumerate(raw_actions)
        ),
        k=k,
        rehearsal=rehearsal,
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
        key = required_text(entry, "key", where)
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
    labels = text_map(data.get("theme_labels") or {}, f"{where}.theme_labels")
    themes = text_list(data.get("themes") or [], f"{where}.themes")
    for theme in themes:
        if theme not in THEME_LABELS and not (labels.get(theme) or room.theme_labels.get(theme)):
            raise ValueError(
                f"{where}.themes: {theme!r} is not a standard theme; give it a label in {where}.theme_labels"
            )
    return ParticipantInfo(
        alias=required_text(data, "alias", where),
        role=optional_text(data, "role", where),
        ratings=_ratings_from_json(data.get("ratings") or {}, stage_keys),
        themes=themes,
        theme_labels=labels,
        priorities=text_list(data.get("priorities") or [], f"{where}.priorities"),
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
        ratings[key] = Rating(score=score, note=optional_text(entry, "note", where))
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
    labels = text_map(data.get("theme_labels") or {}, "room.theme_labels")
    return RoomInfo(n=n, theme_counts=counts, theme_labels=labels)
