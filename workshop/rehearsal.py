"""Rehearsals from the coach's side: start one with sample participants from a real workshop's
page, delete it, and open a sample participant's plan (only a rehearsal has any: a real
workshop's plans stay each phone's own)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .errors import error_page
from .htmx import go, render
from .models import Phase, Workshop
from .ownership import get_workshop
from .plans import PLAN_PHASES, download_name
from .services import rehearsals
from .services.plans import jobs

bp = Blueprint("rehearsal", __name__, url_prefix="/workshops")

SIZES = {str(size): size for size in rehearsals.ROOM_SIZES}


@bp.before_request
@login_required
def require_coach() -> None:
    """Every route here is for a signed-in coach, on their own workshops."""


def get_rehearsal(workshop_id: int) -> Workshop:
    """The coach's own rehearsal, or 404 (for a real workshop too)."""
    workshop = get_workshop(workshop_id)
    if not workshop.is_rehearsal:
        abort(404)
    return workshop


def get_real(workshop_id: int) -> Workshop:
    """The coach's own real workshop, or 404 (for a rehearsal too)."""
    workshop = get_workshop(workshop_id)
    if workshop.is_rehearsal:
        abort(404)
    return workshop


@bp.post("/<int:workshop_id>/rehearsal")
def start(workshop_id: int):
    """Rehearse this workshop with 12 or 30 sample participants (replacing an earlier rehearsal)."""
    workshop = get_real(workshop_id)
    size = SIZES.get(request.form.get("size", ""))
    if size is None:
        return error_page(
            422, gettext("Choose how many sample participants"), gettext("Pick 12 or 30, then press the button again.")
        )
    if workshop.phase == Phase.CLOSED:
        return error_page(409, detail=gettext("This workshop has closed, so there is nothing left to rehearse."))
    rehearsal = rehearsals.start_rehearsal(workshop, size)
    flash(gettext("Your rehearsal is ready: %(size)s sample participants are in the room.", size=size))
    return go(url_for("coach.detail", workshop_id=rehearsal.id))


@bp.post("/try")
def try_rebound():
    """A coach without workshops tries Rebound on an example workshop and its rehearsal."""
    try:
        rehearsal = rehearsals.try_rebound(current_user)
    except rehearsals.CannotRehearse:
        return error_page(
            409, detail=gettext("Try Rebound is for your first visit; rehearse any of your workshops from its page.")
        )
    flash(gettext("This is a rehearsal of an example workshop, with 12 sample participants in the room."))
    return go(url_for("coach.detail", workshop_id=rehearsal.id))


@bp.post("/<int:workshop_id>/rehearsal/delete")
def delete(workshop_id: int):
    """Erase this workshop's rehearsal at once; the workshop itself is untouched."""
    workshop = get_real(workshop_id)
    if not rehearsals.delete_rehearsal(workshop):
        abort(404)
    flash(gettext("The rehearsal and its sample participants have been erased."))
    return go(url_for("coach.detail", workshop_id=workshop.id))


def chosen_sample(rehearsal: Workshop):
    """The sample participant `?n=` names (from 1; the first by default), or 404."""
    raw = request.args.get("n", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else 0
    participant = rehearsals.sample_participant(rehearsal, number)
    if participant is None:
        abort(404)
    return number, participant


@bp.get("/<int:workshop_id>/sample-plan")
def sample_plan(workshop_id: int):
    """A sample participant's plan as their phone shows it, with the cleaned story it came from."""
    rehearsal = get_rehearsal(workshop_id)
    number, participant = chosen_sample(rehearsal)
    ready = rehearsal.phase in PLAN_PHASES
    plan, state = jobs.plan_and_state(participant) if ready else (None, None)
    response = render(
        "coach/sample_plan.html",
        workshop=rehearsal,
        people=rehearsals.sample_participants(rehearsal),
        number=number,
        participant=participant,
        plan=plan,
        state=state,
    )
    if state not in (None, "ready"):
        response.headers["Refresh"] = "3"  # until the PDF is ready (works without JavaScript)
    return response


@bp.get("/<int:workshop_id>/sample-plan.pdf")
def sample_plan_pdf(workshop_id: int):
    """The sample participant's plan as the PDF they would download."""
    rehearsal = get_rehearsal(workshop_id)
    number, participant = chosen_sample(rehearsal)
    if rehearsal.phase not in PLAN_PHASES:
        abort(404)
    body = jobs.pdf_of(participant)
    if body is None:  # still being made: the plan's page waits for it
        return go(url_for("rehearsal.sample_plan", workshop_id=rehearsal.id, n=number))
    response = make_response(body)
    response.headers["Content-Type"] = "application/pdf"
    name = download_name(rehearsal, "pdf").replace("rebound-", "rebound-rehearsal-sample-", 1)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
