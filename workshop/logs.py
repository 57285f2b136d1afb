"""One structured line per request. Never the body, the query string, a cookie or a token."""

from __future__ import annotations

import json
import logging
import time

from flask import Flask, g, request

log = logging.getLogger("rebound.requests")


def init_app(app: Flask) -> None:
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    log.setLevel(level)
    if not log.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.propagate = False

    @app.before_request
    def start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if request.endpoint == "static":
            return response
        started = g.get("started", time.perf_counter())
        log.info(
            json.dumps(
                {
                    "method": request.method,
                    "endpoint": request.endpoint,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "htmx": request.headers.get("HX-Request") == "true",
                },
                separators=(",", ":"),
            )
        )
        return response
