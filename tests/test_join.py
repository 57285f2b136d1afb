"""Phones join by code or QR, keep their identity, and can come back with a recovery code."""

from __future__ import annotations

import re

import pytest
import segno
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Participant, Phase, digest

from .helpers import Client


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def workshop(coach, make_workshop):
    return make_workshop(coach, phase=Phase.LOBBY)


def people() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def test_the_join_page_explains_privacy_before_joining(client, workshop):
    page = client.get(f"/w/{workshop.join_code}/")
    assert page.status_code == 200
    assert "Join anonymously" in page.text
    assert "at least 3 people" in page.text
    assert workshop.retain_until.strftime("%-d %B %Y") in page.text
    assert people() == 0  # looking is not joining


def test_joining_gives_an_alias_a_secret_cookie_and_a_recovery_code(client, workshop):
    response = client.post(f"/w/{workshop.join_code}/join")
    assert response.status_code == 200
    [participant] = db.session.scalars(select(Participant)).all()
    assert participant.alias in response.text
    code = re.search(r'data-testid="recovery-code">([A-Z0-9-]+)<', response.text).group(1)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Path=/w/{workshop.join_code}/" in cookie
    token = client.get_cookie("rebound_participant", path=f"/w/{workshop.join_code}/").value
    assert len(token) >= 22  # urlsafe base64 of at least 16 random bytes (128 bits)
    assert participant.token_hash == digest(token) and token not in participant.token_hash

    home = client.get(f"/w/{workshop.join_code}/")
    assert f"You are <strong>{participant.alias}</strong>" in home.text
    assert code not in home.text  # the recovery code is shown once


def set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_a_phones_token_cookie_ends_with_the_workshops_data_and_is_secure_over_https(app, workshop):
    """The token cookie outlives no data: it expires at 23:59 UTC on the day the workshop is
    erased, and over HTTPS it is Secure."""
    plain = set_cookies(app.test_client().post(f"/w/{workshop.join_code}/join"))["rebound_participant"]
    assert f"Expires={workshop.retain_until.strftime('%a, %d %b %Y')} 23:59:00 GMT" in plain
    assert "Secure" not in plain  # plain HTTP in the room
    https = app.test_client().post(f"/w/{workshop.join_code}/join", base_url="https://rebound.test")
    assert "Secure" in set_cookies(https)["rebound_participant"]


def test_same_phone_rejoining_stays_the_same_participant(client, workshop):
    client.post(f"/w/{workshop.join_code}/join")
    again = client.post(f"/w/{workshop.join_code}/join")
    assert again.status_code == 303
    assert people() == 1


def test_a_browser_that_joined_is_the_same_participant_by_every_way_in(client, workshop):
    """Sybil resistance within reason: the token cookie, scoped to this workshop's path, is
    the device cookie; the QR link, the typed code and the join button all find it."""
    code = workshop.join_code
    first = client.post(f"/w/{code}/join")
    alias = re.search(r"You are <strong>([^<]+)</strong>", client.get(f"/w/{code}/").text).group(1)
    typed = client.post("/join", data={"code": code.lower()})
    assert typed.status_code == 303 and client.get(typed.headers["Location"]).text.count(alias) >= 1
    for _ in range(3):
        assert client.post(f"/w/{code}/join", headers={"HX-Request": "true"}).status_code == 204
        assert client.post(f"/w/{code}/join").status_code == 303
    assert first.status_code == 200 and people() == 1
    assert "Join anonymously" not in client.get(f"/w/{code}/").text


def test_after_deleting_their_data_a_browser_joins_as_someone_new(client, workshop):
    code = workshop.join_code
    client.post(f"/w/{code}/join")
    before = db.session.scalar(select(Participant.token_hash))
    client.post(f"/w/{code}/forget")
    assert client.post(f"/w/{code}/join").status_code == 200
    assert people() == 1 and db.session.scalar(select(Participant.token_hash)) != before


def test_one_browser_in_two_workshops_is_two_unlinked_participants(client, coach, workshop, make_workshop):
    other = make_workshop(coach, phase=Phase.LOBBY, title="Another evening")
    assert client.post(f"/w/{workshop.join_code}/join").status_code == 200
    assert client.post(f"/w/{other.join_code}/join").status_code == 200
    rows = db.session.execute(select(Participant.workshop_id, Participant.token_hash)).all()
    assert {row.workshop_id for row in rows} == {workshop.id, other.id}
    assert rows[0].token_hash != rows[1].token_hash  # a cookie per workshop: nothing links the two


