"""How far the room has got while it reflects: how many people took each step.

These are counts of steps taken, never what anyone wrote or answered, so they need no k;
they are for the workshop's own coach only. One statement over the participants table.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

from sqlalchemy import case, exists, func, select

from ..extensions import db
from ..models import Participant, Submission, Workshop


@dataclass(frozen=True)
class RoomSteps:
    joined: int = 0
    checked_in: int = 0
    stories: int = 0  # stories confirmed and saved
    themes: int = 0  # themes steps taken (keeping none counts)
    ratings: int = 0  # ratings saved (all "not reached" counts)

    @property
    def tag(self) -> str:
        """A short mark for the page's ETag: it changes whenever a count does."""
        return ".".join(str(n) for n in astuple(self))


def _took(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# A saved ratings step may hold no rating at all (no stage reached), so it is known by its
# submission rather than by its rows or its revision.
_RATINGS_SAVED = exists().where(Submission.participant_id == Participant.id, Submission.kind == "ratings")

STEPS = select(
    func.count(Participant.id),
    func.count(Participant.confidence_before),
    _took(Participant.story_revision > 0),
    _took(Participant.themes_revision > 0),
    _took(_RATINGS_SAVED),
)


def room_steps(workshop: Workshop) -> RoomSteps:
    """How many people joined, checked in, saved a story, took the themes step, saved ratings."""
    row = db.session.execute(STEPS.where(Participant.workshop_id == workshop.id)).one()
    return RoomSteps(*(int(n or 0) for n in row))
