"""Data the tests and benchmarks share, and its readers."""

from __future__ import annotations

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def room_stories() -> list[tuple[str, str, list[str], dict[str, int], str]]:
    """The twenty stories of room_stories.toml as (role, ended stage, themes, ratings, text)."""
    with (HERE / "room_stories.toml").open("rb") as handle:
        stories = tomllib.load(handle)["story"]
    return [(s["role"], s["ended_stage"], s["themes"], s["ratings"], s["text"]) for s in stories]


STORIES = room_stories()
