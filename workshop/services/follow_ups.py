"""The follow-up check-in: some weeks after the workshop, a participant says how their plan went.

One row per participant (models.FollowUp), editable until the data is erased. Each form
carries a submission id, so a replayed or double-tapped form stores once. Everything is checked
before anything is written: an unknown action, a confidence off the scale or an unknown outcome
is refused with nothing stored. The coach's figures come from the room's releases
(services.releases, kind "follow_up"), never from these rows directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ..extensions import db
from ..models import OUTCOMES, FollowUp, Participant
from . import releases
from .languages import N_
from .reflection import _claim as claim_submission

CONFIDENCE_SCALE = range(1, 6)  # the check-ins' 1-5 scale


class NotOpen(Exception):
    """The follow-up is not offered today (before its date, or no date set)."""


class FollowUpRefused(ValueError):
    """The answer cannot be stored as sent; `message` says why, in English (translate it)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def today() -> date:
    """The server's calendar day (tests shift it)."""
    return date.today()


def is_open(participant: Participant, day: date | None = None) -> bool:
    return participant.workshop.follow_up_open(day or today())


def answer_of(participant: Participant) -> FollowUp | None:
    return db.session.get(FollowUp, participant.id)


def checked(plan_action_ids: Sequence[str], done: Iterable[str], confidence: str, outcome: str) -> tuple[str, int, str]:
    """The answer as stored (actions in the plan's order, confidence, outcome), or FollowUpRefused."""
    done = set(done)
    if done - set(plan_action_ids):
        raise FollowUpRefused(N_("One of the ticked actions is not in your plan. Reload the page and try again."))
    value = confidence.strip() if isinstance(confidence, str) else ""
    if not (value.isascii() and value.isdigit() and int(value) in CONFIDENCE_SCALE):
        raise FollowUpRefused(N_("Pick how confident you feel, from 1 to 5."))
    if outcome not in OUTCOMES:
        raise FollowUpRefused(N_("Pick what happened since the workshop (or “Prefer not to say”)."))
    return ",".join(key for key in plan_action_ids if key in done), int(value), outcome


def save(
    participant: Participant,
    plan_action_ids: Sequence[str],
    done: Iterable[str],
    confidence: str,
    outcome: str,
    submission_id: str,
    day: date | None = None,
) -> bool:
    """Store (or replace) this participant's follow-up. True when stored; False for a repeat of
    a submission already stored. Raises NotOpen, FollowUpRefused or reflection.ForeignSubmission,
    with nothing stored."""
    if not is_open(participant, day):
        raise NotOpen
    actions, value, outcome = checked(plan_action_ids, done, confidence, outcome)
    if not claim_submission(participant, submission_id, "follow-up"):
        return False
    answer = answer_of(participant)
    if answer is None:
        answer = FollowUp(participant_id=participant.id, workshop_id=participant.workshop_id)
        db.session.add(answer)
    answer.actions_done, answer.confidence, answer.outcome = actions, value, outcome
    # The room's follow-up figures move only once k people changed their answers.
    releases.record(participant, "follow_up", {"done": sorted(answer.done), "confidence": value, "outcome": outcome})
    db.session.commit()
    releases.settle(participant.workshop)
    return True
