"""A participant's plan as a PDF: templates/pdf/plan.html and its partials, with
static/pdf/plan.css, A4 or US Letter by `plan.paper_size`, through services.documents.

`preview_plan(data)` runs JSON input (see `from_json`) through exactly the same builder and
renderer, for `flask --app workshop preview-plan INPUT.json -o OUT.pdf`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .. import documents
from ..documents import StaticOnlyFetcher, clip
from ..languages import LANGUAGES, translate
from .builder import build_plan
from .from_json import plan_input_from_json
from .model import Plan

TEMPLATE = "pdf/plan.html"
STYLESHEET = "pdf/plan.css"
# Page size per plan; US Letter is 18 mm shorter than A4, so its margins are a little tighter.
PAGE_RULES = {
    "A4": "@page { size: A4; }",
    "Letter": "@page { size: letter; margin-top: 17mm; margin-bottom: 16mm; }",
}
# A rehearsal's plans carry its mark in the top right corner of every page after the cover.
REHEARSAL_PAGES = (
    " @page { @top-right { content: string(rehearsal); font: 600 8.5pt var(--sans); color: #c0612b;"
    " vertical-align: bottom; padding-bottom: 4mm; } } @page :first { @top-right { content: none; } }"
)


def page_rule(plan: Plan) -> str:
    return PAGE_RULES[plan.paper_size] + (REHEARSAL_PAGES if plan.rehearsal else "") + margin_words(plan.language)


def warm_up() -> None:
    """Load the plan's stylesheet, fonts and page sizes now (the render pool's initializer)."""
    rules = [rule + rehearsal for rule in PAGE_RULES.values() for rehearsal in ("", REHEARSAL_PAGES)]
    documents.warm_up([STYLESHEET], [rule + margin_words(code) for rule in rules for code in LANGUAGES])


def plan_data(plan: Plan) -> dict[str, Any]:
    """What the plan's template is fed: the plan, its chart and its paper size."""
    return {"plan": plan, "chart": stage_chart(plan), "paper": plan.paper_size}


def render_plan_html(plan: Plan) -> str:
    """The plan as an HTML document (what WeasyPrint lays out)."""
    return documents.render_html(TEMPLATE, plan_data(plan), language=plan.language)


