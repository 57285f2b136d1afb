"""Charts for printed reports, drawn as SVG by plain Python: the room's stages as bars and
the confidence check-ins as a slope chart.

Made to survive a black-and-white printer: every bar and point carries its number and its
label on the chart itself, and nothing means anything by colour alone. Each chart is an
image with a text alternative (role="img", aria-label, <title> and <desc>); the document
shows the same figures in a table beside it. Every piece of text is escaped here, so the
returned markup can go into a template as it is. Sizes are in millimetres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

SCALE = (1, 5)  # the check-ins' and ratings' scale
INK, MUTED, GRID, BAR = "#1d2733", "#5b6674", "#c9d0d6", "#1f5f66"
FONT = "font-family=\"'Source Sans 3', 'DejaVu Sans', sans-serif\""


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, and its value (None: not shown, with `missing`)."""

    label: str
    value: float | None
    note: str = ""  # beside the number, e.g. "8 rated"


@dataclass(frozen=True)
class Point:
    """One moment of a slope chart (None: not shown)."""

    label: str
    value: float | None
    note: str = ""  # under the number, e.g. "12 answered"


def bar_chart(
    bars: Sequence[Bar], *, title: str, description: str, missing: str, width: float = 172, label_width: float = 66
) -> str:
    """Horizontal bars on the 1-5 scale, a row per bar, with the value written at its end."""
    row, bar_height, top = 7.0, 4.2, 2.0
    plot = width - label_width - 26  # room after the longest bar for its number and note
    height = top + row * len(bars) + 6
    parts = _open(width, height, title, description)
    for tick in range(SCALE[0], SCALE[1] + 1):
        x = label_width + plot * tick / SCALE[1]
        parts.append(_line(x, top, x, top + row * len(bars), GRID, 0.2))
        parts.append(_text(x, height - 1.5, str(tick), size=2.6, anchor="middle", fill=MUTED))
    for i, bar in enumerate(bars):
        y = top + i * row
        middle = y + row / 2 + 1
        parts.append(_text(label_width - 2, middle, _clip(bar.label, 40), size=3.0, anchor="end"))
        if bar.value is None:
            parts.append(_text(label_width + 1, middle, missing, size=2.7, fill=MUTED, italic=True))
            continue
        length = plot * bar.value / SCALE[1]
        parts.append(
            f'<rect x="{_n(label_width)}" y="{_n(y + (row - bar_height) / 2)}" width="{_n(length)}" '
            f'height="{_n(bar_height)}" fill="{BAR}"/>'
        )
        words = f"{bar.value:.1f}" + (f" ({bar.note})" if bar.note else "")
        parts.append(_text(label_width + length + 1.5, middle, words, size=3.0, bold=True))
    parts.append("</svg>")
    return "".join(parts)


def slope_chart(
    points: Sequence[Point], *, title: str, description: str, missing: str, width: float = 172, height: float = 62
) -> str:
    """The moments left to right on one 1-5 scale: a dot and its number per moment shown,
    joined by a line where two neighbouring moments are both shown."""
    left, right, top, bottom = 14.0, 14.0, 6.0, 14.0
    step = (width - left - right) / max(len(points) - 1, 1)
    low, high = SCALE

    def y_of(value: float) -> float:
        return top + (height - top - bottom) * (high - value) / (high - low)

    parts = _open(width, height, title, description)
    for tick in range(low, high + 1):
        parts.append(_line(left - 4, y_of(tick), width - right + 4, y_of(tick), GRID, 0.2))
        parts.append(_text(left - 6, y_of(tick) + 1, str(tick), size=2.6, anchor="end", fill=MUTED))
    placed = [(left + i * step, p) for i, p in enumerate(points)]
    for (x1, a), (x2, b) in zip(placed, placed[1:], strict=False):
        if a.value is not None and b.value is not None:
            parts.append(_line(x1, y_of(a.value), x2, y_of(b.value), INK, 0.6))
    for x, point in placed:
        parts.append(_text(x, height - 7, point.label, size=3.0, anchor="middle", bold=True))
        if point.value is None:
            parts.append(_text(x, height - 3, missing, size=2.6, anchor="middle", fill=MUTED, italic=True))
            continue
        y = y_of(point.value)
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="1.4" fill="{INK}"/>')
        above = y - 2.6 if point.value < high - 0.4 else y + 5  # the top line has no room above
        parts.append(_text(x, above, f"{point.value:.1f}", size=3.4, anchor="middle", bold=True))
        if point.note:
            parts.append(_text(x, height - 3, point.note, size=2.6, anchor="middle", fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def _open(width: float, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(description)}" '
        f'width="{_n(width)}mm" height="{_n(height)}mm" viewBox="0 0 {_n(width)} {_n(height)}" {FONT}>',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, stroke: float) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" stroke-width="{_n(stroke)}"/>'
    )


def _text(
    x: float,
    y: float,
    words: str,
    *,
    size: float,
    anchor: str = "start",
    fill: str = INK,
    bold: bool = False,
    italic: bool = False,
) -> str:
    style = (' font-weight="600"' if bold else "") + (' font-style="italic"' if italic else "")
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}"{style}>'
        f"{escape(words)}</text>"
    )


def _clip(words: str, limit: int) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "\u2026"


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
