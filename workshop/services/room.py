"""The room's shared picture: theme choices, "me too", moderation, and revealing the board.

The board is a snapshot (services.aggregates) stored on the workshop. It is refreshed only when
at least k different people have added something since the last one, when the phase moves
on, or when the coach asks, so a watcher cannot tie a change on the screen to the one
person who just tapped a button.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import (
    HiddenPhrase,
    Participant,
    ParticipantTheme,
    Phase,
    StageRating,
    Story,
    Workshop,
    WorkshopTheme,
    utcnow,
)
from . import aggregates
from .themes import Taxonomy, Theme, emerging_phrases, load_taxonomy, match_story, phrase_theme

BOARD_PHASES = (Phase.THEMES, Phase.PLAN, Phase.CLOSED)


def taxonomy() -> Taxonomy:
    return load_taxonomy()


def custom_themes(workshop: Workshop, settings: list[WorkshopTheme] | None = None) -> list[Theme]:
    rows = settings if settings is not None else _settings_rows(workshop)
    return [phrase_theme(row.key, row.label or row.phrase, row.phrase) for row in rows if row.phrase]


def _settings_rows(workshop: Workshop) -> list[WorkshopTheme]:
    return list(db.session.scalars(select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id)))


def theme_catalogue(workshop: Workshop) -> tuple[dict[str, str], dict[str, aggregates.ThemeSetting], list[Theme]]:
    """Labels (taxonomy order, then the workshop's own themes), the coach's settings, and
    the workshop's own themes as matchable Theme objects."""
    rows = _settings_rows(workshop)
    labels = {theme.id: theme.label for theme in taxonomy().themes}
    extra = custom_themes(workshop, rows)
    labels.update({theme.id: theme.label for theme in extra})
    settings = {
        row.key: aggregates.ThemeSetting(label=row.label or None, hidden=row.hidden, merged_into=row.merged_into)
        for row in rows
    }
    return labels, settings, extra


def choosable_themes(workshop: Workshop) -> dict[str, str]:
    """Themes a participant may pick: everything not hidden or merged away, with its label."""
    labels, settings, _ = theme_catalogue(workshop)
    return {
        key: (settings.get(key) or aggregates.ThemeSetting()).label or label
        for key, label in labels.items()
        if not (settings.get(key) or aggregates.ThemeSetting()).hidden
        and not (settings.get(key) or aggregates.ThemeSetting()).merged_into
    }


def suggested_themes(workshop: Workshop, text: str) -> list[str]:
    _, _, extra = theme_catalogue(workshop)
    return [m.theme_id for m in match_story(text, taxonomy(), extra)]


# ---- contributions and the snapshot --------------------------------------------------


def refresh_gap() -> timedelta:
    """The shortest time between two automatic reveals (BOARD_REFRESH_SECONDS)."""
    return timedelta(seconds=current_app.config["BOARD_REFRESH_SECONDS"])


def contributed(participant: Participant) -> None:
    """Note that this person added something; reveal the board when it is due. Commits."""
    participant.contributed_at = utcnow()
    db.session.flush()
    workshop = participant.workshop
    if workshop.phase in BOARD_PHASES and workshop.board_due_at is None and enough_new(workshop):
        gap = refresh_gap()
        if workshop.board_at is None or utcnow() - workshop.board_at >= gap:
            refresh_board(workshop)
        else:  # too soon after the last reveal: the projector's poll reveals it on time
            workshop.board_due_at = workshop.board_at + gap
    db.session.commit()


def enough_new(workshop: Workshop) -> bool:
    """Enough people added something since the last reveal: k, or one in twenty-five of a
    big room, so three hundred phones do not all redraw after every third tap."""
    pending, everyone = pending_and_total(workshop)
    return pending >= max(workshop.min_group_size, math.ceil(everyone / 25))


def catch_up(workshop: Workshop) -> None:
    """Reveal a board that became due while reveals were spaced out (no query otherwise)."""
    if workshop.board_due_at is not None and utcnow() >= workshop.board_due_at:
        refresh_board(workshop)
        db.session.commit()


def pending_and_total(workshop: Workshop) -> tuple[int, int]:
    """How many people added something since the last reveal, and how many are in the room."""
    new = Participant.contributed_at.is_not(None)
    if workshop.board_at is not None:
        new = Participant.contributed_at > workshop.board_at
    pending, everyone = db.session.execute(
        select(func.count(Participant.id).filter(new), func.count(Participant.id)).where(
            Participant.workshop_id == workshop.id
        )
    ).one()
    return pending or 0, everyone or 0


def pending_contributors(workshop: Workshop) -> int:
    return pending_and_total(workshop)[0]


def refresh_board(workshop: Workshop) -> dict:
    """Recompute the snapshot from the database and store it (does not commit)."""
    snapshot = summary(workshop)
    workshop.board_json = json.dumps(snapshot)
    workshop.board_at = utcnow()
    workshop.board_due_at = None
    workshop.touch(room=True)
    return snapshot


def summary(workshop: Workshop) -> dict:
    """The room's k-anonymous aggregates as of now (services.aggregates), without storing them."""
    labels, settings, _ = theme_catalogue(workshop)
    wid = workshop.id
    memberships = db.session.execute(
        select(ParticipantTheme.participant_id, ParticipantTheme.theme_key).where(ParticipantTheme.workshop_id == wid)
    ).all()
    ratings = db.session.execute(
        select(StageRating.stage_key, StageRating.score).where(StageRating.workshop_id == wid)
    ).all()
    people = db.session.execute(
        select(Participant.confidence_before, Participant.confidence_after).where(Participant.workshop_id == wid)
    ).all()
    return aggregates.summarise_room(
        k=workshop.min_group_size,
        participants=len(people),
        labels=labels,
        settings=settings,
        memberships=[tuple(row) for row in memberships],
        stages=[(stage.key, stage.label) for stage in workshop.stages],
        ratings=[tuple(row) for row in ratings],
        confidence_before=[row[0] for row in people if row[0] is not None],
        confidence_after=[row[1] for row in people if row[1] is not None],
    )


def snapshot(workshop: Workshop) -> dict | None:
    return json.loads(workshop.board_json) if workshop.board_json else None


def reveal(workshop: Workshop) -> None:
    refresh_board(workshop)
    db.session.commit()


# ---- a participant's own themes --------------------------------------------------------


def my_theme_keys(participant: Participant) -> set[str]:
    return {row.theme_key for row in participant.themes}


def me_too(participant: Participant, key: str) -> bool:
    """Count this participant in a theme the board shows. False if they already were."""
    if key in my_theme_keys(participant):
        return False
    participant.themes.append(ParticipantTheme(theme_key=key, workshop_id=participant.workshop_id, source="me_too"))
    contributed(participant)
    return True


# ---- the coach's moderation ------------------------------------------------------------


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
    taken = {row.key for row in _settings_rows(workshop)}
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
