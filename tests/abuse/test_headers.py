"""Framing, content-security and caching headers on every kind of response.

Every HTML response (full pages, htmx fragments, error pages, redirects) carries exactly the
strict CSP from workshop/security.py, refuses to be framed, and is never sniffed; nothing a
participant sees (pages, polls, plan downloads) may be stored by a browser or a proxy; HSTS
is sent only over HTTPS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask.testing import FlaskClient

from workshop.extensions import db
from workshop.models import Coach, Phase
from workshop.security import CSP
from workshop.services import participants as people
from workshop.services import workshops as ops

from ..helpers import password_hash, sid
from .helpers import (
    holding_token,
    live_markup,
    plans_on_demand,
    signed_in,
    tell_story,
)


@dataclass
class Scene:
    app: object
    coach: FlaskClient
    reflecting: FlaskClient  # a phone in a workshop in the reflect phase
    planning: FlaskClient  # a phone in a workshop in the plan phase
    stranger: FlaskClient
    reflect_code: str
    plan_code: str
    workshop_id: int


@pytest.fixture(scope="module")
def scene(module_app):
    app = module_app
    coach = Coach(email="coach@example.org", name="Coach", is_admin=True, password_hash=password_hash())
    db.session.add(coach)
    db.session.commit()
    desk = signed_in(app, coach.id)
    made = {}
    for phase in (Phase.REFLECT, Phase.PLAN):
        workshop = ops.create_workshop(
            coach,
            {"title": f"Headers {phase.value}", "date": date(2026, 12, 3), "min_group_size": 2, "retention_days": 30},
            ops.default_stage_rows(),
        )
        workshop.phase = Phase.REFLECT
        db.session.commit()
        _, token, _ = people.join(workshop)
        phone = holding_token(app, workshop.join_code, token)
        assert tell_story(phone, workshop.join_code, "They never called back after the interview.").status_code == 303
        if phase == Phase.PLAN:
            for step in ("themes", "plan"):
                with plans_on_demand():
                    assert desk.post(f"/workshops/{workshop.id}/phase", data={"to": step}).status_code == 303
        made[phase] = (workshop.id, workshop.join_code, phone)
    yield Scene(
        app=app,
        coach=desk,
        reflecting=made[Phase.REFLECT][2],
        planning=made[Phase.PLAN][2],
        stranger=app.test_client(),
        reflect_code=made[Phase.REFLECT][1],
        plan_code=made[Phase.PLAN][1],
        workshop_id=made[Phase.REFLECT][0],
    )


HX = {"HX-Request": "true"}

# name: (who, method, path, data, headers); {r} and {p} are the reflect and plan join codes.
RESPONSES = {
    "front door": ("stranger", "GET", "/", None, {}),
    "login page": ("stranger", "GET", "/login", None, {}),
    "login refused": ("stranger", "POST", "/login", {"email": "a@b.cd", "password": "wrong"}, {}),
    "setup gone": ("stranger", "GET", "/setup", None, {}),
    "join form": ("stranger", "GET", "/join", None, {}),
    "join form refused": ("stranger", "POST", "/join", {"code": "ZZZZZZ"}, {}),
    "join page": ("stranger", "GET", "/w/{r}/", None, {}),
    "unknown code": ("stranger", "GET", "/w/ZZZZZZ/", None, {}),
    "recovery page": ("stranger", "GET", "/w/{r}/recover", None, {}),
    "stranger's poll": ("stranger", "GET", "/w/{r}/", None, HX),
    "stranger's plan": ("stranger", "GET", "/w/{p}/plan.pdf", None, {}),
    "no such page": ("stranger", "GET", "/nowhere", None, {}),
    "no such fragment": ("stranger", "GET", "/nowhere", None, HX),
    "wrong method": ("stranger", "DELETE", "/join", None, {}),
    "too large": ("stranger", "POST", "/join", {"code": "x" * 70000}, {}),
    "coach page, logged out": ("stranger", "GET", "/workshops/", None, {}),
    "coach fragment, logged out": ("stranger", "GET", "/workshops/", None, HX),
    "health": ("stranger", "GET", "/healthz", None, {}),
    "workshops": ("coach", "GET", "/workshops/", None, {}),
    "prepare": ("coach", "GET", "/workshops/new", None, {}),
    "stage fragment": ("coach", "POST", "/workshops/new", {"op": "add"}, HX),
    "workshop": ("coach", "GET", "/workshops/{w}", None, {}),
    "workshop fragment": ("coach", "GET", "/workshops/{w}", None, HX),
    "edit": ("coach", "GET", "/workshops/{w}/edit", None, {}),
    "delete page": ("coach", "GET", "/workshops/{w}/delete", None, {}),
    "projector": ("coach", "GET", "/workshops/{w}/projector", None, {}),
    "projector poll": ("coach", "GET", "/workshops/{w}/projector", None, HX),
    "moderation": ("coach", "GET", "/workshops/{w}/themes", None, {}),
    "coaches": ("coach", "GET", "/coaches", None, {}),
    "cohort report": ("coach", "GET", "/workshops/{w}/report", None, {}),
    "cohort spreadsheet": ("coach", "GET", "/workshops/{w}/report.csv", None, {}),
    "insights": ("coach", "GET", "/insights", None, {}),
    "insights spreadsheet": ("coach", "GET", "/insights.csv", None, {}),
    "insights pdf": ("coach", "GET", "/insights.pdf", None, {}),
    "insights bad date": ("coach", "GET", "/insights?from=never", None, {}),
    "someone else's workshop": ("coach", "GET", "/workshops/999999", None, {}),
    "phone home": ("reflecting", "GET", "/w/{r}/", None, {}),
    "phone poll": ("reflecting", "GET", "/w/{r}/", None, HX),
    "phase watch": ("reflecting", "GET", "/w/{r}/watch", None, HX),
    "story": ("reflecting", "GET", "/w/{r}/story", None, {}),
    "story review fragment": ("reflecting", "POST", "/w/{r}/story", {"op": "review", "text": "No reply."}, HX),
    "story refused": ("reflecting", "POST", "/w/{r}/story", {"op": "review", "text": ""}, HX),
    "themes": ("reflecting", "GET", "/w/{r}/themes", None, {}),
    "ratings": ("reflecting", "GET", "/w/{r}/ratings", None, {}),
    "ratings refused": ("reflecting", "POST", "/w/{r}/ratings", {"reached-screen": "maybe"}, HX),
    "check-in refused": ("reflecting", "POST", "/w/{r}/checkin", {"moment": "before", "confidence": "9"}, {}),
    "me too refused": ("reflecting", "POST", "/w/{r}/metoo", {"theme": "nope"}, HX),
    "stale form": ("reflecting", "POST", "/w/{r}/themes", {"theme": [], "submission_id": "bad"}, {}),
    "forget page": ("reflecting", "GET", "/w/{r}/forget", None, {}),
    "plan not yet": ("reflecting", "GET", "/w/{r}/plan", None, {}),
    "plan page": ("planning", "GET", "/w/{p}/plan", None, {}),
    "plan status poll": ("planning", "GET", "/w/{p}/plan/status", None, HX),
    "plan pdf": ("planning", "GET", "/w/{p}/plan.pdf", None, {}),
    "plan calendar": ("planning", "GET", "/w/{p}/plan.ics", None, {}),
    "story closed": ("planning", "GET", "/w/{p}/story", None, {}),
    "ratings closed": ("planning", "POST", "/w/{p}/ratings", {"submission_id": sid()}, HX),
}
PARTICIPANT_SEEN = {name for name, (_, _, path, _, _) in RESPONSES.items() if path.startswith("/w/")}


def fetch(scene: Scene, name: str, base_url: str = "http://localhost"):
    who, method, path, data, headers = RESPONSES[name]
    client = getattr(scene, who)
    path = path.format(r=scene.reflect_code, p=scene.plan_code, w=scene.workshop_id)
    return client.open(path, method=method, data=data, headers=headers, base_url=base_url)


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("name", list(RESPONSES))
def test_every_response_carries_the_strict_headers(scene, name, scheme):
    response = fetch(scene, name, f"{scheme}://localhost")
    assert response.status_code < 500
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Content-Security-Policy"] == CSP
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    if response.mimetype == "text/html":
        assert "HX-Request" in headers.get("Vary", "")
    if scheme == "https":
        assert headers["Strict-Transport-Security"].startswith("max-age=")
    else:
        assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize("name", sorted(PARTICIPANT_SEEN))
def test_nothing_a_participant_sees_is_stored_by_browsers_or_proxies(scene, name):
    response = fetch(scene, name)
    assert response.headers["Cache-Control"] == "no-store", response.headers["Cache-Control"]


def test_a_participant_poll_stays_cheap_without_being_stored(scene):
    """The phone sends its tag itself (static/js/rebound.js), so no-store keeps the 304s."""
    first = scene.reflecting.get(f"/w/{scene.reflect_code}/", headers=HX)
    again = scene.reflecting.get(f"/w/{scene.reflect_code}/", headers=HX | {"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Cache-Control"] == "no-store"


def test_the_csp_is_the_strict_one():
    """No inline script or style, no plugins, no base tag tricks, forms post home, no framing."""
    rules = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert rules == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def test_static_files_carry_the_headers_but_may_be_cached(scene):
    response = scene.stranger.get("/static/css/rebound.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


@pytest.mark.parametrize(
    "host",
    [
        'evil.example"><script>alert(1)</script>',
        "evil.example/<img src=x onerror=alert(1)>",
        "evil.example:80<svg/onload=alert(1)>",
    ],
)
def test_a_hostile_host_header_cannot_inject_into_the_projector(scene, host):
    """With no PUBLIC_URL the join address comes from the request's Host header."""
    scene.app.config["PUBLIC_URL"] = ""
    try:
        response = scene.coach.get(f"/workshops/{scene.workshop_id}/projector", headers={"Host": host})
    finally:
        scene.app.config["PUBLIC_URL"] = "http://rebound.test"
    assert response.status_code in (200, 400), response.status_code
    assert live_markup(response.text) == []
    assert "evil.example" not in response.text
