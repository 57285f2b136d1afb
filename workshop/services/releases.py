"""The room's releases: every figure a screen or export shows comes from the workshop's
current release, and a new release takes in changes only once at least k people made them.

Each participant carries a revision counter per kind of data (CATEGORIES), moved by the
service that owns the data only when its content really changed (`record`). A release stores, per
kind, the k-anonymous figures (services.aggregates) and the {participant id: revision} it
took in, never anyone's answers. Whoever has changed a kind since ("pending": new, changed,
gone, or no longer counted) is found with one query over the workshop's participants. A
kind is taken in afresh once its pending people reach the step (k, or one in twenty-five of
a big room) and BOARD_REFRESH_SECONDS have passed since the last release; every other kind
is carried over unchanged. So two readings of any screen differ by nobody's data, or by the
data of at least k people.

A person counts once they have told their story (confirmed it and kept its themes, even
none) or saved ratings: a phone that only joined adds to no figure and to no k. Counting from
the themes step, not the story, means a person's story and the themes they keep from it enter
the same release, so a room of exactly k sees its shared themes at the reveal. Coach actions, phase moves and page reads never make a release; they
show the current one again (`show_again`), with today's names, merges and hides.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import bindparam, delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import (
    OUTCOMES,
    CustomAction,
    FollowUp,
    HiddenPhrase,
    Participant,
    ParticipantTheme,
    Phase,
    Release,
    StageRating,
    Story,
    Workshop,
    utcnow,
)
from . import aggregates
from .languages import known
from .plans import due as plans_due
from .plans import shared
from .plans.library import load_action_library
from .presentation import present
from .themes import emerging_phrases
from .workshop_themes import settings_rows, taxonomy, theme_catalogue

# The kinds of data the room's figures use; each has a `<kind>_revision` column on Participant.
CATEGORIES = ("before", "story", "themes", "ratings", "after", "follow_up")
# The themes figures count every counted person (the M in "N of M of you"), theme or not.
WHOLE_ROOM = frozenset({"themes"})
BOARD_PHASES = (Phase.THEMES, Phase.PLAN, Phase.CLOSED)
PHRASES_KEPT = 50  # emerging phrases a release keeps (the coach sees the first dozen)

Revisions = dict[str, dict[int, int]]  # kind -> {participant id: revision}


def refresh_gap() -> timedelta:
    """The shortest time between two releases (BOARD_REFRESH_SECONDS)."""
    return timedelta(seconds=current_app.config["BOARD_REFRESH_SECONDS"])


def record(participant: Participant, category: str, content: object) -> bool:
    """Give this participant's `category` the revision of its new `content`; True if it moved.

    The same content again keeps the revision. Content the current release already took in
    (a change undone) gets that revision back, so changing an answer and changing it back
    cannot stand in for another person's change. This needs to know which content those
    revisions had: a fingerprint per revision, kept in a small log in the participant's own
    row (erased with it; the releases keep ids and counters only). The log keeps revision 0
    (no data), the one the current release took in, and the one set now (a later release
    may take it in); no other can matter, since a release compares a revision only with the
    one it took in.
    """
    column = f"{category}_revision"
    now = getattr(participant, column) or 0
    log = json.loads(participant.revision_log or "{}")
    entry = log.get(category) or {"next": now + 1, "seen": {"0": _fingerprint(category, None)}}
    seen, mark = entry["seen"], _fingerprint(category, content)
    if seen.get(str(now)) == mark:
        return False
    taken = covered_by(current(participant.workshop)).get(category, {}).get(participant.id)
    revision = next((int(r) for r, m in seen.items() if m == mark), None)
    if revision is None:
        revision = max(entry["next"], now + 1)
    seen[str(revision)] = mark
    keep = {"0", str(taken), str(revision)}
    log[category] = {"next": max(entry["next"], revision + 1), "seen": {r: m for r, m in seen.items() if r in keep}}
    participant.revision_log = json.dumps(log)
    setattr(participant, column, revision)
    return revision != now


def _fingerprint(category: str, content: object) -> str:
    """A short digest of one kind of a participant's data (no answer, no theme: nothing)."""
    if not content:
        canonical = None
    elif isinstance(content, dict):
        canonical = sorted(content.items())
    else:
        canonical = content
    return hashlib.sha256(json.dumps([category, canonical]).encode()).hexdigest()[:16]


