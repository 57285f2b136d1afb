"""Rebound: live group workshops on handling job rejection."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Cheap by design: no database work, no network.

    Flask, the extensions and the web layer are imported here, not at the top of the
    module: a render process that only needs the services (the PDF pool) then starts
    without loading any of them, which saves it about a second of CPU.
    """
    from flask import Flask

    from . import (
        ahead,
        auth,
        board,
        cards,
        chores,
        cli,
        coach,
        errors,
        health,
        insights,
        language,
        logs,
        participant,
        phone_test,
        plans,
        reflect,
        rehearsal,
        report,
        security,
    )
    from . import config as settings
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    app = Flask(
        __name__,
        instance_path=os.environ.get("REBOUND_INSTANCE_PATH", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(settings.Config)
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)  # the secret key and database live here
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        settings.apply_environment(app.config)
    else:
        app.config.from_mapping(test_config)
    settings.finish(app.config, Path(app.instance_path))

    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=language.select_locale)
    # Templates are extracted with trimmed whitespace (babel.cfg); render them the same way.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    _tune_sqlite(app)

    security.init_app(app)
    logs.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    language.init_app(app)
    chores.init_app(app)
    ahead.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(coach.bp)
    app.register_blueprint(participant.bp)
    app.register_blueprint(reflect.bp)
    app.register_blueprint(plans.bp)
    app.register_blueprint(report.bp)
    app.register_blueprint(board.bp)
    app.register_blueprint(phone_test.bp)
    app.register_blueprint(cards.bp)
    app.register_blueprint(rehearsal.bp)
    app.register_blueprint(insights.bp)
    return app


def _tune_sqlite(app: Flask) -> None:
    from sqlalchemy import event

    from .extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return

    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted stories are overwritten, not just unlinked, inside the database file. Some
        # SQLite builds do this by default; set it anyway (tests/test_deletion_on_disk.py).
        # The write-ahead log is emptied after each erase: services/erasure.py.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    with app.app_context():
        event.listen(db.engine, "connect", on_connect)
