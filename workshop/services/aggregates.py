"""What a release may hold: k-anonymous figures of check-ins, stage ratings, themes and the
follow-up check-in.

Plain Python. Everything returned here is computed only from groups of at least k
participants; anything smaller is left out, not rounded or blurred, and so is anything a
reader could work out from what is shown (a total minus the shown bands, a merged count
minus its parts). services.releases stores these figures; services.presentation shows them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

MIN_K = 2  # k's floor: no coach, file or command may show a group smaller than this
CONFIDENCE_BANDS = (("low", "1–2", (1, 2)), ("middle", "3", (3,)), ("high", "4–5", (4, 5)))


@dataclass(frozen=True)
class ThemeSetting:
    """The coach's changes to one theme in one workshop."""

    label: str | None = None
    hidden: bool = False
    merged_into: str | None = None


def confidence_summary(answers: Iterable[int | None], k: int) -> dict | None:
    """The room's check-in: how many answered, the average, and three bands; None below k.

    Bands show a count only when no band hides anyone: with the total shown, a single hidden
    band is the total minus the others, and with two hidden the average can tell them apart.
    """
    _check_k(k)
    values = [a for a in answers if a is not None]
    if len(values) < k:
        return None
    counts = [sum(1 for v in values if v in members) for _, _, members in CONFIDENCE_BANDS]
    return {
        "total": len(values),
        "average": round(sum(values) / len(values), 1),
        "bands": band_rows(len(values), counts, k),
    }


def band_rows(total: int, counts: Sequence[int | None], k: int) -> list[dict]:
    """The three bands, each with its count or None ("a few"), suppressed together.

    A band below k (or one already hidden) hides its number. If the hidden bands hold
    anybody at all (the total minus the shown bands is not zero), every band hides its
    number, so neither a subtraction nor the average points at a small group.
    """
    shown = [c if c is not None and c >= k else None for c in counts]
    hidden_people = total - sum(c for c in shown if c is not None)
    if hidden_people:
        shown = [None] * len(shown)
    return [
        {"band": name, "label": label, "count": count}
        for (name, label, _), count in zip(CONFIDENCE_BANDS, shown, strict=True)
    ]


def stage_figures(ratings: Iterable[tuple[str, int]], k: int) -> dict[str, dict]:
    """Per stage key: how many rated it and their average, only where at least k did."""
    _check_k(k)
    scores: dict[str, list[int]] = defaultdict(list)
    for stage_key, score in ratings:
        scores[stage_key].append(score)
    return {
        key: {"reached": len(given), "average": round(sum(given) / len(given), 1)}
        for key, given in scores.items()
        if len(given) >= k
    }


def theme_figures(
    memberships: Iterable[tuple[int, str]], people: int, groups: Iterable[Collection[str]], k: int
) -> dict:
    """The themes part of a release: `people` (the M in "N of M of you"), each theme's
    count where at least k hold it, and the unions a merge may show.

    A union is kept for every pair of themes, and for every merge group in `groups`, only
    when each non-empty cell of their Venn diagram (people holding exactly these members
    of the group) has at least k people; so no merge, undo and merge again can subtract its
    way to a smaller group. It is stored as [count, smallest cell].
    """
    _check_k(k)
    holders: dict[str, set[int]] = defaultdict(set)
    for participant_id, key in memberships:
        holders[key].add(participant_id)
    unions: dict[str, list[int]] = {}
    for pair in combinations(sorted(holders), 2):
        _keep_union(unions, pair, holders, k)
    for group in groups:
        if len(set(group)) > 1:
            _keep_union(unions, sorted(set(group)), holders, k)
    return {
        "people": people,
        "counts": {key: len(members) for key, members in holders.items() if len(members) >= k},
        "unions": unions,
    }


def union_key(members: Iterable[str]) -> str:
    """How a release names the union of a group of themes."""
    return "|".join(sorted(set(members)))


def _keep_union(unions: dict, members: Sequence[str], holders: Mapping[str, set[int]], k: int) -> None:
    everyone = set().union(*(holders.get(m, set()) for m in members))
    if len(everyone) < k:
        return
    cells = Counter(tuple(m for m in members if pid in holders.get(m, ())) for pid in everyone)
    smallest = min(cells.values())
    if smallest >= k:
        unions[union_key(members)] = [len(everyone), smallest]


def follow_up_figures(answers: Iterable[tuple[Collection[str], int, str]], k: int) -> dict | None:
    """The room's follow-up check-in from (actions done, confidence, outcome) per person;
    None below k answers.

    `did_any` (people who did at least one action) and each action's count are kept only
    when neither they nor the people they leave out are a small group (with 5 answers, "4 did
    this action" would point at the one who did not); the outcomes follow `outcome_counts`.
    """
    _check_k(k)
    answers = list(answers)
    if len(answers) < k:
        return None
    total = len(answers)
    did = sum(1 for done, _, _ in answers if done)
    actions = Counter(key for done, _, _ in answers for key in set(done))
    return {
        "total": total,
        "confidence": confidence_summary([confidence for _, confidence, _ in answers], k),
        "did_any": split_count(did, total, k),
        "actions": {key: count for key, count in sorted(actions.items()) if split_count(count, total, k) is not None},
        "outcomes": outcome_counts(Counter(outcome for _, _, outcome in answers), total, k),
    }


def split_count(count: int | None, total: int, k: int) -> int | None:
    """`count` of `total` people, shown only when both it and the rest are 0 or at least k
    (the rest is the total minus it, so it must not be a small group either)."""
    if count is None:
        return None
    if all(part == 0 or part >= k for part in (count, total - count)):
        return count
    return None


def outcome_counts(counts: Mapping[str, int | None], total: int, k: int) -> dict[str, int | None]:
    """One answer per person: each outcome's count, or None where it is hidden.

    Counts below k (or already hidden) are hidden. While the people in hidden outcomes are
    between 1 and k-1 (the total minus the shown counts would give them away), the smallest
    shown outcome is hidden too, until they are none or at least k. When the shown counts
    add up to everyone, the outcomes nobody chose are 0, which the total already says.
    """
    shown = {key: (count if count is not None and count >= k else None) for key, count in counts.items()}
    while 0 < total - sum(c for c in shown.values() if c is not None) < k:
        left = [key for key, c in shown.items() if c is not None]
        if not left:
            break
        shown[min(left, key=lambda key: (shown[key], key))] = None
    if total == sum(c for c in shown.values() if c is not None):  # everyone is accounted for:
        shown = {key: count or 0 for key, count in shown.items()}  # the rest chose nothing else
    return dict(sorted(shown.items()))


def final_key(key: str, settings: Mapping[str, ThemeSetting]) -> str:
    """The theme `key` counts under once the coach's merges are followed (cycles stop)."""
    seen = {key}
    while (target := (settings.get(key) or ThemeSetting()).merged_into) and target not in seen:
        seen.add(target)
        key = target
    return key


def merge_groups(keys: Iterable[str], settings: Mapping[str, ThemeSetting]) -> dict[str, set[str]]:
    """Each theme shown on the board -> the themes counted under it (itself included)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        groups[final_key(key, settings)].add(key)
    return {target: members for target, members in groups.items() if target in members}


def _check_k(k: int) -> None:
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