def render_plan_pdf(plan: Plan, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render the plan to PDF bytes (PDF/UA-1, A4 or Letter by `plan.paper_size`).

    Pass a `fetcher` to inspect what was requested. Raises `documents.PdfRenderError` if
    anything asked for a URL the fetcher refuses.
    """
    return documents.render_pdf(
        TEMPLATE,
        plan_data(plan),
        stylesheets=[STYLESHEET],
        page=page_rule(plan),
        fetcher=fetcher,
        language=plan.language,
    )


_PLACEHOLDER = re.compile(r"%\((alias|page|pages)\)s")
_CSS_VALUES = {"alias": "string(alias)", "page": "counter(page)", "pages": "counter(pages)"}


@lru_cache(maxsize=8)
def margin_words(language: str) -> str:
    """What plan.css writes in the page margins (the footer, a rehearsal's mark), in the
    plan's language: CSS `content`, so it comes from the catalogue here."""
    footer = translate(language, "Action plan for %(alias)s  ·  Page %(page)s of %(pages)s")
    pieces = []
    for i, piece in enumerate(_PLACEHOLDER.split(footer)):
        if i % 2:
            pieces.append(_CSS_VALUES[piece])
        elif piece:
            pieces.append(_css_string(piece))
    mark = _css_string(translate(language, "Rehearsal · sample participant"))
    return f" @page {{ @bottom-right {{ content: {' '.join(pieces)}; }} }} .rehearsal-mark {{ string-set: rehearsal {mark}; }}"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def preview_plan(data: Mapping[str, Any]) -> bytes:
    """JSON plan input -> PDF bytes, through the same builder and renderer as the app."""
    return render_plan_pdf(build_plan(plan_input_from_json(data)))


# --- Stage chart -------------------------------------------------------------------

# The chart is one SVG (gridlines and bars, no text) drawn at the content width in mm,
# with the stage labels and scores as one-line HTML paragraphs pulled up over its
# left-hand column. Text in SVG costs WeasyPrint far more than a paragraph, and the
# paragraphs read naturally in the tagged PDF. WeasyPrint draws an SVG node by node, so
# the gridlines, the tracks and the bars of each colour are one path each rather than a
# rectangle per bar. Sizes in mm; keep in step with plan.css.
CONTENT_WIDTH_MM = {"A4": 210 - 2 * 19, "Letter": 215.9 - 2 * 19}
LABEL_COLUMN_MM = 84
ROW_MM = 6.4
BAR_HEIGHT_MM = 3.6
BAR_RADIUS_MM = 0.6
TICK_MM = 0.2
LABEL_CHARS = 44
BAR_COLOURS = {"weakest": "#c0612b", "strongest": "#1f5f66", "": "#6a9fa4"}
TICK_COLOUR = "#e1e6eb"
TRACK_COLOUR = "#f2f4f6"


def stage_chart(plan: Plan) -> dict[str, Any]:
    """Geometry for the stage-profile chart (drawn by templates/pdf/_chart.html)."""
    width = CONTENT_WIDTH_MM[plan.paper_size]
    bar_width = round(width - LABEL_COLUMN_MM - 1, 2)
    height = round(len(plan.stage_profile) * ROW_MM, 2)
    weakest = plan.weakest.key if plan.weakest else None
    strongest = plan.strongest.key if plan.strongest else None
    language = plan.language
    not_reached = translate(language, "not reached")
    rows, tracks, bars = [], [], {}
    for i, stage in enumerate(plan.stage_profile):
        kind = "weakest" if stage.key == weakest else "strongest" if stage.key == strongest else ""
        bar_y = i * ROW_MM + (ROW_MM - BAR_HEIGHT_MM) / 2
        tracks.append(_bar(LABEL_COLUMN_MM, bar_y, bar_width))
        if stage.score:
            bars.setdefault(BAR_COLOURS[kind], []).append(_bar(LABEL_COLUMN_MM, bar_y, bar_width * stage.score / 5))
        rows.append(
            {
                "label": clip(stage.label, LABEL_CHARS),
                "score": stage.score,
                "score_text": f"{stage.score}/5" if stage.reached else not_reached,
                "kind": kind,
            }
        )
    ticks = "".join(
        f"M{_mm(LABEL_COLUMN_MM + bar_width * score / 5 - TICK_MM / 2)} 0h{TICK_MM}v{height}h-{TICK_MM}z"
        for score in range(1, 6)
    )
    paths = [{"d": ticks, "fill": TICK_COLOUR}, {"d": "".join(tracks), "fill": TRACK_COLOUR}]
    paths += [{"d": "".join(shapes), "fill": colour} for colour, shapes in bars.items()]
    summary = "; ".join(
        translate(language, "%(stage)s: %(score)s of 5", stage=s.label, score=s.score)
        if s.reached
        else f"{s.label}: {not_reached}"
        for s in plan.stage_profile
    )
    return {
        "width": round(width, 2),
        "height": height,
        "paths": paths,
        "rows": rows,
        "summary": translate(
            language, "Bar chart of your stage ratings, 1 (went badly) to 5 (went well). %(stages)s.", stages=summary
        ),
    }


def _bar(x: float, y: float, length: float) -> str:
    """SVG path data for one bar: a rectangle BAR_HEIGHT_MM high with rounded corners."""
    r = min(BAR_RADIUS_MM, length / 2)
    straight, side = length - 2 * r, BAR_HEIGHT_MM - 2 * r
    corner = f"a{_mm(r)} {_mm(r)} 0 0 1"
    return (
        f"M{_mm(x + r)} {_mm(y)}h{_mm(straight)}{corner} {_mm(r)} {_mm(r)}v{_mm(side)}{corner} -{_mm(r)} {_mm(r)}"
        f"h-{_mm(straight)}{corner} -{_mm(r)} -{_mm(r)}v-{_mm(side)}{corner} {_mm(r)} -{_mm(r)}z"
    )


def _mm(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