def counts(story_revision: int, themes_revision: int, ratings_revision: int) -> bool:
    """Whether a participant counts: they confirmed a story and kept its themes (the themes
    step moves the revision even when nothing is kept), or they saved ratings."""
    return bool((story_revision and themes_revision) or ratings_revision)


# ---- what changed since the current release ----------------------------------------------

_REVISIONS = [getattr(Participant, f"{c}_revision") for c in CATEGORIES]
ROOM = select(Participant.id, *_REVISIONS).where(Participant.workshop_id == bindparam("workshop_id"))
_STORY, _THEMES, _RATINGS = (CATEGORIES.index(c) for c in ("story", "themes", "ratings"))


def live_revisions(rows) -> Revisions:
    """Per kind, the revision of every counted participant who has that kind of data."""
    live: Revisions = {c: {} for c in CATEGORIES}
    for pid, *revisions in rows:
        if not counts(revisions[_STORY], revisions[_THEMES], revisions[_RATINGS]):
            continue
        for category, revision in zip(CATEGORIES, revisions, strict=True):
            if revision or category in WHOLE_ROOM:
                live[category][pid] = revision
    return live


def pending(live: Revisions, covered: Revisions) -> dict[str, int]:
    """Per kind, how many people's data differs from what the release took in."""
    result = {}
    for category in CATEGORIES:
        now, then = live.get(category, {}), covered.get(category, {})
        result[category] = sum(1 for pid in now.keys() | then.keys() if now.get(pid) != then.get(pid))
    return result


def step(workshop: Workshop, counted: int) -> int:
    """How many people must have changed a kind of data before a release takes it in: k,
    or one in twenty-five of a big room, so three hundred phones do not all redraw after
    every third tap."""
    return max(workshop.min_group_size, math.ceil(counted / 25))


def current(workshop: Workshop) -> Release | None:
    return db.session.scalar(
        select(Release).where(Release.workshop_id == workshop.id).order_by(Release.seq.desc()).limit(1)
    )


def covered_by(release: Release | None) -> Revisions:
    if release is None:
        return {}
    return {c: {int(pid): rev for pid, rev in entries.items()} for c, entries in json.loads(release.covered).items()}


def due(workshop: Workshop, release: Release | None) -> list[str]:
    """The kinds whose pending people reached the step (one query over the participants)."""
    live = live_revisions(db.session.execute(ROOM, {"workshop_id": workshop.id}))
    waiting = pending(live, covered_by(release))
    needed = step(workshop, len(live["themes"]))
    return [c for c in CATEGORIES if waiting[c] >= needed]


# ---- making a release ---------------------------------------------------------------------


def settle(workshop: Workshop) -> None:
    """After a participant's change or deletion has been committed: make a release when
    enough people changed something and the last one is old enough, else book it. Commits."""
    if workshop.phase == Phase.DRAFT:
        return
    if workshop.board_due_at is not None:
        catch_up(workshop)  # already booked: the booked time decides
        return
    release = current(workshop)
    kinds = due(workshop, release)
    if not kinds:
        return
    if workshop.board_at is None or utcnow() - workshop.board_at >= refresh_gap():
        _make(workshop, release, kinds)
    else:  # too soon after the last release: the next poll or change after this time makes it
        workshop.board_due_at = workshop.board_at + refresh_gap()
        db.session.commit()


def catch_up(workshop: Workshop) -> None:
    """Make a booked release once its time has come (no query otherwise). Commits."""
    if workshop.board_due_at is None or utcnow() < workshop.board_due_at:
        return
    release = current(workshop)
    kinds = due(workshop, release)
    if kinds:
        _make(workshop, release, kinds)
    else:  # someone left meanwhile and too few changes remain: nothing to release
        workshop.board_due_at = None
        db.session.commit()


class NotARehearsal(ValueError):
    """Only a rehearsal's sample room may skip the wait between releases."""


def release_rehearsal_now(workshop: Workshop) -> None:
    """A rehearsal's sample room arrives all at once: make the release its changes earned
    now instead of BOARD_REFRESH_SECONDS after the last one. The wait keeps real people from
    being spotted by the moment a number moves; made-up people need no such cover, and the
    k rule still holds (a kind is taken in only once k people changed it). A real workshop
    raises NotARehearsal, with nothing changed. Commits."""
    if not workshop.is_rehearsal:
        raise NotARehearsal("a real workshop's releases keep their pace")
    workshop.board_due_at = utcnow()
    catch_up(workshop)


