"""What the abuse suite shares: the route inventory, and helpers that sign in, join and post."""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager
from functools import cache
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from workshop import create_app
from workshop.extensions import db
from workshop.models import CoachSession, digest

from ..helpers import sid

# Who may reach a route, in the app's own terms:
#   static          bundled files
#   public          anyone (health check, front door, log in, first-run setup, the join form)
#   coach           a signed-in coach, not tied to one workshop
#   coach_workshop  the coach who owns the workshop in the URL, nobody else
#   entry           anyone holding a workshop's join code: the join page, joining, recovery
#   participant     only the phone whose token belongs to the workshop in the URL
#   link            anyone holding a coach's one-time phone-test link (it shows nothing of the workshop)
ROUTES: dict[str, str] = {
    "static": "static",
    "health.healthz": "public",
    "auth.root": "public",
    "auth.setup": "public",
    "auth.login": "public",
    "participant.join_form": "public",
    "language.choose": "public",
    "auth.logout": "coach",
    "auth.coaches": "coach",
    "coach.index": "coach",
    "insights.page": "coach",
    "insights.spreadsheet": "coach",
    "insights.pdf": "coach",
    "insights.delete_summary": "coach",
    "rehearsal.try_rebound": "coach",
    "coach.new": "coach",
    "coach.edit": "coach_workshop",
    "coach.detail": "coach_workshop",
    "coach.add_action": "coach_workshop",
    "coach.delete_action": "coach_workshop",
    "coach.phase": "coach_workshop",
    "coach.delete": "coach_workshop",
    "board.projector": "coach_workshop",
    "board.moderate": "coach_workshop",
    "report.page": "coach_workshop",
    "report.spreadsheet": "coach_workshop",
    "report.document": "coach_workshop",
    "cards.join_cards": "coach_workshop",
    "cards.poster": "coach_workshop",
    "phone_test.status": "coach_workshop",
    "phone_test.start": "coach_workshop",
    "rehearsal.start": "coach_workshop",
    "rehearsal.delete": "coach_workshop",
    "rehearsal.sample_plan": "coach_workshop",
    "rehearsal.sample_plan_pdf": "coach_workshop",
    "phone_test.phone": "link",
    "participant.home": "entry",
    "participant.join": "entry",
    "participant.recover": "entry",
    "language.choose_on_phone": "entry",
    "participant.watch": "participant",
    "participant.forget": "participant",
    "reflect.checkin": "participant",
    "reflect.story": "participant",
    "reflect.themes": "participant",
    "reflect.ratings": "participant",
    "plans.page": "participant",
    "plans.status": "participant",
    "plans.priorities": "participant",
    "plans.pdf": "participant",
    "plans.calendar": "participant",
    "plans.follow_up": "participant",
    "board.me_too": "participant",
}
# Participant routes that only exist once the room has reached the plan phase.
PLAN_ONLY = {"plans.page", "plans.status", "plans.priorities", "plans.follow_up", "plans.pdf", "plans.calendar"}
# Coach routes that reach something on a rehearsal only (a real workshop's plans stay each
# phone's own: these are a 404 there, for the coach too), and those on a real workshop only.
REHEARSAL_ONLY = {"rehearsal.sample_plan", "rehearsal.sample_plan_pdf"}
REAL_ONLY = {"rehearsal.start", "rehearsal.delete"}

CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
EXPIRED = "This form has expired"


@contextmanager
def plans_on_demand(render: bool = True):
    """Entering the plan phase renders every plan in the room at once. Here a plan is rendered
    only when its own phone asks for it (the same code, inline), or never with render=False,
    which leaves it "being prepared". PDFs are slow; most cases need none."""
    from workshop.services.plans import jobs

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "request_room", lambda workshop, ids=None: 0)
        if not render:
            patch.setattr(jobs, "_submit", lambda *args, **kwargs: None)
        yield


@cache
def bare_app():
    """An app with no database work, for reading its url_map while tests are collected."""
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def url_rules(app=None) -> list[tuple[str, str, tuple[str, ...]]]:
    """(endpoint, rule, methods) for every route the app answers, HEAD and OPTIONS aside."""
    app = app or bare_app()
    return [
        (rule.endpoint, rule.rule, tuple(sorted(rule.methods - {"HEAD", "OPTIONS"})))
        for rule in app.url_map.iter_rules()
    ]


def csrf_of(page) -> str:
    return CSRF_META.search(page.text).group(1)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, except server-side coach log-ins: what 'nothing changed' means."""
    db.session.rollback()  # end any read transaction: see what the requests committed
    rows = {}
    with db.engine.connect() as connection:  # the driver's own cursor: this runs twice per case
        cursor = connection.connection.cursor()
        for table in db.metadata.sorted_tables:
            if table.name != "coach_sessions":
                cursor.execute(f"SELECT * FROM {table.name}")
                rows[table.name] = sorted(map(tuple, cursor.fetchall()), key=repr)
        cursor.close()
    return rows


def signed_in(app, coach_id: int) -> FlaskClient:
    """A browser with a fresh log-in of this coach (without paying for a password hash)."""
    client = app.test_client()
    session_id = secrets.token_urlsafe(32)
    db.session.add(CoachSession(id_hash=digest(session_id), coach_id=coach_id))
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return client


def holding_token(app, code: str, token: str) -> FlaskClient:
    """A browser that presents `token` as its participant cookie for /w/<code>/."""
    client = app.test_client()
    client.set_cookie(app.config["PARTICIPANT_COOKIE_NAME"], token, path=f"/w/{code}/")
    return client


def token_of(app, client: FlaskClient, code: str) -> str:
    return client.get_cookie(app.config["PARTICIPANT_COOKIE_NAME"], path=f"/w/{code}/").value


def tell_story(
    phone: FlaskClient,
    code: str,
    text: str,
    role: str = "Analyst",
    ended: str = "first_interview",
    extra: str = "",
    submission_id: str | None = None,
):
    """Review and confirm a story the way the form does; returns the confirm response."""
    fields = {"role": role, "ended_stage": ended, "text": text, "extra": extra}
    review = phone.post(f"/w/{code}/story", data=fields | {"op": "review"})
    assert review.status_code == 200, review.status_code
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    return phone.post(
        f"/w/{code}/story",
        data=fields | {"op": "confirm", "fingerprint": fingerprint, "submission_id": submission_id or sid()},
    )


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def live_markup(html: str) -> list[str]:
    """Anything in the page that a browser would run, fetch or style because a user typed it."""
    parser = Tags()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            found.append("inline script")
        if tag == "style":
            found.append("style element")
        if tag == "img" and attrs.get("src") == "x":
            found.append("injected img")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"event handler {name} on <{tag}>")
            if name.startswith("hx-") and value in ("/x", "load"):
                found.append(f"injected {name}")
            if name in ("href", "src", "action") and (value or "").lower().startswith("javascript:"):
                found.append("javascript url")
    if "zq49zq" in html:
        found.append("evaluated template")
    return found
