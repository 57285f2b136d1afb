"""Insights: trends across the coach's workshops, as a page, a CSV and a PDF, and deleting a
kept summary. An admin may ask for the whole deployment (?scope=all), never per person."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, abort, flash, make_response, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .errors import error_page
from .htmx import go, render
from .language import page_language
from .report import cell
from .services import insights, summaries
from .services.insights import Filters, render_insights_pdf

bp = Blueprint("insights", __name__)


class BadFilter(ValueError):
    """A filter the page cannot use; the message says which, in the reader's language."""


@bp.before_request
@login_required
def require_coach() -> None:
    """Every route here is for a signed-in coach."""


def _day(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(gettext("Give dates as year-month-day, for example 2026-03-12.")) from None


def _view() -> tuple[Filters, bool]:
    """The filters and scope asked for. Raises BadFilter; a non-admin asking for everyone gets 403."""
    everyone = request.args.get("scope") == "all"
    if everyone and not current_user.is_admin:
        abort(403)
    start, end = _day("from"), _day("to")
    if start and end and start > end:
        raise BadFilter(gettext("The “from” date is after the “to” date."))
    series = request.args.get("series", "").strip()[:60]
    return Filters(start=start, end=end, series=series), everyone


def _figures():
    filters, everyone = _view()
    entries = insights.gather(current_user.id, filters, everyone=everyone)
    return filters, everyone, insights.pool(entries, page_language())


def _query(filters: Filters, everyone: bool) -> dict:
    """The same view's parameters, for the download links."""
    values = {
        "from": filters.start.isoformat() if filters.start else "",
        "to": filters.end.isoformat() if filters.end else "",
        "series": filters.series,
        "scope": "all" if everyone else "",
    }
    return {name: value for name, value in values.items() if value}


@bp.get("/insights")
def page():
    try:
        filters, everyone, figures = _figures()
        error = None
    except BadFilter as problem:
        filters, everyone, figures, error = Filters(), False, None, str(problem)
    return render(
        "insights/page.html",
        figures=figures,
        filters=filters,
        raw={name: request.args.get(name, "")[:60] for name in ("from", "to")},
        everyone=everyone,
        error=error,
        series_names=insights.series_names(current_user.id, everyone),
        query=_query(filters, everyone),
        status=400 if error else 200,
    )


def _bad_filter(problem: BadFilter):
    return error_page(400, detail=str(problem))


@bp.get("/insights.csv")
def spreadsheet():
    """The page's figures as rows: section, workshop date, item, value, out of."""
    try:
        filters, everyone, figures = _figures()
    except BadFilter as problem:
        return _bad_filter(problem)
    rows = [["section", "workshop", "item", "value", "out_of"]]
    rows.append(["all", "", "workshops", figures["workshops"], ""])
    rows.append(["all", "", "people who took part", figures["people"], ""])
    for row in figures["confidence"]["rows"]:
        entry = row["entry"]
        people = entry["figures"].get("participants")
        rows.append(["workshop", _name(entry), "people who took part", "" if people is None else people, ""])
    for theme in figures["themes"]:
        rows.append(["theme (workshops shared in)", "", theme["label"], theme["workshops"], figures["workshops"]])
        rows.append(["theme (people, pooled)", "", theme["label"], theme["count"] or "", ""])
    stages = figures["stages"]
    for row in stages["rows"]:
        for column in stages["columns"]:
            if found := row["cells"].get(column["key"]):
                rows.append(
                    [
                        "stage average (1-5)",
                        _name(row["entry"]),
                        column["label"],
                        _one(found["average"]),
                        found["reached"],
                    ]
                )
    for column in stages["columns"]:
        if found := stages["pooled"].get(column["key"]):
            rows.append(["stage average (1-5)", "all", column["label"], _one(found["average"]), found["reached"]])
    confidence = figures["confidence"]
    for row in confidence["rows"]:
        for moment in insights.CHECK_INS:
            if found := row[moment]:
                rows.append(
                    ["confidence average (1-5)", _name(row["entry"]), moment, _one(found["average"]), found["total"]]
                )
    for moment in insights.CHECK_INS:
        if found := confidence["pooled"][moment]:
            rows.append(["confidence average (1-5)", "all", moment, _one(found["average"]), found["total"]])
    out = io.StringIO()
    csv.writer(out).writerows([cell(value) for value in row] for row in rows)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="rebound-insights.csv"'
    return response


def _name(entry: dict) -> str:
    return f"{entry['date'].isoformat()} {entry['title'] or ''}".strip()


def _one(value: float) -> str:
    return f"{value:.1f}"


@bp.get("/insights.pdf")
def pdf():
    try:
        filters, everyone, figures = _figures()
    except BadFilter as problem:
        return _bad_filter(problem)
    data = {
        "figures": figures,
        "coach": current_user.name,
        "everyone": everyone,
        "start": filters.start,
        "end": filters.end,
        "series": filters.series,
        "today": date.today(),
    }
    response = make_response(render_insights_pdf(data, page_language()))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="rebound-insights.pdf"'
    return response


@bp.post("/insights/summaries/<int:summary_id>/delete")
def delete_summary(summary_id: int):
    if not summaries.delete(current_user.id, summary_id):
        abort(404)
    flash(gettext("The summary was deleted."))
    return go(url_for("insights.page"))
