"""Which language a page speaks, and the switch that lets a phone or a coach change it.

- The room's screens (projector, printed cards and poster) speak the workshop's language.
- A phone speaks what it chose (remembered in its session and, once joined, on its
  participant, whose plan is written in it), else its browser's language when Rebound
  speaks it, else the workshop's.
- Coach pages speak the coach's choice, else their browser's language, else English.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, g, request, session, url_for
from flask_babel import get_locale, refresh
from flask_login import current_user
from sqlalchemy.exc import DBAPIError

from . import phones
from .extensions import db
from .forms import TIMING_LABELS
from .htmx import go
from .models import Workshop
from .services import labels
from .services import participants as people
from .services import workshops as ops
from .services.languages import DEFAULT, LANGUAGES, best_match

bp = Blueprint("language", __name__)

ROOM_SCREENS = {"board.projector", "cards.join_cards", "cards.poster"}
COACH_AREAS = {"auth", "coach", "board", "report", "rehearsal", "phone_test"}
PHONE_PAGES = {"board.me_too", "phone_test.reached", "auth.index"}


def chosen() -> str | None:
    """What this browser picked with the switch, if anything."""
    choice = session.get("language")
    return choice if choice in LANGUAGES else None


def browser() -> str | None:
    return best_match(request.accept_languages)


def phone_language(participant_language: str | None, workshop_language: str | None) -> str:
    """A phone's language: its own choice first, then its browser's, then the room's."""
    for code in (participant_language, chosen(), browser(), workshop_language):
        if code in LANGUAGES:
            return code
    return DEFAULT


def select_locale() -> str:
    """Flask-Babel's locale selector: asked once per request, on the first translation. With
    the database away (a 503 page), the browser's choice or language decides."""
    try:
        return _select()
    except DBAPIError:
        return chosen() or browser() or DEFAULT


def _select() -> str:
    endpoint = request.endpoint or ""
    if endpoint in ROOM_SCREENS:
        workshop = db.session.get(Workshop, (request.view_args or {}).get("workshop_id", 0))
        mine = workshop is not None and current_user.is_authenticated and workshop.coach_id == current_user.id
        return workshop.language if mine else chosen() or browser() or DEFAULT
    if endpoint.split(".")[0] in COACH_AREAS and endpoint not in PHONE_PAGES:
        return chosen() or browser() or DEFAULT
    code = (request.view_args or {}).get("code")
    if code is None:
        return phone_language(None, None)
    found = phones.phone_of(code)
    if found is not None:
        return phone_language(found[1].language, found[0].language)
    workshop = room_of(code)
    return phone_language(None, workshop.language if workshop else None)


def room_of(code: str) -> Workshop | None:
    """The workshop a join code names, read once per request."""
    if "room_of" not in g:
        g.room_of = ops.workshop_with_code(code)
    return g.room_of


def page_language() -> str:
    """The language of this page, for <html lang> and the language switch."""
    return str(get_locale() or DEFAULT)


def theme_label(key: str, label: str) -> str:
    return labels.theme_label(key, label, page_language())


def stage_label(key: str, label: str) -> str:
    return labels.stage_label(key, label, page_language())


def kind_label(kind: str) -> str:
    return labels.kind_label(kind, page_language())


def board_for_page(board: dict | None) -> dict | None:
    """The room's board with Rebound's own theme and stage names in this page's language."""
    return labels.localise_board(board, page_language())


def safe_target(value: str) -> str:
    """Back to the page the switch was on: a path on this site only."""
    parts = urlsplit(value or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return url_for("participant.join_form")
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.post("/language")
def choose():
    """The language switch: remember the choice on this browser, then show the same page
    again in it."""
    return switch_to(request.form.get("language", ""), None)


@bp.post("/w/<code>/language")
def choose_on_phone(code: str):
    """The same on a phone's pages (under the path its token cookie lives on): a joined
    phone's participant remembers it too, and their plan follows it. A code that names no
    workshop is a 404, as everywhere under /w/."""
    if room_of(code) is None:
        abort(404)
    return switch_to(request.form.get("language", ""), code)


def switch_to(language: str, code: str | None):
    if language not in LANGUAGES:
        abort(422)
    session["language"] = language
    found = phones.phone_of(code) if code else None
    if found is not None:
        people.choose_language(found[1], language)
    refresh()
    return go(safe_target(request.form.get("next", "")))


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.add_template_global(page_language, "page_language")
    app.add_template_global(LANGUAGES, "languages")
    app.add_template_global(TIMING_LABELS, "timing_labels")
    for helper in (theme_label, stage_label, kind_label, board_for_page):
        app.add_template_global(helper)
