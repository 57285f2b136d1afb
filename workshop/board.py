"""The projector: join code, QR code, who is here, and (from the themes phase) the board."""

from __future__ import annotations

import segno
from flask import Blueprint, url_for
from flask_login import login_required
from markupsafe import Markup
from sqlalchemy import func, select

from .coach import get_workshop
from .extensions import db
from .htmx import not_modified_or, render, wants_fragment
from .models import Participant, Workshop
from .network import public_base_url

bp = Blueprint("board", __name__, url_prefix="/workshops")


def join_url(workshop: Workshop) -> str:
    return public_base_url() + url_for("participant.home", code=workshop.join_code)


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code (no script, no style attribute: safe under our CSP)."""
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#111", light="#fff",
                                                  svgclass="qr", omitsize=True)
    return Markup(svg)


@bp.get("/<int:workshop_id>/projector")
@login_required
def projector(workshop_id: int):
    workshop = get_workshop(workshop_id)

    def build():
        count = db.session.scalar(
            select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)
        )
        url = join_url(workshop)
        return render(
            "board/projector.html",
            "live",
            workshop=workshop,
            participant_count=count,
            join_url=url,
            qr=None if wants_fragment() else qr_svg(url),
        )

    return not_modified_or(f"p{workshop.id}-{workshop.version}", build)
