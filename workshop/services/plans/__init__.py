"""Personal action plans: what goes in, how a plan is built, and the plain data that comes out.

    plan = build_plan(plan_input)   # PlanInput -> Plan, the same plan for the same input

The face holds the pure parts: `model` (PlanInput, Plan and their pieces), `builder`,
`library` (the action library), `wording` (the plan's own text) and `from_json` (the
preview command's input). Modules that touch the database or the renderer are imported by
name: `inputs` (from the database to a PlanInput), `jobs` (rendering plans and keeping
their PDFs), `pdf` and `calendar`.
"""

from .builder import build_plan, focus_candidates, plan_input_hash
from .from_json import plan_input_from_json
from .library import load_action_library
from .model import (
    DEFAULT_STAGES,
    THEME_LABELS,
    TIMING_DAYS,
    Action,
    DatedAction,
    FocusArea,
    NoteTemplate,
    ParticipantInfo,
    Plan,
    PlanInput,
    Rating,
    RoomInfo,
    SharedTheme,
    Stage,
    StageResult,
    WorkshopInfo,
)

__all__ = [
    "DEFAULT_STAGES",
    "THEME_LABELS",
    "TIMING_DAYS",
    "Action",
    "DatedAction",
    "FocusArea",
    "NoteTemplate",
    "ParticipantInfo",
    "Plan",
    "PlanInput",
    "Rating",
    "RoomInfo",
    "SharedTheme",
    "Stage",
    "StageResult",
    "WorkshopInfo",
    "build_plan",
    "focus_candidates",
    "load_action_library",
    "plan_input_from_json",
    "plan_input_hash",
]
