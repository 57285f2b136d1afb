"""/healthz for load balancers and monitoring: is the app up, and can it reach its database?"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.error("health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def hello():
    """The benchmarks' yardstick: the same app, server and middleware, and no work at all."""
    return current_app.response_class("hello", mimetype="text/plain")


@bp.record_once
def add_benchmark_routes(state) -> None:
    if state.app.config.get("BENCHMARK_ROUTES"):
        state.app.add_url_rule("/bench/hello", "bench_hello", hello, methods=["GET"])