def test_two_phones_are_two_participants_with_different_aliases(workshop, join):
    join(workshop)
    join(workshop)
    aliases = db.session.scalars(select(Participant.alias)).all()
    assert len(aliases) == 2 and aliases[0] != aliases[1]


def test_join_form_finds_the_workshop_however_the_code_is_typed(client, workshop):
    typed = " " + "-".join([workshop.join_code[:3].lower(), workshop.join_code[3:]]) + " "
    response = client.post("/join", data={"code": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/w/{workshop.join_code}/"


@pytest.mark.parametrize("typed, message", [("ZZZZZZ", "No open workshop has that code"), ("AB", "6-character code")])
def test_wrong_codes_get_a_clear_message(client, workshop, typed, message):
    response = client.post("/join", data={"code": typed})
    assert response.status_code == 422
    assert message in response.text
    assert client.get(f"/w/{typed}/").status_code == 404


def test_a_workshop_being_prepared_cannot_be_joined(client, coach, make_workshop):
    draft = make_workshop(coach, phase=Phase.DRAFT)
    assert client.get(f"/w/{draft.join_code}/").status_code == 404
    assert client.post(f"/w/{draft.join_code}/join").status_code == 404
    assert client.post("/join", data={"code": draft.join_code}).status_code == 422
    assert people() == 0


def test_a_closed_workshop_takes_no_new_participants_but_keeps_its_own(client, workshop, join):
    phone, _ = join(workshop)
    workshop.phase = Phase.CLOSED
    db.session.commit()
    newcomer = client.post(f"/w/{workshop.join_code}/join")
    assert newcomer.status_code == 404 and "has closed" in newcomer.text
    assert people() == 1
    assert phone.get(f"/w/{workshop.join_code}/").status_code == 200


def test_failed_join_attempts_are_rate_limited_but_a_busy_room_is_not(app_config, workshop):
    from workshop import create_app

    app = create_app(app_config | {"RATELIMIT_ENABLED": True, "JOIN_RATE_LIMIT": "5 per minute"})
    app.test_client_class = Client
    phones = [app.test_client() for _ in range(8)]
    for phone in phones:  # eight people behind one venue Wi-Fi address
        assert phone.post(f"/w/{workshop.join_code}/join").status_code == 200
    guesser = app.test_client()
    statuses = [guesser.post("/join", data={"code": f"ZZZZZ{c}"}).status_code for c in "ABCDEF"]
    assert statuses == [422] * 5 + [429]
    assert "Too many attempts" in guesser.post("/join", data={"code": workshop.join_code}).text
    assert people() == 8


def test_recovery_code_moves_the_participant_to_a_new_device(app, workshop, join):
    old_phone, code = join(workshop)
    laptop = app.test_client()
    wrong = laptop.post(f"/w/{workshop.join_code}/recover", data={"recovery_code": "AAAA-BBBB"})
    assert wrong.status_code == 422 and "does not match" in wrong.text

    response = laptop.post(f"/w/{workshop.join_code}/recover", data={"recovery_code": code.lower().replace("-", " ")})
    assert response.status_code == 303
    [participant] = db.session.scalars(select(Participant)).all()
    assert participant.alias in laptop.get(f"/w/{workshop.join_code}/").text
    # whoever holds the code holds the identity: the old device is signed out
    assert old_phone.get(f"/w/{workshop.join_code}/").text.count("Join anonymously") == 1
    assert people() == 1


def test_a_recovery_code_only_works_in_its_own_workshop(app, coach, workshop, make_workshop, join):
    other = make_workshop(coach, title="Another evening")
    _, code = join(workshop)
    stranger = app.test_client()
    response = stranger.post(f"/w/{other.join_code}/recover", data={"recovery_code": code})
    assert response.status_code == 422


def test_delete_my_data_removes_the_participant_at_once(workshop, join):
    phone, _ = join(workshop)
    confirm = phone.get(f"/w/{workshop.join_code}/forget")
    assert "cannot be undone" in confirm.text
    response = phone.post(f"/w/{workshop.join_code}/forget")
    assert response.status_code == 200 and "Your data is deleted" in response.text
    assert people() == 0
    assert "Join anonymously" in phone.get(f"/w/{workshop.join_code}/").text


def test_someone_elses_phone_cannot_delete_my_data(app, workshop, join):
    join(workshop)
    stranger = app.test_client()
    assert stranger.post(f"/w/{workshop.join_code}/forget").status_code == 404
    assert people() == 1


class TestProjector:
    @pytest.fixture
    def screen(self, client, coach, login):
        login(client)
        return client

    def test_shows_code_qr_address_count_and_phase(self, screen, workshop, join):
        join(workshop)
        page = screen.get(f"/workshops/{workshop.id}/projector")
        assert page.status_code == 200
        assert workshop.join_code in page.text
        url = f"http://rebound.test/w/{workshop.join_code}/"
        assert url in page.text
        expected = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#111", light="#fff")
        qr_path = re.search(r'class="qrline"[^>]* d="([^"]+)"', page.text).group(1)
        assert qr_path in expected  # the QR really encodes the join address
        assert re.search(r'count-number">1<', page.text)
        assert "Lobby" in page.text

    def test_polling_is_a_304_until_something_changes(self, screen, workshop, join):
        first = screen.get(f"/workshops/{workshop.id}/projector", headers={"HX-Request": "true"})
        assert "<html" not in first.text and 'id="live"' in first.text
        assert first.headers["Vary"].count("HX-Request") == 1
        etag = first.headers["ETag"]
        unchanged = screen.get(
            f"/workshops/{workshop.id}/projector",
            headers={"HX-Request": "true", "If-None-Match": etag},
        )
        assert unchanged.status_code == 304 and unchanged.data == b""
        join(workshop)
        changed = screen.get(
            f"/workshops/{workshop.id}/projector",
            headers={"HX-Request": "true", "If-None-Match": etag},
        )
        assert changed.status_code == 200 and changed.headers["ETag"] != etag
        assert re.search(r'count-number">1<', changed.text)

    def test_a_local_address_is_swapped_for_the_lan_address(self, app, screen, workshop, monkeypatch):
        from workshop import network

        app.config["PUBLIC_URL"] = ""
        monkeypatch.setattr(network, "lan_address", lambda: "192.168.4.20")
        page = screen.get(f"/workshops/{workshop.id}/projector", base_url="http://localhost:8000")
        assert f"http://192.168.4.20:8000/w/{workshop.join_code}/" in page.text
        assert "localhost" not in page.text


# ---- the browser's join-limiter cookie, the token's removal, the phone's page and poll --------


@pytest.fixture
def limited(app_config, app):
    """The app with its join limits on (tests run without them). Made after `app`: the
    limiter is one object, and the app made last decides whether it is on."""
    from workshop import create_app

    app = create_app(app_config | {"RATELIMIT_ENABLED": True})
    app.test_client_class = Client
    return app


def test_the_join_limiters_browser_cookie_is_httponly_lax_site_wide_and_lasts_two_days(limited, workshop):
    """The id that counts a browser's wrong codes: scripts cannot read it, other sites do not
    send it, every join route sees it, it is Secure over HTTPS, and it is gone in two days."""
    app = limited
    plain = set_cookies(app.test_client().post("/join", data={"code": "ZZZZZZ"}))["rebound_device"]
    attributes = {part.strip().split("=")[0]: part.strip() for part in plain.split(";")[1:]}
    assert attributes.keys() >= {"HttpOnly", "Path", "Max-Age", "SameSite"}
    assert attributes["Path"] == "Path=/" and attributes["SameSite"] == "SameSite=Lax"
    assert attributes["Max-Age"] == f"Max-Age={2 * 24 * 3600}" and "Secure" not in attributes
    https = app.test_client().post("/join", data={"code": "ZZZZZZ"}, base_url="https://rebound.test")
    assert "Secure" in set_cookies(https)["rebound_device"]


def test_a_browser_keeps_its_join_limiter_id_and_guessing_does_not_stretch_its_life(limited, workshop):
    client = limited.test_client()
    first = set_cookies(client.post("/join", data={"code": "ZZZZZZ"}))
    assert "rebound_device" in first
    kept = client.get_cookie("rebound_device").value
    again = client.post("/join", data={"code": "ZZZZZY"})
    assert again.status_code == 422 and "rebound_device" not in set_cookies(again)
    assert client.get_cookie("rebound_device").value == kept


def test_a_new_browser_has_one_join_limiter_id_however_often_it_is_asked(app):
    from workshop.phones import device_id

    with app.app_context(), app.test_request_context("/join", method="POST"):
        assert device_id() == device_id()
    cookie = {"Cookie": "rebound_device=" + "a" * 22}
    with app.app_context(), app.test_request_context("/join", method="POST", headers=cookie):
        assert device_id() == device_id() == "a" * 22


def test_delete_my_data_takes_the_token_cookie_from_the_phone(workshop, join):
    phone, _ = join(workshop)
    path = f"/w/{workshop.join_code}/"
    assert phone.get_cookie("rebound_participant", path=path) is not None
    response = phone.post(f"{path}forget")
    assert f"Path={path}" in set_cookies(response)["rebound_participant"]
    assert phone.get_cookie("rebound_participant", path=path) is None


def test_a_phone_whose_participant_is_gone_gets_a_404_from_its_poll(workshop, join):
    phone, _ = join(workshop)
    db.session.execute(Participant.__table__.delete())
    db.session.commit()
    poll = phone.get(f"/w/{workshop.join_code}/", headers={"HX-Request": "true"})
    assert poll.status_code == 404


def page_tag(page) -> str:
    return re.search(r'data-etag="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize(("room", "own", "shown"), [("ms", None, "ms"), ("ms", "id", "id"), ("id", "en", "en")])
def test_a_phone_sees_its_own_language_and_its_poll_is_unchanged_while_nothing_changes(
    coach, make_workshop, join, room, own, shown
):
    """The page speaks the phone's own choice, else the room's; the tag the page carries is
    the one its 2-second poll is answered by, so an unchanged page costs a 304."""
    workshop = make_workshop(coach, phase=Phase.REFLECT, language=room)
    phone, _ = join(workshop)
    db.session.execute(Participant.__table__.update().values(language=own))
    db.session.commit()
    home = f"/w/{workshop.join_code}/"
    page = phone.get(home)
    assert re.search(r'<html lang="([^"]+)"', page.text).group(1) == shown
    assert page_tag(page).endswith(f"-{shown}")
    poll = phone.get(home, headers={"HX-Request": "true", "If-None-Match": f'"{page_tag(page)}"'})
    assert poll.status_code == 304


def test_a_phones_own_change_makes_its_page_a_new_page(coach, make_workshop, join):
    """The tag moves with what this phone did, not only with the room: a page from before
    its own check-in is answered in full (never a 304 that keeps the old form showing), and
    the other phones' pages stay current."""
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    (phone, _), (other, _) = join(workshop), join(workshop)
    home = f"/w/{workshop.join_code}/"
    before, others = phone.get(home), other.get(home)
    assert "How confident do you feel" in before.text
    saved = phone.post(
        f"/w/{workshop.join_code}/checkin",
        data={"moment": "before", "confidence": "3", "submission_id": "c" * 32},
    )
    assert saved.status_code == 303
    poll = phone.get(home, headers={"HX-Request": "true", "If-None-Match": f'"{page_tag(before)}"'})
    assert poll.status_code == 200 and "How confident do you feel" not in poll.text
    assert poll.headers["ETag"] == f'"{page_tag(poll)}"' != f'"{page_tag(before)}"'
    again = phone.get(home, headers={"HX-Request": "true", "If-None-Match": poll.headers["ETag"]})
    assert again.status_code == 304
    unchanged = other.get(home, headers={"HX-Request": "true", "If-None-Match": f'"{page_tag(others)}"'})
    assert unchanged.status_code == 304


def test_the_phones_home_page_reads_the_phone_once(app, coach, make_workshop, join):
    """The page and its language both need the phone: one read serves both."""
    from sqlalchemy import event

    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id")
    phone, _ = join(workshop)
    reads = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "token_hash" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert phone.get(f"/w/{workshop.join_code}/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(reads) == 1


def step_state(page, step: str) -> str:
    return re.search(rf'{step}</a>\s*<span class="step-state">([^<]+)<', page.text).group(1)


def test_the_phones_home_page_shows_which_steps_are_done(coach, make_workshop, join):
    from .helpers import sid

    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phone, _ = join(workshop)
    home = f"/w/{workshop.join_code}/"
    assert step_state(phone.get(home), "Your story") == step_state(phone.get(home), "Rate the stages") == "To do"
    rated = {"submission_id": sid(), "reached-screen": "yes", "score-screen": "2", "note-screen": ""}
    assert phone.post(f"/w/{workshop.join_code}/ratings", data=rated).status_code in (200, 303)
    page = phone.get(home)
    assert step_state(page, "Your story") == "To do"  # rating first does not tick the story
    assert step_state(page, "Rate the stages") == "Done · edit"
