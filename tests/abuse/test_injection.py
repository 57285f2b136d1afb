"""Markup, htmx attributes, Jinja and CSS typed into every field stay text everywhere.

For each payload one workshop is prepared and run through the real forms, with the payload
in every field a coach or a participant can type: title, description, employers, closing
note, a stage label, a custom action, a theme rename (coach); role, story, rating notes and
the "hide more" phrases (participant). Every page that shows those fields is then rendered
(coach pages, projector, the phone's board, the plan page, htmx fragments) and checked: no
live tag, attribute or style, no evaluated template, and the typed text visibly there,
escaped. The plan PDF's text must show the payload literally too.

Pages are rendered once for the module and each (payload, page) pair is a case.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pytest
from icalendar import Calendar
from markupsafe import escape
from pypdf import PdfReader

from workshop.extensions import db
from workshop.models import Coach, Participant, Story
from workshop.services.stages import DEFAULT_STAGES

from ..helpers import password_hash, sid, soon
from .helpers import live_markup, plans_on_demand, signed_in

PAYLOADS = {
    "script": "<script>alert('zq')</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "htmx attributes": '<div hx-get="/x" hx-trigger="load">zq</div>',
    "jinja expression": "zq{{ 7*7 }}zq",
    "jinja raw block": "{% raw %}zq{% endraw %}",
    "css": "</style><style>body{display:none}</style>",
    "attribute breakout": '"><svg onload=alert(1)>',
    "single quote breakout": "' onmouseover='alert(1)",
}
# WeasyPrint sees the same escaped text as the browser; these cover markup, template syntax
# and CSS in the PDF (each PDF costs most of a second).
PDF_PAYLOADS = ("script", "jinja expression", "css")
# Every field gets its own lowercase tag, so a failure names the field (lowercase: the
# redaction of names leaves it alone).
FIELDS = (
    "title",
    "describe",
    "employer",
    "closing",
    "stage",
    "action",
    "how",
    "role",
    "story",
    "note",
    "label",
    "hide",
)


def typed(field: str, payload: str) -> str:
    return f"{field}: {payload}"


@dataclass
class Rendered:
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


# What each page must visibly show (escaped), proving the field really reaches it.
SHOWS = {
    "coach index": ["title"],
    "coach detail": ["title", "action", "how"],
    "coach edit": ["title", "describe", "employer", "closing", "stage"],
    "coach delete": ["title"],
    "moderation": ["title", "label", "stage"],
    "projector": ["title", "label", "stage"],
    "projector poll": ["label", "stage"],
    "join page": ["title", "describe"],
    "recovery page": ["title"],
    "phone home": ["title", "label"],
    "phone poll": ["label"],
    "story": ["role", "story", "stage"],
    "story review": ["hide"],
    "story review fragment": ["hide"],
    "themes": ["label"],
    "ratings": ["stage", "note"],
    "ratings fragment": ["stage", "note"],
    "plan page": ["title", "closing", "stage", "label"],
    "plan detail": ["title"],
    "cohort report": ["title", "label", "stage"],
    "insights": ["title", "label", "stage"],
}


def run_workshop(app, payload: str) -> dict[str, Rendered]:
    """Prepare, run and render one workshop with `payload` in every field."""
    coach = Coach(email=f"coach{abs(hash(payload))}@example.org", name="Coach", password_hash=password_hash())
    db.session.add(coach)
    db.session.commit()
    desk = signed_in(app, coach.id)
    keys = [key for key, _ in DEFAULT_STAGES] + ["custom-1"]
    labels = [label for _, label in DEFAULT_STAGES] + [typed("stage", payload)]
    made = desk.post(
        "/workshops/new",
        data={
            "op": "save",
            "title": typed("title", payload),
            "date": soon(),
            "description": typed("describe", payload),
            "employers": f"Northwind Bank\n{typed('employer', payload)}",
            "min_group_size": "2",
            "retention_days": "30",
            "paper_size": "A4",
            "coach_note": typed("closing", payload),
            "stage_key": keys,
            "stage_label": labels,
        },
    )
    assert made.status_code == 303, made.text
    workshop_id = int(made.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    added = desk.post(
        f"/workshops/{workshop_id}/actions",
        data={
            "title": typed("action", payload),
            "how": typed("how", payload),
            "timing": "today",
            "stages": ["custom-1", "first_interview"],
            "themes": ["no_feedback"],
        },
    )
    assert added.status_code == 303
    for phase in ("lobby", "reflect"):
        assert desk.post(f"/workshops/{workshop_id}/phase", data={"to": phase}).status_code == 303
    code = re.search(r'class="code big">([A-Z0-9]+)<', desk.get(f"/workshops/{workshop_id}").text).group(1)

    phones = []
    for n in range(2):  # two people, so the board (k = 2) shows what they share
        phone = app.test_client()
        assert phone.post(f"/w/{code}/join").status_code == 200
        phone.post(f"/w/{code}/checkin", data={"moment": "before", "confidence": "3", "submission_id": sid()})
        # themes before the story: each kind of data reaches the board once both people have it
        assert (
            phone.post(f"/w/{code}/themes", data={"theme": ["no_feedback"], "submission_id": sid()}).status_code == 303
        )
        story = {
            "role": typed("role", payload),
            "ended_stage": "custom-1",
            "text": f"They never replied after the interview. {typed('story', payload)} It still stings.",
        }
        review = phone.post(f"/w/{code}/story", data=story | {"op": "review"})
        fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
        saved = phone.post(
            f"/w/{code}/story", data=story | {"op": "confirm", "fingerprint": fingerprint, "submission_id": sid()}
        )
        assert saved.status_code == 303, saved.status_code
        rated = phone.post(
            f"/w/{code}/ratings",
            data={
                "submission_id": sid(),
                "reached-custom-1": "yes",
                "score-custom-1": "2",
                "note-custom-1": typed("note", payload),
                "reached-first_interview": "yes",
                "score-first_interview": str(3 + n),
                "note-first_interview": typed("note", payload),
            },
        )
        assert rated.status_code == 303, rated.status_code
        phones.append(phone)
    stored = db.session.query(Story.text).filter(Story.workshop_id == workshop_id).first()[0]
    assert typed("story", payload) in stored  # stored as typed; escaping happens on the way out

    assert desk.post(f"/workshops/{workshop_id}/phase", data={"to": "themes"}).status_code == 303
    renamed = desk.post(
        f"/workshops/{workshop_id}/themes",
        data={"op": "rename", "key": "no_feedback", "label": typed("label", payload)},
    )
    assert renamed.status_code == 303

    phone, stranger, htmx = phones[0], app.test_client(), {"HX-Request": "true"}
    review_form = story | {"op": "review", "extra": typed("hide", payload)}
    pages = {
        "coach index": desk.get("/workshops/"),
        "coach detail": desk.get(f"/workshops/{workshop_id}"),
        "coach edit": desk.get(f"/workshops/{workshop_id}/edit"),
        "coach delete": desk.get(f"/workshops/{workshop_id}/delete"),
        "moderation": desk.get(f"/workshops/{workshop_id}/themes"),
        "projector": desk.get(f"/workshops/{workshop_id}/projector"),
        "projector poll": desk.get(f"/workshops/{workshop_id}/projector", headers=htmx),
        "join page": stranger.get(f"/w/{code}/"),
        "recovery page": stranger.get(f"/w/{code}/recover"),
        "phone home": phone.get(f"/w/{code}/"),
        "phone poll": phone.get(f"/w/{code}/", headers=htmx),
        "story": phone.get(f"/w/{code}/story"),
        "story review": phone.post(f"/w/{code}/story", data=review_form),
        "story review fragment": phone.post(f"/w/{code}/story", data=review_form, headers=htmx),
        "themes": phone.get(f"/w/{code}/themes"),
        "ratings": phone.get(f"/w/{code}/ratings"),
        "ratings fragment": phone.post(
            f"/w/{code}/ratings",
            headers=htmx,
            data={"reached-custom-1": "yes", "score-custom-1": "9", "note-custom-1": typed("note", payload)},
        ),
    }
    with plans_on_demand(render=payload in {PAYLOADS[name] for name in PDF_PAYLOADS}):
        assert desk.post(f"/workshops/{workshop_id}/phase", data={"to": "plan"}).status_code == 303
        pages |= {
            "plan page": phone.get(f"/w/{code}/plan"),
            "plan detail": desk.get(f"/workshops/{workshop_id}"),
            "cohort report": desk.get(f"/workshops/{workshop_id}/report"),
            "cohort spreadsheet": desk.get(f"/workshops/{workshop_id}/report.csv"),
            "insights": desk.get("/insights"),
            "plan pdf": phone.get(f"/w/{code}/plan.pdf"),
            "plan calendar": phone.get(f"/w/{code}/plan.ics"),
        }
    for name, response in pages.items():
        assert response.status_code in (200, 202, 422), (name, response.status_code)
    assert db.session.query(Participant).filter(Participant.workshop_id == workshop_id).count() == 2
    return {name: Rendered(response.content_type, response.data) for name, response in pages.items()}


@pytest.fixture(scope="module")
def rendered(module_app) -> dict[str, dict[str, Rendered]]:
    app = module_app
    yield {name: run_workshop(app, payload) for name, payload in PAYLOADS.items()}


@pytest.mark.parametrize("page", list(SHOWS))
@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_typed_markup_stays_text_on_every_page(rendered, payload, page):
    shown = rendered[payload][page]
    assert shown.content_type.startswith("text/html")
    html = shown.text
    assert live_markup(html) == []
    for field in SHOWS[page]:
        assert str(escape(typed(field, PAYLOADS[payload]))) in html, f"{field} not shown escaped on {page}"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("payload", PDF_PAYLOADS)
def test_typed_markup_is_printed_literally_in_the_plan_pdf(rendered, payload):
    shown = rendered[payload]["plan pdf"]
    assert shown.content_type == "application/pdf"
    text = pdf_text(shown.body)
    assert "zq49zq" not in text
    for field in ("title", "closing", "stage"):
        literal = "".join(typed(field, PAYLOADS[payload]).split())
        assert literal in text, f"{field} missing or altered in the PDF"


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_typed_markup_stays_one_cell_in_the_cohort_spreadsheet(rendered, payload):
    shown = rendered[payload]["cohort spreadsheet"]
    assert shown.content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(shown.text)))
    assert all(len(row) == 4 for row in rows)
    cells = {cell for row in rows for cell in row}
    for field in ("title", "label", "stage"):
        assert typed(field, PAYLOADS[payload]) in cells, field
    assert "zq49zq" not in shown.text


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_typed_markup_cannot_add_events_to_the_calendar(rendered, payload):
    shown = rendered[payload]["plan calendar"]
    body = shown.text
    calendar = Calendar.from_ical(body)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert body.count("BEGIN:VEVENT") == len(events) > 0
    assert str(calendar["x-wr-calname"]) == f"Action plan: {typed('title', PAYLOADS[payload])}"
    assert "zq49zq" not in body
