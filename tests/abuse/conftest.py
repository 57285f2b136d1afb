"""Fixtures of the abuse suite: one app, and one room, per test module."""

from __future__ import annotations

import pytest

from workshop import create_app
from workshop.extensions import db

from ..helpers import Client, wipe


@pytest.fixture(scope="module")
def module_app(request, database_url, tmp_path_factory):
    """An app for a whole test module, its context pushed; the database is emptied afterwards.

    For modules whose cases only read, or must change nothing: one room, many requests. A
    module changes the configuration with a module-level APP_CONFIG dict. Never mix with the
    per-test `app` fixture in one module (that one empties the database).
    """
    name = request.module.__name__.rpartition(".")[2].removeprefix("test_")
    settings = {
        "TESTING": True,
        "SECRET_KEY": "abuse-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PUBLIC_URL": "http://rebound.test",
        "PDF_QUEUE": "pool",
        "PDF_WORKERS": 0,
        "BOARD_REFRESH_SECONDS": 0,  # a release as soon as k people changed something
    } | getattr(request.module, "APP_CONFIG", {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REBOUND_INSTANCE_PATH", str(tmp_path_factory.mktemp(name)))
        app = create_app(settings)
    app.test_client_class = Client
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            wipe()
            db.engine.dispose()
