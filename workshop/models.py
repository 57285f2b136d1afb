"""Database models. Writes live in workshop/services; the models own their invariants."""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, date, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .services.languages import N_


def utcnow() -> datetime:
    """Naive UTC, stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    """What the database keeps instead of a long random bearer secret (tokens, sessions).

    Short secrets a person types (recovery codes) are keyed instead: services.keyed.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class Phase(enum.StrEnum):
    DRAFT = "draft"
    LOBBY = "lobby"
    REFLECT = "reflect"
    THEMES = "themes"
    PLAN = "plan"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


# In English; pages translate them (templates: `_(workshop.phase.label)`).
PHASE_LABELS = {
    Phase.DRAFT: N_("Being prepared"),
    Phase.LOBBY: N_("Lobby"),
    Phase.REFLECT: N_("Reflect"),
    Phase.THEMES: N_("Shared themes"),
    Phase.PLAN: N_("Action plans"),
    Phase.CLOSED: N_("Closed"),
}

# Forward one step at a time; themes may step back to reflect when the room needs more time.
PHASE_MOVES: dict[Phase, tuple[Phase, ...]] = {
    Phase.DRAFT: (Phase.LOBBY,),
    Phase.LOBBY: (Phase.REFLECT,),
    Phase.REFLECT: (Phase.THEMES,),
    Phase.THEMES: (Phase.PLAN, Phase.REFLECT),
    Phase.PLAN: (Phase.CLOSED,),
    Phase.CLOSED: (),
}


class IllegalPhaseChange(ValueError):
    """Raised when a workshop is asked to move to a phase it cannot reach from here."""


