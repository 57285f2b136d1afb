"""Retention: every workshop has a date after which everything in it is erased."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from ..extensions import db
from ..models import PlanFile, Workshop
from .erasure import reclaim_space


def expired_workshops(today: date) -> list[Workshop]:
    return list(db.session.scalars(select(Workshop).where(Workshop.retain_until < today)))


def purge_expired(today: date) -> int:
    """Erase every workshop whose retention date has passed; returns how many.

    The database cascades to participants, stories, ratings, themes and plans; cached PDFs
    are removed explicitly. On SQLite the freed pages are then overwritten and returned to
    the file system, so erased stories do not linger inside the database file.
    """
    ids = [w.id for w in expired_workshops(today)]
    if ids:
        db.session.execute(delete(PlanFile).where(PlanFile.workshop_id.in_(ids)))
        db.session.execute(delete(Workshop).where(Workshop.id.in_(ids)))
        db.session.commit()
        reclaim_space()
    return len(ids)
