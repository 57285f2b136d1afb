"""Coach accounts and their log-in sessions.

A log-in is a server-side row (CoachSession) holding only the SHA-256 of the session id the
browser keeps, so logging out, or deleting the row, ends that log-in everywhere.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Coach, CoachSession, digest


class NotFirst(Exception):
    """Someone else finished setting up the first account a moment earlier."""


def coach_count() -> int:
    return db.session.scalar(select(func.count(Coach.id))) or 0


def everyone() -> list[Coach]:
    return list(db.session.scalars(select(Coach).order_by(Coach.name)))


def add_coach(email: str, name: str, password: str, admin: bool = False) -> Coach | None:
    """Create an account; None when a coach already has this email. The very first account
    is always an admin, so someone can add the others."""
    email = email.strip().lower()
    if db.session.scalar(select(Coach.id).where(Coach.email == email)) is not None:
        return None
    coach = Coach(email=email, name=name, is_admin=admin or coach_count() == 0)
    coach.set_password(password)
    db.session.add(coach)
    db.session.commit()
    return coach


def add_first_coach(email: str, name: str, password: str) -> Coach | None:
    """The first-run account (an admin); None when the email is taken.

    Raises NotFirst, keeping nothing, when another first account was made at the same time.
    """
    coach = add_coach(email, name, password, admin=True)
    if coach is not None and coach_count() > 1:
        db.session.delete(coach)
        db.session.commit()
        raise NotFirst
    return coach


def coach_by_login(email: str, password: str) -> Coach | None:
    """The coach with this email and password, or None."""
    coach = db.session.scalar(select(Coach).where(Coach.email == email.lower()))
    if coach is not None and coach.check_password(password):
        return coach
    return None


def open_session(coach: Coach) -> str:
    """A fresh log-in for this coach; returns the session id for the browser to keep."""
    session_id = secrets.token_urlsafe(32)
    db.session.add(CoachSession(id_hash=digest(session_id), coach_id=coach.id))
    db.session.commit()
    coach.login_session_id = session_id
    return session_id


def session_coach(session_id: str) -> Coach | None:
    """The coach logged in with this session id, in one query; None once it has ended."""
    row = db.session.scalar(
        select(CoachSession).options(joinedload(CoachSession.coach)).where(CoachSession.id_hash == digest(session_id))
    )
    if row is None:
        return None
    coach = row.coach
    coach.login_session_id = session_id
    return coach


def close_session(session_id: str) -> None:
    """Log out: the session row goes, so a copied cookie stops working."""
    db.session.execute(delete(CoachSession).where(CoachSession.id_hash == digest(session_id)))
    db.session.commit()
