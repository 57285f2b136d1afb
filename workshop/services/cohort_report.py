"""The cohort report as a PDF a coach can hand to a manager or funder: the room's figures from
the board (services.presentation), with charts (services.charts), through services.documents
(templates/pdf/cohort.html, static/pdf/report.css), PDF/UA like the plans.

Fed plain values only: the workshop's details (`CohortDetails`) and the presented board,
which holds nothing below k and no one's words. Figures are named in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from . import documents
from .charts import Bar, Point, bar_chart, slope_chart
from .labels import localise_board
from .languages import translate, translate_plural

TEMPLATE = "pdf/cohort.html"
STYLESHEET = "pdf/report.css"
PAGE_RULES = {"A4": "@page { size: A4; }", "Letter": "@page { size: letter; margin-top: 17mm; margin-bottom: 16mm; }"}


@dataclass(frozen=True)
class CohortDetails:
    """The workshop as the printed report needs it."""

    title: str
    date: dt.date
    k: int
    coach_name: str = ""
    paper_size: str = "A4"
    rehearsal: bool = False
    follow_up_on: dt.date | None = None
    follow_up_open: bool = False  # the follow-up date has come
    erase_on: dt.date | None = None
    language: str = "en"  # the reader's


def report_data(details: CohortDetails, board: dict | None) -> dict[str, Any]:
    """What the template is fed: the details, the board in the reader's language, the charts."""
    code = details.language
    board = localise_board(board, code)
    k = details.k
    fewer = translate(code, "fewer than %(k)s", k=k)
    follow_up = board.get("follow_up") if board else None
    if follow_up:
        follow_up = {
            **follow_up,
            "outcomes": [{**o, "label": translate(code, o["label"])} for o in follow_up["outcomes"]],
        }
    stages = board["stages"] if board else []
    moments = [
        (translate(code, "At the start"), board and board["confidence_before"]),
        (translate(code, "At the end"), board and board["confidence_after"]),
        (translate(code, "At follow-up"), follow_up and follow_up["confidence"]),
    ]
    points = [
        Point(label, c["average"], translate_plural(code, "%(num)s answered", "%(num)s answered", c["total"]))
        if c
        else Point(label, None)
        for label, c in moments
    ]
    bars = [
        Bar(s["label"], s["average"], translate_plural(code, "%(num)s rated", "%(num)s rated", s["reached"]))
        if s["average"] is not None
        else Bar(s["label"], None)
        for s in stages
    ]
    stage_words = "; ".join(
        f"{s['label']}: {s['average']:.1f}" if s["average"] is not None else f"{s['label']}: {fewer}" for s in stages
    )
    moment_words = "; ".join(
        f"{p.label}: {p.value:.1f}" if p.value is not None else f"{p.label}: {fewer}" for p in points
    )
    return {
        **asdict(details),
        "participants": board["participants"] if board and board["participants"] >= k else None,
        "at": board["at"] if board else "",
        "themes": [t for t in board["themes"] if t["count"] is not None] if board else [],
        "stages": stages,
        "moments": [(label, c) for label, c in moments],
        "follow_up": follow_up,
        "stage_chart": bar_chart(
            bars,
            title=translate(code, "How each stage went, on average"),
            description=translate(
                code, "Bar chart of the room's average rating per hiring stage, 1 to 5. %(stages)s.", stages=stage_words
            ),
            missing=fewer,
        )
        if stages
        else "",
        "confidence_chart": slope_chart(
            points,
            title=translate(code, "Confidence about the job search"),
            description=translate(
                code, "Slope chart of the room's average confidence, 1 to 5. %(moments)s.", moments=moment_words
            ),
            missing=fewer,
        ),
    }


def render_report_pdf(details: CohortDetails, board: dict | None) -> bytes:
    """The cohort report as PDF bytes (PDF/UA-1, the workshop's paper size)."""
    paper = details.paper_size if details.paper_size in PAGE_RULES else "A4"
    return documents.render_pdf(
        TEMPLATE,
        report_data(details, board),
        stylesheets=[STYLESHEET],
        page=PAGE_RULES[paper],
        language=details.language,
    )
