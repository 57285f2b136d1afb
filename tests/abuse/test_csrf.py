"""Forged form posts: missing, wrong or borrowed CSRF tokens, and cross-site posts over HTTPS.

CSRF protection is on here, as in production. Every POST route of the app (taken from
app.url_map, so a new one cannot be forgotten) is sent a form that would change something,
once per kind of forgery, as a plain form and as htmx. Each must answer 400 with the
friendly "This form has expired" page, and the database must be exactly as before, coach
log-ins included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Coach, CoachSession, CustomAction, Phase, WorkshopSummary
from workshop.services import participants as people
from workshop.services import workshops as ops

from ..helpers import PASSWORD, password_hash, sid, soon
from .helpers import (
    EXPIRED,
    csrf_of,
    signed_in,
    snapshot,
    url_rules,
)

APP_CONFIG = {"WTF_CSRF_ENABLED": True}

HTTPS = "https://localhost"
FORGERIES = ("missing", "wrong", "another session's", "cross-site referer", "cross-site origin only")


@dataclass
class Scene:
    app: object
    coach: FlaskClient
    phone: FlaskClient
    newcomer: FlaskClient  # has a session and a token, has not joined
    someone_else: FlaskClient  # a different browser with a valid token of its own
    workshop_id: int
    action_id: int
    code: str
    title: str
    recovery: str
    summary_id: int


def https_client(app, coach_id: int | None = None, token: tuple[str, str] | None = None) -> FlaskClient:
    client = signed_in(app, coach_id) if coach_id else app.test_client()
    if token:
        client.set_cookie(app.config["PARTICIPANT_COOKIE_NAME"], token[1], path=f"/w/{token[0]}/")
    return client


@pytest.fixture(scope="module")
def scene(module_app):
    app = module_app
    coach = Coach(email="coach@example.org", name="Coach", is_admin=True, password_hash=password_hash())
    db.session.add(coach)
    db.session.commit()
    workshop = ops.create_workshop(
        coach,
        {"title": "Forged evening", "date": date(2026, 12, 3), "min_group_size": 2, "retention_days": 30},
        ops.default_stage_rows(),
    )
    workshop.phase = Phase.REFLECT
    action = CustomAction(workshop_id=workshop.id, title="A step", how="How", timing="today")
    summary = WorkshopSummary(
        coach_id=coach.id, title="Kept evening", date=date(2026, 1, 5), series="", k=2, figures='{"participants": 6}'
    )
    db.session.add_all([action, summary])
    db.session.commit()
    _, token, recovery = people.join(workshop)
    people.join(workshop)
    yield Scene(
        app=app,
        coach=https_client(app, coach.id),
        phone=https_client(app, token=(workshop.join_code, token)),
        newcomer=https_client(app),
        someone_else=https_client(app),
        workshop_id=workshop.id,
        action_id=action.id,
        code=workshop.join_code,
        title=workshop.title,
        recovery=recovery,
        summary_id=summary.id,
    )


# For each POST route: who sends it, where they got the form, and a form that would change
# something if the forgery got through.
def attacks(scene: Scene) -> dict[str, tuple[FlaskClient, str, str, dict]]:
    w, c = scene.workshop_id, scene.code
    workshop_form = {
        "op": "save",
        "title": "Changed",
        "date": soon(),
        "min_group_size": "4",
        "retention_days": "5",
        "paper_size": "A4",
    }
    coach_form = {"name": "Eve", "email": "eve@example.org", "password": "x" * 12, "confirm": "x" * 12}
    return {
        "auth.setup": (scene.newcomer, "/join", "/setup", coach_form),
        "auth.login": (scene.newcomer, "/login", "/login", {"email": "coach@example.org", "password": PASSWORD}),
        "auth.logout": (scene.coach, "/workshops/", "/logout", {}),
        "auth.coaches": (scene.coach, "/coaches", "/coaches", coach_form),
        "coach.new": (scene.coach, "/workshops/new", "/workshops/new", workshop_form),
        "coach.edit": (scene.coach, f"/workshops/{w}/edit", f"/workshops/{w}/edit", workshop_form),
        "coach.add_action": (
            scene.coach,
            f"/workshops/{w}",
            f"/workshops/{w}/actions",
            {"title": "Forged", "how": "Forged", "timing": "today"},
        ),
        "coach.delete_action": (scene.coach, f"/workshops/{w}", f"/workshops/{w}/actions/{scene.action_id}/delete", {}),
        "coach.phase": (scene.coach, f"/workshops/{w}", f"/workshops/{w}/phase", {"to": "themes"}),
        "coach.delete": (
            scene.coach,
            f"/workshops/{w}/delete",
            f"/workshops/{w}/delete",
            {"confirm_title": scene.title},
        ),
        "board.moderate": (
            scene.coach,
            f"/workshops/{w}/themes",
            f"/workshops/{w}/themes",
            {"op": "hide", "key": "no_feedback"},
        ),
        "insights.delete_summary": (scene.coach, "/insights", f"/insights/summaries/{scene.summary_id}/delete", {}),
        "phone_test.start": (scene.coach, f"/workshops/{w}", f"/workshops/{w}/phone-test", {}),
        "rehearsal.start": (scene.coach, f"/workshops/{w}", f"/workshops/{w}/rehearsal", {"size": "12"}),
        "rehearsal.try_rebound": (scene.coach, "/workshops/", "/workshops/try", {}),
        "rehearsal.delete": (scene.coach, f"/workshops/{w}", f"/workshops/{w}/rehearsal/delete", {}),
        "participant.join_form": (scene.newcomer, "/join", "/join", {"code": c}),
        "participant.join": (scene.newcomer, f"/w/{c}/", f"/w/{c}/join", {}),
        "participant.recover": (
            scene.newcomer,
            f"/w/{c}/recover",
            f"/w/{c}/recover",
            {"recovery_code": scene.recovery},
        ),
        "participant.forget": (scene.phone, f"/w/{c}/forget", f"/w/{c}/forget", {}),
        "reflect.checkin": (
            scene.phone,
            f"/w/{c}/",
            f"/w/{c}/checkin",
            {"moment": "before", "confidence": "4", "submission_id": sid()},
        ),
        "reflect.story": (
            scene.phone,
            f"/w/{c}/story",
            f"/w/{c}/story",
            {"op": "review", "text": "They never called back.", "submission_id": sid()},
        ),
        "reflect.themes": (
            scene.phone,
            f"/w/{c}/themes",
            f"/w/{c}/themes",
            {"theme": ["no_feedback"], "submission_id": sid()},
        ),
        "reflect.ratings": (
            scene.phone,
            f"/w/{c}/ratings",
            f"/w/{c}/ratings",
            {"reached-screen": "yes", "score-screen": "3", "submission_id": sid()},
        ),
        "plans.priorities": (scene.phone, f"/w/{c}/", f"/w/{c}/plan/priorities", {"focus": ["x"]}),
        "plans.follow_up": (
            scene.phone,
            f"/w/{c}/",
            f"/w/{c}/plan/follow-up",
            {"confidence": "4", "outcome": "interview", "submission_id": sid()},
        ),
        "board.me_too": (scene.phone, f"/w/{c}/", f"/w/{c}/metoo", {"theme": "no_feedback"}),
        "language.choose": (scene.newcomer, "/join", "/language", {"language": "id", "next": "/join"}),
        "language.choose_on_phone": (
            scene.phone,
            f"/w/{c}/",
            f"/w/{c}/language",
            {"language": "ms", "next": f"/w/{c}/"},
        ),
    }


def post_endpoints() -> list[str]:
    return sorted(endpoint for endpoint, _, methods in url_rules() if "POST" in methods)


def test_every_post_route_is_attacked(scene):
    assert set(attacks(scene)) == set(post_endpoints())


def everything() -> tuple[dict, int]:
    """The whole database, coach log-ins included (a forged login or logout must not count)."""
    return snapshot(), db.session.scalar(select(func.count()).select_from(CoachSession))


def token_for(client: FlaskClient, page: str) -> str:
    response = client.get(page, base_url=HTTPS)
    assert response.status_code == 200, (page, response.status_code)
    return csrf_of(response)


def forge(scene: Scene, endpoint: str, forgery: str, htmx: bool):
    client, page, path, form = attacks(scene)[endpoint]
    real = token_for(client, page)  # the browser has a session with a real token
    headers = {"Referer": f"{HTTPS}{page}"}
    if htmx:
        headers["HX-Request"] = "true"
    form = dict(form)
    if forgery == "wrong":
        form["csrf_token"] = real[:-6] + "AAAAAA"
    elif forgery == "another session's":
        form["csrf_token"] = token_for(scene.someone_else, "/join")
    elif forgery == "cross-site referer":
        form["csrf_token"] = real
        headers["Referer"] = "https://evil.example/rebound-prize.html"
        headers["Origin"] = "https://evil.example"
    elif forgery == "cross-site origin only":
        form["csrf_token"] = real
        del headers["Referer"]  # a hostile page can suppress the Referer
        headers["Origin"] = "https://evil.example"
    return client.post(path, data=form, headers=headers, base_url=HTTPS)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("endpoint", post_endpoints())
def test_a_forged_post_is_refused_and_saves_nothing(scene, endpoint, forgery, htmx):
    before = everything()
    response = forge(scene, endpoint, forgery, htmx)
    assert response.status_code == 400, response.status_code
    assert EXPIRED in response.text
    assert "Reload the page and send it again; nothing was saved." in response.text
    assert everything() == before


@pytest.mark.parametrize("endpoint", ["auth.login", "reflect.story", "coach.phase", "participant.recover"])
def test_a_token_sent_as_the_htmx_header_is_checked_too(scene, endpoint):
    client, page, path, form = attacks(scene)[endpoint]
    token_for(client, page)
    before = everything()
    response = client.post(
        path,
        data=form,
        base_url=HTTPS,
        headers={"X-CSRFToken": "forged", "HX-Request": "true", "Referer": f"{HTTPS}{page}"},
    )
    assert response.status_code == 400 and EXPIRED in response.text
    assert everything() == before


# ---- the same posts with everything right are accepted (so the cases above can fail) ---------


def harmless(endpoint: str, form: dict) -> dict:
    """The attack's form, defused where a real success would change the shared room."""
    return {
        "auth.setup": form,  # 404: a coach exists
        "auth.login": form | {"password": "not the password"},
        "auth.logout": None,
        "auth.coaches": form | {"confirm": "different"},
        "coach.new": form | {"op": "add"},
        "coach.edit": form | {"op": "add"},
        "coach.add_action": {},
        "coach.delete_action": None,
        "coach.phase": {"to": "nowhere"},
        "coach.delete": {"confirm_title": "not it"},
        "board.moderate": {"op": "nonsense", "key": "no_feedback"},
        "participant.join_form": form,
        "participant.join": None,
        "participant.recover": {"recovery_code": "AAAA-BBBB"},
        "participant.forget": None,
        "reflect.checkin": {"moment": "never"},
        "reflect.story": form,  # review only
        "reflect.themes": {"theme": ["no-such-theme"], "submission_id": sid()},
        "reflect.ratings": {"reached-nowhere": "yes"},
        "plans.priorities": form,  # 404 before the plan phase
        "plans.follow_up": form,  # 404 before the plan phase
        "board.me_too": {"theme": "no-such-theme"},
        "language.choose": form,  # only this browser's session changes
        "language.choose_on_phone": {"language": "xx"},  # 422: no such language
        "rehearsal.start": {"size": "7"},
        "rehearsal.delete": form,  # 404: the workshop has no rehearsal
        "rehearsal.try_rebound": form,  # 409: the coach has a workshop already
    }[endpoint]


