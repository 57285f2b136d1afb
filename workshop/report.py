"""The cohort report: what a coach takes away from a workshop (a page, a CSV and a PDF to
hand on), read from the same release as the board, so it moves only when the board does."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, make_response
from flask_login import login_required

from .cards import pdf_response
from .htmx import render
from .language import page_language
from .models import Workshop
from .ownership import get_workshop
from .services import follow_ups, releases
from .services.cohort_report import CohortDetails, render_report_pdf
from .services.plans import jobs

bp = Blueprint("report", __name__, url_prefix="/workshops")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def follow_up_open(workshop: Workshop) -> bool:
    """Whether the follow-up date has come (the report's follow-up section shows figures)."""
    return workshop.follow_up_on is not None and follow_ups.today() >= workshop.follow_up_on


def cell(value):
    """Text a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@bp.get("/<int:workshop_id>/report")
@login_required
def page(workshop_id: int):
    workshop = get_workshop(workshop_id)
    releases.catch_up(workshop)
    return render(
        "coach/report.html",
        workshop=workshop,
        summary=releases.board(workshop),
        plans=jobs.room_progress(workshop),
        follow_up_open=follow_up_open(workshop),
    )


@bp.get("/<int:workshop_id>/report.pdf")
@login_required
def document(workshop_id: int):
    """The report as a page or two to hand to a manager or funder, in the coach's language."""
    workshop = get_workshop(workshop_id)
    releases.catch_up(workshop)
    details = CohortDetails(
        title=workshop.title,
        date=workshop.date,
        k=workshop.min_group_size,
        coach_name=workshop.coach.name,
        paper_size=workshop.paper_size,
        rehearsal=workshop.is_rehearsal,
        follow_up_on=workshop.follow_up_on,
        follow_up_open=follow_up_open(workshop),
        erase_on=workshop.retain_until,
        language=page_language(),
    )
    kind = "rehearsal-cohort" if workshop.is_rehearsal else "cohort"
    return pdf_response(
        render_report_pdf(details, releases.board(workshop)), f"rebound-{kind}-{workshop.date.isoformat()}.pdf"
    )


@bp.get("/<int:workshop_id>/report.csv")
@login_required
def spreadsheet(workshop_id: int):
    """The same figures as rows a spreadsheet opens: section, item, value, out of."""
    workshop = get_workshop(workshop_id)
    releases.catch_up(workshop)
    summary = releases.board(workshop) or releases.EMPTY
    rows = [
        ["section", "item", "value", "out_of"],
        ["workshop", workshop.title, workshop.date.isoformat(), ""],
        *(
            [["workshop", "rehearsal with sample participants (made up; not a real room)", "", ""]]
            if workshop.is_rehearsal
            else []
        ),
        [
            "room",
            "participants",
            summary["participants"] if summary["participants"] >= workshop.min_group_size else "",
            "",
        ],
        ["room", "minimum group size (k)", workshop.min_group_size, ""],
        ["room", "figures as of", summary.get("at", ""), ""],
    ]
    rows += [
        ["shared theme", t["label"], t["count"], summary["participants"]]
        for t in summary["themes"]
        if t["count"] is not None
    ]
    rows += [
        ["stage average (1-5)", s["label"], s["average"], s["reached"]]
        for s in summary["stages"]
        if s["average"] is not None
    ]
    for moment in ("before", "after"):
        if found := summary[f"confidence_{moment}"]:
            rows.append(["confidence average (1-5)", moment, found["average"], found["total"]])
    if follow_up_open(workshop):
        rows += follow_up_rows(summary.get("follow_up"))
    out = io.StringIO()
    csv.writer(out).writerows([cell(value) for value in row] for row in rows)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    kind = "rehearsal-cohort" if workshop.is_rehearsal else "cohort"
    response.headers["Content-Disposition"] = f'attachment; filename="rebound-{kind}-{workshop.date.isoformat()}.csv"'
    return response


def follow_up_rows(figures: dict | None) -> list[list]:
    """The follow-up's figures as CSV rows; a figure the board hides has no row."""
    if not figures:
        return []
    total = figures["total"]
    rows = [["follow-up", "answered", total, ""]]
    if figures["confidence"]:
        rows.append(["confidence average (1-5)", "follow-up", figures["confidence"]["average"], total])
    if figures["did_any"] is not None:
        rows.append(["follow-up", "did at least one action", figures["did_any"], total])
    rows += [["follow-up action done", a["label"], a["count"], total] for a in figures["actions"]]
    rows += [
        ["follow-up outcome", o["label"], o["count"], total] for o in figures["outcomes"] if o["count"] is not None
    ]
    return rows
