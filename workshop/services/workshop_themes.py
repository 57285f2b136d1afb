"""The themes one workshop offers: the curated taxonomy, the coach's own, and the coach's
renames, hides and merges (the WorkshopTheme rows)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Workshop, WorkshopTheme
from .aggregates import ThemeSetting
from .themes import Taxonomy, Theme, load_taxonomy, match_story, phrase_theme


def taxonomy() -> Taxonomy:
    return load_taxonomy()


def custom_themes(workshop: Workshop, settings: list[WorkshopTheme] | None = None) -> list[Theme]:
    rows = settings if settings is not None else settings_rows(workshop)
    return [phrase_theme(row.key, row.label or row.phrase, row.phrase, taxonomy()) for row in rows if row.phrase]


def settings_rows(workshop: Workshop) -> list[WorkshopTheme]:
    return list(db.session.scalars(select(WorkshopTheme).where(WorkshopTheme.workshop_id == workshop.id)))


def theme_catalogue(
    workshop: Workshop, rows: list[WorkshopTheme] | None = None
) -> tuple[dict[str, str], dict[str, ThemeSetting], list[Theme]]:
    """Labels (taxonomy order, then the workshop's own themes), the coach's settings, and
    the workshop's own themes as matchable Theme objects."""
    rows = settings_rows(workshop) if rows is None else rows
    labels = {theme.id: theme.label for theme in taxonomy().themes}
    extra = custom_themes(workshop, rows)
    labels.update({theme.id: theme.label for theme in extra})
    settings = {
        row.key: ThemeSetting(label=row.label or None, hidden=row.hidden, merged_into=row.merged_into) for row in rows
    }
    return labels, settings, extra


def choosable_themes(workshop: Workshop) -> dict[str, str]:
    """Themes a participant may pick: everything not hidden or merged away, with its label."""
    labels, settings, _ = theme_catalogue(workshop)
    return {
        key: (settings.get(key) or ThemeSetting()).label or label
        for key, label in labels.items()
        if not (settings.get(key) or ThemeSetting()).hidden and not (settings.get(key) or ThemeSetting()).merged_into
    }


def suggested_themes(workshop: Workshop, text: str) -> dict[str, bool]:
    """The themes suggested for a story, each with whether it is only a guess (a "maybe":
    no pattern matched, the word weights chose it)."""
    _, _, extra = theme_catalogue(workshop)
    return {m.theme_id: m.tentative for m in match_story(text, taxonomy(), extra)}
