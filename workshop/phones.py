"""Who is this phone: its token cookie, its workshop and participant, and its home page's ETag.

A participant is never asked who they are. Their identity is a random token in a cookie that
lives only under /w/<code>/; the database keeps only its SHA-256 (services.participants).
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, time

from flask import abort, current_app, g, request, url_for
from sqlalchemy import bindparam, func, select

from .extensions import db
from .models import Participant, ParticipantTheme, StageRating, Story, Workshop, digest
from .security import cookie_secure
from .services.codes import normalise_code
from .services.keyed import keyed_hash
from .services.releases import CATEGORIES as REVISED


def cookie_path(workshop: Workshop) -> str:
    return url_for("participant.home", code=workshop.join_code)


def token_hash() -> str | None:
    """The SHA-256 of this phone's token cookie (what the database keeps), or None."""
    token = request.cookies.get(current_app.config["PARTICIPANT_COOKIE_NAME"])
    if not token or len(token) > 100:
        return None
    return digest(token)


def set_token(response, workshop: Workshop, token: str):
    """The token cookie lives until the workshop's data is purged, and only under /w/<code>/."""
    expires = datetime.combine(workshop.retain_until, time(23, 59), tzinfo=UTC)
    response.set_cookie(
        current_app.config["PARTICIPANT_COOKIE_NAME"],
        token,
        expires=expires,
        path=cookie_path(workshop),
        secure=cookie_secure(current_app),
        httponly=True,
        samesite="Lax",
    )
    return response


def drop_token(response, workshop: Workshop):
    """Forget this phone: the token cookie goes."""
    response.delete_cookie(current_app.config["PARTICIPANT_COOKIE_NAME"], path=cookie_path(workshop))
    return response


# The statement every phone request runs, built once (building one costs more than running it).
PHONE = (
    select(Workshop, Participant)
    .join(Participant, Participant.workshop_id == Workshop.id)
    .where(Workshop.join_code == bindparam("code"), Participant.token_hash == bindparam("token_hash"))
)


def phone_of(code: str) -> tuple[Workshop, Participant] | None:
    """One indexed read: this phone's workshop and participant, or None. Read once per
    request (the join limiter asks first, then the page)."""
    hashed = token_hash()
    if hashed is None:
        return None
    key = (normalise_code(code), hashed)
    seen = g.setdefault("phones_seen", {})
    if key not in seen:
        row = db.session.execute(PHONE, {"code": key[0], "token_hash": hashed}).first()
        seen[key] = (row[0], row[1]) if row else None
    return seen[key]


# The home page's statement: the phone's row, and what the participant has done so far
# (story, ratings, themes), so the page a poll swaps in costs one read beside the poll's own.
PHONE_AT_HOME = PHONE.add_columns(
    select(func.count(Story.id)).where(Story.participant_id == Participant.id).scalar_subquery(),
    select(func.count()).select_from(StageRating).where(StageRating.participant_id == Participant.id).scalar_subquery(),
    select(func.aggregate_strings(ParticipantTheme.theme_key, ","))
    .where(ParticipantTheme.participant_id == Participant.id)
    .scalar_subquery(),
)


def phone_at_home(code: str) -> tuple[Workshop, Participant, tuple[int, int, str | None]] | None:
    """This phone's workshop and participant with (stories, ratings, their themes joined by
    commas) in one read, or None."""
    hashed = token_hash()
    if hashed is None:
        return None
    row = db.session.execute(PHONE_AT_HOME, {"code": normalise_code(code), "token_hash": hashed}).first()
    if row is None:
        return None
    g.setdefault("phones_seen", {})[(normalise_code(code), hashed)] = (row[0], row[1])
    return row[0], row[1], (row[2], row[3], row[4])


# The phone's poll only asks "has my page changed?": a few integers and the two languages the
# page's own may come from, no ORM objects loaded. The page shows the room (its version) and
# what this phone has done (its revisions), so a change of either makes another page.
OWN_REVISIONS = tuple(getattr(Participant, f"{kind}_revision") for kind in REVISED)
HOME_TAG = (
    select(Participant.id, Workshop.room_version, Participant.language, Workshop.language, *OWN_REVISIONS)
    .join(Workshop, Participant.workshop_id == Workshop.id)
    .where(Workshop.join_code == bindparam("code"), Participant.token_hash == bindparam("token_hash"))
)


def home_etag(code: str, speaks) -> str | None:
    """The ETag of this phone's home page (as `home` sets it), or None for a stranger.
    `speaks(participant_language, workshop_language)` says which language the page is in."""
    hashed = token_hash()
    if hashed is None:
        return None
    with db.engine.connect() as connection:  # no ORM session needed for a few integers
        row = connection.execute(HOME_TAG, {"code": normalise_code(code), "token_hash": hashed}).first()
    return home_tag(row[0], row[1], speaks(row[2], row[3]), row[4:]) if row else None


def own_revisions(participant: Participant) -> tuple[int, ...]:
    """What this phone has done, as the home page's ETag counts it (see `home_tag`)."""
    return tuple(getattr(participant, f"{kind}_revision") for kind in REVISED)


def home_tag(participant_id: int, room_version: int, language: str, revisions) -> str:
    """The home page's ETag (templates put it in the page, so its poll can send it back).
    A page in another language is another page; so is one from before this phone's own
    change: a poll answered just before a "me too" or a check-in, arriving just after it,
    must not stay on the phone as if it were current."""
    own = ".".join(map(str, revisions))
    return f"h-{phone_tag(participant_id)}-{room_version}-{own}-{language}"


def plan_status_tag(participant_id: int, state: str) -> str:
    return f"s-{phone_tag(participant_id)}-{state}"


def phone_tag(participant_id: int) -> str:
    """Stands for the participant in this phone's ETags: the same on every poll, and
    meaningless without the secret key (their database id would tell how many people
    have used this server, and in what order)."""
    return keyed_hash("phone-etag", str(participant_id))[:20]


# ---- the browser, for the join limiter only -------------------------------------------------

DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
DEVICE_COOKIE_DAYS = 2


def device_id() -> str:
    """This browser's id for counting its wrong join codes (rebound_device cookie, path /).

    A browser without one gets a new one here, sent back with the response. The id is never
    stored with anything a participant wrote; it lives only in the rate limiter's counters.
    """
    if "device_id" not in g:
        found = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"], "")
        g.device_id, g.new_device = (found, False) if DEVICE_ID.match(found) else (secrets.token_urlsafe(16), True)
    return g.device_id


def keep_device(response):
    """Send a newly made device id back to the browser (after_request of the join routes)."""
    if g.get("new_device"):
        response.set_cookie(
            current_app.config["DEVICE_COOKIE_NAME"],
            g.device_id,
            max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
            path="/",
            secure=cookie_secure(current_app),
            httponly=True,
            samesite="Lax",
        )
    return response


def current_phone(code: str) -> tuple[Workshop, Participant]:
    """The workshop and the participant this phone belongs to, or a 404."""
    found = phone_of(code)
    if found is None:
        abort(404)
    g.participant = found[1]
    return found
