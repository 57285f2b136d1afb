"""Coach accounts: first-run setup, log in and out, CSRF, adding coaches."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Coach, CoachSession

from .helpers import PASSWORD, Client

NEW_COACH = {
    "name": "Ana Coach",
    "email": "Ana@Example.org",
    "password": "a long enough secret",
    "confirm": "a long enough secret",
}


def coaches() -> int:
    return db.session.scalar(select(func.count(Coach.id)))


def test_first_visit_offers_setup_of_an_admin_account(client):
    assert client.get("/login").headers["Location"] == "/setup"
    page = client.get("/setup")
    assert page.status_code == 200
    assert "Create the first coach account" in page.text

    response = client.post("/setup", data=NEW_COACH)
    assert response.status_code == 303
    coach = db.session.scalar(select(Coach))
    assert coach.email == "ana@example.org" and coach.is_admin
    assert coach.password_hash.startswith("scrypt:")
    assert client.get("/workshops/").status_code == 200  # logged in straight away


def test_setup_disappears_once_a_coach_exists(client, make_coach):
    make_coach()
    assert client.get("/setup").status_code == 404
    assert client.post("/setup", data=NEW_COACH).status_code == 404
    assert coaches() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"password": "short", "confirm": "short"}, "at least 10 characters"),
        ({"confirm": "something else entirely"}, "The two passwords differ"),
        ({"email": "not-an-email"}, "Enter an email address"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_setup_refuses_bad_input_and_keeps_nothing(client, changes, message):
    response = client.post("/setup", data=NEW_COACH | changes)
    assert response.status_code == 422
    assert message in response.text
    assert coaches() == 0


def test_login_and_logout(client, make_coach, login):
    make_coach()
    assert client.get("/workshops/").status_code == 302
    assert login(client).status_code == 303
    assert client.get("/workshops/").status_code == 200
    assert client.post("/logout").status_code == 303
    assert client.get("/workshops/").status_code == 302


def test_wrong_password_is_refused_with_a_clear_message(client, make_coach, login):
    make_coach()
    response = login(client, password="not the password")
    assert response.status_code == 422
    assert "do not match an account" in response.text
    assert client.get("/workshops/").status_code == 302


def test_a_copied_session_cookie_stops_working_after_logout(app, client, make_coach, login):
    make_coach()
    login(client)
    cookie = client.get_cookie("rebound_session").value
    thief = app.test_client()
    thief.set_cookie("rebound_session", cookie)
    assert thief.get("/workshops/").status_code == 200  # the copy works while logged in

    client.post("/logout")
    assert thief.get("/workshops/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CoachSession)) == 0


def test_login_is_rate_limited(app_config, make_coach, login):
    from workshop import create_app

    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    app = create_app(app_config)
    app.test_client_class = Client
    client = app.test_client()
    make_coach()
    statuses = [login(client, password=f"wrong {i} password").status_code for i in range(4)]
    assert statuses == [422, 422, 422, 429]
    blocked = login(client)  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.text


def test_session_cookie_flags(app, client, make_coach, login):
    make_coach()
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in the room

    https = app.test_client().post(
        "/login",
        data={"email": "coach@example.org", "password": PASSWORD},
        base_url="https://rebound.test",
    )
    assert "Secure" in https.headers["Set-Cookie"]


def test_only_an_admin_adds_coaches(client, make_coach, login):
    make_coach(email="admin@example.org", admin=True)
    make_coach(email="plain@example.org")
    login(client, "plain@example.org")
    assert client.get("/coaches").status_code == 404
    assert client.post("/coaches", data=NEW_COACH).status_code == 404
    client.post("/logout")

    login(client, "admin@example.org")
    response = client.post("/coaches", data=NEW_COACH)
    assert response.status_code == 303
    added = db.session.scalar(select(Coach).where(Coach.email == "ana@example.org"))
    assert added is not None and not added.is_admin
    duplicate = client.post("/coaches", data=NEW_COACH)
    assert duplicate.status_code == 422 and "already exists" in duplicate.text


@pytest.mark.parametrize(
    "next_",
    [
        "/%09/evil.example",  # a tab: browsers drop it and read //evil.example
        "/%0D%0A/x",  # a line break: once a 500
        "/%0Aevil.example",
        "//evil.example",
        "//evil.example/steal",
        "https://evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        "/\\evil",
        "%2F%2Fevil.example",
        "/no/such/page",
        "/logout",  # a route, but not a page one can land on
        "workshops/",
        "",
    ],
)
def test_login_never_redirects_off_site(client, make_coach, next_):
    make_coach()
    assert client.get(f"/login?next={next_}").status_code == 200
    response = client.post(f"/login?next={next_}", data={"email": "coach@example.org", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/workshops/"


@pytest.mark.parametrize(
    "next_, landing",
    [
        ("/workshops/new", "/workshops/new"),
        ("/workshops/7", "/workshops/7"),
        ("/workshops/7/report.csv", "/workshops/7/report.csv"),
        ("/workshops/7?tab=own", "/workshops/7?tab=own"),
        ("/work%09shops/7", "/workshops/7"),  # control characters go, the page stays
    ],
)
def test_login_returns_to_the_page_the_coach_asked_for(client, make_coach, next_, landing):
    make_coach()
    response = client.post(f"/login?next={next_}", data={"email": "coach@example.org", "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == landing


def test_a_page_behind_login_comes_back_after_logging_in(client, make_coach):
    make_coach()
    sent = client.get("/workshops/new")
    assert sent.status_code in (302, 303)
    login_page = sent.headers["Location"]
    response = client.post(login_page, data={"email": "coach@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/workshops/new"


def test_create_coach_command(runner):
    result = runner.invoke(args=["create-coach", "sam@example.org", "--name", "Sam", "--password", "long enough pass"])
    assert result.exit_code == 0, result.output
    sam = db.session.scalar(select(Coach).where(Coach.email == "sam@example.org"))
    assert sam.is_admin  # the very first coach can add the others
    again = runner.invoke(args=["create-coach", "sam@example.org", "--name", "Sam", "--password", "long enough pass"])
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["create-coach", "kim@example.org", "--name", "K", "--password", "short"])
    assert short.exit_code != 0


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"WTF_CSRF_ENABLED": True}

    def token(self, client, path="/login") -> str:
        page = client.get(path)
        return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)

    def test_post_without_token_is_refused(self, client, make_coach):
        make_coach()
        response = client.post("/login", data={"email": "coach@example.org", "password": PASSWORD})
        assert response.status_code == 400
        assert "form has expired" in response.text
        assert client.get("/workshops/").status_code == 302

    def test_wrong_token_is_refused(self, client, make_coach):
        make_coach()
        self.token(client)
        data = {"email": "coach@example.org", "password": PASSWORD, "csrf_token": "forged"}
        assert client.post("/login", data=data).status_code == 400

    def test_token_in_form_or_htmx_header_is_accepted(self, client, make_coach):
        make_coach()
        token = self.token(client)
        data = {"email": "coach@example.org", "password": PASSWORD}
        assert client.post("/login", data=data | {"csrf_token": token}).status_code == 303
        client.post("/logout", headers={"X-CSRFToken": self.token(client, "/workshops/"), "HX-Request": "true"})
        assert client.get("/workshops/").status_code == 302
