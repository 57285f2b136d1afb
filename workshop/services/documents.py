"""Printable documents: an autoescaped HTML template fed plain data, laid out by WeasyPrint
as a tagged, accessible PDF (PDF/UA-1, with title and language).

- `render_pdf(template_name, data, stylesheets=..., page=...)` is the one way to make a PDF.
  Templates live under templates/ (templates/pdf/ for the plan), rendered with autoescaping
  on and strict undefined, and fed plain values, never ORM objects, so text someone typed can
  never become markup or a URL.
- Every URL WeasyPrint asks for goes through `StaticOnlyFetcher`, which serves files under
  static/ only and stops the rendering (a fatal error) on anything else.
- Per process, each stylesheet (with its bundled @font-face fonts), each page rule and the
  `FontConfiguration` are parsed once and reused.
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import jinja2
from babel.dates import format_date
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import languages

REPO_DIR = Path(__file__).resolve().parents[2]  # workshop/services/ -> the repository
TEMPLATES_DIR = REPO_DIR / "templates"
STATIC_DIR = REPO_DIR / "static"
PDF_VARIANT = "pdf/ua-1"
MAX_DATA_URL_BYTES = 64 * 1024
DATA_URL_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})


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
class Stylesheet:
    """A parsed stylesheet, and the fetcher that loaded it and its fonts."""

    css: CSS
    fetcher: StaticOnlyFetcher

    @property
    def requested(self) -> list[str]:
        """Every URL fetched while loading the stylesheet and its fonts."""
        return list(self.fetcher.requested)


_assets_lock = threading.Lock()
_fonts: FontConfiguration | None = None
_stylesheets: dict[str, Stylesheet] = {}
_page_rules: dict[str, CSS] = {}
_images: dict[str, Any] = {}  # WeasyPrint's cache of decoded images (the plan's checkbox)


@atexit.register
def _release_assets() -> None:
    """Free the cached fonts while Pango is still loaded.

    Left to interpreter teardown, the FontConfiguration's GObjects can be unreferenced
    after their libraries are gone, which crashes the process on exit.
    """
    global _fonts
    _stylesheets.clear()
    _page_rules.clear()
    _images.clear()
    _fonts = None
    gc.collect()


def _font_config() -> FontConfiguration:
    global _fonts
    if _fonts is None:
        with _assets_lock:
            if _fonts is None:
                _fonts = FontConfiguration()
    return _fonts


def stylesheet(name: str) -> Stylesheet:
    """The stylesheet static/`name` with its fonts, parsed once per process."""
    found = _stylesheets.get(name)
    if found is None:
        fonts = _font_config()
        with _assets_lock:
            found = _stylesheets.get(name)
            if found is None:
                fetcher = StaticOnlyFetcher()
                url = (STATIC_DIR / name).as_uri()
                response = fetcher.fetch(url)
                try:
                    css_text = response.read().decode("utf-8")
                finally:
                    response.close()
                css = CSS(
                    string=inline_custom_properties(css_text, name),
                    base_url=url,
                    url_fetcher=fetcher,
                    font_config=fonts,
                )
                found = _stylesheets[name] = Stylesheet(css, fetcher)
    return found


def page_rule(rule: str) -> CSS:
    """A small stylesheet such as "@page { size: A4; }", parsed once per process."""
    found = _page_rules.get(rule)
    if found is None:
        fonts = _font_config()
        with _assets_lock:
            found = _page_rules.get(rule)
            if found is None:
                found = _page_rules[rule] = CSS(string=rule, font_config=fonts)
    return found


def warm_up(stylesheets: Iterable[str], page_rules: Iterable[str] = ()) -> None:
    """Load stylesheets, their fonts and page rules now (a render pool's initializer calls this)."""
    for name in stylesheets:
        stylesheet(name)
    for rule in page_rules:
        page_rule(rule)


_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\((--[\w-]+)\)")


def inline_custom_properties(css_text: str, name: str = "the stylesheet") -> str:
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
            raise ValueError(f"{name}: undefined custom property {match.group(1)}")
        return values[match.group(1)].strip()

    return _VAR.sub(substitute, css_text[: root.start()] + css_text[root.end() :])


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


def long_date(day: dt.date, paper_size: str = "A4", language: str = "en") -> str:
    """'Thursday 12 March 2026' (A4) or 'Thursday, March 12, 2026' (US Letter); in another
    language, that language's own order ('Kamis 12 Maret 2026')."""
    if language != "en":
        return languages.long_date(day, language)
    weekday, month = _DAYS[day.weekday()], _MONTHS[day.month - 1]
    if paper_size == "Letter":
        return f"{weekday}, {month} {day.day}, {day.year}"
    return f"{weekday} {day.day} {month} {day.year}"


def short_date(day: dt.date, paper_size: str = "A4", language: str = "en") -> str:
    """'Fri 13 Mar' (A4) or 'Fri, Mar 13' (US Letter), with no-break spaces ('Jum 13 Mar')."""
    if language != "en":
        return format_date(day, "EEE d MMM", locale=languages.locale(language)).replace(" ", "\u00a0")
    weekday, month = _DAYS[day.weekday()][:3], _MONTHS[day.month - 1][:3]
    if paper_size == "Letter":
        return f"{weekday},\u00a0{month}\u00a0{day.day}"
    return f"{weekday}\u00a0{day.day}\u00a0{month}"


def clip(text: str, width: int) -> str:
    """Shorten `text` to at most `width` characters, ending with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


_environments: dict[str, jinja2.Environment] = {}
_INDENTATION = re.compile(r"\n\s+")  # same rendering in HTML, less for the parser


def template_environment(language: str = "en") -> jinja2.Environment:
    """The Jinja environment for printed documents in one language: autoescape on, strict
    undefined, the language's catalogue behind {% trans %} and _(), its dates."""
    language = languages.known(language)
    env = _environments.get(language)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        env.policies["ext.i18n.trimmed"] = True  # as extracted (babel.cfg)
        env.install_gettext_translations(languages.translations(language), newstyle=True)
        env.filters.update(
            long_date=partial(_in_language, long_date, language),
            short_date=partial(_in_language, short_date, language),
            clip=clip,
        )
        env.globals["language"] = language
        _environments[language] = env
    return env


def _in_language(formatter, language: str, day: dt.date, paper_size: str = "A4") -> str:
    return formatter(day, paper_size, language)


def render_html(template_name: str, data: Mapping[str, Any], language: str = "en") -> str:
    """A document as HTML (what WeasyPrint lays out): the template fed `data`, in `language`."""
    html = template_environment(language).get_template(template_name).render(**data)
    return _INDENTATION.sub("\n", html)


# --- Rendering ---------------------------------------------------------------------


def render_pdf(
    template_name: str,
    data: Mapping[str, Any],
    *,
    stylesheets: Sequence[str],
    page: str = "",
    fetcher: StaticOnlyFetcher | None = None,
    language: str = "en",
) -> bytes:
    """Render a template fed plain `data` to PDF bytes (PDF/UA-1).

    `stylesheets` are names under static/; `page` is an extra rule such as the paper size.
    Pass a `fetcher` to inspect what was requested; by default a fresh one is used. Raises
    `PdfRenderError` if anything asked for a URL the fetcher refuses.
    """
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(
        string=render_html(template_name, data, language),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    try:
        sheets = [stylesheet(name).css for name in stylesheets] + ([page_rule(page)] if page else [])
        return document.write_pdf(
            stylesheets=sheets,
            font_config=_font_config(),
            pdf_variant=PDF_VARIANT,
            cache=_images,
        )
    except FatalURLFetchingError as error:
        raise PdfRenderError(str(error)) from error
