"""The languages Rebound speaks, and translating outside a request (plans, PDFs, labels).

Plain Python: the gettext catalogues under workshop/translations/ (compiled to .mo by the
Makefile) read with Babel, so a render process or a CLI translates exactly as the pages do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.support import NullTranslations, Translations

# Every language a workshop, a phone or a coach page can be in, with its name in itself.
# Adding one: README, "Adding a language".
LANGUAGES: dict[str, str] = {"en": "English", "id": "Bahasa Indonesia", "ms": "Bahasa Melayu"}
DEFAULT = "en"
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"


def N_(text: str) -> str:
    """Mark a string for the catalogue where it is defined; translate it where it is used."""
    return text


def known(code: str | None) -> str:
    """`code` when Rebound speaks it, else English."""
    return code if code in LANGUAGES else DEFAULT


@lru_cache(maxsize=len(LANGUAGES))
def translations(code: str) -> NullTranslations:
    """The compiled catalogue of one language (English needs none)."""
    if known(code) == DEFAULT:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [code], domain="messages")


def translate(code: str, text: str, **values) -> str:
    """`text` in language `code`, with %(name)s values filled in."""
    translated = translations(code).gettext(text)
    return translated % values if values else translated


def translate_plural(code: str, singular: str, plural: str, num: int, **values) -> str:
    translated = translations(code).ngettext(singular, plural, num)
    return translated % {"num": num, **values}


def best_match(accepted: Iterable[tuple[str, float]], offered: Iterable[str] = LANGUAGES) -> str | None:
    """The first of the browser's languages (Accept-Language, best first) that is offered;
    "ms-MY" matches "ms", "en-GB" matches "en". None when nothing matches."""
    offered = tuple(offered)
    for tag, quality in accepted:
        if quality <= 0:
            continue
        base = tag.replace("_", "-").split("-")[0].lower()
        if base in offered:
            return base
    return None


def locale(code: str) -> Locale:
    try:
        return Locale.parse(known(code))
    except UnknownLocaleError:  # pragma: no cover - every code in LANGUAGES is a Babel locale
        return Locale.parse(DEFAULT)


def long_date(day: dt.date, code: str) -> str:
    """'Thursday 12 March 2026', 'Kamis 12 Maret 2026', 'Khamis 12 Mac 2026'."""
    return format_date(day, "EEEE d MMMM y", locale=locale(code))


def day_month(day: dt.date, code: str) -> str:
    """'12 March', '12 Maret'."""
    return format_date(day, "d MMMM", locale=locale(code))
