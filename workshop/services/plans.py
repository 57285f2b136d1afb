"""Build a participant's personal action plan from plain data.

The builder is plain Python: no Flask, no database, no clock. The same `PlanInput` always
gives the same `Plan` (and the same `plan_input_hash`), so a rendered PDF can be cached by
that hash.

Entry points
------------
- `build_plan(plan_input) -> Plan`
- `focus_candidates(plan_input) -> list[FocusArea]`: what the phone offers as swaps
- `plan_input_hash(plan_input) -> str`: sha256 hex of the canonical JSON of the input
  (plus the action library's digest and the plan format version, so editing
  actions.toml invalidates cached plans)
- `plan_input_from_json(data) -> PlanInput`: for `flask --app workshop preview-plan`
- `load_action_library(path=None) -> tuple[Action, ...]`

How the builder decides
-----------------------
- Stage profile: every workshop stage in order; stages without a rating are "not reached".
- Weakest stage: lowest score, ties go to the earlier stage. Strongest: highest score among
  the other rated stages, ties to the earlier stage (None when only one stage was rated).
- Focus areas are `stage:<key>`, `theme:<id>` or `general:<id>` (three built-in areas,
  "Keeping your search moving", "Staying in touch with people" and "Looking after
  yourself", used when a participant gave too little to fill three areas, and always
  offered as swaps).
  Default choice, when the participant picked no priorities: alternate between stages
  rated 3 or lower (weakest first) and the participant's themes (most shared in the room
  first), then the remaining rated stages, then the general areas; take three.
  Priorities the participant picked come first (unknown ids are ignored) and are topped
  up from that default order.
- Actions per focus area: 3, 3 and 2 for the three areas in order (so the plan stays
  near three pages; a swap candidate offers 3), never fewer than 2. Coach-added
  actions come first, then actions that also serve the participant's other themes and low
  stages, then library order; the pick prefers different timings so the dates spread out.
  An action is used once per plan. Generic actions (no stages, no themes) serve custom
  stages and custom themes.
- First step: before the three areas, the plan opens with "let-it-land" (process the
  disappointment before acting; else the first generic "today" action), due next day.
- Due dates: "today" = workshop date + 1 day (people often leave a workshop in the
  evening), "this week" + 7, "within 2 weeks" + 14, "within a month" + 30.
- Room themes: only themes the participant confirmed, and only counts >= k (k is never
  taken below 2), even though the caller promises the counts are already k-filtered.
- The note template is written from our own text plus the stage label; it never includes
  anything the participant wrote.

JSON input format (for `plan_input_from_json` and the preview CLI)
-------------------------------------------------------------------
Unknown keys are ignored; optional keys may be left out. A bad required value raises
`ValueError` naming the field.

    {
      "workshop": {
        "title": "Bouncing back: spring cohort",   # required, text
        "date": "2026-03-12",                      # required, YYYY-MM-DD
        "coach_name": "Priya Raman",               # optional, shown on the plan
        "coach_note": "Be as kind to yourself...", # optional closing note
        "paper_size": "A4",                        # optional: "A4" (default) or "Letter"
        "k": 3,                                    # optional room minimum, >= 2 (default 3)
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

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

# The builder lives here; its data types, the readers and the plan's own wording live in
# plans_model, plans_data and plans_text, and are re-exported so callers need only this module.
from .aggregates import MIN_K
from .plans_data import (  # noqa: F401
    _library_digest,
    load_action_library,
    note_placeholders,
    plan_input_from_json,
)
from .plans_model import (  # noqa: F401
    ACTIONS_FILE,
    ACTIONS_PER_AREA,
    DEFAULT_STAGES,
    FIRST_STEP_ID,
    LOW_SCORE,
    PLAN_FORMAT_VERSION,
    STANDARD_STAGE_LABELS,
    THEME_LABELS,
    TIMING_DAYS,
    Action,
    DatedAction,
    FocusArea,
    FocusKind,
    NoteTemplate,
    PaperSize,
    ParticipantInfo,
    Plan,
    PlanInput,
    Rating,
    RoomInfo,
    SharedTheme,
    Stage,
    StageResult,
    Timing,
    WorkshopInfo,
    is_score,
)
from .plans_text import (  # noqa: F401
    FEEDBACK_QUESTIONS,
    GENERAL_AREAS,
    GENERAL_PROMPTS,
    NOTE_THANKS,
    STAGE_PROMPTS,
    THEME_PROMPTS,
    TOP_UP_ORDER,
    _note_template,
    _prompts_for,
    _reflection_prompts,
)

# --- Building ----------------------------------------------------------------------


def build_plan(plan_input: PlanInput, library: Sequence[Action] | None = None) -> Plan:
    """Build the plan for one participant. Deterministic for the same input."""
    _check(plan_input)
    builder = _Builder(plan_input, load_action_library() if library is None else library)
    profile = builder.profile()
    weakest, strongest = _weakest_and_strongest(profile)
    areas = builder.chosen_areas()
    workshop, participant = plan_input.workshop, plan_input.participant
    return Plan(
        input_hash=plan_input_hash(plan_input),
        workshop_title=workshop.title,
        workshop_date=workshop.date,
        coach_name=workshop.coach_name,
        coach_note=workshop.coach_note,
        paper_size=workshop.paper_size,
        alias=participant.alias,
        role=participant.role,
        stage_profile=profile,
        strongest=strongest,
        weakest=weakest,
        first_step=builder.first_step(),
        focus_areas=areas,
        focus_candidates=tuple(builder.candidates()),
        shared_themes=builder.shared_themes(),
        room_size=builder.room_size(),
        note=_note_template(profile, weakest),
        reflection_prompts=_reflection_prompts(builder, areas, weakest, strongest),
        confidence_before=participant.confidence_before,
        confidence_after=participant.confidence_after,
    )


def focus_candidates(plan_input: PlanInput, library: Sequence[Action] | None = None) -> list[FocusArea]:
    """All focus areas the participant could choose, each with its own best actions.

    Order: rated stages (weakest first), the participant's themes (most shared first),
    then the general areas.
    """
    _check(plan_input)
    lib = load_action_library() if library is None else library
    return _Builder(plan_input, lib).candidates()


def plan_input_hash(plan_input: PlanInput) -> str:
    """Stable sha256 of the canonical JSON of the input (and library digest, format)."""
    payload = {
        "format": PLAN_FORMAT_VERSION,
        "library": _library_digest(ACTIONS_FILE.resolve()),
        "input": dataclasses.asdict(plan_input),
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot hash a {type(value).__name__}")


def _check(plan_input: PlanInput) -> None:
    workshop, participant = plan_input.workshop, plan_input.participant
    if workshop.paper_size not in ("A4", "Letter"):
        raise ValueError(f"paper_size must be 'A4' or 'Letter', got {workshop.paper_size!r}")
    if not isinstance(workshop.date, dt.date):
        raise ValueError("workshop date must be a datetime.date")
    for key, rating in participant.ratings.items():
        if not is_score(rating.score):
            raise ValueError(f"rating for {key!r} must be 1..5, got {rating.score!r}")
    for name in ("confidence_before", "confidence_after"):
        value = getattr(participant, name)
        if value is not None and not is_score(value):
            raise ValueError(f"{name} must be 1..5 or None, got {value!r}")
    for action in workshop.custom_actions:
        if action.timing not in TIMING_DAYS:
            raise ValueError(f"custom action {action.id!r} has unknown timing {action.timing!r}")


def _weakest_and_strongest(
    profile: Sequence[StageResult],
) -> tuple[StageResult | None, StageResult | None]:
    rated = [(stage.score, order, stage) for order, stage in enumerate(profile) if stage.reached]
    if not rated:
        return None, None
    weakest = min(rated, key=lambda item: (item[0], item[1]))[2]
    others = [item for item in rated if item[2] is not weakest]
    strongest = min(others, key=lambda item: (-item[0], item[1]))[2] if others else None
    return weakest, strongest


class _Builder:
    """Holds the input and the merged action pool while one plan is built."""

    def __init__(self, plan_input: PlanInput, library: Sequence[Action]) -> None:
        self.input = plan_input
        self.workshop = plan_input.workshop
        self.participant = plan_input.participant
        self.room = plan_input.room
        custom = tuple(self.workshop.custom_actions)
        custom_ids = {action.id for action in custom}
        self.custom_ids = custom_ids
        self.actions = custom + tuple(a for a in library if a.id not in custom_ids)
        self.stage_order = {stage.key: i for i, stage in enumerate(self.workshop.stages)}
        self.k = max(int(self.workshop.k), MIN_K)

    # profile and room

    @cached_property
    def _profile(self) -> tuple[StageResult, ...]:
        ratings = self.participant.ratings
        return tuple(
            StageResult(
                key=stage.key,
                label=stage.label,
                score=ratings[stage.key].score if stage.key in ratings else None,
                note=ratings[stage.key].note.strip() if stage.key in ratings else "",
            )
            for stage in self.workshop.stages
        )

    def profile(self) -> tuple[StageResult, ...]:
        return self._profile

    def room_count(self, theme_id: str) -> int:
        count = self.room.theme_counts.get(theme_id, 0)
        return count if isinstance(count, int) and count >= self.k else 0

    def room_size(self) -> int:
        counts = [self.room_count(theme) for theme in self.participant.themes]
        return max([self.room.n, *counts])

    def theme_label(self, theme_id: str) -> str:
        for labels in (self.room.theme_labels, self.participant.theme_labels, THEME_LABELS):
            if labels.get(theme_id):
                return labels[theme_id]
        return theme_id.replace("_", " ").replace("-", " ").capitalize()

    def my_themes(self) -> list[str]:
        unique = list(dict.fromkeys(t for t in self.participant.themes if t))
        return sorted(unique, key=lambda t: -self.room_count(t))  # stable: input order on ties

    def shared_themes(self) -> tuple[SharedTheme, ...]:
        n = self.room_size()
        shared = [
            SharedTheme(t, self.theme_label(t), self.room_count(t), n) for t in self.my_themes() if self.room_count(t)
        ]
        return tuple(shared)

    # focus areas

    def rated_stages(self) -> list[StageResult]:
        rated = [stage for stage in self.profile() if stage.reached]
        return sorted(rated, key=lambda s: (s.score, self.stage_order[s.key]))

    def candidate_shells(self) -> list[FocusArea]:
        rated = self.rated_stages()
        shells = [
            FocusArea(
                id=f"stage:{stage.key}",
                kind="stage",
                key=stage.key,
                label=stage.label,
                reason=_stage_reason(stage, rated),
                actions=(),
            )
            for stage in rated
        ]
        for theme in self.my_themes():
            count, n = self.room_count(theme), self.room_size()
            reason = (
                f"You named this, and so did {count} of {n} people in the room."
                if count
                else "You named this as part of what happened."
            )
            shells.append(FocusArea(f"theme:{theme}", "theme", theme, self.theme_label(theme), reason, ()))
        for key, (label, reason, _ids) in GENERAL_AREAS.items():
            shells.append(FocusArea(f"general:{key}", "general", key, label, reason, ()))
        return shells

    def candidates(self) -> list[FocusArea]:
        return [
            dataclasses.replace(shell, actions=self.actions_for(shell, used=set())) for shell in self.candidate_shells()
        ]

    def default_order(self, shells: Sequence[FocusArea]) -> list[FocusArea]:
        stages = [s for s in shells if s.kind == "stage"]
        low = [s for s in stages if self.participant.ratings[s.key].score <= LOW_SCORE]
        themes = [s for s in shells if s.kind == "theme"]
        interleaved = [area for pair in _zip_longest(low, themes) for area in pair]
        rest = [s for s in shells if s not in interleaved]
        return interleaved + rest

    def chosen_areas(self) -> tuple[FocusArea, ...]:
        shells = self.candidate_shells()
        by_id = {shell.id: shell for shell in shells}
        picked = [by_id[i] for i in dict.fromkeys(self.participant.priorities) if i in by_id][:3]
        chosen = [dataclasses.replace(area, chosen_by="you") for area in picked]
        for area in self.default_order(shells):
            if len(chosen) == 3:
                break
            if area.id not in {c.id for c in chosen}:
                chosen.append(dataclasses.replace(area, chosen_by="suggested"))
        used: set[str] = set()
        result = []
        for area, limit in zip(chosen, ACTIONS_PER_AREA, strict=False):
            actions = self.actions_for(area, used, limit)
            used.update(action.id for action in actions)
            result.append(dataclasses.replace(area, actions=actions))
        return tuple(result)

    # actions

    def first_step(self) -> DatedAction | None:
        action = self._first_step_action()
        return self.dated(action) if action else None

    def _first_step_action(self) -> Action | None:
        by_id = {a.id: a for a in self.actions}
        if FIRST_STEP_ID in by_id:
            return by_id[FIRST_STEP_ID]
        return next((a for a in self.actions if a.generic and a.timing == "today"), None)

    def dated(self, action: Action) -> DatedAction:
        due = self.workshop.date + dt.timedelta(days=TIMING_DAYS[action.timing])
        return DatedAction(action.id, action.title, action.how, action.timing, due)

    def actions_for(self, area: FocusArea, used: set[str], limit: int = 3) -> tuple[DatedAction, ...]:
        first = self._first_step_action()
        excluded = used | ({first.id} if first else set())
        matching = [a for a in self._matching(area) if a.id not in excluded]
        picked = _spread_by_timing(matching, limit)
        if len(picked) < 2:
            top_up = [a for a in self._generic() if a.id not in excluded and a not in picked]
            picked += top_up[: (limit if not picked else 2) - len(picked)]
        order = {action.id: i for i, action in enumerate(picked)}
        picked.sort(key=lambda a: (TIMING_DAYS[a.timing], order[a.id]))
        return tuple(self.dated(action) for action in picked)

    def _matching(self, area: FocusArea) -> list[Action]:
        if area.kind == "general":
            by_id = {a.id: a for a in self.actions}
            return [by_id[i] for i in GENERAL_AREAS[area.key][2] if i in by_id]
        attribute = "stages" if area.kind == "stage" else "themes"
        matching = [a for a in self.actions if area.key in getattr(a, attribute)]
        return sorted(matching, key=lambda a: (a.id not in self.custom_ids, -self._relevance(a)))

    def _generic(self) -> list[Action]:
        """Generic actions for top-ups: coach-added first, then TOP_UP_ORDER, then the rest."""
        rank = {action_id: i for i, action_id in enumerate(TOP_UP_ORDER)}
        generic = [a for a in self.actions if a.generic]
        return sorted(
            generic,
            key=lambda a: (a.id not in self.custom_ids, rank.get(a.id, len(rank))),
        )

    def _relevance(self, action: Action) -> int:
        themes = set(self.participant.themes)
        low = {k for k, r in self.participant.ratings.items() if r.score <= LOW_SCORE}
        return len(themes & set(action.themes)) + len(low & set(action.stages))


def _spread_by_timing(pool: Sequence[Action], limit: int) -> list[Action]:
    """Take up to `limit` actions in pool order, preferring timings not yet taken."""
    picked: list[Action] = []
    for action in pool:
        if len(picked) < limit and action.timing not in {a.timing for a in picked}:
            picked.append(action)
    for action in pool:
        if len(picked) < limit and action not in picked:
            picked.append(action)
    return picked


def _zip_longest(first: Sequence[FocusArea], second: Sequence[FocusArea]) -> Iterable[tuple[FocusArea, ...]]:
    for i in range(max(len(first), len(second))):
        yield tuple(seq[i] for seq in (first, second) if i < len(seq))


def _stage_reason(stage: StageResult, rated: Sequence[StageResult]) -> str:
    reason = f"You rated this stage {stage.score} of 5"
    if len(rated) > 1 and stage.key == rated[0].key:
        return reason + ", your lowest score."
    if len(rated) > 1 and stage.score == rated[0].score:
        return reason + ", level with your lowest."
    if len(rated) > 1 and stage.key == rated[-1].key and stage.score > rated[0].score:
        return reason + ", your highest: worth building on."
    return reason + "."
