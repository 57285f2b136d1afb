"""What the room may see: k-anonymous aggregates of themes, stage ratings and check-ins.

Plain Python. Everything returned here is computed only from groups of at least k
participants; anything smaller is left out, not rounded or blurred. The result is a plain
dict that is stored as the board's snapshot and rendered for the projector, the phones and
the coach alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_K = 2  # k's floor: no coach, file or command may show a group smaller than this
CONFIDENCE_BANDS = (("low", "1–2", (1, 2)), ("middle", "3", (3,)), ("high", "4–5", (4, 5)))


@dataclass(frozen=True)
class ThemeSetting:
    """The coach's changes to one theme in one workshop."""

    label: str | None = None
    hidden: bool = False
    merged_into: str | None = None


def theme_counts(
    memberships: Iterable[tuple[int, str]],
    labels: Mapping[str, str],
    settings: Mapping[str, ThemeSetting],
    k: int,
) -> list[dict]:
    """Themes shared by at least k participants, most shared first.

    `memberships` are (participant id, theme key) pairs. A merged theme counts towards the
    theme it was merged into (each person once); hidden themes and unknown keys are left out.
    """
    _check_k(k)
    people: dict[str, set[int]] = defaultdict(set)
    for participant_id, key in memberships:
        target = _final_key(key, settings)
        if target in labels and not settings.get(target, ThemeSetting()).hidden:
            people[target].add(participant_id)
    order = {key: i for i, key in enumerate(labels)}
    shown = [
        {
            "key": key,
            "label": (settings.get(key) or ThemeSetting()).label or labels[key],
            "count": len(members),
        }
        for key, members in people.items()
        if len(members) >= k
    ]
    return sorted(shown, key=lambda t: (-t["count"], order[t["key"]]))


def _final_key(key: str, settings: Mapping[str, ThemeSetting]) -> str:
    seen = {key}
    while (target := (settings.get(key) or ThemeSetting()).merged_into) and target not in seen:
        seen.add(target)
        key = target
    return key


def stage_summary(ratings: Iterable[tuple[str, int]], stages: Sequence[tuple[str, str]], k: int) -> list[dict]:
    """Per stage: how many rated it and their average, only where at least k did.

    Stages below k are listed with `reached=None` so the board can say "not enough yet"
    without a number. The weakest shown stage (lowest average, earliest on a tie) is flagged.
    """
    _check_k(k)
    scores: dict[str, list[int]] = defaultdict(list)
    for stage_key, score in ratings:
        scores[stage_key].append(score)
    rows = []
    for key, label in stages:
        given = scores.get(key, [])
        if len(given) >= k:
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "reached": len(given),
                    "average": round(sum(given) / len(given), 1),
                    "weakest": False,
                }
            )
        else:
            rows.append({"key": key, "label": label, "reached": None, "average": None, "weakest": False})
    shown = [row for row in rows if row["average"] is not None]
    if len(shown) > 1:
        min(shown, key=lambda row: row["average"])["weakest"] = True
    return rows


def confidence_summary(answers: Iterable[int], k: int) -> dict | None:
    """The room's check-in spread in three bands, or None below k answers.

    A band with fewer than k people shows no number (`None`), so no small group stands out.
    """
    _check_k(k)
    values = [a for a in answers if a is not None]
    if len(values) < k:
        return None
    bands = []
    for name, label, members in CONFIDENCE_BANDS:
        count = sum(1 for v in values if v in members)
        bands.append({"band": name, "label": label, "count": count if count >= k else None})
    return {"total": len(values), "average": round(sum(values) / len(values), 1), "bands": bands}


def summarise_room(
    *,
    k: int,
    participants: int,
    labels: Mapping[str, str],
    settings: Mapping[str, ThemeSetting],
    memberships: Iterable[tuple[int, str]],
    stages: Sequence[tuple[str, str]],
    ratings: Iterable[tuple[str, int]],
    confidence_before: Iterable[int],
    confidence_after: Iterable[int],
    emerging: Sequence[dict] = (),
) -> dict:
    """The whole board snapshot as plain, k-anonymous data."""
    _check_k(k)
    return {
        "k": k,
        "participants": participants,
        "themes": theme_counts(memberships, labels, settings, k),
        "stages": stage_summary(ratings, stages, k),
        "confidence_before": confidence_summary(confidence_before, k),
        "confidence_after": confidence_summary(confidence_after, k),
        "emerging": [dict(p) for p in emerging if p["count"] >= k],
    }


def _check_k(k: int) -> None:
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
