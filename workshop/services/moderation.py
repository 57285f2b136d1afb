"""The coach's moderation of the room's themes: rename, hide, merge, promote a phrase.

Each change is shown at once: it re-presents the board (releases.reveal) for every screen.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import HiddenPhrase, ParticipantTheme, Story, Workshop, WorkshopTheme
from .releases import reveal
from .themes import Taxonomy, emerging_phrases, match_story, phrase_theme
from .workshop_themes import settings_rows, taxonomy, theme_catalogue


def _setting(workshop: Workshop, key: str) -> WorkshopTheme:
    row = db.session.scalar(
        select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id, WorkshopTheme.key == key)
    )
    if row is None:
        row = WorkshopTheme(workshop_id=workshop.id, key=key, label="", hidden=False, phrase="")
        db.session.add(row)
    return row


def rename_theme(workshop: Workshop, key: str, label: str) -> None:
    _setting(workshop, key).label = label
    reveal(workshop)


def hide_theme(workshop: Workshop, key: str, hidden: bool) -> None:
    _setting(workshop, key).hidden = hidden
    reveal(workshop)


def merge_theme(workshop: Workshop, key: str, into: str | None) -> None:
    _setting(workshop, key).merged_into = into
    reveal(workshop)


def promote_phrase(workshop: Workshop, phrase: str) -> str:
    """Make an emerging phrase a theme of this workshop and re-match every story."""
    taken = {row.key for row in settings_rows(workshop)}
    n = 1
    while f"custom-{n}" in taken:
        n += 1
    key = f"custom-{n}"
    row = _setting(workshop, key)
    row.phrase = row.label = phrase
    db.session.flush()
    theme = phrase_theme(key, phrase, phrase)
    empty = Taxonomy(themes=(), rules=taxonomy().rules)
    stories = db.session.scalars(select(Story).where(Story.workshop_id == workshop.id))
    for story in stories:
        if match_story(story.text, empty, [theme]):
            db.session.add(
                ParticipantTheme(
                    participant_id=story.participant_id, theme_key=key, workshop_id=workshop.id, source="promoted"
                )
            )
    reveal(workshop)
    return key


def hide_phrase(workshop: Workshop, phrase_key: str) -> None:
    if db.session.get(HiddenPhrase, (workshop.id, phrase_key)) is None:
        db.session.add(HiddenPhrase(workshop_id=workshop.id, phrase_key=phrase_key))
    db.session.commit()


def emerging(workshop: Workshop, limit: int = 12) -> list[dict]:
    """Phrases at least k stories share that no theme covers (for the coach, on request)."""
    _, _, extra = theme_catalogue(workshop)
    texts = list(db.session.scalars(select(Story.text).where(Story.workshop_id == workshop.id)))
    hidden = set(db.session.scalars(select(HiddenPhrase.phrase_key).where(HiddenPhrase.workshop_id == workshop.id)))
    found = emerging_phrases(texts, taxonomy(), workshop.min_group_size, extra=extra, limit=limit + len(hidden))
    return [{"key": p.key, "text": p.text, "count": p.count} for p in found if p.key not in hidden][:limit]
