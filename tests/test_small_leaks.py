"""Identifiers that must mean nothing outside: calendar UIDs, poll ETags, stored recovery
codes, and log lines (issue 11, attack 9)."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func, select, text

import workshop as package
from workshop.extensions import db
from workshop.models import Participant, Phase, Workshop, digest
from workshop.services.plans import jobs

from .helpers import sid

# Participants get ids no other number in a page or a log line is likely to match.
FIRST_ID = 987654321


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


@pytest.fixture
def distinctive_ids(coach, make_workshop):
    """From here on participants are numbered 987654321, 987654322, ..."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval('participants_id_seq', :n, false)"), {"n": FIRST_ID})
    else:  # SQLite numbers a new row one past the largest id in the table
        elsewhere = make_workshop(coach, title="Elsewhere")
        db.session.add(
            Participant(id=FIRST_ID - 1, workshop_id=elsewhere.id, token_hash="x" * 64, recovery_hash="y", alias="-")
        )
    db.session.commit()


def ids_and_aliases(workshop: Workshop) -> list[str]:
    rows = db.session.execute(select(Participant.id, Participant.alias).where(Participant.workshop_id == workshop.id))
    return [str(value) for row in rows for value in row]


def reflect(phone, code: str, story: str, i: int) -> None:
    """Everything a participant does in the reflect phase, as their phone does it."""
    phone.post(f"/w/{code}/checkin", data={"moment": "before", "confidence": "3", "submission_id": sid()})
    review = phone.post(f"/w/{code}/story", data={"text": story, "role": "Analyst", "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    phone.post(
        f"/w/{code}/story",
        data={"text": story, "role": "Analyst", "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()},
    )
    phone.post(f"/w/{code}/themes", data={"theme": ["no_feedback"], "submission_id": sid()})
    phone.post(
        f"/w/{code}/ratings",
        data={"submission_id": sid(), "reached-screen": "yes", "score-screen": str(2 + i % 3), "note-screen": "hm"},
    )


@pytest.fixture
def room(distinctive_ids, coach, make_workshop, join, screen):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    phones = []
    for i in range(4):
        phone, _ = join(workshop)
        reflect(phone, workshop.join_code, f"They never replied after round {i + 2}.", i)
        phones.append(phone)
    return workshop, phones


# ---- calendar UIDs ----------------------------------------------------------------------


def uids(response) -> list[str]:
    return [str(event["UID"]) for event in Calendar.from_ical(response.data).walk("VEVENT")]


def test_calendar_uids_are_keyed_not_a_hash_of_the_plan(app, room, screen):
    workshop, phones = room
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    url = f"/w/{workshop.join_code}/plan.ics"
    first = uids(phones[0].get(url))
    assert first and first == uids(phones[0].get(url))  # stable: re-importing updates events
    participant = db.session.get(Participant, FIRST_ID)
    plan = jobs.plan_for(participant)
    assert not any(plan.input_hash[:16] in uid for uid in first)  # the unkeyed hash of the inputs
    assert not set(first) & set(uids(phones[1].get(url)))

    app.config["SECRET_KEY"] = "another-secret-key"
    assert not set(first) & set(uids(phones[0].get(url)))  # without the key, nothing to test guesses on


# ---- poll ETags ------------------------------------------------------------------------------


def test_the_home_poll_etag_names_no_participant(room):
    workshop, phones = room
    home = f"/w/{workshop.join_code}/"
    tags = []
    for phone in phones:
        first = phone.get(home, headers={"HX-Request": "true"})
        tag = first.headers["ETag"]
        again = phone.get(home, headers={"HX-Request": "true", "If-None-Match": tag})
        assert again.status_code == 304  # still a cheap, stable tag
        tags.append(tag)
    assert len(set(tags)) == len(tags)
    for value in ids_and_aliases(workshop):
        assert not any(value in tag for tag in tags), value
    page = phones[0].get(home)
    assert tags[0].strip('"') in page.text  # the page carries the tag its poll sends back
    assert str(FIRST_ID) not in page.text


def test_the_plan_status_etag_names_no_participant(room, screen):
    workshop, phones = room
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    tag = phones[0].get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"}).headers["ETag"]
    assert str(FIRST_ID) not in tag
    page = phones[0].get(f"/w/{workshop.join_code}/plan")
    assert str(FIRST_ID) not in page.text


# ---- recovery codes ----------------------------------------------------------------------------


def stored_recovery(workshop: Workshop) -> str:
    return db.session.scalar(select(Participant.recovery_hash).where(Participant.workshop_id == workshop.id))


def test_recovery_codes_are_stored_keyed_and_marked(app, coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    _, code = join(workshop)
    stored = stored_recovery(workshop)
    assert stored.startswith("hmac$")
    plain = digest(f"{workshop.id}:{code.replace('-', '')}")
    assert plain not in stored and plain[:16] not in stored  # an offline search needs the key too
    laptop = app.test_client()
    assert laptop.post(f"/w/{workshop.join_code}/recover", data={"recovery_code": code}).status_code == 303
    assert stored_recovery(workshop) == stored


def test_a_recovery_code_stored_before_keying_still_works_and_is_upgraded(app, coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    _, code = join(workshop)
    keyed = stored_recovery(workshop)
    plain = digest(f"{workshop.id}:{code.replace('-', '')}")
    db.session.execute(Participant.__table__.update().values(recovery_hash=plain))  # a row from before
    db.session.commit()

    laptop = app.test_client()
    wrong = laptop.post(f"/w/{workshop.join_code}/recover", data={"recovery_code": "AAAA-BBBB"})
    assert wrong.status_code == 422 and stored_recovery(workshop) == plain
    assert laptop.post(f"/w/{workshop.join_code}/recover", data={"recovery_code": code}).status_code == 303
    assert laptop.get(f"/w/{workshop.join_code}/").status_code == 200
    assert stored_recovery(workshop) == keyed  # upgraded on use
    again = app.test_client().post(f"/w/{workshop.join_code}/recover", data={"recovery_code": code})
    assert again.status_code == 303


# ---- keyed hashes --------------------------------------------------------------------------


def test_a_keyed_hash_is_the_same_43_url_safe_characters_for_a_text_or_bytes_key(app):
    """Keyed hashes go into response headers, calendar UIDs and stored recovery codes: no
    padding, nothing a URL or a header must escape. A stored recovery code must keep working
    after an upgrade, so the value for a known key is pinned; and Flask takes a secret key as
    bytes as well as text, which must give the same values."""
    from workshop.services.keyed import keyed_hash

    app.config["SECRET_KEY"] = "a key for this test"
    values = [keyed_hash("recovery-code", f"1:ABCD{n:04}") for n in range(50)]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", value) for value in values), values
    assert keyed_hash("recovery-code", "1:ABCD2345") == "NOv3PWdEGHwdcitsNr0abZPFIGIvrIL8bjI7LiiNHZc"
    assert keyed_hash("phone-etag", "1:ABCD2345") != keyed_hash("recovery-code", "1:ABCD2345")

    app.config["SECRET_KEY"] = b"a key for this test"
    assert [keyed_hash("recovery-code", f"1:ABCD{n:04}") for n in range(50)] == values


# ---- log lines ---------------------------------------------------------------------------------


def test_no_log_line_names_a_participant(app, room, screen, caplog, monkeypatch):
    """A plan that fails to render, and every other flow of a workshop, logged at DEBUG."""
    caplog.set_level(logging.DEBUG)
    workshop, phones = room
    code = workshop.join_code

    def broken(_plan_in):
        raise RuntimeError("the renderer fell over")

    monkeypatch.setattr(jobs, "render_bytes", broken)
    for phone in phones:
        phone.get(f"/w/{code}/", headers={"HX-Request": "true"})
        phone.get(f"/w/{code}/")
    recovered = app.test_client()
    recovered.post(f"/w/{code}/recover", data={"recovery_code": "AAAA-BBBB"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.get(f"/workshops/{workshop.id}/report")
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    for phone in phones[:2]:
        phone.get(f"/w/{code}/plan")
        phone.get(f"/w/{code}/plan.pdf")
        phone.get(f"/w/{code}/plan/status", headers={"HX-Request": "true"})
    names = ids_and_aliases(workshop)
    phones[3].post(f"/w/{code}/forget")
    app.test_cli_runner().invoke(args=["render-plans", code])
    app.test_cli_runner().invoke(args=["purge-expired", "--today", "2099-01-01"])

    logged = "\n".join(
        record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        for record in caplog.records
    )
    failures = [r for r in caplog.records if r.name == "rebound.plans" and r.levelno == logging.ERROR]
    assert failures  # the failure was logged, just not who it was
    assert db.session.scalar(select(func.count(Workshop.id))) == 0  # the purge ran too
    for name in names:
        assert name not in logged, name


LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "echo", "secho"}


def test_no_log_call_in_the_code_is_handed_a_participant():
    """The static half: no log call (or CLI message) takes anything named after a participant."""
    offenders = []
    for path in Path(package.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in LOG_CALLS:
                words = ast.unparse(node).lower()
                if "participant" in words or "alias" in words:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_the_distinctive_ids_really_are_in_use(room):
    workshop, _ = room
    assert str(FIRST_ID) in ids_and_aliases(workshop)
