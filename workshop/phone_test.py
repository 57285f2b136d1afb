"""Test with my phone: a QR on the coach's workshop page that a phone on the room's network
opens, and the page then says the phone reached Rebound."""

from __future__ import annotations

from flask import Blueprint, abort, session, url_for
from flask_babel import gettext
from flask_login import login_required

from .errors import error_page
from .htmx import go, not_modified_or, render, wants_fragment
from .models import Phase, Workshop, digest
from .network import public_base_url, qr_svg
from .ownership import get_workshop
from .services import phone_checks

bp = Blueprint("phone_test", __name__)

# The coach's browser keeps the link's secret (in the signed session) to draw the QR again;
# the database has only its digest.
SESSION_KEY = "phone_test"
TEMPLATE = "phone_test/page.html"


def held_token(workshop: Workshop) -> str | None:
    held = session.get(SESSION_KEY)
    if isinstance(held, dict) and held.get("workshop") == workshop.id and isinstance(held.get("token"), str):
        return held["token"]
    return None


def panel_of(workshop: Workshop) -> dict:
    """What the panel shows: the test's state, its poll tag, and while waiting the QR."""
    token = held_token(workshop)
    state = phone_checks.check_state(workshop, token)
    panel = {
        "state": state,
        "etag": f"t{workshop.id}-{state}-{digest(token)[:12] if token else ''}",
        "minutes": int(phone_checks.LIFETIME.total_seconds() // 60),
    }
    if state == phone_checks.WAITING:
        url = public_base_url() + url_for("phone_test.phone", token=token)
        panel |= {"url": url, "qr": qr_svg(url, title=gettext("QR code to test this network with your phone"))}
    return panel


def panel_response(workshop: Workshop, panel: dict):
    return render(TEMPLATE, "phone_test", workshop=workshop, test=panel)


@bp.get("/workshops/<int:workshop_id>/phone-test")
@login_required
def status(workshop_id: int):
    """The panel as a page, or the fragment its poll asks for (304 while nothing changed)."""
    workshop = get_workshop(workshop_id)
    panel = panel_of(workshop)
    if wants_fragment():
        return not_modified_or(panel["etag"], lambda: panel_response(workshop, panel))
    return panel_response(workshop, panel)


@bp.post("/workshops/<int:workshop_id>/phone-test")
@login_required
def start(workshop_id: int):
    """A fresh one-time test link for this workshop (an earlier one stops working)."""
    workshop = get_workshop(workshop_id)
    if workshop.phase == Phase.CLOSED:
        abort(409)
    session[SESSION_KEY] = {"workshop": workshop.id, "token": phone_checks.start_check(workshop)}
    if wants_fragment():
        return panel_response(workshop, panel_of(workshop))
    return go(url_for("coach.detail", workshop_id=workshop.id) + "#phone-test")


@bp.get("/check/<token>")
def phone(token: str):
    """What the phone sees: only that it got through. Nothing about the workshop."""
    if not phone_checks.phone_reached(token):
        return error_page(
            404,
            detail=gettext(
                "There is nothing here, or it is not yours to see. A test link works once, "
                "for a few minutes: make a new one on the workshop page."
            ),
        )
    return render("phone_test/reached.html")
