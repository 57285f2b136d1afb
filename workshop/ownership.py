"""Whose workshop this is: the signed-in coach's own, or a 404 for anyone else."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from .extensions import db
from .models import Workshop


def get_workshop(workshop_id: int) -> Workshop:
    """The signed-in coach's workshop, or 404 — also when it belongs to someone else."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.coach_id != current_user.id:
        abort(404)
    return workshop
