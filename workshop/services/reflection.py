"""What a participant writes: check-ins, the story, stage ratings, their themes, "me too".

Only redacted text is stored: a story is saved from the review the participant confirmed
(`review_story`), and rating notes are redacted here. Every write is idempotent. Each form
carries a fresh submission id; the first time an id is seen its changes are stored together
with it in one transaction, and a repeat (double tap, retry after a dropped connection)
changes nothing and reports the stored result.

A save tells the room's releases what really changed (`releases.record`): the same answers
saved again, or only a rating's note, is not a change, so it cannot help a release along.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    Participant,
    ParticipantTheme,
    Phase,
    StageRating,
    Story,
    Submission,
    Workshop,
    utcnow,
)
from . import releases
from .languages import N_
from .plans import due
from .redaction import UNDOABLE_KINDS, RedactionResult, might_be_names, redact

SUBMISSION_ID = re.compile(r"^[0-9a-f]{32}$")
# The check-in scale, as the phone shows it.
CONFIDENCE = {1: N_("Not at all"), 2: N_("A little"), 3: N_("Somewhat"), 4: N_("Quite"), 5: N_("Very")}


def new_submission_id() -> str:
    """A fresh id for a form; the same id sent twice is one submission."""
    return uuid.uuid4().hex


EDITABLE_PHASES = (Phase.REFLECT, Phase.THEMES)
CHECKIN_PHASES = {
    "before": (Phase.LOBBY, Phase.REFLECT, Phase.THEMES),
    "after": (Phase.PLAN,),
}


class NotNow(Exception):
    """The workshop's phase does not allow this change."""


class ForeignSubmission(Exception):
    """The submission id belongs to someone else (or is malformed)."""


class ReviewChanged(Exception):
    """The cleaned story is no longer what the participant confirmed."""


@dataclass(frozen=True)
class Rating:
    stage_key: str
    score: int
    note: str


def _claim(participant: Participant, submission_id: str, kind: str) -> bool:
    """True when this submission is new; False when it was already stored."""
    if not SUBMISSION_ID.match(submission_id or ""):
        raise ForeignSubmission
    seen = db.session.get(Submission, submission_id)
    if seen is None:
        db.session.add(Submission(id=submission_id, participant_id=participant.id, kind=kind))
        try:
            db.session.flush()  # a double tap's twin may be storing the same id right now
            return True
        except IntegrityError:
            db.session.rollback()
            seen = db.session.get(Submission, submission_id)
            if seen is None:
                raise
    if seen.participant_id != participant.id:
        raise ForeignSubmission
    return False


def _commit_once(participant: Participant) -> bool:
    """Commit, then let the room's releases see the change; a concurrent twin of the same
    submission loses quietly."""
    workshop = participant.workshop
    due.mark(participant)  # their plan, rendered ahead a few seconds after they stop
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    releases.settle(workshop)
    return True


def save_checkin(participant: Participant, moment: str, value: int, submission_id: str) -> bool:
    if participant.workshop.phase not in CHECKIN_PHASES[moment]:
        raise NotNow
    if not _claim(participant, submission_id, f"checkin-{moment}"):
        return False
    if getattr(participant, f"confidence_{moment}") != value:
        setattr(participant, f"confidence_{moment}", value)
        releases.record(participant, moment, value)
    return _commit_once(participant)


@dataclass(frozen=True)
class StoryDraft:
    """A story as typed: the role, the stage it ended at, the text, the words the participant
    wants shown after all (`keep`) and the phrases they want hidden as well (`extra`)."""

    role: str
    ended_stage: str
    text: str
    keep: Sequence[str] = ()
    extra: Sequence[str] = ()


@dataclass(frozen=True)
class StoryReview:
    """A story as the participant sees it before saving: redacted, with the words they may
    show again and a fingerprint of exactly the text shown."""

    story: RedactionResult
    role: RedactionResult
    ended_stage: str
    keep: tuple[str, ...]  # the participant's `keep`, without the coach's employers
    undoable: tuple[str, ...]  # names and employers the server guessed, which they may show
    fingerprint: str
    hints: tuple[str, ...] = ()  # visible words that might be names: offered to hide, never hidden unasked


def coach_listed(word: str, employers: Sequence[str]) -> bool:
    """The coach's employer list always stays hidden; only the server's guesses can be undone."""
    folded = word.casefold()
    return any(e.casefold() in folded or folded in e.casefold() for e in employers)


def review_story(workshop: Workshop, draft: StoryDraft) -> StoryReview:
    """Redact a typed story for the participant to check (nothing is stored)."""
    employers = workshop.employer_list
    keep = tuple(word for word in draft.keep if not coach_listed(word, employers))
    story = redact(draft.text, employers, keep=keep, extra=draft.extra)
    role = redact(draft.role, employers, keep=keep, extra=draft.extra)
    guesses = {s.text for s in (*role.spans, *story.spans) if s.kind in UNDOABLE_KINDS}
    undoable = sorted({w for w in guesses | set(keep) if not coach_listed(w, employers)}, key=str.casefold)
    fingerprint = hashlib.sha256(f"{role.redacted}\n{story.redacted}".encode()).hexdigest()
    chosen = {word.casefold() for word in (*draft.extra, *keep)}
    hints = [w for w in dict.fromkeys([*might_be_names(role), *might_be_names(story)]) if w.casefold() not in chosen]
    return StoryReview(story, role, draft.ended_stage, keep, tuple(undoable), fingerprint, tuple(hints))


