"""A coach's "Test with my phone": a one-time link, tied to one workshop, that a phone opens
to prove it can reach Rebound on the room's network.

The link's secret (192 bits) is shown only in the coach's QR code; the database keeps its
digest. A link works once and for LIFETIME, and the page it opens says nothing about the
workshop, so a link seen over someone's shoulder gives nothing away.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, update

from ..extensions import db
from ..models import PhoneCheck, Workshop, digest, utcnow

LIFETIME = timedelta(minutes=10)
TOKEN_BYTES = 24
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")  # what token_urlsafe(24) gives

WAITING, REACHED, EXPIRED, NONE = "waiting", "reached", "expired", "none"


def start_check(workshop: Workshop) -> str:
    """A fresh test link's secret for this workshop. Its earlier links, and every link past
    its lifetime, are dropped."""
    now = utcnow()
    db.session.execute(
        delete(PhoneCheck).where(or_(PhoneCheck.workshop_id == workshop.id, PhoneCheck.created_at < now - LIFETIME))
    )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(PhoneCheck(id_hash=digest(token), workshop_id=workshop.id, created_at=now))
    db.session.commit()
    return token


def check_state(workshop: Workshop, token: str | None) -> str:
    """Where the coach's test stands: waiting, reached, expired, or none (no such test here)."""
    if not token or not TOKEN_SHAPE.fullmatch(token):
        return NONE
    check = db.session.get(PhoneCheck, digest(token))
    if check is None or check.workshop_id != workshop.id:
        return NONE
    if check.reached_at is not None:
        return REACHED
    return EXPIRED if utcnow() >= check.created_at + LIFETIME else WAITING


def phone_reached(token: str) -> bool:
    """A phone opened the link: True, and recorded, the first time a live link is opened;
    False for a used, expired or unknown one (one statement, so two visits cannot both win)."""
    if not TOKEN_SHAPE.fullmatch(token):
        return False
    now = utcnow()
    done = db.session.execute(
        update(PhoneCheck)
        .where(
            PhoneCheck.id_hash == digest(token),
            PhoneCheck.reached_at.is_(None),
            PhoneCheck.created_at > now - LIFETIME,
        )
        .values(reached_at=now)
    )
    db.session.commit()
    return done.rowcount == 1
