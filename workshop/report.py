"""The cohort report: what a coach takes away from a workshop, read from the same release
as the board, so it moves only when the board does."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, make_response
from flask_login import login_required

from .htmx import render
from .ownership import get_workshop
from .services import releases
from .services.plans import jobs

bp = Blueprint("report", __name__, url_prefix="/workshops")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    out = io.StringIO()
    csv.writer(out).writerows([cell(value) for value in row] for row in rows)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    kind = "rehearsal-cohort" if workshop.is_rehearsal else "cohort"
    response.headers["Content-Disposition"] = f'attachment; filename="rebound-{kind}-{workshop.date.isoformat()}.csv"'
    return response
