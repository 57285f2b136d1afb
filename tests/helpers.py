"""Builders and small readers that test modules share (fixtures live in conftest.py)."""

from __future__ import annotations

import contextvars
import io
import re
import shutil
import subprocess
import uuid
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import text

from workshop.extensions import db
from workshop.models import Coach

PASSWORD = "correct horse battery"


@cache
def password_hash() -> str:
    """Hash once per test run: scrypt is slow on purpose."""
    coach = Coach()
    coach.set_password(PASSWORD)
    return coach.password_hash


class Client(FlaskClient):
    """Each request runs in its own context, as in production: its own `g`, its own
    database session. Afterwards the test's session forgets what it had loaded, so
    assertions read what the request really stored."""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        db.session.expire_all()
        return response


def wipe() -> None:
    """Empty every table (children first)."""
    tables = reversed(db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


def sid() -> str:
    """A fresh submission id, as every participant form carries."""
    return uuid.uuid4().hex


def pdf_text(data: bytes) -> str:
    """The text of a PDF, each run of whitespace one space, pages joined by a space."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def read_qr_codes(png: Path) -> list[str]:
    """The text of every QR code in a PNG, read as a phone's camera would (zbarimg)."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    done = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=False)
    assert done.returncode in (0, 4), done.stderr  # 4: no code found
    return done.stdout.splitlines()


def pdf_qr_codes(pdf: bytes, folder: Path, dpi: int = 100, cards: int = 1) -> list[list[str]]:
    """Every QR code on each page of a PDF, from the pages printed to PNG (pdftoppm).

    With `cards` > 1 each page is a sheet of that many cards in two columns, cut apart and
    read one card at a time, as a phone held over one table card would; zbar reading a
    whole sheet of near-identical codes at once now and then misses one of them.
    """
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(source), str(folder / "page")], check=True)
    pages = []
    for page in sorted(folder.glob("page-*.png")):
        if cards == 1:
            pages.append(read_qr_codes(page))
            continue
        columns, rows = 2, cards // 2
        found = []
        with Image.open(page) as sheet:
            width, height = sheet.size
            for row in range(rows):
                for column in range(columns):
                    box = (
                        column * width // columns,
                        row * height // rows,
                        (column + 1) * width // columns,
                        (row + 1) * height // rows,
                    )
                    card = folder / f"{page.stem}-card-{row}-{column}.png"
                    sheet.crop(box).save(card)
                    found.extend(read_qr_codes(card))
        pages.append(found)
    return pages


def soon(days: int = 1) -> str:
    """A workshop date `days` from today, as a form sends it: a fixed date would one day be
    past its retention date, which the workshop form refuses."""
    return (date.today() + timedelta(days=days)).isoformat()


def tell(phone, workshop, text: str, themes: list[str] | None = None, ratings: dict | None = None):
    """A participant writes a story and confirms it, keeps its themes (none when `themes` is
    None), and rates stages, in the order the phone leads them. They count for the room from
    the themes step on.
    """
    code = workshop.join_code
    review = phone.post(f"/w/{code}/story", data={"text": text, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    phone.post(
        f"/w/{code}/story", data={"text": text, "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()}
    )
    phone.post(f"/w/{code}/themes", data={"theme": themes or [], "submission_id": sid()})
    if ratings:
        data = {"submission_id": sid()}
        for key, score in ratings.items():
            data |= {f"reached-{key}": "yes", f"score-{key}": str(score)}
        phone.post(f"/w/{code}/ratings", data=data)


def check_in(phone, workshop, value: int, moment: str = "before"):
    """A participant answers the opening (or closing) confidence check-in."""
    return phone.post(
        f"/w/{workshop.join_code}/checkin", data={"moment": moment, "confidence": str(value), "submission_id": sid()}
    )


def released_board(
    workshop,
    people: int,
    themes: dict[str, int | None] | None = None,
    stages: dict[str, tuple[int, float]] | None = None,
    before: tuple[float, int] | None = None,
    after: tuple[float, int] | None = None,
    follow_up: dict | None = None,
) -> dict:
    """Give `workshop` a current release as services.presentation shows it (themes by
    taxonomy key with their count, stages by key with (reached, average), check-ins as
    (average, total)), as if its room had got that far, and commit. Returns the board."""
    import json

    from workshop.extensions import db
    from workshop.services.stages import DEFAULT_STAGES

    labels = dict(DEFAULT_STAGES)

    def check_in(found):
        if not found:
            return None
        return {"average": found[0], "total": found[1], "bands": [{"band": "low", "label": "1–2", "count": None}]}

    board = {
        "k": workshop.min_group_size,
        "seq": 1,
        "at": "14:05",
        "participants": people,
        "themes": [
            {"key": key, "label": key.replace("_", " ").capitalize(), "count": count}
            for key, count in (themes or {}).items()
        ],
        "stages": [
            {"key": key, "label": labels.get(key, key), "reached": reached, "average": average, "weakest": False}
            for key, (reached, average) in (stages or {}).items()
        ],
        "confidence_before": check_in(before),
        "confidence_after": check_in(after),
        "emerging": [{"key": "never-called-back", "text": "never called back", "count": people}],
    }
    if follow_up is not None:
        board["follow_up"] = follow_up
    workshop.board_json = json.dumps(board)
    db.session.commit()
    return board
