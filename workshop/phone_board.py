"""The board as a phone shows it, rendered once per room version instead of once per phone.

When the coach moves the room on, every phone's next poll gets a changed home page within
the same two seconds, and the board is about half of what each one costs to render. What it
shows depends only on the workshop's current release (its `room_version` moves whenever
the board, its names, k or the phase change), the page's language and the themes this
phone is counted in; so the rendered HTML is kept per process under exactly those, and only
the phone's own CSRF token is put in afterwards.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .language import page_language
from .models import Workshop
from .services import releases

# Where the phone's own token goes (the form's hidden field); never a real token's text.
TOKEN_PLACE = "csrf-token-of-this-phone"
KEPT = 512  # rendered boards kept per process: languages × the "mine" sets in a room

_rendered: dict[tuple, str] = {}


def phone_board(workshop: Workshop, mine: Collection[str]) -> Markup:
    """The phone board's HTML for this phone (its token in the "me too" forms)."""
    key = (
        workshop.id,
        workshop.join_code,  # a workshop id can come back in another database (tests)
        workshop.room_version,
        workshop.phase,
        page_language(),
        frozenset(mine),
    )
    html = _rendered.get(key)
    if html is None:
        html = render_template(
            "board/_phone_board.html",
            workshop=workshop,
            snap=releases.board(workshop),
            mine=mine,
            token_place=TOKEN_PLACE,
        )
        if len(_rendered) >= KEPT:
            _rendered.clear()  # a new room version makes the old ones useless anyway
        _rendered[key] = html
    return Markup(html.replace(TOKEN_PLACE, generate_csrf()))
