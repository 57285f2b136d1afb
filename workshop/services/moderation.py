"""The coach's moderation of the room's themes: rename, hide, merge, promote a phrase.

Each change shows the current release again on every screen (releases.show_again): names,
hides and merges apply at once, but no change of the coach's takes in anyone's new answers.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import HiddenPhrase, Participant, Story, Workshop, WorkshopTheme
from . import releases
from .themes import match_story, phrase_theme
from .workshop_themes import settings_rows, taxonomy


def _setting(workshop: Workshop, key: str) -> WorkshopTheme:
    row = db.session.scalar(
        select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id, WorkshopTheme.key == key)
    )
    if row is None:
        row = WorkshopTheme(workshop_id=workshop.id, key=key, label="", hidden=False, phrase="")
        db.session.add(row)
    return row


def _show(workshop: Workshop) -> None:
    db.session.flush()
    releases.show_again(workshop)
    db.session.commit()


def rename_theme(workshop: Workshop, key: str, label: str) -> None:
    _setting(workshop, key).label = label
    _show(workshop)


def hide_theme(workshop: Workshop, key: str, hidden: bool) -> None:
    _setting(workshop, key).hidden = hidden
    _show(workshop)


def merge_theme(workshop: Workshop, key: str, into: str | None) -> None:
    """Count `key` under `into` (None: on its own again). The board shows the combined
    count only if the current release holds it; otherwise from a later release."""
    _setting(workshop, key).merged_into = into
    _show(workshop)


def promote_phrase(workshop: Workshop, phrase: str) -> str:
    """Make an emerging phrase a theme of this workshop, suggested to everyone whose story
    contains it; it counts for them once they keep it on their themes step."""
    taken = {row.key for row in settings_rows(workshop)}
    n = 1
    while f"custom-{n}" in taken:
        n += 1
    key = f"custom-{n}"
    row = _setting(workshop, key)
    row.phrase = row.label = phrase
    theme = phrase_theme(key, phrase, phrase, taxonomy())
    empty = taxonomy().bare()
    rows = db.session.execute(
        select(Participant, Story.text)
        .join(Story, Story.participant_id == Participant.id)
        .where(Story.workshop_id == workshop.id)
    )
    for participant, text in rows:
        if match_story(text, empty, [theme]):
            participant.suggested = ",".join(sorted({*filter(None, participant.suggested.split(",")), key}))
    _show(workshop)
    return key


def hide_phrase(workshop: Workshop, phrase_key: str) -> None:
    if db.session.get(HiddenPhrase, (workshop.id, phrase_key)) is None:
        db.session.add(HiddenPhrase(workshop_id=workshop.id, phrase_key=phrase_key))
    _show(workshop)


def emerging(workshop: Workshop, limit: int = 12) -> list[dict]:
    """Phrases at least k stories of the current release share that no theme covers."""
    return ((releases.board(workshop) or {}).get("emerging") or [])[:limit]
