"""Personal action plans on the phone: the plan as a page, priorities, PDF and calendar.

Every route here answers only to the phone that owns the plan (its token cookie, which a
recovery code can move to another device). Anyone else gets a 404.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, make_response, request, url_for

from .extensions import db
from .htmx import go, not_modified_or, render, wants_fragment
from .models import Participant, Phase, Plan, Workshop, utcnow
from .phones import current_phone
from .services.plans import build_plan, jobs, plan_input_hash
from .services.plans.calendar import plan_to_ics
from .services.plans.inputs import plan_input, priorities_of
from .services.reflection import CONFIDENCE, new_submission_id

bp = Blueprint("plans", __name__, url_prefix="/w/<code>")

PLAN_PHASES = (Phase.PLAN, Phase.CLOSED)
MAX_PRIORITIES = 3


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
    plan_in = plan_input(participant)
    plan = build_plan(plan_in)
    state = jobs.request_plan(participant, plan_in, plan.input_hash)
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
    )


def in_hand(plan: Plan | None) -> bool:
    """Ready, or queued so recently that the renderer still has it: a poll need not re-send
    it (re-computing a plan's input on every 2-second poll of a full room costs seconds)."""
    return plan is not None and (
        plan.status == "ready"
        or (
            plan.status == "queued" and plan.updated_at is not None and utcnow() - plan.updated_at < jobs.RESUBMIT_AFTER
        )
    )


@bp.get("/plan/status")
def status(code: str):
    """Polled by the phone until the PDF is ready: a 304 while nothing changes."""
    workshop, participant = load_planning(code)
    plan = db.session.get(Plan, participant.id)
    if not in_hand(plan):
        jobs.request_plan(participant)  # also re-sends work lost with a restarted process
        plan = db.session.get(Plan, participant.id)
    state = plan.status if plan else "queued"

    def build():
        return render("plans/_status.html", workshop=workshop, participant=participant, state=state)

    if wants_fragment():
        return not_modified_or(f"s-{participant.id}-{state}", build)
    return go(url_for("plans.page", code=workshop.join_code))


@bp.post("/plan/priorities")
def priorities(code: str):
    workshop, participant = load_planning(code)
    if workshop.phase != Phase.PLAN:
        return render("reflect/locked.html", workshop=workshop, participant=None, status=409)
    plan = build_plan(plan_input(participant))
    offered = {area.id for area in plan.focus_candidates}
    picked = list(dict.fromkeys(request.form.getlist("focus")))[:10]
    if not picked or len(picked) > MAX_PRIORITIES or set(picked) - offered:
        flash(f"Pick between one and {MAX_PRIORITIES} of the focus areas listed.")
        return go(url_for("plans.page", code=workshop.join_code))
    participant.priorities = json.dumps(picked)
    db.session.commit()
    jobs.request_plan(participant)
    flash("Your priorities are saved; your plan is being updated.")
    return go(url_for("plans.page", code=workshop.join_code))


@bp.get("/plan.pdf")
def pdf(code: str):
    workshop, participant = load_planning(code)
    plan_in = plan_input(participant)
    input_hash = plan_input_hash(plan_in)
    body = jobs.plan_file(input_hash)
    if body is None:
        jobs.request_plan(participant, plan_in, input_hash)
        body = jobs.plan_file(input_hash)  # inline rendering has it already
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
    response = make_response(plan_to_ics(build_plan(plan_input(participant))))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(workshop, "ics")}"'
    response.headers["Cache-Control"] = "no-store"
    return response
