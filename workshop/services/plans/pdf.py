"""Render a `Plan` to a tagged, accessible PDF with WeasyPrint.

- Templates: `templates/pdf/plan.html` and its `_*.html` partials, rendered by a Jinja
  environment with autoescaping on, fed the `Plan` dataclass and a few derived values
  (never ORM objects). Participant text can therefore never become markup or a URL.
- Resources: every URL WeasyPrint asks for goes through `StaticOnlyFetcher`, which serves
  files under `static/` only and stops the rendering (a fatal error) on anything else.
- Per process, the stylesheet `static/pdf/plan.css` (with its bundled @font-face fonts)
  and the `FontConfiguration` are parsed once and reused (`_assets()`).
- Output: PDF/UA-1 (tagged, with title and language), A4 or US Letter by `plan.paper_size`.

`preview_plan(data)` runs JSON input (see `from_json`) through exactly the
same builder and renderer, for `flask --app workshop preview-plan INPUT.json -o OUT.pdf`.
"""

from __future__ import annotations

import atexit
import base64
import binascii
import datetime as dt
import gc
import mimetypes
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import jinja2
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .builder import build_plan
from .from_json import plan_input_from_json
from .model import Plan

REPO_DIR = Path(__file__).resolve().parents[3]
TEMPLATES_DIR = REPO_DIR / "templates"
STATIC_DIR = REPO_DIR / "static"
STYLESHEET = "pdf/plan.css"
PDF_VARIANT = "pdf/ua-1"
MAX_DATA_URL_BYTES = 64 * 1024
DATA_URL_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})
# Page size per plan; US Letter is 18 mm shorter than A4, so its margins are a little tighter.
PAGE_RULES = {
    "A4": "@page { size: A4; }",
    "Letter": "@page { size: letter; margin-top: 17mm; margin-bottom: 16mm; }",
}


class PdfRenderError(RuntimeError):
    """Rendering stopped, e.g. because something asked for a URL outside static/."""


class RefusedURL(FatalURLFetchingError):
    """A URL the PDF renderer will not fetch. Fatal: WeasyPrint stops rendering."""


# --- URL fetcher -------------------------------------------------------------------


class StaticOnlyFetcher(URLFetcher):
    """Serve files under `static_dir` and small image data: URLs; refuse everything else.

    Every URL asked for is appended to `requested` (tests check it). Refusals raise
    `RefusedURL`, a `FatalURLFetchingError`, so rendering fails loudly instead of
    silently leaving something out. No network handler is ever reached, so there are no
    redirects to follow.
    """

    def __init__(self, static_dir: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self.static_root = Path(static_dir).resolve()
        self.requested: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "file":
            return self._static_file(url)
        if scheme == "data":
            return self._small_image(url)
        raise RefusedURL(f"refused to fetch {_short(url)}: only bundled static files are allowed")

    def _static_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused {_short(url)}: remote file host")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError) as error:
            raise RefusedURL(f"refused {_short(url)}: not found") from error
        if not path.is_relative_to(self.static_root) or not path.is_file():
            raise RefusedURL(f"refused {_short(url)}: outside static/")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".woff2":
            content_type = "font/woff2"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type})

    def _small_image(self, url: str) -> URLFetcherResponse:
        header, _, payload = url[len("data:") :].partition(",")
        params = [p.strip().lower() for p in header.split(";")]
        content_type = params[0] or "text/plain"
        if content_type not in DATA_URL_TYPES:
            raise RefusedURL(f"refused a data: URL of type {content_type!r}")
        if len(payload) > MAX_DATA_URL_BYTES * 2:
            raise RefusedURL("refused a data: URL larger than 64 KB")
        try:
            body = base64.b64decode(payload, validate=True) if "base64" in params[1:] else unquote_to_bytes(payload)
        except (binascii.Error, ValueError) as error:
            raise RefusedURL("refused a malformed data: URL") from error
        if len(body) > MAX_DATA_URL_BYTES:
            raise RefusedURL("refused a data: URL larger than 64 KB")
        return URLFetcherResponse("data:", body, headers={"Content-Type": content_type})


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


