"""Coach accounts: first-run setup, log in, log out, adding coaches."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, request, session, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import HTTPException

from .extensions import limiter, login_manager
from .forms import CoachForm, LoginForm
from .htmx import go, render
from .models import Coach
from .services import coaches as accounts

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = lazy_gettext("Please log in to see your workshops.")
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_coach(session_id: str) -> Coach | None:
    return accounts.session_coach(session_id)


def start_session(coach: Coach) -> None:
    """Log the coach in on this browser with a fresh server-side session row."""
    session.clear()  # no fixation: whatever the browser carried before is dropped
    accounts.open_session(coach)
    login_user(coach)


EMAIL_TAKEN = "A coach with this email already exists."


def add_coach(form: CoachForm, admin: bool) -> Coach | None:
    """Create a coach from a validated form; None (with a form error) if the email is taken."""
    coach = accounts.add_coach(form.email.data, form.name.data, form.password.data, admin)
    if coach is None:
        form.email.errors.append(EMAIL_TAKEN)
    return coach


@bp.get("/")
def root():
    """The front door: first-run setup, a coach's workshops, or the join form for phones."""
    if accounts.coach_count() == 0:
        return go(url_for("auth.setup"))
    if current_user.is_authenticated:
        return go(url_for("coach.index"))
    return go(url_for("participant.join_form"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """While no coach exists, anyone reaching the server may create the first (admin) one."""
    if accounts.coach_count() > 0:
        abort(404)
    form = CoachForm()
    del form.is_admin
    if form.validate_on_submit():
        try:
            coach = accounts.add_first_coach(form.email.data, form.name.data, form.password.data)
        except accounts.NotFirst:  # someone else finished first: ours was undone
            abort(404)
        if coach is None:
            form.email.errors.append(EMAIL_TAKEN)
        else:
            start_session(coach)
            flash(gettext("Welcome to Rebound. Your account is ready."))
            return go(url_for("coach.index"))
    return render("auth/setup.html", form=form, status=422 if form.errors else 200)


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if accounts.coach_count() == 0:
        return go(url_for("auth.setup"))
    if current_user.is_authenticated:
        return go(url_for("coach.index"))
    form = LoginForm()
    if form.validate_on_submit():
        coach = accounts.coach_by_login(form.email.data, form.password.data)
        if coach is not None:
            start_session(coach)
            return go(safe_next(request.args.get("next")) or url_for("coach.index"))
        form.password.errors.append(gettext("That email and password do not match an account."))
    return render("auth/login.html", form=form, status=422 if form.errors else 200)


# C0 and C1 control characters, DEL included. Browsers drop tabs and line breaks from a
# URL, so "/\t/evil.example" would reach them as "//evil.example".
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_next(target: str | None) -> str | None:
    """Where to go after logging in: a path to one of this app's own pages, or None.

    Anything else (another site, a scheme, a backslash, a path no route answers with a
    page) is None, so the coach lands on their workshops instead.
    """
    if not target:
        return None
    target = CONTROL.sub("", target)[:2000]
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    path = parts.path
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//") or "\\" in target:
        return None
    try:
        current_app.create_url_adapter(request).match(path, method="GET")
    except HTTPException:  # not found, not a page, or a redirect to another form of the path
        return None
    return f"{path}?{parts.query}" if parts.query else path


@bp.post("/logout")
@login_required
def logout():
    accounts.close_session(current_user.login_session_id)
    logout_user()
    session.clear()
    flash(gettext("You are logged out."))
    return go(url_for("auth.login"))


@bp.route("/coaches", methods=["GET", "POST"])
@login_required
def coaches():
    if not current_user.is_admin:
        abort(404)
    form = CoachForm()
    if form.validate_on_submit():
        coach = add_coach(form, admin=bool(form.is_admin.data))
        if coach is not None:
            flash(gettext("%(name)s can now log in as %(email)s.", name=coach.name, email=coach.email))
            return go(url_for("auth.coaches"))
    return render(
        "auth/coaches.html",
        form=form,
        coaches=accounts.everyone(),
        status=422 if form.errors else 200,
    )
