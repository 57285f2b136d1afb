"""Personal action plans on the phone: the plan as a page, priorities, PDF and calendar.

Every route here answers only to the phone that owns the plan (its token cookie, which a
recovery code can move to another device). Anyone else gets a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, request, url_for
from flask_babel import format_date, gettext

from .htmx import go, not_modified_or, render, wants_fragment
from .models import OUTCOMES, Participant, Phase, Workshop
from .phones import current_phone, plan_status_tag
from .services import follow_ups
from .services.keyed import keyed_hash
from .services.plans import jobs
from .services.plans.calendar import plan_to_ics
from .services.plans.inputs import priorities_of
from .services.reflection import CONFIDENCE, ForeignSubmission, NotNow, new_submission_id

bp = Blueprint("plans", __name__, url_prefix="/w/<code>")

PLAN_PHASES = (Phase.PLAN, Phase.CLOSED)


def load_planning(code: str) -> tuple[Workshop, Participant]:
    workshop, participant = current_phone(code)
    if workshop.phase not in PLAN_PHASES:
        abort(404)
    return workshop, participant


def download_name(workshop: Workshop, extension: str) -> str:
    return f"rebound-action-plan-{workshop.date.isoformat()}.{extension}"


@bp.get("/plan")
def page(code: str):
    workshop, participant = load_planning(code)
    return plan_page(workshop, participant)


def plan_page(workshop: Workshop, participant: Participant, follow_up_error: str | None = None, status: int = 200):
    plan, state = jobs.plan_and_state(participant)
    follow_up_open = follow_ups.is_open(participant)
    answer = follow_ups.answer_of(participant) if follow_up_open else None  # one more read, only then
    return render(
        "plans/plan.html",
        workshop=workshop,
        participant=participant,
        plan=plan,
        state=state,
        chosen=[area.id for area in plan.focus_areas],
        picked=set(priorities_of(participant)),
        submission_id=new_submission_id(),
        confidence=CONFIDENCE,
        follow_up_open=follow_up_open,
        follow_up=answer,
        follow_up_error=follow_up_error,
        outcomes=OUTCOMES,
        status=status,
    )


@bp.post("/plan/follow-up")
def follow_up(code: str):
    """The follow-up check-in: offered from the workshop's follow-up date until the erase date."""
    workshop, participant = load_planning(code)
    plan = jobs.plan_for(participant)
    try:
        stored = follow_ups.save(
            participant,
            [action.id for action in plan.dated_actions],
            request.form.getlist("done"),
            request.form.get("confidence", ""),
            request.form.get("outcome", ""),
            request.form.get("submission_id", ""),
        )
    except follow_ups.NotOpen:
        message = gettext(
            "The follow-up check-in opens on %(day)s.", day=format_date(workshop.follow_up_on, "d MMMM y")
        )
        return plan_page(workshop, participant, follow_up_error=message, status=409)
    except follow_ups.FollowUpRefused as refused:
        return plan_page(workshop, participant, follow_up_error=gettext(refused.message), status=422)
    except ForeignSubmission:
        message = gettext("This form is out of date. Reload the page and try again.")
        return plan_page(workshop, participant, follow_up_error=message, status=409)
    if stored:
        # shown in the follow-up section, where the page opens after saving (#follow-up)
        flash(gettext("Thank you: your follow-up is saved. You can change it until your data is erased."), "follow-up")
    return go(url_for("plans.page", code=workshop.join_code) + "#follow-up")


@bp.get("/plan/status")
def status(code: str):
    """Polled by the phone until the PDF is ready: a 304 while nothing changes."""
    workshop, participant = load_planning(code)
    state = jobs.state_of(participant)

    def build():
        return render("plans/_status.html", workshop=workshop, participant=participant, state=state)

    if wants_fragment():
        return not_modified_or(plan_status_tag(participant.id, state), build)
    return go(url_for("plans.page", code=workshop.join_code))


@bp.post("/plan/priorities")
def priorities(code: str):
    workshop, participant = load_planning(code)
    try:
        saved = jobs.choose_priorities(participant, request.form.getlist("focus"))
    except NotNow:
        return render("reflect/locked.html", workshop=workshop, participant=None, status=409)
    if not saved:
        flash(gettext("Pick between one and %(most)s of the focus areas listed.", most=jobs.MAX_PRIORITIES))
        return go(url_for("plans.page", code=workshop.join_code))
    flash(gettext("Your priorities are saved; your plan is being updated."))
    return go(url_for("plans.page", code=workshop.join_code))


@bp.get("/plan.pdf")
def pdf(code: str):
    workshop, participant = load_planning(code)
    body = jobs.pdf_of(participant)
    if body is None:
        response = render("plans/preparing.html", workshop=workshop, participant=participant, status=202)
        response.headers["Refresh"] = "3"
        return response
    response = make_response(body)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(workshop, "pdf")}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/plan.ics")
def calendar(code: str):
    workshop, participant = load_planning(code)
    plan = jobs.plan_for(participant)
    link = url_for("plans.page", code=workshop.join_code, _external=True)
    body = plan_to_ics(plan, keyed_hash("calendar-uid", plan.input_hash), workshop.follow_up_on, link)
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(workshop, "ics")}"'
    response.headers["Cache-Control"] = "no-store"
    return response