class Coach(UserMixin, db.Model):
    __tablename__ = "coaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="coach", cascade="all, delete-orphan", passive_deletes=True
    )
    # What is kept of the coach's erased workshops for Insights: goes with the account.
    summaries: Mapped[list[WorkshopSummary]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    # Set by the user loader: the server-side login session this request belongs to.
    login_session_id = None  # str, not a column

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:  # Flask-Login stores this in the signed session cookie
        if self.login_session_id is None:
            raise RuntimeError("a coach is only logged in through a CoachSession")
        return self.login_session_id


class CoachSession(db.Model):
    """One row per login; logging out deletes it, so a copied cookie stops working."""

    __tablename__ = "coach_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[Coach] = relationship()


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("min_group_size >= 2", name="k_at_least_two"),  # services.aggregates.MIN_K
        CheckConstraint("retention_days BETWEEN 1 AND 365", name="retention_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    date: Mapped[date]
    # The coach's own label for workshops run as one programme ("Uni careers spring"): Insights
    # filters by it. Empty when none.
    series: Mapped[str] = mapped_column(String(60), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")
    employers: Mapped[str] = mapped_column(Text, default="")
    min_group_size: Mapped[int] = mapped_column(default=3)
    retention_days: Mapped[int] = mapped_column(default=30)
    retain_until: Mapped[date] = mapped_column(index=True)
    # When participants are asked back to say how their plan went (services.follow_ups): after
    # the workshop, no later than the erase date. Plan page, PDF and calendar show it.
    follow_up_on: Mapped[date | None]
    paper_size: Mapped[str] = mapped_column(String(6), default="A4")
    # The room's language (services.languages.LANGUAGES): the projector, the printed cards and
    # the phones' first guess speak it.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    coach_note: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[Phase] = mapped_column(
        Enum(Phase, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=Phase.DRAFT,
    )
    join_code: Mapped[str] = mapped_column(String(6), unique=True)
    # Bumped on anything the projector shows (joins, phase, board) / anything phones show.
    version: Mapped[int] = mapped_column(default=1)
    room_version: Mapped[int] = mapped_column(default=1)
    # The current release as every screen shows it, with the coach's names, merges and hides
    # applied (JSON from services.presentation; never a per-person answer), and when that
    # release was made (services.releases).
    board_json: Mapped[str] = mapped_column(Text, default="")
    board_at: Mapped[datetime | None]
    # Set when enough people changed something but the last release was too recent: the
    # next poll or contribution makes the release at this time (no counting on every poll).
    board_due_at: Mapped[datetime | None]
    # The room as the plans see it: the current release, frozen when the plan phase starts.
    plan_room_json: Mapped[str] = mapped_column(Text, default="")
    # The release (its seq) the plans use: the current one when the plan phase starts.
    plans_release: Mapped[int | None]
    # What every plan of this workshop shares (workshop info, the coach's labels, the room's
    # themes: the current release before the plan phase, the frozen one after), worked out
    # once per release or coach change (services.plans.inputs.refresh_shared), not per phone.
    plan_shared: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the coach opened the lobby (the projector offers network help if nobody joins).
    opened_at: Mapped[datetime | None]
    # Set on a rehearsal: a practice copy of this real workshop, filled with sample
    # participants (services.rehearsals). One at a time; erased with the real one.
    rehearsal_of: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), unique=True)

    coach: Mapped[Coach] = relationship(back_populates="workshops")
    stages: Mapped[list[WorkshopStage]] = relationship(
        order_by="WorkshopStage.position", cascade="all, delete-orphan", passive_deletes=True
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True
    )

    @hybrid_property
    def is_rehearsal(self) -> bool:
        """A practice copy with sample participants: shown as such everywhere, erased after a
        day, and never counted with real workshops (in SQL: `~Workshop.is_rehearsal` keeps
        real workshops only)."""
        return self.rehearsal_of is not None

    @is_rehearsal.inplace.expression
    @classmethod
    def _is_rehearsal_expression(cls):
        return cls.rehearsal_of.is_not(None)

    @property
    def is_open(self) -> bool:
        """Participants can join from the lobby until the workshop closes."""
        return self.phase in (Phase.LOBBY, Phase.REFLECT, Phase.THEMES, Phase.PLAN)

    @property
    def employer_list(self) -> list[str]:
        return [line.strip() for line in self.employers.splitlines() if line.strip()]

    def next_phases(self) -> tuple[Phase, ...]:
        return PHASE_MOVES[self.phase]

    def advance_phase(self, to: Phase | str) -> None:
        target = Phase(to) if to in Phase._value2member_map_ else None
        if target is None or target not in PHASE_MOVES[self.phase]:
            raise IllegalPhaseChange(f"A workshop in {self.phase.value!r} cannot move to {to!r}.")
        self.phase = target
        if target == Phase.LOBBY:
            self.opened_at = utcnow()
        self.touch(room=True)

    def touch(self, room: bool = False) -> None:
        """Mark a change so pollers see a new ETag."""
        self.version = (self.version or 0) + 1
        if room:
            self.room_version = (self.room_version or 0) + 1

    def set_retention(self, days: int) -> None:
        self.retention_days = days
        self.retain_until = self.date + timedelta(days=days)

    def follow_up_open(self, today: date) -> bool:
        """The follow-up check-in is offered from its date until the data is erased."""
        return self.follow_up_on is not None and self.follow_up_on <= today <= self.retain_until


class WorkshopSummary(db.Model):
    """What Insights keeps of an erased workshop: its released, k-checked figures only
    (services.summaries.safe), never a participant row, an alias, a story or a phrase."""

    __tablename__ = "workshop_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    date: Mapped[date]
    series: Mapped[str] = mapped_column(String(60), default="")
    k: Mapped[int]
    figures: Mapped[str] = mapped_column(Text)  # JSON from services.summaries.safe
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopStage(db.Model):
    __tablename__ = "workshop_stages"
    __table_args__ = (UniqueConstraint("workshop_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))


class Participant(db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("workshop_id", "alias"),
        UniqueConstraint("workshop_id", "recovery_hash"),
        CheckConstraint("confidence_before BETWEEN 1 AND 5", name="confidence_before_range"),
        CheckConstraint("confidence_after BETWEEN 1 AND 5", name="confidence_after_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    recovery_hash: Mapped[str] = mapped_column(String(64))  # services.participants.recovery_digest
    alias: Mapped[str] = mapped_column(String(40))
    confidence_before: Mapped[int | None]
    confidence_after: Mapped[int | None]
    priorities: Mapped[str] = mapped_column(Text, default="")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    # One counter per kind of data the room's figures use (services.releases.CATEGORIES),
    # bumped only when the content really changed. A release records the counters it took
    # in, so it knows who changed what since, without keeping a copy of anyone's answers.
    before_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    story_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    themes_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    ratings_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    after_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    follow_up_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # Which content each recent revision had, as short digests (services.releases.record).
    revision_log: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Themes the coach made from a phrase that this person's story contains: offered on
    # their themes step, counted only once they keep them (comma-separated keys).
    suggested: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The language this phone chose (or was first shown); its plan is written in it. None:
    # the workshop's language.
    language: Mapped[str | None] = mapped_column(String(8))
    # One of a rehearsal's sample participants (made up from workshop/data/sample_room.toml;
    # nobody holds their token). Only these plans are open to the coach.
    sample: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When this person's plan should be rendered ahead (a few seconds after their last
    # change, so someone still editing is rendered once they stop); None when nothing is due
    # (services.plans.ahead).
    plan_due_at: Mapped[datetime | None] = mapped_column(index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    story: Mapped[Story | None] = relationship(cascade="all, delete-orphan", passive_deletes=True, uselist=False)
    ratings: Mapped[list[StageRating]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    themes: Mapped[list[ParticipantTheme]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    follow_up: Mapped[FollowUp | None] = relationship(cascade="all, delete-orphan", passive_deletes=True, uselist=False)


class Story(db.Model):
    """Only the participant-confirmed, redacted text is ever stored."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(80), default="")
    ended_stage: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# What happened since the workshop, as the follow-up form offers it (one answer).
OUTCOMES = {
    "applied": N_("Applied to more roles"),
    "interview": N_("Got an interview"),
    "offer": N_("Got an offer"),
    "break": N_("Took a break"),
    "unsaid": N_("Prefer not to say"),
}


class FollowUp(db.Model):
    """A participant's answer to the follow-up check-in: one row per participant, edited in
    place. The coach's outcome figures read these rows through the release discipline only."""

    __tablename__ = "follow_ups"
    __table_args__ = (CheckConstraint("confidence BETWEEN 1 AND 5", name="confidence_range"),)

    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    # The ids of the plan's actions they did, comma-separated (DatedAction.id).
    actions_done: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(20))  # a key of OUTCOMES
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def done(self) -> set[str]:
        return {key for key in self.actions_done.split(",") if key}


class StageRating(db.Model):
    """A stage the participant reached, with how well they think they did there."""

    __tablename__ = "stage_ratings"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    stage_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")


class ParticipantTheme(db.Model):
    """A theme a participant confirmed for their own story, or said "me too" to."""

    __tablename__ = "participant_themes"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    theme_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(10), default="story")


class Release(db.Model):
    """The room's figures as of one moment: k-anonymous aggregates per kind of data, and
    which participants' data (by id and revision counter) each kind took in."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("workshop_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    figures: Mapped[str] = mapped_column(Text)  # JSON: per category, already k-filtered
    covered: Mapped[str] = mapped_column(Text)  # JSON: per category, {participant id: revision}


class Submission(db.Model):
    """Idempotency: each form carries a fresh id; a repeat of the same id changes nothing."""

    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkshopTheme(db.Model):
    """The coach's changes to a theme in one workshop: a new label, hidden, merged, or new."""

    __tablename__ = "workshop_themes"
    __table_args__ = (UniqueConstraint("workshop_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(80), default="")
    hidden: Mapped[bool] = mapped_column(default=False)
    merged_into: Mapped[str | None] = mapped_column(String(60))
    phrase: Mapped[str] = mapped_column(String(80), default="")


class HiddenPhrase(db.Model):
    __tablename__ = "hidden_phrases"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    phrase_key: Mapped[str] = mapped_column(String(80), primary_key=True)


class CustomAction(db.Model):
    """An action a coach added to the library for one workshop."""

    __tablename__ = "custom_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    how: Mapped[str] = mapped_column(Text, default="")
    stages: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(Text, default="")
    timing: Mapped[str] = mapped_column(String(20), default="this week")


class Plan(db.Model):
    """Where a participant's plan PDF stands; the bytes live in PlanFile, keyed by input hash."""

    __tablename__ = "plans"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    input_hash: Mapped[str] = mapped_column(String(64))
    # queued -> ready, or failed; a new input hash (a changed priority, say) queues it again
    # "ahead": rendering early at low priority, before the plan phase (services.plans.ahead)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    # The plan built from that input, as JSON (services.plans.stored): the plan page shows it
    # without building it again.
    plan_json: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanFile(db.Model):
    __tablename__ = "plan_files"

    input_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PhoneCheck(db.Model):
    """A coach's "Test with my phone": a one-time link that proves a phone on the room's
    network reached Rebound. Only a digest of the link's secret is kept."""

    __tablename__ = "phone_checks"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reached_at: Mapped[datetime | None]


class Chore(db.Model):
    """A job the app does by itself on a timer (erasing expired workshops). Its row is also the
    lock that lets one process, on one host, do it at a time (services.retention)."""

    __tablename__ = "chores"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    ran_at: Mapped[datetime | None]
    # Held while a process does the job; a process that died lets go when this passes.
    held_until: Mapped[datetime | None]
