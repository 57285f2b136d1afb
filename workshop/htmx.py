"""One place decides whether a request gets a whole page or a fragment of it.

Every URL renders a full page. An htmx request (that is not a history restore or a boosted
navigation) gets only the named block of the same template. Responses always carry
``Vary: HX-Request`` so caches never hand a fragment to a full-page visit.
"""

from __future__ import annotations

from flask import Response, make_response, redirect, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_fragment() -> bool:
    return (
        is_htmx()
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    """Render `template`, or just its `block` for htmx requests."""
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def go(url: str) -> Response:
    """After a successful POST: a 303 for plain forms, a client-side redirect for htmx."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
    else:
        response = redirect(url, code=303)
    response.vary.add("HX-Request")
    return response


def not_modified_or(etag: str, build) -> Response:
    """Answer 304 when the poller already has `etag`; otherwise build and tag a response.

    `build` is only called when something changed, so an unchanged poll costs whatever the
    caller did to compute the etag (by design: one indexed read).
    """
    tag = f'"{etag}"'
    if tag in request.headers.get("If-None-Match", ""):
        response = make_response("", 304)
    else:
        response = build()
    response.headers["ETag"] = tag
    # The page sends its tag itself (static/js/rebound.js): nothing needs to be stored.
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("HX-Request")
    return response
