"""The PDF renderer: content, escaping, the restrictive URL fetcher, tagging, page size."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import re

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from workshop.services import DATA_DIR, documents
from workshop.services.documents import STATIC_DIR, PdfRenderError, StaticOnlyFetcher
from workshop.services.plans import (
    DEFAULT_STAGES,
    ParticipantInfo,
    PlanInput,
    Rating,
    RoomInfo,
    Stage,
    WorkshopInfo,
    build_plan,
    pdf,
)
from workshop.services.plans.pdf import STYLESHEET, render_plan_html, render_plan_pdf

SAMPLE = DATA_DIR / "sample_plan.json"
STATIC_URL = STATIC_DIR.as_uri() + "/"
PAYLOADS = (
    '<img src="file:///etc/passwd">',
    '<link rel=stylesheet href="http://evil.example/x.css">',
    "{{ 7*7 }}",
    "</style><style>body{display:none}</style>",
)
TINY_PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def plan_input(paper_size: str = "A4", **participant: object) -> PlanInput:
    fields = {
        "alias": "Brave Otter",
        "role": "Product designer",
        "ratings": {
            "targeting": Rating(4),
            "screen": Rating(5, "Felt prepared"),
            "first_interview": Rating(2, "Went blank on the conflict question"),
            "final_interview": Rating(3),
        },
        "themes": ("no_feedback", "interview_nerves", "self_doubt"),
        "confidence_before": 2,
        "confidence_after": 4,
    }
    fields.update(participant)
    return PlanInput(
        workshop=WorkshopInfo(
            title="Spring cohort",
            date=dt.date(2026, 3, 12),
            coach_name="Priya Raman",
            coach_note="Be patient with yourself.",
            paper_size=paper_size,  # type: ignore[arg-type]
        ),
        participant=ParticipantInfo(**fields),  # type: ignore[arg-type]
        room=RoomInfo(n=12, theme_counts={"no_feedback": 7, "interview_nerves": 4, "self_doubt": 2}),
    )


def stylesheet_requests() -> list[str]:
    """URLs fetched while loading the plan's cached stylesheet and its fonts."""
    return documents.stylesheet(STYLESHEET).requested


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return pdf.preview_plan(json.loads(SAMPLE.read_text()))


@pytest.fixture(scope="module")
def plan_and_pdf():
    plan = build_plan(plan_input())
    return plan, render_plan_pdf(plan)


# --- Content -----------------------------------------------------------------------


def test_pdf_contains_the_participants_plan(plan_and_pdf):
    plan, data = plan_and_pdf
    text = flat(pdf_text(data))
    assert "Brave Otter" in text and "Product designer" in text
    for stage in DEFAULT_STAGES:
        assert stage.label in text
    assert "not reached" in text
    for action in plan.dated_actions:
        assert action.title in text
    assert "7 of 12 of you" in text and "4 of 12 of you" in text
    assert "2 of 12" not in text  # self_doubt is below k=3
    assert "Went blank on the conflict question" in text
    assert "[Interviewer's name]" in text
    assert "Be patient with yourself." in text


def test_dates_are_printed_in_the_papers_style(plan_and_pdf):
    plan, data = plan_and_pdf
    assert "by Thu 19 Mar" in pdf_text(data)
    letter = render_plan_pdf(build_plan(plan_input(paper_size="Letter")))
    assert "by Thu, Mar 19" in pdf_text(letter)


