"""Shared fixtures: an app on a migrated database, clients, and factories that return callables.

The database is migrated once per test session (SQLite in a temp folder, or the PostgreSQL
database named by TEST_DATABASE_URL, whose public schema is dropped first) and emptied after
every test, so each test starts from nothing. DATABASE_URL is never read by the tests.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, text

from workshop import create_app
from workshop.extensions import db
from workshop.models import Coach, Phase, Workshop
from workshop.services import workshops as ops
from workshop.services.plans import jobs

from .helpers import PASSWORD, Client, password_hash, wipe

# The first SQLite database migrated in this process, copied by later sessions in it: the
# mutation run (`make mutants`) starts one short pytest session per mutant in a process forked
# from one that has migrated already, and each would otherwise spend seconds on migrations.
_migrated: list[bytes] = []
CACHED = type(functools.cache(len))


def pytest_sessionstart(session) -> None:
    """Under `make mutants`, forget every result the app's own functions cached: each mutant's
    session runs in a process forked from one that ran the tests on the unchanged code, and a
    cached answer (a phone number's verdict, the employer pattern) would hide the planted bug."""
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    for name, module in list(sys.modules.items()):
        if name == "workshop" or name.startswith("workshop."):
            for value in list(vars(module).values()):
                if type(value) is CACHED:  # type(), not isinstance(): Flask's proxies live here too
                    value.cache_clear()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    else:
        path = tmp_path_factory.mktemp("db") / "rebound-test.sqlite3"
        if _migrated:
            path.write_bytes(_migrated[0])
            return f"sqlite:///{path}"
        url = f"sqlite:///{path}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.engine.dispose()  # the last connection closed: the write-ahead log is folded in
    if url.startswith("sqlite"):
        _migrated[:] = [path.read_bytes()]
    return url


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """The test configuration; a test may change it before asking for `app`."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PUBLIC_URL": "http://rebound.test",
        "PDF_QUEUE": "pool",
        "PDF_WORKERS": 0,
        "BOARD_REFRESH_SECONDS": 0,
    }


@pytest.fixture
def app(app_config, tmp_path, monkeypatch):
    monkeypatch.setenv("REBOUND_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    app.test_client_class = Client
    with app.app_context():
        yield app
        jobs.wait_for_background()  # a click's thread must not outlive its test's rows
        db.session.remove()
        wipe()
        db.engine.dispose()


@pytest.fixture
def real_pace(app, monkeypatch):
    """Releases at least five seconds apart, as in production, on a clock that stands still
    for the releases (however slow the machine, a room filled at once fills within one wait)."""
    from workshop.models import utcnow
    from workshop.services import releases

    app.config["BOARD_REFRESH_SECONDS"] = 5
    now = utcnow()
    monkeypatch.setattr(releases, "utcnow", lambda: now)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_coach(app):
    def make(email: str = "coach@example.org", name: str = "Coach", admin: bool = False) -> Coach:
        coach = Coach(email=email, name=name, is_admin=admin, password_hash=password_hash())
        db.session.add(coach)
        db.session.commit()
        return coach

    return make


@pytest.fixture
def login():
    def log_in(client, email: str = "coach@example.org", password: str = PASSWORD):
        return client.post("/login", data={"email": email, "password": password})

    return log_in


@pytest.fixture
def make_workshop(app):
    def make(coach: Coach, phase: Phase = Phase.LOBBY, **fields) -> Workshop:
        values = {
            "title": "Bouncing back",
            "date": date(2026, 12, 3),
            "description": "",
            "employers": "Acme Logistics\nNorthwind Bank",
            "min_group_size": 3,
            "retention_days": 30,
            "paper_size": "A4",
            "coach_note": "",
        } | fields
        workshop = ops.create_workshop(coach, values, ops.default_stage_rows())
        workshop.phase = phase
        db.session.commit()
        return workshop

    return make


@pytest.fixture
def join(app):
    """A new phone joins: returns (client, recovery_code)."""

    def join_as(workshop: Workshop):
        phone = app.test_client()
        response = phone.post(f"/w/{workshop.join_code}/join")
        assert response.status_code == 200, response.status_code
        code = re.search(r'data-testid="recovery-code">([A-Z0-9-]+)<', response.text).group(1)
        return phone, code

    return join_as


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside a `with count_queries() as n:` block (n[0])."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        seen = [0]

        def before(*_args):
            seen[0] += 1

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield seen
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting
