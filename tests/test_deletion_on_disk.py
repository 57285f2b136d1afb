"""Deletion leaves nothing: after each kind of erase, the words are gone from every SQLite
file (database, write-ahead log, shared memory), and the files are private to the app."""

from __future__ import annotations

import os
import re
import secrets
import stat
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, text

from workshop import create_app
from workshop.extensions import db
from workshop.models import Phase, StageRating, Story

from .helpers import sid


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip(
            "SQLite only: reads SQLite's own files and its PRAGMA secure_delete, which PostgreSQL "
            "has not; PostgreSQL keeps dead rows until VACUUM (README, Threat model)"
        )


def marker(kind: str) -> str:
    """One lower-case word that redaction leaves alone and nothing else contains."""
    return f"{kind}marker" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(16))


def database_files() -> dict[str, bytes]:
    main = Path(db.engine.url.database)
    files = {suffix: Path(f"{main}{suffix}") for suffix in ("", "-wal", "-shm")}
    return {suffix or "main": path.read_bytes() for suffix, path in files.items() if path.exists()}


def found_in_files(words: list[str]) -> dict[str, list[str]]:
    """For each word, the database files that still hold it."""
    files = database_files()
    return {word: [name for name, data in files.items() if word.encode() in data] for word in words}


def write_everything(phone, code: str, story: str, role: str, note: str) -> None:
    review = phone.post(f"/w/{code}/story", data={"text": story, "role": role, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    confirmed = phone.post(
        f"/w/{code}/story",
        data={"text": story, "role": role, "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()},
    )
    assert confirmed.status_code == 303
    saved = phone.post(
        f"/w/{code}/ratings",
        data={"submission_id": sid(), "reached-screen": "yes", "score-screen": "2", "note-screen": note},
    )
    assert saved.status_code == 303


def secure_delete_off(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA secure_delete=OFF")


@pytest.fixture
def default_off(sqlite_only):
    """Connections start with secure_delete off, as on a SQLite build that does not turn
    it on by default (this one does), so only the app's own pragma can turn it on."""
    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", secure_delete_off, insert=True)
    yield
    db.session.remove()
    event.remove(db.engine, "connect", secure_delete_off)
    db.engine.dispose()


@pytest.fixture
def room(default_off, make_coach, make_workshop, join, client, login):
    """Two participants; the first wrote three markers (story, role, rating note)."""
    coach = make_coach()
    login(client)
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    words = [marker("story"), marker("role"), marker("note")]
    phone, _ = join(workshop)
    write_everything(phone, workshop.join_code, f"They never wrote back, {words[0]} and all.", words[1], words[2])
    neighbour, _ = join(workshop)
    kept = marker("kept")
    write_everything(neighbour, workshop.join_code, f"The panel was cold, {kept} indeed.", "Designer", "fine")
    stored = " ".join(
        [*db.session.scalars(select(Story.text)), *db.session.scalars(select(Story.role))]
        + list(db.session.scalars(select(StageRating.note)))
    )
    assert all(word in stored for word in [*words, kept])  # stored as typed: redaction kept them
    assert all(found_in_files(words).values())  # so the search below can find them
    return (workshop.id, workshop.join_code, workshop.title), phone, words, kept


def erase_participant(room, client, runner):
    (_, code, _), phone, _, _ = room
    assert phone.post(f"/w/{code}/forget").status_code == 200


def erase_workshop(room, client, runner):
    workshop_id, _, title = room[0]
    response = client.post(f"/workshops/{workshop_id}/delete", data={"confirm_title": title})
    assert response.status_code == 303


def purge_expired(room, client, runner):
    assert "Erased 1 workshop" in runner.invoke(args=["purge-expired", "--today", "2099-01-01"]).output


def erased_by_the_app(room, client, runner):
    from workshop.chores import Timer

    in_a_year = datetime.now(UTC) + timedelta(days=365)
    assert Timer(client.application, 3600, lambda: in_a_year).tick() == 1


ERASES = {
    "participant delete": erase_participant,
    "workshop delete": erase_workshop,
    "retention purge": purge_expired,
    "the app's own erasure": erased_by_the_app,
}


@pytest.mark.parametrize("erase", list(ERASES))
def test_erased_words_are_in_no_database_file(room, client, runner, erase):
    ERASES[erase](room, client, runner)
    _, _, words, kept = room
    assert found_in_files(words) == {word: [] for word in words}
    if erase == "participant delete":  # the rest of the room is untouched
        assert found_in_files([kept])[kept]


def test_scrubbing_the_log_leaves_it_empty_and_says_so(room):
    """With no reader holding an older snapshot, the log is copied back and truncated to
    nothing, and the scrub reports it empty (a busy reader would make it say otherwise)."""
    from workshop.services.erasure import scrub_log

    log = Path(f"{db.engine.url.database}-wal")
    assert log.stat().st_size > 0  # the room's writes are still in it
    assert scrub_log() is True
    assert log.stat().st_size == 0


def test_the_app_turns_secure_delete_on_for_every_connection(default_off):
    """This SQLite build overwrites deleted rows by default; the app does not rely on that."""
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA secure_delete")).scalar() == 1


def test_without_secure_delete_the_words_would_stay(app, room, client, runner):
    """The control: with the pragma turned off after the app's own settings, the same search
    finds what was deleted, so it is the app's setting that makes the test above pass."""
    db.session.remove()
    db.engine.dispose()
    event.remove(db.engine, "connect", secure_delete_off)
    event.listen(db.engine, "connect", secure_delete_off)  # now after the app's own
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 0
    erase_participant(room, client, runner)
    words = room[2]
    assert any(found_in_files(words).values())


def test_the_instance_folder_and_database_are_private(tmp_path, monkeypatch):
    instance = tmp_path / "fresh" / "instance"
    monkeypatch.setenv("REBOUND_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "k"})  # the default database, in the instance folder
    database = instance / "rebound.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    with app.app_context():
        with db.engine.begin() as connection:  # a write creates the -wal and -shm files
            connection.execute(text("CREATE TABLE probe (x)"))
            connection.execute(text("INSERT INTO probe VALUES (1)"))
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
        db.engine.dispose()
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert modes == {path.name: 0o600 for path in files}


def test_an_older_database_that_others_could_read_is_tightened(tmp_path, monkeypatch):
    database = tmp_path / "old.sqlite3"
    database.write_bytes(b"")
    os.chmod(database, 0o644)
    monkeypatch.setenv("REBOUND_INSTANCE_PATH", str(tmp_path / "instance"))
    create_app({"TESTING": True, "SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
