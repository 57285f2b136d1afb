"""Where phones in the room should point (the public URL, or this laptop's LAN address), and
the QR codes that take them there."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import segno
from flask import abort, current_app, request, url_for
from flask_babel import gettext
from markupsafe import Markup

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "[::1]"}


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def public_base_url() -> str:
    """The address phones should open: PUBLIC_URL, else the request's host.

    A coach who opened Rebound as http://localhost:8000 would otherwise put a QR code on the
    wall that points every phone at itself, so a local host name is swapped for the LAN IP.
    """
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    if not request.host:  # a malformed Host header, which Werkzeug drops
        abort(400)
    base = request.host_url.rstrip("/")
    parts = urlsplit(base)
    if parts.hostname in LOCAL_NAMES:
        address = lan_address()
        if address:
            port = f":{parts.port}" if parts.port else ""
            return f"{parts.scheme}://{address}{port}"
    return base


def join_url(workshop) -> str:
    """The page a phone opens to join `workshop` (what its QR codes encode)."""
    return public_base_url() + url_for("participant.home", code=workshop.join_code)


def qr_svg(url: str, title: str | None = None) -> Markup:
    """An inline SVG QR code (no script, no style attribute: safe under our CSP)."""
    title = title or gettext("QR code to join this workshop")
    svg = segno.make(url, error="m").svg_inline(
        scale=8,
        border=2,
        dark="#111",
        light="#fff",
        svgclass="qr",
        omitsize=True,
        title=title,
    )
    return Markup(svg)
