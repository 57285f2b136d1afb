"""Rehearsals: a practice copy of a prepared workshop, filled with a room of sample people.

`start_rehearsal` copies a real workshop (stages, employers, k, closing note, paper size, the
coach's own actions and theme settings) into a new workshop marked `rehearsal_of` it, opens
it for reflecting, and lets 12 or 30 made-up people (services.sample_room) join, check in,
write their stories, keep their themes and rate the stages through the very services real
phones use, so redaction, revisions and releases apply to them as to anyone. Their board is
then made at once (releases.release_rehearsal_now). The coach walks the phases as on the day
and may join from their own phone; as the plans begin, the sample room answers the closing
check-in. The real workshop is never written to.

A rehearsal is kept until the end of the next day, then the app's own erasing removes it
(services.retention); the coach can delete it at once. It never counts with real workshops:
`Workshop.is_rehearsal` (in SQL, `~Workshop.is_rehearsal` keeps the real ones).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Coach, CustomAction, HiddenPhrase, Participant, Phase, Workshop, WorkshopStage, WorkshopTheme
from . import participants, reflection, releases
from . import workshops as ops
from .sample_room import SamplePerson, example_workshop, sample_people, sample_room
from .workshop_themes import choosable_themes

ROOM_SIZES = (12, 30)
KEPT_DAYS = 1  # kept until the end of tomorrow, then erased like any expired workshop


class CannotRehearse(ValueError):
    """This workshop cannot be rehearsed (it is a rehearsal, or closed), or not with that many."""


def rehearsal_of(workshop: Workshop) -> Workshop | None:
    """The real workshop's current rehearsal, or None."""
    return db.session.scalar(select(Workshop).where(Workshop.rehearsal_of == workshop.id))


def start_rehearsal(workshop: Workshop, size: int) -> Workshop:
    """A fresh rehearsal of `workshop` with `size` sample people (one of ROOM_SIZES), in the
    reflect phase with its board made; an earlier rehearsal of it is erased first. Raises
    CannotRehearse, storing nothing, for a rehearsal, a closed workshop or another size."""
    if workshop.is_rehearsal or workshop.phase == Phase.CLOSED or size not in ROOM_SIZES:
        raise CannotRehearse(f"cannot rehearse this workshop with {size} people")
    earlier = rehearsal_of(workshop)
    if earlier is not None:
        ops.delete_workshop(earlier)
    rehearsal = _copy(workshop)
    try:
        db.session.commit()
    except IntegrityError:  # a second click made one a moment ago: that one stands
        db.session.rollback()
        return rehearsal_of(workshop) or start_rehearsal(workshop, size)
    try:
        _fill(rehearsal, sample_room(size))
        releases.release_rehearsal_now(rehearsal)
    except Exception:
        db.session.rollback()
        ops.delete_workshop(rehearsal)  # never a half-filled room
        raise
    return rehearsal


def try_rebound(coach: Coach) -> Workshop:
    """For a coach with no workshop yet: prepare the example workshop (theirs to edit into a
    real one, or delete) and rehearse it with twelve sample people; returns the rehearsal.
    CannotRehearse, storing nothing, once the coach has a workshop."""
    if db.session.scalar(select(Workshop.id).where(Workshop.coach_id == coach.id).limit(1)) is not None:
        raise CannotRehearse("Try Rebound is for a coach without workshops")
    example = example_workshop()
    fields = {
        "title": example.title,
        "date": date.today() + timedelta(days=7),
        "description": example.description,
        "employers": "\n".join(example.employers),
        "min_group_size": 3,
        "retention_days": 30,
        "coach_note": example.coach_note,
    }
    workshop = ops.create_workshop(coach, fields, ops.default_stage_rows())
    return start_rehearsal(workshop, ROOM_SIZES[0])


def delete_rehearsal(workshop: Workshop) -> bool:
    """Erase the real workshop's rehearsal at once; False when it has none."""
    rehearsal = rehearsal_of(workshop)
    if rehearsal is None:
        return False
    ops.delete_workshop(rehearsal)
    return True


