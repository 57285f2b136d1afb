"""Shared themes: which themes each story signals, what the room shares, what is emerging.

The public face of the theme service. Plain data in and out; no Flask. The taxonomy lives in
workshop/data/themes.toml (see the guide at its top); the pattern language is in
themes_patterns.py, emerging phrases in themes_emerging.py.

    taxonomy = load_taxonomy()
    match_story("They ghosted me after the final round.", taxonomy)
    -> [ThemeMatch(theme_id="no_feedback", label="No feedback, or ghosted", evidence=("ghosted",))]
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .themes_emerging import MIN_K, emerging_phrases
from .themes_model import (
    Phrase,
    Taxonomy,
    Theme,
    ThemeMatch,
    load_taxonomy,
    match_story,
    phrase_theme,
)
from .themes_patterns import MatchingRules

__all__ = [
    "MatchingRules",
    "Phrase",
    "RoomSummary",
    "Taxonomy",
    "Theme",
    "ThemeCount",
    "ThemeMatch",
    "emerging_phrases",
    "load_taxonomy",
    "match_story",
    "phrase_theme",
    "room_summary",
    "room_theme_counts",
    "stories_for_cli",
]


@dataclass(frozen=True)
class ThemeCount:
    theme_id: str
    label: str
    count: int


@dataclass(frozen=True)
class RoomSummary:
    """What the board may show: themes and phrases shared by at least k stories."""

    themes: tuple[ThemeCount, ...]
    emerging: tuple[Phrase, ...]


def room_theme_counts(
    matches: Iterable[Sequence[ThemeMatch]], taxonomy: Taxonomy, k: int, extra: Sequence[Theme] = ()
) -> list[ThemeCount]:
    """How many stories share each theme, for themes shared by >= k stories.

    Most shared first, then taxonomy order. `matches` holds one match list per story.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    counts: Counter[str] = Counter()
    for story_matches in matches:
        counts.update({m.theme_id for m in story_matches})
    order = {theme.id: i for i, theme in enumerate((*taxonomy.themes, *extra))}
    labels = {theme.id: theme.label for theme in (*taxonomy.themes, *extra)}
    shared = [ThemeCount(tid, labels[tid], n) for tid, n in counts.items() if n >= k and tid in labels]
    return sorted(shared, key=lambda t: (-t.count, order[t.theme_id]))


def room_summary(
    stories: Sequence[str], taxonomy: Taxonomy, k: int, extra: Sequence[Theme] = (), limit: int = 10
) -> RoomSummary:
    """Shared themes and emerging phrases of a room, both held to the k-story floor."""
    matches = [match_story(text, taxonomy, extra) for text in stories]
    return RoomSummary(
        themes=tuple(room_theme_counts(matches, taxonomy, k, extra)),
        emerging=tuple(emerging_phrases(stories, taxonomy, k, extra, limit)),
    )


def stories_for_cli(lines: Iterable[str], room: bool, k: int = 3) -> Iterator[dict]:
    """Theme each JSON line `{"id": ..., "text": ...}`; with room=True end with the room view.

    Yields `{"id", "themes": [{"id", "label", "evidence"}]}` per story (the line number
    stands in for a missing id), or `{"id": <line number>, "error": ...}` for a line that
    cannot be read; blank lines are skipped; keys other than id and text are ignored.
    The room view is `{"room": {"emerging": [{"phrase", "count"}], "themes": [{"id",
    "label", "count"}]}}`, limited to counts >= k; themes most shared first.
    """
    if room and k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    taxonomy = load_taxonomy()
    texts: list[str] = []
    matches: list[list[ThemeMatch]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        story, problem = _read_line(line)
        if problem:
            yield {"id": number, "error": problem}
            continue
        found = match_story(story["text"], taxonomy)
        texts.append(story["text"])
        matches.append(found)
        yield {
            "id": story.get("id", number),
            "themes": [{"id": m.theme_id, "label": m.label, "evidence": list(m.evidence)} for m in found],
        }
    if room:
        yield {
            "room": {
                "emerging": [{"phrase": p.text, "count": p.count} for p in emerging_phrases(texts, taxonomy, k)],
                "themes": [
                    {"id": t.theme_id, "label": t.label, "count": t.count}
                    for t in room_theme_counts(matches, taxonomy, k)
                ],
            }
        }


def _read_line(line: str) -> tuple[dict, str | None]:
    try:
        story = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, f"not valid JSON ({error.msg} at column {error.colno})"
    if not isinstance(story, dict):
        return {}, "expected a JSON object with an id and a text"
    if not isinstance(story.get("text"), str):
        return {}, 'the "text" field is missing or is not a string'
    return story, None
