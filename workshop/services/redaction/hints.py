"""Words the participant may want to hide after all: capitalised words that look like names
but that no rule hid ("might be a name: hide it?"). A soft hint for the review, never a redaction."""

from __future__ import annotations

import re

from .lexicon import name_lexicon
from .redactor import RedactionResult
from .tokens import TextWords

MAX_HINTS = 8
_ORDINARY_ENDING = re.compile(r"(?:ly|ing|ed|s|nya|kan|lah)$")


def might_be_names(result: RedactionResult, limit: int = MAX_HINTS) -> list[str]:
    """Visible capitalised words that could be a person's or an employer's name, in order of
    appearance, each once: words none of the word lists know (not places, tools, job titles,
    months or everyday words), and at the start of a sentence, where every word is capitalised,
    only those that do not read like an everyday English or Indonesian word form."""
    text = result.original
    tokens = TextWords(text, name_lexicon())
    hidden = bytearray(len(text))
    for span in result.spans:
        hidden[span.start : span.end] = b"\x01" * (span.end - span.start)
    seen: set[str] = set()
    hints: list[str] = []
    for index, token in enumerate(tokens.items):
        if any(hidden[token.start : token.end]) or not token.capital or token.acronym or len(token.key) < 3:
            continue
        tier = tokens.tier(index)
        if tier in ("never", "context") or tokens.is_title(index) or tokens.place_here(index):
            continue
        if token.key in tokens.lexicon.common and tier != "name":
            continue
        if token.initial and tier != "name" and (tier != "unknown" or _ORDINARY_ENDING.search(token.key)):
            continue  # a sentence's first word is capitalised anyway ("Luckily", "Went", "Thanks")
        if token.key in seen:
            continue
        seen.add(token.key)
        hints.append(token.text)
        if len(hints) >= limit:
            break
    return hints
