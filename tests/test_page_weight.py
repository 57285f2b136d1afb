"""A phone on venue Wi-Fi downloads little: every participant page with its assets stays
under 40 KB gzipped (htmx included), with no web fonts and nothing from other hosts."""

from __future__ import annotations

import gzip
import re

from workshop.models import Phase

BUDGET = 40 * 1024


def weight(client, html: str) -> int:
    total = len(gzip.compress(html.encode(), 9))
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        total += len(gzip.compress(client.get(asset).data, 9))
    return total


def test_participant_pages_stay_under_40_kb_gzipped(make_coach, make_workshop, join):
    workshop = make_workshop(make_coach(), phase=Phase.REFLECT)
    phone, _ = join(workshop)
    code = workshop.join_code
    pages = {path: phone.get(f"/w/{code}{path}").text for path in ("/", "/story", "/ratings", "/themes")}
    for path, html in pages.items():
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), path  # nothing from elsewhere
        assert "@font-face" not in html and ".woff" not in html
        assert weight(phone, html) < BUDGET, path


def test_the_stylesheet_has_no_web_fonts(client):
    css = client.get("/static/css/rebound.css").text
    assert "@font-face" not in css and "url(" not in css
