"""When the database does not answer (a restart, a network blip): a 503 that says so, which
phones show in their error banner with a retry button, nothing half-saved, and the next
request after it is back works by itself. Redis being away is covered where it is used
(tests/test_render_queues.py, tests/abuse/test_limits.py) and for real in tests/scale/."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from workshop.extensions import db
from workshop.models import Phase, StageRating

from .helpers import sid


@pytest.fixture
def workshop(make_coach, make_workshop):
    return make_workshop(make_coach(), phase=Phase.REFLECT)


@contextmanager
def database_away(error=None):
    """Every statement fails as it does while PostgreSQL restarts."""

    def refuse(*_args):
        raise error or OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


def ratings(phone, code: str, score: str = "4", htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    return phone.post(
        f"/w/{code}/ratings",
        data={"submission_id": sid(), "reached-screen": "yes", "score-screen": score},
        headers=headers,
    )


def saved_ratings() -> int:
    return db.session.scalar(select(func.count()).select_from(StageRating))


def assert_busy(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Rebound is busy for a moment" in response.text
    assert "did not answer" in response.text and "try again in a few seconds" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_a_page_asked_for_while_the_database_is_away_says_so_and_offers_a_reload(workshop, join):
    phone, _ = join(workshop)
    home = f"/w/{workshop.join_code}/"
    with database_away():
        response = phone.get(home)
    assert_busy(response)
    assert "Reload this page" in response.text
    assert phone.get(home).status_code == 200  # back by itself


def test_an_htmx_submit_gets_the_message_for_the_phones_error_banner(workshop, join):
    """static/js/rebound.js shows the fragment's heading and sentence with a retry button."""
    phone, _ = join(workshop)
    code = workshop.join_code
    with database_away():
        response = ratings(phone, code, htmx=True)
    assert_busy(response)
    assert 'id="problem"' in response.text and "<h1>" in response.text
    assert "<html" not in response.text  # a fragment, not a page
    assert saved_ratings() == 0
    assert ratings(phone, code).status_code == 303  # the retry works
    assert saved_ratings() == 1


def test_the_coach_gets_the_same_page_without_the_database_being_asked_who_they_are(client, login, workshop):
    login(client)
    page = f"/workshops/{workshop.id}"
    with database_away():
        response = client.get(page)
    assert_busy(response)
    assert client.get(page).status_code == 200


def test_the_health_check_reports_the_database_unreachable(client):
    with database_away():
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json == {"status": "error", "database": "unreachable"}
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}


def test_a_bug_in_a_query_is_still_a_500_not_an_outage(workshop, join):
    phone, _ = join(workshop)
    code = workshop.join_code
    with database_away(IntegrityError("INSERT", {}, Exception("constraint"))):
        response = ratings(phone, code)
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