# Ending a session, removing someone, joining or starting a phone test would change the
# room; the feature tests (and the browser tests, with CSRF on) cover those with a good token.
CHANGES_SOMETHING = {
    "auth.logout",
    "coach.delete_action",
    "participant.join",
    "participant.forget",
    "phone_test.start",
    "insights.delete_summary",  # below, on a summary of its own
}


@pytest.mark.parametrize("endpoint", sorted(set(post_endpoints()) - CHANGES_SOMETHING))
def test_the_same_post_with_a_good_token_gets_past_the_check(scene, endpoint):
    client, page, path, form = attacks(scene)[endpoint]
    form = harmless(endpoint, form)
    token = token_for(client, page)
    before = everything()
    response = client.post(
        path, data=form | {"csrf_token": token}, base_url=HTTPS, headers={"Referer": f"{HTTPS}{page}"}
    )
    assert response.status_code != 400 and EXPIRED not in response.text, response.status_code
    assert everything() == before


def test_deleting_a_summary_with_a_good_token_works(scene):
    """The owner's own form, with its token, deletes a summary (one made for this test)."""
    coach_id = db.session.scalar(select(Coach.id).where(Coach.email == "coach@example.org"))
    spare = WorkshopSummary(coach_id=coach_id, title="Spare", date=date(2026, 1, 6), series="", k=2, figures="{}")
    db.session.add(spare)
    db.session.commit()
    spare_id = spare.id
    token = token_for(scene.coach, "/insights")
    response = scene.coach.post(
        f"/insights/summaries/{spare_id}/delete",
        data={"csrf_token": token},
        base_url=HTTPS,
        headers={"Referer": f"{HTTPS}/insights"},
    )
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.get(WorkshopSummary, spare_id) is None
    assert db.session.get(WorkshopSummary, scene.summary_id) is not None
