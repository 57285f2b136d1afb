"""The k-anonymous aggregates, computed without Flask or a database."""

from __future__ import annotations

import pytest

from workshop.services.aggregates import (
    ThemeSetting,
    confidence_summary,
    stage_summary,
    summarise_room,
    theme_counts,
)

LABELS = {"no_feedback": "No feedback", "salary_mismatch": "Salary", "self_doubt": "Self-doubt"}
STAGES = [("screen", "Phone screen"), ("first_interview", "First interview"), ("offer", "Offer")]


def people(key: str, n: int, start: int = 1) -> list[tuple[int, str]]:
    return [(pid, key) for pid in range(start, start + n)]


def test_a_theme_with_k_minus_one_people_appears_nowhere():
    rows = people("no_feedback", 3) + people("salary_mismatch", 2)
    shown = theme_counts(rows, LABELS, {}, k=3)
    assert shown == [{"key": "no_feedback", "label": "No feedback", "count": 3}]


def test_each_person_counts_once_per_theme():
    rows = [(1, "no_feedback"), (1, "no_feedback"), (2, "no_feedback")]
    assert theme_counts(rows, LABELS, {}, k=2)[0]["count"] == 2
    assert theme_counts(rows, LABELS, {}, k=3) == []


def test_most_shared_first_then_taxonomy_order():
    rows = people("self_doubt", 4) + people("no_feedback", 4, 10) + people("salary_mismatch", 5, 20)
    assert [t["key"] for t in theme_counts(rows, LABELS, {}, k=2)] == ["salary_mismatch", "no_feedback", "self_doubt"]


def test_merged_themes_count_each_person_once_under_the_target():
    rows = people("no_feedback", 2) + people("self_doubt", 2, start=2)  # person 2 is in both
    settings = {"self_doubt": ThemeSetting(merged_into="no_feedback")}
    assert theme_counts(rows, LABELS, settings, k=3) == [{"key": "no_feedback", "label": "No feedback", "count": 3}]


def test_merging_does_not_make_a_small_theme_visible_on_its_own():
    rows = people("no_feedback", 2) + people("self_doubt", 1, start=2)
    settings = {"self_doubt": ThemeSetting(merged_into="no_feedback")}
    assert theme_counts(rows, LABELS, settings, k=3) == []


def test_hidden_and_renamed_themes():
    rows = people("no_feedback", 3) + people("self_doubt", 3, 10)
    settings = {"no_feedback": ThemeSetting(hidden=True), "self_doubt": ThemeSetting(label="Doubting myself")}
    assert theme_counts(rows, LABELS, settings, k=3) == [{"key": "self_doubt", "label": "Doubting myself", "count": 3}]


def test_a_merge_cycle_does_not_loop():
    settings = {
        "no_feedback": ThemeSetting(merged_into="self_doubt"),
        "self_doubt": ThemeSetting(merged_into="no_feedback"),
    }
    theme_counts(people("no_feedback", 3), LABELS, settings, k=3)  # returns, whatever it shows


def test_stage_averages_only_where_k_rated():
    ratings = [("screen", 4), ("screen", 5), ("screen", 3), ("first_interview", 1), ("first_interview", 2)]
    rows = {row["key"]: row for row in stage_summary(ratings, STAGES, k=3)}
    assert rows["screen"]["reached"] == 3 and rows["screen"]["average"] == 4.0
    assert rows["first_interview"]["average"] is None and rows["first_interview"]["reached"] is None
    assert rows["offer"]["average"] is None


def test_the_weakest_shown_stage_is_flagged():
    ratings = [("screen", 4)] * 3 + [("first_interview", 2)] * 3 + [("offer", 1)] * 2
    rows = {row["key"]: row for row in stage_summary(ratings, STAGES, k=3)}
    assert rows["first_interview"]["weakest"] and not rows["screen"]["weakest"]
    assert not rows["offer"]["weakest"]  # lower, but below k: it must not leak through the flag


def test_confidence_needs_k_answers_and_hides_small_bands():
    assert confidence_summary([1, 5], k=3) is None
    summary = confidence_summary([1, 4, 4, 5, 3], k=3)
    assert summary["total"] == 5 and summary["average"] == 3.4
    bands = {b["band"]: b["count"] for b in summary["bands"]}
    assert bands == {"low": None, "middle": None, "high": 3}


def test_k_below_two_is_refused():
    with pytest.raises(ValueError):
        theme_counts([], LABELS, {}, k=1)


def test_whole_snapshot_holds_nothing_below_k():
    snap = summarise_room(
        k=3,
        participants=4,
        labels=LABELS,
        settings={},
        memberships=people("no_feedback", 2),
        stages=STAGES,
        ratings=[("screen", 2), ("screen", 3)],
        confidence_before=[1, 2],
        confidence_after=[],
        emerging=[{"key": "a", "text": "phone call", "count": 2}],
    )
    assert snap["themes"] == [] and snap["emerging"] == []
    assert all(row["average"] is None for row in snap["stages"])
    assert snap["confidence_before"] is None and snap["confidence_after"] is None
