"""The sample room a rehearsal is filled with (workshop/data/sample_room.toml): made-up
people, each with the story they type, the themes they keep, how they rate the stages and
their two check-ins. Plain data, checked when read, so a bad edit fails loudly."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import DATA_DIR
from .themes import load_taxonomy

SAMPLE_FILE = DATA_DIR / "sample_room.toml"
ROLE_LIMIT = 80  # as the phone's story form
STORY_LIMIT = 3000


@dataclass(frozen=True)
class SamplePerson:
    """One made-up participant. `scores` rate a workshop's stages in order, as far as they
    got (0: they skipped that stage); `note` goes with the last stage they reached."""

    role: str
    story: str
    themes: tuple[str, ...]
    scores: tuple[int, ...]
    note: str
    before: int
    after: int

    def ratings(self, stage_keys: Sequence[str]) -> list[tuple[str, int, str]]:
        """(stage key, score, note) for each stage they reached of a workshop's `stage_keys`."""
        reached = [(key, score) for key, score in zip(stage_keys, self.scores, strict=False) if score]
        return [(key, score, self.note if i == len(reached) - 1 else "") for i, (key, score) in enumerate(reached)]

    def ended_stage(self, stage_keys: Sequence[str]) -> str:
        """The stage their story ended at: the last one they reached."""
        reached = self.ratings(stage_keys)
        return reached[-1][0] if reached else ""


@cache
def sample_people() -> tuple[SamplePerson, ...]:
    """Everyone in the sample file, in order (a room of n people is the first n)."""
    with SAMPLE_FILE.open("rb") as file:
        raw = tomllib.load(file)
    themes = {theme.id for theme in load_taxonomy().themes}
    return tuple(_person(entry, f"{SAMPLE_FILE.name}: people[{i}]", themes) for i, entry in enumerate(raw["people"]))


@dataclass(frozen=True)
class ExampleWorkshop:
    """The workshop "Try Rebound" prepares: plain settings, as the coach's form gives them."""

    title: str
    description: str
    employers: tuple[str, ...]
    coach_note: str


@cache
def example_workshop() -> ExampleWorkshop:
    with SAMPLE_FILE.open("rb") as file:
        raw = tomllib.load(file)["example"]
    return ExampleWorkshop(raw["title"], raw["description"], tuple(raw["employers"]), raw["coach_note"])


def sample_room(size: int) -> tuple[SamplePerson, ...]:
    """The first `size` sample people; ValueError when the file has fewer."""
    people = sample_people()
    if not 0 < size <= len(people):
        raise ValueError(f"the sample room has {len(people)} people, not {size}")
    return people[:size]


def _person(entry: dict[str, Any], where: str, themes: set[str]) -> SamplePerson:
    role, story, note = (entry.get(name, "") for name in ("role", "story", "note"))
    scores, chosen = entry.get("scores", []), entry.get("themes", [])
    if not isinstance(role, str) or not 0 < len(role) <= ROLE_LIMIT:
        raise ValueError(f"{where}: role must be 1 to {ROLE_LIMIT} characters")
    if not isinstance(story, str) or not 0 < len(story.strip()) <= STORY_LIMIT:
        raise ValueError(f"{where}: story must be 1 to {STORY_LIMIT} characters")
    if not isinstance(note, str) or len(note) > 200:
        raise ValueError(f"{where}: note must be text of at most 200 characters")
    if not scores or not all(_whole(s, 0, 5) for s in scores) or not any(scores):
        raise ValueError(f"{where}: scores must be whole numbers 0 to 5, at least one above 0")
    if not all(isinstance(t, str) and t in themes for t in chosen):
        raise ValueError(f"{where}: themes must be ids from themes.toml")
    for moment in ("before", "after"):
        if not _whole(entry.get(moment), 1, 5):
            raise ValueError(f"{where}: {moment} must be a whole number 1 to 5")
    return SamplePerson(
        role=role,
        story=" ".join(story.split()),
        themes=tuple(chosen),
        scores=tuple(scores),
        note=note,
        before=entry["before"],
        after=entry["after"],
    )


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
