"""The action library (workshop/data/actions.toml): reading and checking it.

The field readers below also check the coach's own actions and the JSON plan input, so a
bad value raises the same kind of `ValueError` naming the field wherever it comes from.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import ACTIONS_FILE, TIMING_DAYS, Action


def load_action_library(path: Path | None = None, language: str = "en") -> tuple[Action, ...]:
    """Read and check actions.toml (cached per path), with each action's title and how in
    `language` from actions.<language>.toml beside it (stages, themes and timing stay the
    English file's)."""
    english = _load_library(Path(path or ACTIONS_FILE).resolve())
    translated = language_file(path, language)
    return _in_language(english, translated) if translated else english


def language_file(path: Path | None, language: str) -> Path | None:
    """actions.<language>.toml beside the library, or None for English."""
    if language == "en":
        return None
    base = Path(path or ACTIONS_FILE).resolve()
    return base.with_name(f"{base.stem}.{language}{base.suffix}")


@lru_cache(maxsize=8)
def _in_language(english: tuple[Action, ...], path: Path) -> tuple[Action, ...]:
    with path.open("rb") as file:
        raw = tomllib.load(file)
    texts = {entry.get("id"): entry for entry in raw.get("action", []) if isinstance(entry, Mapping)}
    result = []
    for action in english:
        entry = texts.get(action.id)
        if entry is None:
            raise ValueError(f"{path.name}: action {action.id!r} has no text")
        where = f"{path.name}: {action.id}"
        result.append(
            replace(action, title=required_text(entry, "title", where), how=required_text(entry, "how", where))
        )
    return tuple(result)


@lru_cache(maxsize=8)
def _load_library(path: Path) -> tuple[Action, ...]:
    with path.open("rb") as file:
        raw = tomllib.load(file)
    actions = tuple(
        action_from_mapping(entry, f"{path.name}: action[{i}]") for i, entry in enumerate(raw.get("action", []))
    )
    ids = [action.id for action in actions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{path.name}: duplicate action ids {duplicates}")
    return actions


@lru_cache(maxsize=8)
def library_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def action_from_mapping(entry: Any, where: str) -> Action:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where} must be an object")
    values = {name: required_text(entry, name, where) for name in ("id", "title", "how")}
    timing = entry.get("timing", "this week")
    if timing not in TIMING_DAYS:
        choices = ", ".join(repr(t) for t in TIMING_DAYS)
        raise ValueError(f"{where}.timing must be one of {choices}, got {timing!r}")
    return Action(
        **values,
        stages=text_list(entry.get("stages", []), f"{where}.stages"),
        themes=text_list(entry.get("themes", []), f"{where}.themes"),
        timing=timing,
    )


# --- Field readers ----------------------------------------------------------------


def required_text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}.{name} is required and must be non-empty text")
    return value.strip()


def optional_text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{where}.{name} must be text")
    return value.strip()


def text_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of text values")
    return tuple(v.strip() for v in value if v.strip())


def text_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"{where} must be an object of id -> text")
    return {str(k): v.strip() for k, v in value.items()}
