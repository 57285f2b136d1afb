"""Tidying of typed text before it is validated or stored.

Control characters and invisible direction overrides have no place in a workshop (they can
make text on the projector read differently from what was typed), so they are removed.
Line breaks survive in multi-line fields.
"""

from __future__ import annotations

import re
import unicodedata

from .services.languages import N_

# C0/C1 controls except tab and newline, bidi marks, embeddings, overrides and isolates, and
# zero-width characters (the zero-width joiner stays: emoji sequences need it).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# What a participant is told about rather than silently changed: controls and direction
# overrides can make text on the projector read differently from what was typed.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORBIDDEN_MESSAGE = N_(
    "This text contains hidden control characters (such as a right-to-left override) that "
    "could make it display differently from what you see. Remove them and try again."
)


def clean_text(value: str) -> str:
    """Multi-line text: NFC, Unix newlines, no invisible characters, trimmed."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _INVISIBLE.sub("", value)
    return value.strip()


def clean_line(value: str) -> str:
    """One-line text: as clean_text, with runs of whitespace folded to one space."""
    return " ".join(clean_text(value).split())


def has_forbidden(value: str) -> bool:
    """Control characters or direction overrides (tabs and line breaks are fine)."""
    return bool(_FORBIDDEN.search(value.replace("\r", "")))
