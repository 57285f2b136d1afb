"""Insights: figures across a coach's workshops (or, for an admin, across the deployment).

Each workshop counts once: an erased one through its summary, one not yet erased through
`summaries.safe` of its current board. Rehearsals never count (made-up people). `gather`
reads them from the database; `pool` adds them up as plain data: sums of counts that are each
at least k, and averages weighted by how many people each one covers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Workshop, WorkshopSummary
from . import documents
from .labels import STAGE_DEFAULTS, stage_label, theme_label
from .languages import translate
from .summaries import safe
from .themes import load_taxonomy

CHECK_INS = ("before", "after", "follow_up")
PDF_TEMPLATE = "pdf/insights.html"
# The plans' stylesheet family: their fonts and type, plus the tables Insights prints.
PDF_STYLESHEETS = ("pdf/plan.css", "pdf/insights.css")


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    series: str = ""


def gather(coach_id: int, filters: Filters, everyone: bool = False) -> list[dict]:
    """Every counted workshop in the filters' range, oldest first. `own` says whether the
    asking coach runs it; other coaches' workshops (an admin's view) carry no title."""
    summaries = select(WorkshopSummary)
    live = select(Workshop).where(~Workshop.is_rehearsal, Workshop.board_json != "")
    if not everyone:
        summaries = summaries.where(WorkshopSummary.coach_id == coach_id)
        live = live.where(Workshop.coach_id == coach_id)
    if filters.start:
        summaries = summaries.where(WorkshopSummary.date >= filters.start)
        live = live.where(Workshop.date >= filters.start)
    if filters.end:
        summaries = summaries.where(WorkshopSummary.date <= filters.end)
        live = live.where(Workshop.date <= filters.end)
    if filters.series:
        summaries = summaries.where(WorkshopSummary.series == filters.series)
        live = live.where(Workshop.series == filters.series)
    entries = [
        _entry(s.coach_id == coach_id, s.title, s.date, s.series, s.k, json.loads(s.figures), summary_id=s.id)
        for s in db.session.scalars(summaries)
    ]
    for w in db.session.scalars(live):
        board = json.loads(w.board_json)
        k = max(w.min_group_size, board.get("k") or 0)
        entries.append(_entry(w.coach_id == coach_id, w.title, w.date, w.series, k, safe(board, k), workshop_id=w.id))
    return sorted(entries, key=lambda e: (e["date"], e["title"] or "", e["summary_id"] or 0, e["workshop_id"] or 0))


def _entry(own, title, day, series, k, figures, summary_id=None, workshop_id=None) -> dict:
    return {
        "own": own,
        "title": title if own else None,
        "date": day,
        "series": series or "",
        "k": k,
        "figures": figures,
        "summary_id": summary_id if own else None,
        "workshop_id": workshop_id if own else None,
        "erased": summary_id is not None,
    }


def series_names(coach_id: int, everyone: bool = False) -> list[str]:
    """The series labels the filter offers."""
    names = set()
    for model in (Workshop, WorkshopSummary):
        query = select(model.series).distinct().where(model.series != "")
        if not everyone:
            query = query.where(model.coach_id == coach_id)
        names.update(db.session.scalars(query))
    return sorted(names, key=str.casefold)


# ---- adding up ------------------------------------------------------------------------------


def pool(entries: Sequence[dict], language: str = "en") -> dict:
    """What the Insights page, its CSV and its PDF show, as plain data."""
    people = [e["figures"].get("participants") for e in entries]
    return {
        "workshops": len(entries),
        "people": sum(p for p in people if p is not None),
        "unsized": sum(1 for p in people if p is None),
        "themes": _themes(entries, language),
        "stages": _stages(entries, language),
        "confidence": _confidence(entries),
    }


def _themes(entries: Sequence[dict], language: str) -> list[dict]:
    """Each theme: in how many workshops it was shared, and its pooled count (the sum of the
    counts shown; a theme shown without its number adds to the first only)."""
    taxonomy = load_taxonomy()
    found: dict[str, dict] = {}
    for entry in entries:
        for theme in entry["figures"].get("themes") or []:
            curated = taxonomy.get(theme["key"]) is not None
            group = theme["key"] if curated else "~" + theme["label"].casefold()
            row = found.setdefault(group, {"label": "", "workshops": 0, "count": 0})
            row["label"] = theme_label(theme["key"], theme["label"], language) if curated else theme["label"]
            row["workshops"] += 1
            row["count"] += theme.get("count") or 0
    return sorted(found.values(), key=lambda r: (-r["workshops"], -r["count"], r["label"].casefold()))


def _stages(entries: Sequence[dict], language: str) -> dict:
    """The stage averages per workshop (columns: every stage any of them shows, in the order
    first met) and pooled, weighted by how many reached each stage."""
    columns: dict[str, str] = {}
    rows = []
    for entry in entries:
        cells = {}
        for stage in entry["figures"].get("stages") or []:
            default = stage["key"] in STAGE_DEFAULTS and STAGE_DEFAULTS[stage["key"]] == stage["label"]
            group = stage["key"] if default else "~" + stage["label"].casefold()
            columns.setdefault(group, stage_label(stage["key"], stage["label"], language))
            cells[group] = {"average": stage["average"], "reached": stage["reached"]}
        rows.append({"entry": entry, "cells": cells})
    pooled = {}
    for group in columns:
        given = [row["cells"][group] for row in rows if group in row["cells"]]
        pooled[group] = _weighted(given, "reached")
    return {
        "columns": [{"key": key, "label": label} for key, label in columns.items()],
        "rows": rows,
        "pooled": pooled,
    }


def _confidence(entries: Sequence[dict]) -> dict:
    """Check-ins per workshop (average and how many answered) and pooled, weighted by answers."""
    rows = []
    for entry in entries:
        figures = entry["figures"]
        follow_up = figures.get("follow_up") or {}
        rows.append(
            {
                "entry": entry,
                "before": figures.get("confidence_before"),
                "after": figures.get("confidence_after"),
                "follow_up": follow_up.get("confidence"),
            }
        )
    pooled = {moment: _weighted([row[moment] for row in rows if row[moment]], "total") for moment in CHECK_INS}
    return {"rows": rows, "pooled": pooled}


def _weighted(cells: Sequence[dict], weight: str) -> dict | None:
    total = sum(cell[weight] for cell in cells)
    if not total:
        return None
    return {"average": round(sum(cell["average"] * cell[weight] for cell in cells) / total, 1), weight: total}


# ---- printing -------------------------------------------------------------------------------


def render_insights_pdf(data: dict, language: str = "en") -> bytes:
    """The Insights figures (`pool`'s output in data["figures"]) as an A4 PDF through the
    one safe renderer (services.documents): plain data, static files only."""
    footer = translate(language, "Rebound Insights · Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    before, _, rest = footer.partition("\x00")
    middle, _, after = rest.partition("\x01")
    content = " ".join(
        piece for piece in (_css(before), "counter(page)", _css(middle), "counter(pages)", _css(after)) if piece
    )
    page = f"@page {{ size: A4; @top-left {{ content: none; }} @bottom-right {{ content: {content}; }} }}"
    return documents.render_pdf(PDF_TEMPLATE, data, stylesheets=PDF_STYLESHEETS, page=page, language=language)


def _css(text: str) -> str:
    if not text:
        return ""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