def retire(participant: Participant) -> None:
    """As a participant's row is deleted ("delete my data"): what the current release took in
    from them moves to a key no participant can have. SQLite may hand the same id to the next
    phone that joins, and a newcomer under a departed person's id must count as the two changes
    they are (one gone, one new), never as one or none, or a release could take in fewer than k
    people's changes. Runs in the flush that deletes the row (`_retire_departed`)."""
    release = current(participant.workshop)
    covered = covered_by(release)
    if not any(participant.id in entries for entries in covered.values()):
        return
    gone = -(participant.id + _TOMBSTONES * release.seq)  # unique: a key is taken in once per release
    for entries in covered.values():
        if participant.id in entries:
            entries[gone] = entries.pop(participant.id)
    release.covered = json.dumps({c: {str(pid): rev for pid, rev in entries.items()} for c, entries in covered.items()})


_TOMBSTONES = 10**9  # more than any participant id: -(id + this * seq) names one departure


@event.listens_for(Session, "before_flush")
def _retire_departed(session: Session, flush_context, instances) -> None:
    """Every deleted participant is retired from the current release in the same flush, whatever
    code deleted the row."""
    departed = [obj for obj in session.deleted if isinstance(obj, Participant)]
    with session.no_autoflush:
        for participant in departed:
            retire(participant)


def _make(workshop: Workshop, previous: Release | None, kinds: list[str]) -> None:
    figures = json.loads(previous.figures) if previous else {}
    covered = covered_by(previous)
    for category in kinds:
        figures[category], covered[category] = TAKE[category](workshop)
    seq = (previous.seq if previous else 0) + 1
    now = utcnow()
    release = Release(
        workshop_id=workshop.id,
        seq=seq,
        created_at=now,
        figures=json.dumps(figures),
        covered=json.dumps({c: {str(pid): rev for pid, rev in entries.items()} for c, entries in covered.items()}),
    )
    try:
        db.session.add(release)
        db.session.flush()  # two processes may make the same release at once: the first one stands
        db.session.execute(delete(Release).where(Release.workshop_id == workshop.id, Release.seq < seq - 1))
        workshop.board_at, workshop.board_due_at = now, None
        _show(workshop, figures, seq, now)
        db.session.commit()
    except IntegrityError:  # whatever this one missed is still pending for the next release
        db.session.rollback()


# Each kind is read in one statement with the revisions beside the data, so what a release
# covers is exactly what it counted, even while others write.
# A row is (participant id, this kind's revision, *data).
def _counted_rows(workshop: Workshop, category: str, *data, join=None):
    who = [getattr(Participant, f"{c}_revision").label(f"counts_{c}") for c in ("story", "themes", "ratings")]
    query = select(Participant.id, *_column(category), *data, *who)
    if join is not None:
        query = query.outerjoin(*join)
    rows = db.session.execute(query.where(Participant.workshop_id == workshop.id)).all()
    return [row[:-3] for row in rows if counts(*row[-3:]) and (row[1] or category in WHOLE_ROOM)]


def _column(category: str):
    return (getattr(Participant, f"{category}_revision"),)


def _take_checkin(moment: str, workshop: Workshop):
    """The opening ("before") or closing ("after") check-in of the counted people."""
    rows = _counted_rows(workshop, moment, getattr(Participant, f"confidence_{moment}"))
    figure = aggregates.confidence_summary([row[2] for row in rows], workshop.min_group_size)
    return figure, {row[0]: row[1] for row in rows}


def _take_ratings(workshop: Workshop):
    rows = _counted_rows(
        workshop,
        "ratings",
        StageRating.stage_key,
        StageRating.score,
        join=(StageRating, StageRating.participant_id == Participant.id),
    )
    figure = aggregates.stage_figures([(row[2], row[3]) for row in rows if row[2] is not None], workshop.min_group_size)
    return figure, {row[0]: row[1] for row in rows}


