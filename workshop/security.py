"""Response headers and cookie flags that hold for every page, and limits on what a
request may carry (form fields, chunked bodies, ids in URLs)."""

from __future__ import annotations

import io

from flask import Flask, Request, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

# Database ids are 32-bit on PostgreSQL; a bigger number in a URL is simply not found
# (instead of an overflow deep in the database driver).
LARGEST_ID = 2**31 - 1

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def cookie_secure(app: Flask) -> bool:
    """Secure cookies over HTTPS; COOKIE_SECURE=true/false overrides the 'auto' default."""
    setting = str(app.config.get("COOKIE_SECURE", "auto")).lower()
    if setting == "auto":
        return bool(request) and request.is_secure
    return setting in {"1", "true", "yes", "on"}


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:  # type: ignore[override]
        return cookie_secure(app)


class FormParser(FormDataParser):
    """Werkzeug caps only multipart forms at MAX_FORM_PARTS and silently cuts a chunked
    url-encoded body at MAX_CONTENT_LENGTH; both are refused here with a 413 instead."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        body = b"".join(iter(lambda: stream.read(64 * 1024), b""))  # past the limit: 413
        if self.max_form_parts is not None and body.count(b"&") >= self.max_form_parts:
            raise RequestEntityTooLarge()
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


class LimitedRequest(Request):
    form_data_parser_class = FormParser


class RowId(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
        response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    """Call before registering blueprints (the int converter applies to routes added later)."""
    app.request_class = LimitedRequest
    app.url_map.converters["int"] = RowId
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