def save_story(participant: Participant, review: StoryReview, confirmed: str, submission_id: str) -> bool:
    """Store the reviewed story's redacted text (replacing an earlier version), the raw text
    never. `confirmed` is the fingerprint of what the participant saw; ReviewChanged when
    the review no longer matches it."""
    if confirmed != review.fingerprint:
        raise ReviewChanged
    if participant.workshop.phase not in EDITABLE_PHASES:
        raise NotNow
    if not _claim(participant, submission_id, "story"):
        return False
    story = participant.story
    if story is None:
        story = Story(participant_id=participant.id, workshop_id=participant.workshop_id, text="")
        db.session.add(story)
    if story.text != review.story.redacted:  # the room's phrases come from the text alone
        releases.record(participant, "story", review.story.redacted)
    story.role, story.ended_stage, story.text = review.role.redacted, review.ended_stage, review.story.redacted
    story.updated_at = utcnow()
    return _commit_once(participant)


def save_ratings(participant: Participant, ratings: list[Rating], submission_id: str) -> bool:
    """Replace all of the participant's stage ratings with `ratings` at once; their notes are
    stored redacted."""
    if participant.workshop.phase not in EDITABLE_PHASES:
        raise NotNow
    if not _claim(participant, submission_id, "ratings"):
        return False
    employers = participant.workshop.employer_list
    before = {row.stage_key: row.score for row in participant.ratings}
    scores = {rating.stage_key: rating.score for rating in ratings}
    if before != scores:  # notes are never shown to the room
        releases.record(participant, "ratings", scores)
    participant.ratings.clear()
    db.session.flush()  # old rows go before new rows with the same keys arrive
    for rating in ratings:
        participant.ratings.append(
            StageRating(
                participant_id=participant.id,
                workshop_id=participant.workshop_id,
                stage_key=rating.stage_key,
                score=rating.score,
                note=redact(rating.note, employers).redacted if rating.note else "",
            )
        )
    return _commit_once(participant)


def save_themes(participant: Participant, keys: set[str], submission_id: str) -> bool:
    """Replace the participant's confirmed themes ("me too"s included) with `keys`."""
    if participant.workshop.phase not in EDITABLE_PHASES:
        raise NotNow
    if not _claim(participant, submission_id, "themes"):
        return False
    current = {row.theme_key: row for row in participant.themes}
    releases.record(participant, "themes", kept(keys))  # moves once even for none: they count now
    for key, row in current.items():
        if key not in keys:
            participant.themes.remove(row)
    for key in sorted(keys - set(current)):
        participant.themes.append(ParticipantTheme(theme_key=key, workshop_id=participant.workshop_id, source="story"))
    participant.suggested = ""  # they have seen the coach's suggestions and chosen
    return _commit_once(participant)


def kept(keys: set[str]) -> dict[str, list[str]]:
    """What a participant's themes step recorded: the keys kept, and that it was kept at all
    (so keeping none is a step taken, and a person who kept none still counts)."""
    return {"kept": sorted(keys)}


def my_theme_keys(participant: Participant) -> set[str]:
    return {row.theme_key for row in participant.themes}


def suggested_by_coach(participant: Participant) -> set[str]:
    """Themes the coach made from a phrase in this participant's story, not yet kept or left."""
    return set(filter(None, (participant.suggested or "").split(",")))


def me_too(participant: Participant, key: str) -> bool:
    """Count this participant in a theme the board shows. False if they already were."""
    if key in my_theme_keys(participant):
        return False
    releases.record(participant, "themes", kept(my_theme_keys(participant) | {key}))
    participant.themes.append(ParticipantTheme(theme_key=key, workshop_id=participant.workshop_id, source="me_too"))
    return _commit_once(participant)


def ratings_saved(participant: Participant) -> bool:
    """Whether this participant has saved their ratings step (even with no stage reached)."""
    return bool(
        db.session.scalar(
            select(Submission.id)
            .where(Submission.participant_id == participant.id, Submission.kind == "ratings")
            .limit(1)
        )
    )


def reached_from_story(stage_keys: Sequence[str], ended_stage: str) -> dict[str, str]:
    """The ratings step's starting answers from "Where did it end?": every stage up to and
    including the one named was reached ("yes"), the ones after it not ("no"). Nothing when
    no stage (or one no longer in the workshop) was named."""
    if ended_stage not in stage_keys:
        return {}
    end = list(stage_keys).index(ended_stage)
    return {key: "yes" if i <= end else "no" for i, key in enumerate(stage_keys)}
