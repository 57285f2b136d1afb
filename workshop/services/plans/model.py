"""The plan builder's data: what goes in (PlanInput) and what comes out (Plan).

Frozen dataclasses with plain values only, so a plan can be hashed, cached, pickled to a
render process and fed to templates without any database object in sight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from .. import DATA_DIR, stages
from ..languages import translate
from ..themes import load_taxonomy

Timing = Literal["today", "this week", "within 2 weeks", "within a month"]
PaperSize = Literal["A4", "Letter"]
FocusKind = Literal["stage", "theme", "general"]

PLAN_FORMAT_VERSION = 1
ACTIONS_FILE = DATA_DIR / "actions.toml"

# When an action is due, in days after the workshop ("today" is the next day: people often
# leave a workshop in the evening). The coach's form offers these timings in this order.
TIMING_DAYS: dict[str, int] = dict(zip(get_args(Timing), (1, 7, 14, 30), strict=True))
LOW_SCORE = 3  # a stage rated this or lower is a default focus candidate
ACTIONS_PER_AREA = (3, 3, 2)  # most for the first two areas; keeps the plan to ~3 pages
FIRST_STEP_ID = "let-it-land"


# --- Input -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """A hiring stage of the workshop: `key` (e.g. "screen" or "custom-1") and label."""

    key: str
    label: str


@dataclass(frozen=True)
class Action:
    """A coaching action, from actions.toml or added by the coach for one workshop."""

    id: str
    title: str
    how: str
    stages: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    timing: Timing = "this week"

    @property
    def generic(self) -> bool:
        return not self.stages and not self.themes


@dataclass(frozen=True)
class Rating:
    """How the participant rated one stage they reached: score 1..5, optional note."""

    score: int
    note: str = ""


DEFAULT_STAGES: tuple[Stage, ...] = tuple(Stage(key, label) for key, label in stages.DEFAULT_STAGES)
STANDARD_STAGE_LABELS = {stage.key: stage.label for stage in DEFAULT_STAGES}

# The labels of the curated themes, straight from workshop/data/themes.toml (the room's and
# the coach's labels, passed in with the input, come first).
THEME_LABELS: dict[str, str] = {theme.id: theme.label for theme in load_taxonomy().themes}


@dataclass(frozen=True)
class WorkshopInfo:
    """The workshop as the plan needs it. `k` is the room's minimum group size; `rehearsal`
    marks a practice copy with sample participants (every page of its plans says so)."""

    title: str
    date: dt.date
    stages: Sequence[Stage] = DEFAULT_STAGES
    coach_name: str = ""
    coach_note: str = ""
    paper_size: PaperSize = "A4"
    custom_actions: Sequence[Action] = ()
    k: int = 3
    rehearsal: bool = False
    # The follow-up check-in's day (the plan page, PDF and calendar show it); None: none set.
    follow_up: dt.date | None = None


@dataclass(frozen=True)
class ParticipantInfo:
    """One participant. `alias` is the only identity that appears in the plan.

    `ratings` maps stage keys the participant reached to a `Rating`. `themes` lists the
    theme ids they confirmed; custom ids take their label from `theme_labels` (or from the
    room's labels). `priorities` lists chosen focus-area ids such as "stage:screen" or
    "theme:no_feedback"; empty means the builder chooses.
    """

    alias: str
    role: str = ""
    ratings: Mapping[str, Rating] = field(default_factory=dict)
    themes: Sequence[str] = ()
    theme_labels: Mapping[str, str] = field(default_factory=dict)
    priorities: Sequence[str] = ()
    confidence_before: int | None = None
    confidence_after: int | None = None


@dataclass(frozen=True)
class RoomInfo:
    """What the room shares: `n` participants, k-filtered `theme_counts`, label overrides."""

    n: int = 0
    theme_counts: Mapping[str, int] = field(default_factory=dict)
    theme_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanInput:
    """Everything `build_plan` needs: plain data, no ORM objects."""

    workshop: WorkshopInfo
    participant: ParticipantInfo
    room: RoomInfo = RoomInfo()
    language: str = "en"  # the plan's language (services.languages.LANGUAGES)


# --- Output ------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult:
    key: str
    label: str
    score: int | None
    note: str = ""

    @property
    def reached(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class DatedAction:
    id: str
    title: str
    how: str
    timing: Timing
    due: dt.date


@dataclass(frozen=True)
class FocusArea:
    """A focus area: `id` is "stage:<key>", "theme:<id>" or "general:<id>"."""

    id: str
    kind: FocusKind
    key: str
    label: str
    reason: str
    actions: tuple[DatedAction, ...]
    chosen_by: Literal["you", "suggested", ""] = ""


@dataclass(frozen=True)
class SharedTheme:
    id: str
    label: str
    count: int
    n: int

    @property
    def count_text(self) -> str:
        return f"{self.count} of {self.n}"


@dataclass(frozen=True)
class NoteTemplate:
    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str
    subject_label: str = "Subject:"

    @property
    def text(self) -> str:
        body = "\n\n".join(self.paragraphs)
        return f"{self.subject_label} {self.subject}\n\n{self.greeting}\n\n{body}\n\n{self.closing}\n{self.signature}"


@dataclass(frozen=True)
class Plan:
    input_hash: str
    workshop_title: str
    workshop_date: dt.date
    coach_name: str
    coach_note: str
    paper_size: PaperSize
    alias: str
    role: str
    stage_profile: tuple[StageResult, ...]
    strongest: StageResult | None
    weakest: StageResult | None
    first_step: DatedAction | None
    focus_areas: tuple[FocusArea, ...]
    focus_candidates: tuple[FocusArea, ...]
    shared_themes: tuple[SharedTheme, ...]
    room_size: int
    note: NoteTemplate
    reflection_prompts: tuple[str, ...]
    confidence_before: int | None
    confidence_after: int | None
    rehearsal: bool = False
    language: str = "en"
    follow_up: dt.date | None = None

    @property
    def title(self) -> str:
        return translate(self.language, "Action plan for %(alias)s", alias=self.alias)

    @property
    def dated_actions(self) -> tuple[DatedAction, ...]:
        """Every dated action in the plan: the first step, then each focus area's."""
        first = (self.first_step,) if self.first_step else ()
        return first + tuple(a for area in self.focus_areas for a in area.actions)

    @property
    def reached_stages(self) -> tuple[StageResult, ...]:
        return tuple(stage for stage in self.stage_profile if stage.reached)


def is_score(value: object) -> bool:
    """A stage score: a whole number from 1 to 5 (and not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