def change_phase(rehearsal: Workshop, to: str) -> None:
    """Move a rehearsal on as any workshop (IllegalPhaseChange likewise); as the plans begin,
    the sample room answers its closing check-in, and the board takes it in at once."""
    if not rehearsal.is_rehearsal:
        raise CannotRehearse("a real workshop moves on through services.workshops")
    ops.change_phase(rehearsal, to, before_plans=_close_the_room)


def sample_participants(rehearsal: Workshop) -> list[Participant]:
    """The rehearsal's sample people in the order they joined (the coach's phone is not one)."""
    query = select(Participant).where(Participant.workshop_id == rehearsal.id, Participant.sample)
    return list(db.session.scalars(query.order_by(Participant.id)))


def sample_participant(rehearsal: Workshop, number: int) -> Participant | None:
    """The `number`th sample person (from 1) of a rehearsal; None for a real workshop."""
    if not rehearsal.is_rehearsal or number < 1:
        return None
    people = sample_participants(rehearsal)
    return people[number - 1] if number <= len(people) else None


# ---- how a rehearsal is made --------------------------------------------------------------


def _copy(workshop: Workshop) -> Workshop:
    """The rehearsal's row, open for reflecting, with the real workshop's settings (not committed)."""
    rehearsal = Workshop(
        coach_id=workshop.coach_id,
        rehearsal_of=workshop.id,
        phase=Phase.DRAFT,
        join_code=ops.free_join_code(),
        title=workshop.title,
        date=workshop.date,
        description=workshop.description,
        employers=workshop.employers,
        min_group_size=workshop.min_group_size,
        paper_size=workshop.paper_size,
        language=workshop.language,
        coach_note=workshop.coach_note,
        retention_days=KEPT_DAYS,
        retain_until=date.today() + timedelta(days=KEPT_DAYS),
    )
    rehearsal.stages = [WorkshopStage(position=s.position, key=s.key, label=s.label) for s in workshop.stages]
    db.session.add(rehearsal)
    db.session.flush()
    for action in ops.custom_actions(workshop):
        db.session.add(
            CustomAction(
                workshop_id=rehearsal.id,
                title=action.title,
                how=action.how,
                stages=action.stages,
                themes=action.themes,
                timing=action.timing,
            )
        )
    for row in db.session.scalars(select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id)):
        db.session.add(
            WorkshopTheme(
                workshop_id=rehearsal.id,
                key=row.key,
                label=row.label,
                hidden=row.hidden,
                merged_into=row.merged_into,
                phrase=row.phrase,
            )
        )
    for key in db.session.scalars(select(HiddenPhrase.phrase_key).where(HiddenPhrase.workshop_id == workshop.id)):
        db.session.add(HiddenPhrase(workshop_id=rehearsal.id, phrase_key=key))
    rehearsal.advance_phase(Phase.LOBBY)
    rehearsal.advance_phase(Phase.REFLECT)
    return rehearsal


def _fill(rehearsal: Workshop, people: tuple[SamplePerson, ...]) -> None:
    """Each sample person does what a phone does, through the same services (each commits)."""
    keys = [stage.key for stage in rehearsal.stages]
    offered = set(choosable_themes(rehearsal))
    for person in people:
        participant, _, _ = participants.join(rehearsal, sample=True)  # nobody holds the token
        reflection.save_checkin(participant, "before", person.before, reflection.new_submission_id())
        draft = reflection.StoryDraft(person.role, person.ended_stage(keys), person.story)
        review = reflection.review_story(rehearsal, draft)
        reflection.save_story(participant, review, review.fingerprint, reflection.new_submission_id())
        reflection.save_themes(participant, set(person.themes) & offered, reflection.new_submission_id())
        ratings = [reflection.Rating(key, score, note) for key, score, note in person.ratings(keys)]
        reflection.save_ratings(participant, ratings, reflection.new_submission_id())


def _close_the_room(rehearsal: Workshop) -> None:
    """As the plans begin, each sample person answers the closing check-in."""
    for participant, person in zip(sample_participants(rehearsal), sample_people(), strict=False):
        if participant.confidence_after is None:
            reflection.save_checkin(participant, "after", person.after, reflection.new_submission_id())
    releases.release_rehearsal_now(rehearsal)