def _take_themes(workshop: Workshop):
    rows = _counted_rows(
        workshop,
        "themes",
        ParticipantTheme.theme_key,
        join=(ParticipantTheme, ParticipantTheme.participant_id == Participant.id),
    )
    people = {row[0]: row[1] for row in rows}
    labels, settings, _ = theme_catalogue(workshop)
    groups = [members for members in aggregates.merge_groups(labels, settings).values() if len(members) > 1]
    memberships = [(row[0], row[2]) for row in rows if row[2] is not None]
    return aggregates.theme_figures(memberships, len(people), groups, workshop.min_group_size), people


def _take_story(workshop: Workshop):
    rows = _counted_rows(workshop, "story", Story.text, join=(Story, Story.participant_id == Participant.id))
    rows = [row for row in rows if row[2]]
    _, _, extra = theme_catalogue(workshop)
    found = emerging_phrases(
        [row[2] for row in rows], taxonomy(), workshop.min_group_size, extra=extra, limit=PHRASES_KEPT
    )
    return [{"key": p.key, "text": p.text, "count": p.count} for p in found], {row[0]: row[1] for row in rows}


def _take_follow_up(workshop: Workshop):
    """The follow-up check-in of the counted people (services.follow_ups)."""
    rows = _counted_rows(
        workshop,
        "follow_up",
        FollowUp.actions_done,
        FollowUp.confidence,
        FollowUp.outcome,
        join=(FollowUp, FollowUp.participant_id == Participant.id),
    )
    rows = [row for row in rows if row[3] is not None]
    answers = [([key for key in row[2].split(",") if key], row[3], row[4]) for row in rows]
    return aggregates.follow_up_figures(answers, workshop.min_group_size), {row[0]: row[1] for row in rows}


TAKE = {
    "before": partial(_take_checkin, "before"),
    "story": _take_story,
    "themes": _take_themes,
    "ratings": _take_ratings,
    "after": partial(_take_checkin, "after"),
    "follow_up": _take_follow_up,
}


# ---- showing the current release -----------------------------------------------------------


def show_again(workshop: Workshop) -> None:
    """Show the current release again after the coach renamed, hid, merged or promoted
    something, or changed k: no new data. Does not commit."""
    release = current(workshop)
    if release is not None:
        _show(workshop, json.loads(release.figures), release.seq, release.created_at)
    else:
        _plans_follow(workshop)


def _show(workshop: Workshop, figures: dict, seq: int, made: datetime) -> None:
    rows = settings_rows(workshop)
    labels, settings, _ = theme_catalogue(workshop, rows)
    hidden = set(db.session.scalars(select(HiddenPhrase.phrase_key).where(HiddenPhrase.workshop_id == workshop.id)))
    board = present(
        figures,
        k=workshop.min_group_size,
        labels=labels,
        settings=settings,
        stages=[(stage.key, stage.label) for stage in workshop.stages],
        hidden_phrases=hidden,
        promoted={row.phrase for row in rows if row.phrase},
        seq=seq,
        at=made.replace(tzinfo=UTC).astimezone().strftime("%H:%M"),
        action_labels=_action_labels(workshop) if figures.get("follow_up") else None,
        outcome_labels=OUTCOMES,
    )
    workshop.board_json = json.dumps(board)
    workshop.touch(room=workshop.phase in BOARD_PHASES)
    _plans_follow(workshop)


def _action_labels(workshop: Workshop) -> dict[str, str]:
    """Every action a plan of this workshop may hold, titled as its plans title it: the
    library in the workshop's language, and the coach's own actions as typed."""
    labels = {action.id: action.title for action in load_action_library(language=known(workshop.language))}
    rows = db.session.scalars(select(CustomAction).where(CustomAction.workshop_id == workshop.id))
    labels.update({action.id: action.title for action in map(shared.custom_action, rows)})
    return labels


def _plans_follow(workshop: Workshop) -> None:
    """What the plans share follows the board (before the plan phase) and the coach's names;
    plans rendered ahead are looked at again."""
    shared.refresh(workshop)
    plans_due.mark_room(workshop)


# What the report and its CSV show before the first release.
EMPTY = {
    "k": 0,
    "seq": 0,
    "at": "",
    "participants": 0,
    "themes": [],
    "stages": [],
    "confidence_before": None,
    "confidence_after": None,
    "follow_up": None,
    "emerging": [],
}


def board(workshop: Workshop) -> dict | None:
    """The current release as every screen shows it, or None before the first release."""
    return json.loads(workshop.board_json) if workshop.board_json else None
