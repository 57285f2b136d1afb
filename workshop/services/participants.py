"""Joining a workshop, recognising a returning phone, and recovery codes.

A participant is never asked who they are. Their identity is a random token (256 bits) kept
in a cookie on their phone; the database stores only its SHA-256. A short recovery code,
shown once, lets them come back on another device; the database stores it only as an HMAC
under the secret key, because 40 bits would fall to an offline search of a plain hash.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Participant, ParticipantTheme, Plan, PlanFile, StageRating, Story, Workshop, digest
from . import releases
from .codes import RECOVERY_LENGTH, new_recovery_code, normalise_code
from .erasure import scrub_log
from .keyed import keyed_hash
from .languages import LANGUAGES
from .plans import due

# A word list reads best as a block.
# fmt: off
ADJECTIVES = (
    "Brave", "Calm", "Bright", "Steady", "Bold", "Kind", "Quick", "Quiet", "Clever", "Warm",
    "Gentle", "Lively", "Patient", "Curious", "Cheerful", "Hopeful", "Nimble", "Sunny",
    "Wise", "Daring", "Loyal", "Merry", "Proud", "Swift", "Keen", "Jolly", "Plucky", "Eager",
    "Mellow", "Spirited", "Tidy", "Witty", "Sturdy", "Honest", "Breezy", "Radiant",
)
ANIMALS = (
    "Otter", "Heron", "Fox", "Badger", "Panda", "Falcon", "Dolphin", "Lynx", "Koala", "Robin",
    "Tortoise", "Hare", "Owl", "Beaver", "Puffin", "Gecko", "Walrus", "Marten", "Seal",
    "Sparrow", "Bison", "Crane", "Ibex", "Lemur", "Magpie", "Moose", "Newt", "Orca", "Pelican",
    "Quokka", "Raven", "Stork", "Tapir", "Wren", "Yak", "Zebra",
)
# fmt: on

TOKEN_BYTES = 32  # 256 bits; the promise is at least 128

# What a phone's home page shows, read in one statement built once.
PROGRESS = select(
    select(func.count(Story.id)).where(Story.participant_id == bindparam("pid")).scalar_subquery(),
    select(func.count())
    .select_from(StageRating)
    .where(StageRating.participant_id == bindparam("pid"))
    .scalar_subquery(),
    select(func.aggregate_strings(ParticipantTheme.theme_key, ","))
    .where(ParticipantTheme.participant_id == bindparam("pid"))
    .scalar_subquery(),
)


def head_count(workshop: Workshop) -> int:
    """How many people are in the room (one indexed count, no rows loaded)."""
    return db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)) or 0


def new_alias() -> str:
    return f"{secrets.choice(ADJECTIVES)} {secrets.choice(ANIMALS)}"


# How a recovery code is stored now: this marker, then an HMAC with the secret key. Rows
# without a marker hold a plain SHA-256 from before; they still work, and are rewritten the
# first time their code is used.
RECOVERY_HMAC = "hmac$"


def recovery_digest(workshop_id: int, code: str) -> str:
    return RECOVERY_HMAC + keyed_hash("recovery-code", f"{workshop_id}:{normalise_code(code)}")


def plain_recovery_digest(workshop_id: int, code: str) -> str:
    """The unkeyed form older rows hold (recognised, never written)."""
    return digest(f"{workshop_id}:{normalise_code(code)}")


def join(workshop: Workshop, *, sample: bool = False, language: str | None = None) -> tuple[Participant, str, str]:
    """Create a participant; return it with its token and recovery code (shown once).
    `language` is the one their phone was shown the workshop in (their plan's language).

    `sample` makes one of a rehearsal's made-up participants (services.rehearsals); a real
    workshop refuses one with ValueError, storing nothing.
    """
    if sample and not workshop.is_rehearsal:
        raise ValueError("only a rehearsal has sample participants")
    for _ in range(50):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        code = new_recovery_code()
        participant = Participant(
            workshop_id=workshop.id,
            token_hash=digest(token),
            recovery_hash=recovery_digest(workshop.id, code),
            alias=_free_alias(workshop.id),
            sample=sample,
            language=language if language in LANGUAGES else None,
        )
        db.session.add(participant)
        workshop.touch()
        try:
            db.session.commit()
        except IntegrityError:  # two phones drew the same alias at once: draw again
            db.session.rollback()
            continue
        return participant, token, code
    raise RuntimeError("could not find a free alias")


def _free_alias(workshop_id: int) -> str:
    taken = set(db.session.scalars(select(Participant.alias).where(Participant.workshop_id == workshop_id)))
    for _ in range(30):
        alias = new_alias()
        if alias not in taken:
            return alias
    n = 2
    while f"{alias} {n}" in taken:
        n += 1
    return f"{alias} {n}"


def recover(workshop: Workshop, code: str) -> tuple[Participant, str] | None:
    """Find the participant by recovery code and issue a fresh token for this device.

    The old device's token stops working: whoever holds the code holds the identity.
    """
    if len(normalise_code(code)) != RECOVERY_LENGTH:
        return None
    keyed = recovery_digest(workshop.id, code)
    participant = db.session.scalar(
        select(Participant).where(
            Participant.workshop_id == workshop.id,
            Participant.recovery_hash.in_((keyed, plain_recovery_digest(workshop.id, code))),
        )
    )
    if participant is None:
        return None
    participant.recovery_hash = keyed  # an older, unkeyed row is upgraded on use
    token = secrets.token_urlsafe(TOKEN_BYTES)
    participant.token_hash = digest(token)
    db.session.commit()
    return participant, token


def forget(participant: Participant) -> None:
    """'Delete my data': the participant and everything they wrote, at once.

    The current release keeps its figures (they hold no one's answers); the person leaves
    them with the next release, which needs at least k people's changes like any other.
    """
    workshop = participant.workshop
    plan = db.session.get(Plan, participant.id)
    if plan is not None:
        db.session.execute(delete(PlanFile).where(PlanFile.input_hash == plan.input_hash))
    db.session.delete(participant)
    workshop.touch(room=True)
    db.session.commit()
    scrub_log()  # what they wrote must not stay behind in SQLite's write-ahead log
    releases.settle(workshop)


@dataclass(frozen=True)
class Progress:
    checkin: bool
    story: bool
    ratings: bool
    themes: frozenset[str]


def progress_of(participant: Participant) -> Progress:
    """What this participant has done so far, in one query."""
    story, ratings, themes = db.session.execute(PROGRESS, {"pid": participant.id}).one()
    return progress_from(participant, story, ratings, themes)


def progress_from(participant: Participant, story: int, ratings: int, themes: str | None) -> Progress:
    """Progress from the participant's row and the counts `PROGRESS` (or the phone's home
    statement) reads: stories, ratings, and their theme keys joined by commas."""
    return Progress(
        checkin=participant.confidence_before is not None,
        story=bool(story),
        ratings=bool(ratings),
        themes=frozenset(filter(None, (themes or "").split(","))),
    )


def choose_language(participant: Participant, code: str) -> None:
    """The language this phone switched to: its pages and its plan (a new plan, since the
    language is part of the plan's input) follow it."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    if participant.language != code:
        participant.language = code
        due.mark(participant)  # rendered ahead again, in its new language
        db.session.commit()
