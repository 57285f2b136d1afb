"""Participants: join by code or QR, come back with a recovery code, leave with one tap.

Everything under /w/<code>/ is scoped by a path cookie that holds the participant's token
(workshop/phones.py reads and sets it).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, request, url_for
from flask_babel import gettext

from . import phones
from .extensions import limiter
from .htmx import go, not_modified_or, render, wants_fragment
from .language import page_language, phone_language
from .models import Phase
from .phone_board import phone_board
from .services import participants as people
from .services import workshops as ops
from .services.codes import CODE_LENGTH, normalise_code
from .services.plans import jobs
from .services.reflection import CONFIDENCE, new_submission_id
from .text import clean_line

bp = Blueprint("participant", __name__)


def join_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def join_address_limit() -> str:
    return current_app.config["JOIN_ADDRESS_RATE_LIMIT"]


def recover_limit() -> str:
    return current_app.config["RECOVER_RATE_LIMIT"]


def failed(response) -> bool:
    """Only failed attempts count against the join limits: a whole room shares one Wi-Fi IP."""
    return response.status_code in (404, 422)


def already_in() -> bool:
    """The request needs no limit: a phone that carries a valid token for this workshop, so
    knows its code already."""
    code = (request.view_args or {}).get("code")
    return code is not None and phones.phone_of(code) is not None


@limiter.request_filter
def phone_poll() -> bool:
    """The phone's 2-second home poll skips the limiter altogether (without a valid token it
    is a 404 that says nothing about the code): working out that its limits do not apply
    would be a fifth of what an unchanged poll costs."""
    return request.endpoint == "participant.home" and wants_fragment()


# Every way of trying a join code draws on two budgets (README: JOIN_RATE_LIMIT and
# JOIN_ADDRESS_RATE_LIMIT): one per browser, small, so one phone hammering wrong codes is
# stopped on its own; one per address, large enough for a room of typos behind one Wi-Fi,
# for scripts that throw their cookies away. The join form, the workshop page, the join
# button and the recovery page all count.
join_guard = limiter.shared_limit(
    join_limit, scope="join-code", key_func=phones.device_id, deduct_when=failed, exempt_when=already_in
)
join_address_guard = limiter.shared_limit(
    join_address_limit, scope="join-code-address", deduct_when=failed, exempt_when=already_in
)


@bp.after_request
def keep_device(response):
    return phones.keep_device(response)


# The pages carry their own poll tags, made exactly as the polls make them.
bp.add_app_template_global(phones.home_tag, "home_tag")
bp.add_app_template_global(phones.own_revisions, "own_revisions")
bp.add_app_template_global(phones.plan_status_tag, "plan_status_tag")
bp.add_app_template_global(phone_board)


@bp.route("/join", methods=["GET", "POST"])
@join_guard
@join_address_guard
def join_form():
    code = clean_line(request.values.get("code", ""))[:40]
    if request.method == "POST" or code:
        workshop = ops.workshop_with_code(code)
        if workshop is not None and workshop.is_open:
            return go(url_for("participant.home", code=workshop.join_code))
        status = 422 if request.method == "POST" else 404
        message = (
            gettext("Enter the 6-character code shown on the screen.")
            if len(normalise_code(code)) != CODE_LENGTH
            else gettext("No open workshop has that code. Check the screen and try again.")
        )
        return render("participant/join_form.html", code=code, error=message, status=status)
    return render("participant/join_form.html", code="", error=None)


@bp.get("/w/<code>/")
@join_guard
@join_address_guard
def home(code: str):
    if wants_fragment():  # the 2-second poll: "unchanged" costs one small indexed read
        tag = phones.home_etag(code, phone_language)
        if tag is None:
            abort(404)
        return not_modified_or(tag, lambda: home_page(code))
    return home_page(code)


def home_page(code: str):
    found = phones.phone_at_home(code)
    if found is None:
        return stranger_page(code)
    workshop, participant, done = found
    progress = people.progress_from(participant, *done)
    if workshop.phase == Phase.THEMES:
        jobs.ready_for_the_click()
    return render(
        "participant/home.html",
        "room",
        workshop=workshop,
        participant=participant,
        progress=progress,
        mine=progress.themes,
        submission_id=new_submission_id(),
        confidence=CONFIDENCE,
    )


def stranger_page(code: str):
    """A phone without a valid token: the join page while open, otherwise a clear 404."""
    if wants_fragment():
        abort(404)
    workshop = ops.workshop_with_code(code)
    if workshop is None:
        return not_found_code()
    if not workshop.is_open:
        return not_found_code(closed=workshop.phase == Phase.CLOSED)
    return render("participant/join.html", workshop=workshop)


@bp.get("/w/<code>/watch")
def watch(code: str):
    """For pages with a form: tell the phone when the phase moves on, never swap the form."""
    found = phones.phone_of(code)
    if found is None:
        abort(404)
    workshop = found[0]

    def build():
        return render("participant/_watch.html", workshop=workshop, seen=request.args.get("seen", "")[:10])

    return not_modified_or(f"w-{workshop.phase.value}-{page_language()}", build)


def not_found_code(closed: bool = False):
    message = (
        gettext("This workshop has closed, so it no longer takes new participants.")
        if closed
        else gettext("No open workshop has that code. Check the code on the screen.")
    )
    return render("participant/join_form.html", code="", error=message, status=404)


@bp.post("/w/<code>/join")
@join_guard
@join_address_guard
def join(code: str):
    workshop = ops.workshop_with_code(code)
    if workshop is None or not workshop.is_open:
        return not_found_code(closed=workshop is not None and workshop.phase == Phase.CLOSED)
    if phones.phone_of(workshop.join_code) is not None:  # same phone, second tap: keep who they are
        return go(url_for("participant.home", code=workshop.join_code))
    participant, token, recovery_code = people.join(workshop, language=page_language())
    response = render(
        "participant/welcome.html",
        workshop=workshop,
        participant=participant,
        recovery_code=recovery_code,
    )
    return phones.set_token(response, workshop, token)


@bp.route("/w/<code>/recover", methods=["GET", "POST"])
@join_guard
@join_address_guard
@limiter.limit(recover_limit, methods=["POST"], deduct_when=failed)
def recover(code: str):
    workshop = ops.workshop_with_code(code)
    if workshop is None:
        return not_found_code()
    error = None
    if request.method == "POST":
        typed = clean_line(request.form.get("recovery_code", ""))[:40]
        found = people.recover(workshop, typed)
        if found is not None:
            participant, token = found
            response = go(url_for("participant.home", code=workshop.join_code))
            return phones.set_token(response, workshop, token)
        error = gettext("That recovery code does not match anyone in this workshop.")
    return render("participant/recover.html", workshop=workshop, error=error, status=422 if error else 200)


@bp.route("/w/<code>/forget", methods=["GET", "POST"])
def forget(code: str):
    workshop, participant = phones.current_phone(code)
    if request.method == "GET":
        return render("participant/forget.html", workshop=workshop, participant=participant)
    people.forget(participant)
    return phones.drop_token(make_response(render("participant/forgotten.html", workshop=workshop)), workshop)
