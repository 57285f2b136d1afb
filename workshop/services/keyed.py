"""Keyed hashes: HMAC-SHA-256 under the app's secret key, for values that must mean nothing
to someone without that key (a copy of the database, a calendar file, a response header)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app


def keyed_hash(purpose: str, value: str) -> str:
    """The HMAC of `value` for one `purpose` (each purpose gets unrelated results), as 43
    URL-safe characters.

    Changing SECRET_KEY changes every result: recovery codes stop working (README).
    """
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    mac = hmac.new(key, f"{purpose}\0{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