# --- Per-process assets ------------------------------------------------------------


@dataclass(frozen=True)
class _Assets:
    font_config: FontConfiguration
    stylesheet: CSS
    page_sizes: dict[str, CSS]
    fetcher: StaticOnlyFetcher  # the one that loaded the stylesheet and fonts
    image_cache: dict[str, Any]  # WeasyPrint's cache of decoded images (the checkbox)


_assets_lock = threading.Lock()
_assets_cache: _Assets | None = None


@atexit.register
def _release_assets() -> None:
    """Free the cached fonts while Pango is still loaded.

    Left to interpreter teardown, the FontConfiguration's GObjects can be unreferenced
    after their libraries are gone, which crashes the process on exit.
    """
    global _assets_cache
    _assets_cache = None
    gc.collect()


def _assets() -> _Assets:
    """Parse the stylesheet and load the fonts once per process."""
    global _assets_cache
    if _assets_cache is None:
        with _assets_lock:
            if _assets_cache is None:
                font_config = FontConfiguration()
                fetcher = StaticOnlyFetcher()
                url = (STATIC_DIR / STYLESHEET).as_uri()
                response = fetcher.fetch(url)
                try:
                    css_text = response.read().decode("utf-8")
                finally:
                    response.close()
                stylesheet = CSS(
                    string=inline_custom_properties(css_text),
                    base_url=url,
                    url_fetcher=fetcher,
                    font_config=font_config,
                )
                page_sizes = {name: CSS(string=rule, font_config=font_config) for name, rule in PAGE_RULES.items()}
                _assets_cache = _Assets(font_config, stylesheet, page_sizes, fetcher, {})
    return _assets_cache


def warm_up() -> None:
    """Load the stylesheet and fonts now (a render pool's initializer calls this)."""
    _assets()


_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\((--[\w-]+)\)")


def inline_custom_properties(css_text: str) -> str:
    """Replace var(--x) with the values declared in the stylesheet's `:root` block.

    The stylesheet keeps its variables section for readability; WeasyPrint resolves var()
    on every element at layout and draw time, which costs more than the whole stylesheet
    otherwise does, so the values are substituted once when the sheet is loaded.
    """
    root = _ROOT_BLOCK.search(css_text)
    if root is None:
        return css_text
    values = dict(_CUSTOM_PROPERTY.findall(root.group(1)))

    def substitute(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise ValueError(f"{STYLESHEET}: undefined custom property {match.group(1)}")
        return values[match.group(1)].strip()

    return _VAR.sub(substitute, css_text[: root.start()] + css_text[root.end() :])


def stylesheet_requests() -> list[str]:
    """URLs fetched while loading the cached stylesheet and its fonts."""
    return list(_assets().fetcher.requested)


# --- Templates ---------------------------------------------------------------------


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: dt.date, paper_size: str = "A4") -> str:
    """'Thursday 12 March 2026' (A4) or 'Thursday, March 12, 2026' (US Letter)."""
    weekday, month = _DAYS[day.weekday()], _MONTHS[day.month - 1]
    if paper_size == "Letter":
        return f"{weekday}, {month} {day.day}, {day.year}"
    return f"{weekday} {day.day} {month} {day.year}"


def short_date(day: dt.date, paper_size: str = "A4") -> str:
    """'Fri 13 Mar' (A4) or 'Fri, Mar 13' (US Letter), with no-break spaces."""
    weekday, month = _DAYS[day.weekday()][:3], _MONTHS[day.month - 1][:3]
    if paper_size == "Letter":
        return f"{weekday},\u00a0{month}\u00a0{day.day}"
    return f"{weekday}\u00a0{day.day}\u00a0{month}"


_environment: jinja2.Environment | None = None
_INDENTATION = re.compile(r"\n\s+")  # same rendering in HTML, less for the parser


def template_environment() -> jinja2.Environment:
    """The Jinja environment for PDF templates: autoescape on, strict undefined."""
    global _environment
    if _environment is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(long_date=long_date, short_date=short_date, clip=_ellipsize)
        _environment = env
    return _environment


