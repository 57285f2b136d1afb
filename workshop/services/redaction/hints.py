"""Words the participant may want to hide after all: words left visible that look like part of
a person's or an employer's name ("might be a name: hide it?"). A soft hint for the review,
never a redaction."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .name_signs import likely_names
from .redactor import RedactionResult

MAX_HINTS = 8
# The model's chance above which a visible word is offered. Judged by leaving one batch of dev
# stories out at a time (`python -m tests.quality.train_names --cross-check`): at 0.5 about a
# quarter of the hints are part of a name or an employer, at 0.18 hints per story.
THRESHOLD = 0.5
# What may stand between two words of one name offered as a whole: "Kettle & Crumb".
_JOIN = re.compile(r"[ \t]{1,2}(?:(?:&|and|of|dan)[ \t]{1,2})?", re.IGNORECASE)


def might_be_names(result: RedactionResult, limit: int = MAX_HINTS) -> list[str]:
    """Visible words the learned name signs rate as likely part of a person's or an employer's
    name, in order of appearance, each once (case aside), at most `limit`. Such words next to
    each other are offered as one phrase ("Prairie Wind Ford")."""
    text = result.original
    hidden = bytearray(len(text))
    for span in result.spans:
        hidden[span.start : span.end] = b"\x01" * (span.end - span.start)
    phrases: list[tuple[int, int]] = []
    for token in likely_names(text, hidden, THRESHOLD):
        if phrases and _JOIN.fullmatch(text[phrases[-1][1] : token.start]):
            phrases[-1] = (phrases[-1][0], token.end)  # "Prairie Wind Ford": one name, one tap
        else:
            phrases.append((token.start, token.end))
    seen: set[str] = set()
    hints: list[str] = []
    for start, end in phrases:
        phrase = text[start:end]
        if phrase.casefold() in seen:
            continue
        seen.add(phrase.casefold())
        hints.append(phrase)
        if len(hints) >= limit:
            break
    return hints


def hinted_segments(result: RedactionResult, hints: Sequence[str]) -> list[tuple[str, str | None]]:
    """`result.segments()` with each visible whole-word occurrence of an offered word cut out as
    its own piece of kind "hint", so that the review can point at it in the preview."""
    words = sorted({h for h in hints if h.strip()}, key=len, reverse=True)
    if not words:
        return result.segments()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
    pieces: list[tuple[str, str | None]] = []
    for text, kind in result.segments():
        if kind is not None:
            pieces.append((text, kind))
            continue
        cursor = 0
        for match in pattern.finditer(text):
            if match.start() > cursor:
                pieces.append((text[cursor : match.start()], None))
            pieces.append((match.group(0), "hint"))
            cursor = match.end()
        if cursor < len(text):
            pieces.append((text[cursor:], None))
    return pieces
