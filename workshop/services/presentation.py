"""How a release is shown: its figures with the coach's names, merges and hides applied.

Plain Python. Presenting never adds data: it only picks, names and orders what the release
already holds, checked again against today's k (k may have gone up since). A merge shows a
combined count only when the release holds that exact union; otherwise the combined theme
says "waiting for more people" without a number, and its members are not shown apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from .aggregates import ThemeSetting, band_rows, merge_groups, outcome_counts, split_count, union_key


def present(
    figures: Mapping[str, object],
    *,
    k: int,
    labels: Mapping[str, str],
    settings: Mapping[str, ThemeSetting],
    stages: Sequence[tuple[str, str]],
    hidden_phrases: Collection[str] = (),
    promoted: Collection[str] = (),
    seq: int = 0,
    at: str = "",
    action_labels: Mapping[str, str] | None = None,
    outcome_labels: Mapping[str, str] | None = None,
) -> dict:
    """The board every screen renders (projector, phones, coach pages, report, CSV)."""
    themes = figures.get("themes") or {}
    return {
        "k": k,
        "seq": seq,
        "at": at,
        "participants": themes.get("people", 0),
        "themes": theme_rows(themes, labels, settings, k),
        "stages": stage_rows(figures.get("ratings") or {}, stages, k),
        "confidence_before": confidence(figures.get("before"), k),
        "confidence_after": confidence(figures.get("after"), k),
        "follow_up": follow_up(figures.get("follow_up"), k, action_labels or {}, outcome_labels or {}),
        "emerging": [
            p
            for p in figures.get("story") or []
            if p["count"] >= k and p["key"] not in hidden_phrases and p["text"] not in promoted
        ],
    }


def theme_rows(figures: Mapping, labels: Mapping[str, str], settings: Mapping[str, ThemeSetting], k: int) -> list[dict]:
    """Shown themes, most shared first (combined ones still waiting last), taxonomy order
    on a tie. `count` is None for a merge the release cannot count yet."""
    counts, unions = figures.get("counts", {}), figures.get("unions", {})
    rows = []
    for target, members in merge_groups(labels, settings).items():
        if (settings.get(target) or ThemeSetting()).hidden:
            continue
        label = (settings.get(target) or ThemeSetting()).label or labels[target]
        if len(members) == 1:
            if counts.get(target, 0) >= k:
                rows.append({"key": target, "label": label, "count": counts[target]})
            continue
        count, smallest_cell = unions.get(union_key(members), (0, 0))
        if count >= k and smallest_cell >= k:
            rows.append({"key": target, "label": label, "count": count})
        elif any(counts.get(member, 0) >= k for member in members):
            rows.append({"key": target, "label": label, "count": None})
    order = {key: i for i, key in enumerate(labels)}
    return sorted(rows, key=lambda t: (t["count"] is None, -(t["count"] or 0), order[t["key"]]))


def stage_rows(figures: Mapping[str, dict], stages: Sequence[tuple[str, str]], k: int) -> list[dict]:
    """Every stage in order; those rated by fewer than k have no figures. The weakest shown
    stage (lowest average, earliest on a tie) is flagged when more than one is shown."""
    rows = []
    for key, label in stages:
        found = figures.get(key)
        if found and found["reached"] >= k:
            rows.append({"key": key, "label": label, **found, "weakest": False})
        else:
            rows.append({"key": key, "label": label, "reached": None, "average": None, "weakest": False})
    shown = [row for row in rows if row["average"] is not None]
    if len(shown) > 1:
        min(shown, key=lambda row: row["average"])["weakest"] = True
    return rows


def confidence(summary: Mapping | None, k: int) -> dict | None:
    """A stored check-in summary under today's k (bands suppressed together again)."""
    if not summary or summary["total"] < k:
        return None
    counts = [band["count"] for band in summary["bands"]]
    return {**summary, "bands": band_rows(summary["total"], counts, k)}


def follow_up(summary: Mapping | None, k: int, action_labels: Mapping[str, str], outcome_labels: Mapping[str, str]):
    """The stored follow-up figures under today's k, named: actions most done first (an
    action no longer named, say a coach's own action since deleted, keeps its key), and
    the outcomes in `outcome_labels`' order, each with its count or None."""
    if not summary or summary["total"] < k:
        return None
    total = summary["total"]
    actions = [
        {"key": key, "label": action_labels.get(key, key), "count": count}
        for key, count in summary["actions"].items()
        if split_count(count, total, k) is not None
    ]
    stored = summary["outcomes"]
    keys = list(outcome_labels or stored)
    counts = outcome_counts({key: stored.get(key) for key in keys}, total, k)
    return {
        "total": total,
        "confidence": confidence(summary["confidence"], k),
        "did_any": split_count(summary["did_any"], total, k),
        "actions": sorted(actions, key=lambda a: (-a["count"], a["label"])),
        "outcomes": [{"key": key, "label": outcome_labels.get(key, key), "count": counts[key]} for key in keys],
    }
