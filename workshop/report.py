"""The cohort report: what a coach takes away from a workshop, k-anonymous like the board."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, make_response
from flask_login import login_required

from .coach import get_workshop
from .htmx import render
from .services import rendering, room

bp = Blueprint("report", __name__, url_prefix="/workshops")


@bp.get("/<int:workshop_id>/report")
@login_required
def page(workshop_id: int):
    workshop = get_workshop(workshop_id)
    return render("coach/report.html", workshop=workshop, summary=room.summary(workshop),
                  plans=rendering.room_progress(workshop))


@bp.get("/<int:workshop_id>/report.csv")
@login_required
def spreadsheet(workshop_id: int):
    """The same figures as rows a spreadsheet opens: section, item, value, out of."""
    workshop = get_workshop(workshop_id)
    summary = room.summary(workshop)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "value", "out_of"])
    writer.writerow(["workshop", workshop.title, workshop.date.isoformat(), ""])
    writer.writerow(["room", "participants", summary["participants"], ""])
    writer.writerow(["room", "minimum group size (k)", summary["k"], ""])
    for theme in summary["themes"]:
        writer.writerow(["shared theme", theme["label"], theme["count"], summary["participants"]])
    for stage in summary["stages"]:
        if stage["average"] is not None:
            writer.writerow(["stage average (1-5)", stage["label"], stage["average"], stage["reached"]])
    for moment in ("confidence_before", "confidence_after"):
        if summary[moment]:
            writer.writerow(["confidence average (1-5)", moment.split("_")[1], summary[moment]["average"],
                             summary[moment]["total"]])
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="rebound-cohort-{workshop.date.isoformat()}.csv"'
    )
    return response
