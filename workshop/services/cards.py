"""Printed join cards and the poster for the door: a workshop's title, join code, QR code and
address with the privacy promise, as PDFs through services.documents (templates/cards/,
static/pdf/cards.css), A4 or US Letter.

Fed plain values (`JoinDetails`), never the workshop itself, like every printed document.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from dataclasses import asdict, dataclass

import segno

from . import documents

CARDS_TEMPLATE = "cards/cards.html"
POSTER_TEMPLATE = "cards/poster.html"
STYLESHEET = "pdf/cards.css"
CARDS_PER_PAGE = (4, 8)
PAPER_SIZES = ("A4", "Letter")
# Cards fill the sheet inside a margin most printers can reach; the poster has its own margin.
PAGE_RULES = {"A4": "@page { size: A4; margin: 8mm; }", "Letter": "@page { size: letter; margin: 8mm; }"}
POSTER_PAGE_RULES = {"A4": "@page { size: A4; margin: 14mm; }", "Letter": "@page { size: letter; margin: 13mm; }"}


@dataclass(frozen=True)
class JoinDetails:
    """What a card says: the workshop's title and date, its code, and where phones go."""

    title: str
    date: dt.date
    code: str
    join_url: str  # what the QR code encodes: the workshop's own join page
    join_page: str  # what people type instead: the address of the page that asks for the code
    rehearsal: bool = False  # a practice room with sample participants: every card says so
    language: str = "en"  # the workshop's: the cards are for the room


def typed_address(url: str) -> str:
    """An address as people type it: without https:// (browsers add it), with http:// kept
    (a browser might otherwise try https on a laptop that only speaks http)."""
    return url.removeprefix("https://")


def qr_data_uri(url: str) -> str:
    """The QR code as a small PNG data: URL, ten pixels per module (about 270 dpi on a card,
    sharp enough for any printer and camera). WeasyPrint embeds it once per sheet; an SVG
    would be drawn again for every card."""
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=10, border=2, dark="#111", light="#fff")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")


def card_data(details: JoinDetails, paper: str) -> dict:
    return {
        **asdict(details),
        "join_page": typed_address(details.join_page),
        "qr": qr_data_uri(details.join_url),
        "paper": paper,
    }


def render_cards(details: JoinDetails, per_page: int = 8, paper: str = "A4") -> bytes:
    """One page of `per_page` identical cards (4 or 8) with cut lines between them."""
    if per_page not in CARDS_PER_PAGE or paper not in PAPER_SIZES:
        raise ValueError(f"cards come {CARDS_PER_PAGE} to a page on {PAPER_SIZES}")
    data = card_data(details, paper) | {"per_page": per_page, "cards": range(per_page)}
    return documents.render_pdf(
        CARDS_TEMPLATE, data, stylesheets=[STYLESHEET], page=PAGE_RULES[paper], language=details.language
    )


def render_poster(details: JoinDetails, paper: str = "A4") -> bytes:
    """One large sheet for the door: the same details, big enough to scan from a step away."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"posters come on {PAPER_SIZES}")
    data = card_data(details, paper)
    return documents.render_pdf(
        POSTER_TEMPLATE, data, stylesheets=[STYLESHEET], page=POSTER_PAGE_RULES[paper], language=details.language
    )
