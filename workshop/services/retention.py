"""Retention: every workshop has a date after which everything in it is erased.

The app erases expired workshops by itself (workshop/chores.py calls `erase_expired_when_due`
at start and on a timer in every process); a row in `chores` makes sure only one process, on
any host, does it at a time and at most once per interval. The `purge-expired` command does
the same on demand, for operators who prefer cron.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Chore, PlanFile, Workshop
from . import summaries
from .erasure import reclaim_space, scrub_log

ERASE_EXPIRED = "erase-expired"
# How long a process may hold the job before another may take it (it died, say).
HOLD = timedelta(minutes=15)


def expired_workshops(today: date) -> list[Workshop]:
    return list(db.session.scalars(select(Workshop).where(Workshop.retain_until < today)))


def purge_expired(today: date) -> int:
    """Erase every workshop whose retention date has passed; returns how many.

    Each real workshop's released figures are first kept as its summary for Insights
    (services.summaries), in the same transaction. The database cascades to participants,
    stories, ratings, themes and plans; cached PDFs are removed explicitly. On SQLite the
    freed pages are then overwritten and returned to the file system, so erased stories do
    not linger inside the database file.
    """
    expired = expired_workshops(today)
    ids = [w.id for w in expired]
    if ids:
        for workshop in expired:
            summaries.keep(workshop)
        db.session.execute(delete(PlanFile).where(PlanFile.workshop_id.in_(ids)))
        db.session.execute(delete(Workshop).where(Workshop.id.in_(ids)))
        db.session.commit()
        reclaim_space()
    return len(ids)


def erase_expired_when_due(now: datetime, every: timedelta) -> int | None:
    """The app's timer: erase expired workshops unless some process did so less than `every`
    ago or is doing it now. Returns how many were erased, or None when it was not this
    process's turn. `now` is aware; the retention date is a day on the server's calendar."""
    return _as_chore(ERASE_EXPIRED, now, every, lambda: _erase(now.astimezone().date()))


def erase_expired_now(today: date) -> int | None:
    """The purge-expired command: erase what expired before `today`, unless another process
    is erasing right now (None)."""
    return _as_chore(ERASE_EXPIRED, datetime.now(UTC), timedelta(0), lambda: _erase(today))


def _erase(today: date) -> int:
    erased = purge_expired(today)
    if not erased:
        scrub_log()  # an earlier delete whose log a busy reader kept from being truncated
    return erased


def _as_chore(name: str, now: datetime, every: timedelta, job) -> int | None:
    moment = now.astimezone(UTC).replace(tzinfo=None)  # stored like every other time: naive UTC
    if not _take(name, moment, every):
        return None
    done = False
    try:
        result = job()
        done = True
        return result
    finally:
        db.session.rollback()
        values = {"held_until": None} | ({"ran_at": moment} if done else {})  # a failure is tried again soon
        db.session.execute(update(Chore).where(Chore.name == name).values(**values))
        db.session.commit()


def _take(name: str, moment: datetime, every: timedelta) -> bool:
    """Take the job if it is due and free, in one statement (the database's lock on the row
    decides between processes); True when this process has it now."""
    taken = db.session.execute(
        update(Chore)
        .where(
            Chore.name == name,
            or_(Chore.held_until.is_(None), Chore.held_until < moment),
            or_(Chore.ran_at.is_(None), Chore.ran_at <= moment - every),
        )
        .values(held_until=moment + HOLD)
    ).rowcount
    db.session.commit()
    if taken:
        return True
    if db.session.scalar(select(Chore.name).where(Chore.name == name)) is not None:
        return False  # done recently, or someone is doing it
    try:  # the very first time: whoever creates the row has the job
        db.session.execute(insert(Chore).values(name=name, ran_at=None, held_until=moment + HOLD))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
