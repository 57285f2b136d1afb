"""Text basics for redaction: Unicode normalisation that remembers where each character came from.

Detection runs on normalised text (NFKC, invisible and direction-control characters removed),
while every span handed back to callers must point into the text exactly as it was typed.
`Normalised` keeps, for each normalised character, the range of original characters it came
from, so a span found in the normalised text can be mapped back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

# Zero-width characters, soft hyphen, word joiners, direction marks/embeddings/overrides/isolates,
# the byte-order mark and invisible math operators: none of them is visible text, and all of
# them can be slipped into an email or a name to dodge a pattern.
_INVISIBLE = frozenset(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))  # zero-width space/joiners, LRM, RLM
    + list(range(0x202A, 0x202F))  # LRE, RLE, PDF, LRO, RLO
    + list(range(0x2060, 0x2070))  # word joiner, invisible operators, LRI/RLI/FSI/PDI, deprecated
)
_RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"
_INVISIBLE_CHARS = "".join(map(chr, sorted(_INVISIBLE)))
_HAS_INVISIBLE = re.compile(f"[{re.escape(_INVISIBLE_CHARS)}]")


class Found(NamedTuple):
    """One detection in normalised-text coordinates."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text plus, per character, the [start, end) range it came from in the original."""

    text: str
    starts: tuple[int, ...] | None  # None means identical to the original (no mapping needed)
    ends: tuple[int, ...] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the smallest original span that covers it."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            point = self.starts[start] if start < len(self.starts) else self.ends[-1] if self.ends else 0
            return point, point
        return min(self.starts[start:end]), max(self.ends[start:end])


def _clusters(text: str) -> list[tuple[int, int]]:
    """Split text into [start, end) clusters: a base character plus its combining marks."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            bounds.append((start, index))
            start = index
    return bounds


def _visual_order(text: str) -> list[int] | None:
    """Indexes of `text` in reading order when right-to-left overrides reverse a run.

    A run after U+202E (RLO) up to U+202C (PDF) or the end of the line is displayed backwards,
    so "\u202emoc.liamg@enaj" reads as "jane@gmail.com". Returns None when nothing is reversed.
    """
    if _RLO not in text:
        return None
    order: list[int] = []
    run: list[int] | None = None
    for index, char in enumerate(text):
        if char == _RLO:
            if run:
                order.extend(reversed(run))
            run = []
        elif run is not None and char in (_PDF, _LRO, "\n", "\r"):
            order.extend(reversed(run))
            run = None
            order.append(index)
        elif run is not None:
            run.append(index)
        else:
            order.append(index)
    if run:
        order.extend(reversed(run))
    return order


def normalise_with_map(text: str) -> Normalised:
    """NFKC-normalise `text`, drop invisible and bidi-control characters, keep an offset map."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _HAS_INVISIBLE.search(text)):
        return Normalised(text, None, None)
    order = _visual_order(text)
    if order is not None:
        # Rebuild the string in reading order, remembering where each character sat.
        source = "".join(text[i] for i in order)
        positions = order
    else:
        source, positions = text, range(len(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for begin, finish in _clusters(source):
        cluster = "".join(ch for ch in source[begin:finish] if ord(ch) not in _INVISIBLE)
        if not cluster:
            continue
        piece = unicodedata.normalize("NFKC", cluster)
        origin = [positions[i] for i in range(begin, finish)]
        low, high = min(origin), max(origin) + 1
        for char in piece:
            if ord(char) in _INVISIBLE:
                continue
            out.append(char)
            starts.append(low)
            ends.append(high)
    return Normalised("".join(out), tuple(starts), tuple(ends))


def normalise(text: str) -> str:
    """The text that detection sees: NFKC, without zero-width or direction-control characters."""
    return normalise_with_map(text).text


def lower(text: str) -> str:
    """Lower-case text with the same length as `text`, so match offsets carry over.

    Patterns run case-sensitively on this copy: far faster than IGNORECASE on the original.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def fold(word: str) -> str:
    """Lower-case and strip accents, for looking words up in lists ("Zoë" -> "zoe")."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_TRAILING = ".,;:!?'\"”’)]}>"


def trim_trailing(text: str, start: int, end: int) -> int:
    """Move `end` back over punctuation that ends the sentence rather than the detail (an
    address, a link): a closing bracket stays when the detail opened it."""
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end
