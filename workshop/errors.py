"""Error pages that say what happened and what to do, and leak nothing else."""

from __future__ import annotations

from flask import Flask, current_app, g, make_response, redirect, request, url_for
from flask_babel import gettext
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, login_manager
from .htmx import is_htmx, render
from .services.languages import N_

MESSAGES = {
    400: (N_("That request did not make sense"), N_("Something in it was malformed. Go back and try again.")),
    401: (N_("Please log in"), N_("Your session has ended. Log in again to continue.")),
    403: (N_("Not allowed"), N_("You cannot do that here.")),
    404: (N_("Not found"), N_("There is nothing here, or it is not yours to see.")),
    405: (N_("Not allowed"), N_("That page cannot be used this way.")),
    409: (N_("Not possible right now"), N_("The workshop has moved on. Reload the page to see where it is now.")),
    413: (N_("Too much text"), N_("That was more than Rebound accepts in one go. Shorten it and try again.")),
    422: (N_("That did not work"), N_("Something in the form was not accepted. Reload the page and try again.")),
    429: (N_("Slow down a little"), N_("Too many attempts in a short time. Wait a minute, then try again.")),
    500: (
        N_("Something went wrong on our side"),
        N_("Your last action may not have been saved. Try again in a moment."),
    ),
    503: (
        N_("Rebound is busy for a moment"),
        N_("Its database did not answer. Nothing you sent was half-saved: try again in a few seconds."),
    ),
}
RETRY_AFTER_SECONDS = 5


def error_page(status: int, title: str | None = None, detail: str | None = None):
    default_title, default_detail = MESSAGES.get(status, MESSAGES[400])
    return render(
        "errors/error.html",
        "error",
        status=status,
        code=status,
        title=title or gettext(default_title),
        detail=detail or gettext(default_detail),
    )


def handle_http(error: HTTPException):
    status = error.code or 500
    if status == 429:
        return error_page(429)
    return error_page(status)


def handle_csrf(error: CSRFError):
    return error_page(
        400,
        gettext("This form has expired"),
        gettext("For your safety the form needs a fresh start. Reload the page and send it again; nothing was saved."),
    )


def handle_crash(error: Exception):
    db.session.rollback()
    # SQL parameters are hidden by the engine settings, so no story text reaches the log.
    current_app.logger.error("unhandled error on %s", request.endpoint, exc_info=error)
    return error_page(500)


def handle_database_away(error: Exception):
    """The database could not be reached (restarting, say): a 503 that says so, which phones
    show in their error banner with a retry button, instead of a crash page. The next
    request checks its connection first (pool_pre_ping) and recovers by itself."""
    if isinstance(error, DBAPIError) and not isinstance(error, OperationalError) and not error.connection_invalidated:
        return handle_crash(error)
    try:
        db.session.rollback()
    except DBAPIError:
        pass
    current_app.logger.error("database unreachable on %s: %s", request.endpoint, type(error).__name__)
    if "_login_user" not in g:  # the page must not ask the database who is logged in
        g._login_user = AnonymousUserMixin()
    response = error_page(503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@login_manager.unauthorized_handler
def unauthorized():
    """Not logged in: go to the login page (any workshop id alike, so nothing leaks)."""
    target = url_for("auth.login", next=request.path) if request.method == "GET" else url_for("auth.login")
    if is_htmx():
        response = make_response("", 401)
        response.headers["HX-Redirect"] = target
        return response
    if request.method == "GET":
        return redirect(target)
    return error_page(401)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_crash)
    app.register_error_handler(DBAPIError, handle_database_away)
    app.register_error_handler(PoolTimeout, handle_database_away)
    app.register_error_handler(Exception, handle_crash)
    app.teardown_request(_rollback_on_error)


def _rollback_on_error(error: BaseException | None) -> None:
    if error is not None:
        try:
            db.session.rollback()
        except DBAPIError:  # the connection is gone with the database; the pool replaces it
            pass