def render_plan_html(plan: Plan) -> str:
    """The plan as an HTML document (what WeasyPrint lays out)."""
    template = template_environment().get_template("pdf/plan.html")
    html = template.render(plan=plan, chart=stage_chart(plan), paper=plan.paper_size)
    return _INDENTATION.sub("\n", html)


# --- Stage chart -------------------------------------------------------------------

# The chart is one SVG (gridlines and bars, no text) drawn at the content width in mm,
# with the stage labels and scores as one-line HTML paragraphs pulled up over its
# left-hand column. Text in SVG costs WeasyPrint far more than a paragraph, and the
# paragraphs read naturally in the tagged PDF. Sizes in mm; keep in step with plan.css.
CONTENT_WIDTH_MM = {"A4": 210 - 2 * 19, "Letter": 215.9 - 2 * 19}
LABEL_COLUMN_MM = 84
ROW_MM = 6.4
BAR_HEIGHT_MM = 3.6
LABEL_CHARS = 44
BAR_COLOURS = {"weakest": "#c0612b", "strongest": "#1f5f66", "": "#6a9fa4"}


def stage_chart(plan: Plan) -> dict[str, Any]:
    """Geometry for the stage-profile chart (drawn by templates/pdf/_chart.html)."""
    width = CONTENT_WIDTH_MM[plan.paper_size]
    bar_width = round(width - LABEL_COLUMN_MM - 1, 2)
    weakest = plan.weakest.key if plan.weakest else None
    strongest = plan.strongest.key if plan.strongest else None
    rows = []
    for i, stage in enumerate(plan.stage_profile):
        kind = "weakest" if stage.key == weakest else "strongest" if stage.key == strongest else ""
        rows.append(
            {
                "label": _ellipsize(stage.label, LABEL_CHARS),
                "bar_y": round(i * ROW_MM + (ROW_MM - BAR_HEIGHT_MM) / 2, 2),
                "bar_length": round(bar_width * (stage.score or 0) / 5, 2),
                "score": stage.score,
                "score_text": f"{stage.score}/5" if stage.reached else "not reached",
                "kind": kind,
                "colour": BAR_COLOURS[kind],
            }
        )
    summary = "; ".join(
        f"{s.label}: {s.score} of 5" if s.reached else f"{s.label}: not reached" for s in plan.stage_profile
    )
    return {
        "width": round(width, 2),
        "height": round(len(rows) * ROW_MM, 2),
        "bar_x": LABEL_COLUMN_MM,
        "bar_width": bar_width,
        "bar_height": BAR_HEIGHT_MM,
        "ticks": [{"value": score, "x": round(LABEL_COLUMN_MM + bar_width * score / 5, 2)} for score in range(1, 6)],
        "rows": rows,
        "summary": f"Bar chart of your stage ratings, 1 (went badly) to 5 (went well). {summary}.",
    }


def _ellipsize(text: str, width: int) -> str:
    """Shorten `text` to at most `width` characters, ending with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


# --- Rendering ---------------------------------------------------------------------


def render_plan_pdf(plan: Plan, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render the plan to PDF bytes (PDF/UA-1, A4 or Letter by `plan.paper_size`).

    Pass a `fetcher` to inspect what was requested; by default a fresh one is used.
    Raises `PdfRenderError` if anything asked for a URL the fetcher refuses.
    """
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(
        string=render_plan_html(plan),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    try:
        assets = _assets()
        return document.write_pdf(
            stylesheets=[assets.stylesheet, assets.page_sizes[plan.paper_size]],
            font_config=assets.font_config,
            pdf_variant=PDF_VARIANT,
            cache=assets.image_cache,
        )
    except FatalURLFetchingError as error:
        raise PdfRenderError(str(error)) from error


def preview_plan(data: Mapping[str, Any]) -> bytes:
    """JSON plan input -> PDF bytes, through the same builder and renderer as the app."""
    return render_plan_pdf(build_plan(plan_input_from_json(data)))
