"""The board: the projector view, "me too" on phones, and the coach's theme moderation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, request, session, url_for
from flask_babel import gettext
from flask_login import login_required
from sqlalchemy import bindparam, select

from .extensions import db
from .htmx import go, not_modified_or, render, wants_fragment
from .models import CoachSession, Workshop, digest, utcnow
from .network import join_url, qr_svg
from .ownership import get_workshop
from .phones import current_phone
from .services import moderation, reflection, releases, workshop_themes
from .services.participants import head_count
from .services.workshops import lobby_waiting
from .text import clean_line

bp = Blueprint("board", __name__)

LABEL_LIMIT = 60


# The projector's poll asks only "has anything changed?": one query joins the coach's login
# session to their workshop (the full view below checks the same again). The workshop it
# loads stays in the session, so a changed board still costs no more than three queries.
PROJECTOR_TAG = (
    select(Workshop)
    .join(CoachSession, CoachSession.coach_id == Workshop.coach_id)
    .where(Workshop.id == bindparam("workshop_id"), CoachSession.id_hash == bindparam("session_hash"))
)


def projector_tag(workshop: Workshop) -> str:
    """The projector's ETag: its version, and whether the lobby has waited long enough for
    the network hint (time passing changes what is shown without a new version)."""
    waited = lobby_waiting(workshop, utcnow(), current_app.config["LOBBY_HINT_MINUTES"])
    return f"p{workshop.id}-{workshop.version}{'-w' if waited else ''}"


def unchanged_projector(workshop_id: int):
    """A 304 for the owner's poll when nothing changed and no reveal is due; else None."""
    seen = request.headers.get("If-None-Match", "")
    session_id = session.get("_user_id")
    if not (seen and wants_fragment() and isinstance(session_id, str)):
        return None
    workshop = db.session.scalar(PROJECTOR_TAG, {"workshop_id": workshop_id, "session_hash": digest(session_id)})
    g.polled_workshop = workshop  # held, so the full view finds it in the session's identity map
    if workshop is None or (workshop.board_due_at is not None and utcnow() >= workshop.board_due_at):
        return None
    tag = projector_tag(workshop)
    return not_modified_or(tag, lambda: None) if f'"{tag}"' in seen else None


@bp.get("/workshops/<int:workshop_id>/projector")
def projector(workshop_id: int):
    return unchanged_projector(workshop_id) or projector_view(workshop_id)


@login_required
def projector_view(workshop_id: int):
    workshop = get_workshop(workshop_id)
    if f'"{projector_tag(workshop)}"' in request.headers.get("If-None-Match", ""):
        releases.catch_up(workshop)  # nothing new to show yet: make the release booked for now
    tag = projector_tag(workshop)  # after catching up, which may have moved the version on

    def build():
        count = head_count(workshop)
        url = join_url(workshop)
        return render(
            "board/projector.html",
            "live",
            workshop=workshop,
            participant_count=count,
            etag=tag,
            network_hint=count == 0 and tag.endswith("-w"),
            snap=releases.board(workshop),
            join_url=url,
            qr=None if wants_fragment() else qr_svg(url),
        )

    return not_modified_or(tag, build)


# ---- phones: "me too" -------------------------------------------------------------------


@bp.post("/w/<code>/metoo")
def me_too(code: str):
    workshop, participant = current_phone(code)
    shown = {theme["key"] for theme in (releases.board(workshop) or {}).get("themes", [])}
    key = request.form.get("theme", "")
    if workshop.phase not in releases.BOARD_PHASES or key not in shown:
        return render(
            "errors/error.html",
            "error",
            status=422,
            code=422,
            title=gettext("That theme is not on the board"),
            detail=gettext("The board may have changed. It refreshes by itself in a moment."),
        )
    reflection.me_too(participant, key)
    if not wants_fragment():
        flash(gettext("Counted. You are not alone in this."))
        return go(url_for("participant.home", code=workshop.join_code))
    return render(
        "board/_phone_board.html",
        workshop=workshop,
        snap=releases.board(workshop),
        mine=reflection.my_theme_keys(participant),
    )


# ---- the coach's moderation -------------------------------------------------------------


@bp.route("/workshops/<int:workshop_id>/themes", methods=["GET", "POST"])
@login_required
def moderate(workshop_id: int):
    workshop = get_workshop(workshop_id)
    if request.method == "POST":
        message = apply_moderation(workshop)
        if message:
            flash(message)
        return go(url_for("board.moderate", workshop_id=workshop.id))
    releases.catch_up(workshop)
    labels, settings, _ = workshop_themes.theme_catalogue(workshop)
    return render(
        "board/moderate.html",
        workshop=workshop,
        snap=releases.board(workshop),
        labels=labels,
        settings=settings,
        emerging=moderation.emerging(workshop),
    )


def apply_moderation(workshop: Workshop) -> str | None:
    op = request.form.get("op", "")
    key = request.form.get("key", "")
    labels, _, _ = workshop_themes.theme_catalogue(workshop)
    if op == "promote":
        phrase = clean_line(request.form.get("phrase", ""))[:LABEL_LIMIT]
        if phrase not in {p["text"] for p in moderation.emerging(workshop, limit=50)}:
            abort(422)
        moderation.promote_phrase(workshop, phrase)
        return gettext(
            "“%(phrase)s” is now a theme. It is suggested to the people whose story mentions it and counts once they keep it.",
            phrase=phrase,
        )
    if op == "hide-phrase":
        moderation.hide_phrase(workshop, clean_line(request.form.get("phrase_key", ""))[:80])  # no NUL for PostgreSQL
        return gettext("That phrase will not be suggested again.")
    if key not in labels:
        abort(422)
    if op == "rename":
        label = clean_line(request.form.get("label", ""))
        if not label or len(label) > LABEL_LIMIT:
            flash(gettext("A theme name needs 1 to %(limit)s characters.", limit=LABEL_LIMIT))
            return None
        moderation.rename_theme(workshop, key, label)
        return gettext("Theme renamed on every screen.")
    if op in ("hide", "show"):
        moderation.hide_theme(workshop, key, op == "hide")
        return gettext("Theme hidden from the board.") if op == "hide" else gettext("Theme shown again.")
    if op == "merge":
        into = request.form.get("into", "")
        if into == key or (into and into not in labels):
            abort(422)
        moderation.merge_theme(workshop, key, into or None)
        return (
            gettext("Themes merged: each person counts once (the combined count may wait for the next update).")
            if into
            else gettext("Themes separated again.")
        )
    abort(422)
