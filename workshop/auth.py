"""Coach accounts: first-run setup, log in, log out, adding coaches."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from .extensions import db, limiter, login_manager
from .forms import CoachForm, LoginForm
from .htmx import go, render
from .models import Coach, CoachSession, digest

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see your workshops."
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_coach(session_id: str) -> Coach | None:
    row = db.session.scalar(  # one query for the session and its coach
        select(CoachSession).options(joinedload(CoachSession.coach)).where(CoachSession.id_hash == digest(session_id))
    )
    if row is None:
        return None
    coach = row.coach
    coach.login_session_id = session_id
    return coach


def coach_count() -> int:
    return db.session.scalar(select(func.count(Coach.id))) or 0


def start_session(coach: Coach) -> None:
    """Log the coach in on this browser with a fresh server-side session row."""
    session.clear()  # no fixation: whatever the browser carried before is dropped
    session_id = secrets.token_urlsafe(32)
    db.session.add(CoachSession(id_hash=digest(session_id), coach_id=coach.id))
    db.session.commit()
    coach.login_session_id = session_id
    login_user(coach)


def add_coach(form: CoachForm, admin: bool) -> Coach | None:
    """Create a coach from a validated form; None (with a form error) if the email is taken."""
    email = form.email.data
    if db.session.scalar(select(Coach.id).where(Coach.email == email)) is not None:
        form.email.errors.append("A coach with this email already exists.")
        return None
    coach = Coach(email=email, name=form.name.data, is_admin=admin)
    coach.set_password(form.password.data)
    db.session.add(coach)
    db.session.commit()
    return coach


@bp.get("/")
def root():
    """The front door: first-run setup, a coach's workshops, or the join form for phones."""
    if coach_count() == 0:
        return go(url_for("auth.setup"))
    if current_user.is_authenticated:
        return go(url_for("coach.index"))
    return go(url_for("participant.join_form"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """While no coach exists, anyone reaching the server may create the first (admin) one."""
    if coach_count() > 0:
        abort(404)
    form = CoachForm()
    del form.is_admin
    if form.validate_on_submit():
        coach = add_coach(form, admin=True)
        if coach is not None:
            if coach_count() > 1:  # someone else finished first: undo ours
                db.session.delete(coach)
                db.session.commit()
                abort(404)
            start_session(coach)
            flash("Welcome to Rebound. Your account is ready.")
            return go(url_for("coach.index"))
    return render("auth/setup.html", form=form, status=422 if form.errors else 200)


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    if coach_count() == 0:
        return go(url_for("auth.setup"))
    if current_user.is_authenticated:
        return go(url_for("coach.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.lower()
        coach = db.session.scalar(select(Coach).where(Coach.email == email))
        if coach is not None and coach.check_password(form.password.data):
            start_session(coach)
            return go(_safe_next(request.args.get("next")) or url_for("coach.index"))
        form.password.errors.append("That email and password do not match an account.")
    return render("auth/login.html", form=form, status=422 if form.errors else 200)


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths; never '//evil.example' or a full URL."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.post("/logout")
@login_required
def logout():
    session_id = current_user.login_session_id
    db.session.execute(delete(CoachSession).where(CoachSession.id_hash == digest(session_id)))
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are logged out.")
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
            flash(f"{coach.name} can now log in as {coach.email}.")
            return go(url_for("auth.coaches"))
    everyone = db.session.scalars(select(Coach).order_by(Coach.name)).all()
    return render(
        "auth/coaches.html",
        form=form,
        coaches=everyone,
        status=422 if form.errors else 200,
    )