def test_sample_plan_renders_in_about_three_pages(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    assert 2 <= len(reader.pages) <= 3
    text = flat(pdf_text(sample_pdf))
    assert "9 of 14 of you" in text and "Page 1 of 3" in text


def test_long_custom_stage_labels_are_shortened_in_the_chart():
    stages = (*DEFAULT_STAGES[:2], Stage("custom-1", "A very long custom stage label that a coach typed in full"))
    plan = build_plan(
        dataclasses.replace(
            plan_input(ratings={"custom-1": Rating(1)}),
            workshop=dataclasses.replace(plan_input().workshop, stages=stages),
        )
    )
    html = render_plan_html(plan)
    assert "A very long custom stage label that a coach\u2026" in html
    assert "A very long custom stage label that a coach typed in full" in pdf_text(render_plan_pdf(plan))


# --- Escaping and the fetcher ------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_participant_fields_is_printed_literally(payload):
    plan = build_plan(
        plan_input(
            alias=f"Otter {payload}",
            role=payload,
            ratings={"screen": Rating(2, payload)},
            themes=("custom-1",),
            theme_labels={"custom-1": payload},
        )
    )
    fetcher = StaticOnlyFetcher()
    data = render_plan_pdf(plan, fetcher=fetcher)
    text = flat(pdf_text(data))
    assert text.count(payload) >= 3  # role, stage note, footer/heading alias
    assert "49" not in text.replace(payload, "")
    assert all(url.startswith(STATIC_URL) for url in fetcher.requested), fetcher.requested
    assert all(url.startswith(STATIC_URL) for url in stylesheet_requests())


def test_markup_in_coach_text_is_printed_literally():
    base = plan_input()
    workshop = dataclasses.replace(base.workshop, title=PAYLOADS[0], coach_note=PAYLOADS[1], coach_name="{{ 7*7 }}")
    fetcher = StaticOnlyFetcher()
    text = flat(pdf_text(render_plan_pdf(build_plan(dataclasses.replace(base, workshop=workshop)), fetcher=fetcher)))
    assert PAYLOADS[0] in text and PAYLOADS[1] in text and "A note from {{ 7*7 }}" in text
    assert all(url.startswith(STATIC_URL) for url in fetcher.requested)


def test_the_stylesheet_and_fonts_come_from_static():
    requested = stylesheet_requests()
    assert any(url.endswith("/pdf/plan.css") for url in requested)
    assert any(url.endswith(".woff2") for url in requested)
    assert all(url.startswith(STATIC_URL) for url in requested)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        STATIC_URL + "pdf/../../pyproject.toml",
        STATIC_URL + "pdf/%2e%2e/%2e%2e/pyproject.toml",
        STATIC_URL + "pdf/does-not-exist.png",
        "file://otherhost" + str(STATIC_DIR / "pdf" / "plan.css"),
        "data:image/png;base64," + "A" * 100_000,
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,not-base64!!",
    ],
)
def test_fetcher_refuses_anything_but_small_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)
    assert fetcher.requested == [url]


def test_fetcher_refuses_a_symlink_out_of_static(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (static / "link.txt").symlink_to(secret)
    (static / "ok.css").write_text("p {}")
    fetcher = StaticOnlyFetcher(static)
    assert fetcher.fetch((static / "ok.css").as_uri()).read() == b"p {}"
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch((static / "link.txt").as_uri())


def test_fetcher_serves_static_files_and_small_images():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch(STATIC_URL + "pdf/checkbox.svg")
    assert response.content_type == "image/svg+xml" and b"<svg" in response.read()
    response = fetcher.fetch("data:image/png;base64," + TINY_PNG)
    assert response.content_type == "image/png" and response.read().startswith(b"\x89PNG")


def test_a_refused_url_stops_rendering_instead_of_being_skipped():
    fetcher = StaticOnlyFetcher()
    document = HTML(string='<img src="http://example.com/x.png" alt="x">', url_fetcher=fetcher)
    with pytest.raises(FatalURLFetchingError):
        document.write_pdf()
    assert fetcher.requested == ["http://example.com/x.png"]


def test_render_errors_surface_as_pdf_render_error(monkeypatch):
    monkeypatch.setattr(
        documents, "render_html", lambda template, data, language="en": '<img src="file:///etc/passwd" alt="x">'
    )
    with pytest.raises(PdfRenderError, match="refused"):
        render_plan_pdf(build_plan(plan_input()))


# --- Accessibility and paper -------------------------------------------------------


def test_pdf_is_tagged_with_title_and_language(plan_and_pdf):
    _, data = plan_and_pdf
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title.startswith("Action plan for Brave Otter")


def test_the_chart_has_a_text_alternative(plan_and_pdf):
    plan, _ = plan_and_pdf
    html = render_plan_html(plan)
    title = re.search(r"<svg[^>]*>\s*<title>([^<]+)</title>", html).group(1)
    assert "First interview: 2 of 5" in title and "not reached" in title


@pytest.mark.parametrize(("paper", "size"), [("A4", (595.3, 841.9)), ("Letter", (612.0, 792.0))])
def test_page_size_follows_the_plan(paper, size):
    data = render_plan_pdf(build_plan(plan_input(paper_size=paper)))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == size


def test_preview_plan_returns_a_pdf(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    assert "Brave Otter" in pdf_text(sample_pdf)


def test_preview_plan_rejects_bad_input():
    with pytest.raises(ValueError, match="workshop"):
        pdf.preview_plan({"participant": {"alias": "X"}})
