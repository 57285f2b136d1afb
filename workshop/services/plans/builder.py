"""Build a participant's personal action plan from plain data.

No Flask, no database, no clock: the same `PlanInput` always gives the same `Plan` and the
same `plan_input_hash`, so a rendered PDF can be cached by that hash. The rules the builder
follows are written beside the code that applies them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from ..aggregates import MIN_K
from ..labels import stage_label, theme_label
from ..languages import LANGUAGES, translate
from .library import language_file, library_digest, load_action_library
from .model import (
    ACTIONS_FILE,
    ACTIONS_PER_AREA,
    FIRST_STEP_ID,
    LOW_SCORE,
    PLAN_FORMAT_VERSION,
    THEME_LABELS,
    TIMING_DAYS,
    Action,
    DatedAction,
    FocusArea,
    Plan,
    PlanInput,
    SharedTheme,
    StageResult,
    is_score,
)
from .wording import GENERAL_AREAS, TOP_UP_ORDER, note_template, reflection_prompts


def build_plan(plan_input: PlanInput, library: Sequence[Action] | None = None) -> Plan:
    """Build the plan for one participant. Deterministic for the same input."""
    _check(plan_input)
    language = plan_input.language
    builder = _Builder(plan_input, load_action_library(language=language) if library is None else library)
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
        note=note_template(profile, weakest, language),
        reflection_prompts=reflection_prompts(
            areas, weakest, strongest, [(theme, builder.theme_label(theme)) for theme in builder.my_themes()], language
        ),
        confidence_before=participant.confidence_before,
        confidence_after=participant.confidence_after,
        rehearsal=bool(workshop.rehearsal),
        language=language,
        follow_up=workshop.follow_up,
    )


def focus_candidates(plan_input: PlanInput, library: Sequence[Action] | None = None) -> list[FocusArea]:
    """All focus areas the participant could choose, each with its own best actions.

    Order: rated stages (weakest first), the participant's themes (most shared first),
    then the general areas.
    """
    _check(plan_input)
    lib = load_action_library(language=plan_input.language) if library is None else library
    return _Builder(plan_input, lib).candidates()


def plan_input_hash(plan_input: PlanInput) -> str:
    """Stable sha256 of the canonical JSON of the input (and library digest, format)."""
    translated = language_file(None, plan_input.language)
    payload = {
        "format": PLAN_FORMAT_VERSION,
        "library": library_digest(ACTIONS_FILE.resolve()) + (library_digest(translated) if translated else ""),
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
    if plan_input.language not in LANGUAGES:
        raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {plan_input.language!r}")
    for action in workshop.custom_actions:
        if action.timing not in TIMING_DAYS:
            raise ValueError(f"custom action {action.id!r} has unknown timing {action.timing!r}")


def _weakest_and_strongest(
    profile: Sequence[StageResult],
) -> tuple[StageResult | None, StageResult | None]:
    """Weakest: the lowest score; strongest: the highest of the other rated stages (None when
    only one was rated). Ties go to the earlier stage."""
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
        self.language = plan_input.language

    def _(self, text: str, **values) -> str:
        return translate(self.language, text, **values)

    # profile and room

    @cached_property
    def _profile(self) -> tuple[StageResult, ...]:
        ratings = self.participant.ratings
        return tuple(
            StageResult(
                key=stage.key,
                label=stage_label(stage.key, stage.label, self.language),
                score=ratings[stage.key].score if stage.key in ratings else None,
                note=ratings[stage.key].note.strip() if stage.key in ratings else "",
            )
            for stage in self.workshop.stages
        )

    def profile(self) -> tuple[StageResult, ...]:
        return self._profile

    def room_count(self, theme_id: str) -> int:
        """The room's count for a theme, or 0 below k (never below MIN_K), even though the
        caller promises counts that are already k-filtered."""
        count = self.room.theme_counts.get(theme_id, 0)
        return count if isinstance(count, int) and count >= self.k else 0

    def room_size(self) -> int:
        counts = [self.room_count(theme) for theme in self.participant.themes]
        return max([self.room.n, *counts])

    def theme_label(self, theme_id: str) -> str:
        for labels in (self.room.theme_labels, self.participant.theme_labels, THEME_LABELS):
            if labels.get(theme_id):
                return theme_label(theme_id, labels[theme_id], self.language)
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
                reason=_stage_reason(stage, rated, self._),
                actions=(),
            )
            for stage in rated
        ]
        for theme in self.my_themes():
            count, n = self.room_count(theme), self.room_size()
            reason = (
                self._("You named this, and so did %(count)s of %(total)s people in the room.", count=count, total=n)
                if count
                else self._("You named this as part of what happened.")
            )
            shells.append(FocusArea(f"theme:{theme}", "theme", theme, self.theme_label(theme), reason, ()))
        for key, (label, reason, _ids) in GENERAL_AREAS.items():
            shells.append(FocusArea(f"general:{key}", "general", key, self._(label), self._(reason), ()))
        return shells

    def candidates(self) -> list[FocusArea]:
        return [
            dataclasses.replace(shell, actions=self.actions_for(shell, used=set())) for shell in self.candidate_shells()
        ]

    def default_order(self, shells: Sequence[FocusArea]) -> list[FocusArea]:
        """Stages rated LOW_SCORE or lower (weakest first) alternating with the participant's
        themes (most shared first), then the other rated stages, then the general areas."""
        stages = [s for s in shells if s.kind == "stage"]
        low = [s for s in stages if self.participant.ratings[s.key].score <= LOW_SCORE]
        themes = [s for s in shells if s.kind == "theme"]
        interleaved = [area for pair in _zip_longest(low, themes) for area in pair]
        rest = [s for s in shells if s not in interleaved]
        return interleaved + rest

    def chosen_areas(self) -> tuple[FocusArea, ...]:
        """Three focus areas: the participant's own priorities first (unknown ids ignored),
        topped up in the default order; ACTIONS_PER_AREA actions each, none used twice."""
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
        """The plan opens with "let-it-land" (take in the disappointment before acting), or
        else the first generic action due today."""
        by_id = {a.id: a for a in self.actions}
        if FIRST_STEP_ID in by_id:
            return by_id[FIRST_STEP_ID]
        return next((a for a in self.actions if a.generic and a.timing == "today"), None)

    def dated(self, action: Action) -> DatedAction:
        due = self.workshop.date + dt.timedelta(days=TIMING_DAYS[action.timing])
        return DatedAction(action.id, action.title, action.how, action.timing, due)

    def actions_for(self, area: FocusArea, used: set[str], limit: int = 3) -> tuple[DatedAction, ...]:
        """Up to `limit` actions (never fewer than two: generic ones top up), spread over
        different timings where possible, in order of their due dates."""
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
        """The area's actions: coach-added first, then those that also serve the participant's
        other themes and low stages, then library order (a general area lists its own)."""
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


def _stage_reason(stage: StageResult, rated: Sequence[StageResult], _) -> str:
    """Why a stage is a focus area, with `_` translating into the plan's language."""
    if len(rated) > 1 and stage.key == rated[0].key:
        return _("You rated this stage %(score)s of 5, your lowest score.", score=stage.score)
    if len(rated) > 1 and stage.score == rated[0].score:
        return _("You rated this stage %(score)s of 5, level with your lowest.", score=stage.score)
    if len(rated) > 1 and stage.key == rated[-1].key and stage.score > rated[0].score:
        return _("You rated this stage %(score)s of 5, your highest: worth building on.", score=stage.score)
    return _("You rated this stage %(score)s of 5.", score=stage.score)
