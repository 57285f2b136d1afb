"""Rebound's own names in a reader's language: the curated themes (from themes.<code>.toml),
the default hiring stages and the kinds of hidden text (from the catalogues).

A name the coach typed (a renamed theme or stage, a theme of their own) stays as typed: only
names that are still Rebound's own follow the language.
"""

from __future__ import annotations

from collections.abc import Mapping

from .languages import N_, translate
from .stages import DEFAULT_STAGES
from .themes import load_taxonomy

STAGE_DEFAULTS = dict(DEFAULT_STAGES)

# What a hidden part of a story is labelled with in the preview (redaction kinds).
KIND_LABELS = {
    "name": N_("name"),
    "employer": N_("employer"),
    "email": N_("email"),
    "phone": N_("phone"),
    "link": N_("link"),
    "handle": N_("handle"),
    "address": N_("address"),
    "reference": N_("reference"),
    "redacted": N_("redacted"),
}


def theme_label(key: str, label: str, code: str) -> str:
    """A curated theme's label in `code` while it still has Rebound's English label."""
    taxonomy = load_taxonomy()
    theme = taxonomy.get(key)
    if theme is None or label != theme.label:
        return label
    found = taxonomy.in_language(key, code)
    return found.label if found else label


def theme_description(key: str, code: str) -> str:
    found = load_taxonomy().in_language(key, code)
    return found.description if found else ""


def stage_label(key: str, label: str, code: str) -> str:
    """A default stage's label in `code` while it still has its default English label."""
    if STAGE_DEFAULTS.get(key) != label:
        return label
    return translate(code, label)


def stage_in_english(key: str, label: str) -> str:
    """What to store for a stage the coach saved: its English default when the label is the
    default in any language (so every reader sees it in their own), else the label typed."""
    from .languages import LANGUAGES

    default = STAGE_DEFAULTS.get(key)
    if default and any(label == translate(code, default) for code in LANGUAGES):
        return default
    return label


def kind_label(kind: str, code: str) -> str:
    return translate(code, KIND_LABELS.get(kind, kind))


def localise_board(board: Mapping | None, code: str) -> dict | None:
    """A stored board (services.presentation) with Rebound's own names in `code`."""
    if not board:
        return board
    return {
        **board,
        "themes": [{**row, "label": theme_label(row["key"], row["label"], code)} for row in board["themes"]],
        "stages": [{**row, "label": stage_label(row["key"], row["label"], code)} for row in board["stages"]],
    }
