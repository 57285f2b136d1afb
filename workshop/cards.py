"""Printed join cards for the tables and a poster for the door, from the coach's workshop page."""

from __future__ import annotations

from flask import Blueprint, make_response, request
from flask_babel import gettext
from flask_login import login_required

from .errors import error_page
from .models import Workshop
from .network import join_url, public_base_url
from .ownership import get_workshop
from .services import cards
from .services.languages import N_

bp = Blueprint("cards", __name__, url_prefix="/workshops")

BAD_CHOICE = N_("Choose 4 or 8 cards a page, on A4 or Letter paper.")
PER_PAGE = {str(n): n for n in cards.CARDS_PER_PAGE}


def join_details(workshop: Workshop) -> cards.JoinDetails:
    """The workshop as the printed cards need it: plain values only."""
    return cards.JoinDetails(
        title=workshop.title,
        date=workshop.date,
        code=workshop.join_code,
        join_url=join_url(workshop),
        join_page=public_base_url() + "/join",
        rehearsal=workshop.is_rehearsal,
        language=workshop.language,
    )


def paper_choice(workshop: Workshop) -> str | None:
    paper = request.args.get("paper") or workshop.paper_size
    return paper if paper in cards.PAPER_SIZES else None


def pdf_response(pdf: bytes, name: str):
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/<int:workshop_id>/cards.pdf")
@login_required
def join_cards(workshop_id: int):
    """One sheet of 4 or 8 cards to cut out, on the workshop's paper size unless asked."""
    workshop = get_workshop(workshop_id)
    per_page, paper = PER_PAGE.get(request.args.get("per_page", "8")), paper_choice(workshop)
    if per_page is None or paper is None:
        return error_page(400, detail=gettext(BAD_CHOICE))
    pdf = cards.render_cards(join_details(workshop), per_page, paper)
    return pdf_response(pdf, f"rebound-join-cards-{workshop.join_code}.pdf")


@bp.get("/<int:workshop_id>/poster.pdf")
@login_required
def poster(workshop_id: int):
    """One large sheet for the door."""
    workshop = get_workshop(workshop_id)
    paper = paper_choice(workshop)
    if paper is None:
        return error_page(400, detail=gettext(BAD_CHOICE))
    return pdf_response(cards.render_poster(join_details(workshop), paper), f"rebound-poster-{workshop.join_code}.pdf")
