"""Settings are promises: what participants were told when they joined still holds.

Everyone who joins reads the workshop's k ("only groups of at least k are shown") and the
date their data is erased. So once a workshop has opened, k can only go up and that date can
only come earlier. Dates stay within a range people mean (and the calendar can count).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..models import Phase, Workshop
from .languages import N_

FIRST_YEAR = 2000
MAX_DAYS_AHEAD = 2 * 366  # a workshop is prepared at most about two years ahead
RETENTION_DAYS = (1, 365)  # as the workshops table's retention_range check


class SettingRefused(ValueError):
    """A setting the workshop cannot take; `field` names the form field to explain it on.

    `message` is the English catalogue text with %(name)s places for `values` (dates stay
    dates), so the form can say it in the coach's language (coach.py translates it)."""

    def __init__(self, field: str, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.field = field
        self.message = message
        self.values = values


def erase_date(day: date, retention_days: int) -> date:
    """The day a workshop's data is kept until (it is erased the day after)."""
    return day + timedelta(days=retention_days)


def check_dates(day: date, retention_days: int, today: date) -> date:
    """The erase date for this date and number of days, or SettingRefused."""
    if day.year < FIRST_YEAR or day > today + timedelta(days=MAX_DAYS_AHEAD):
        raise SettingRefused("date", N_("Pick the workshop's real date: at most two years from today."))
    low, high = RETENTION_DAYS
    if not low <= retention_days <= high:
        raise SettingRefused("retention_days", N_("Use a number of days from %(low)s to %(high)s."), low=low, high=high)
    return erase_date(day, retention_days)


def check_promises(workshop: Workshop, k: int, keep_until: date) -> None:
    """Refuse a lower k or a later erase date once participants may have read them."""
    if workshop.phase == Phase.DRAFT:
        return
    if k < workshop.min_group_size:
        raise SettingRefused(
            "min_group_size",
            N_(
                "Participants were told that only groups of at least %(k)s are shown. "
                "Now that the workshop is open, this number can only go up."
            ),
            k=workshop.min_group_size,
        )
    if keep_until > workshop.retain_until:
        raise SettingRefused(
            "retention_days",
            N_(
                "Participants were told their data is erased after %(promised)s. "
                "With this date and number of days it would be kept until %(asked)s: "
                "now that the workshop is open, that date can only come earlier."
            ),
            promised=workshop.retain_until,
            asked=keep_until,
        )
