"""The k-anonymous figures and how a release is shown, computed without Flask or a database."""

from __future__ import annotations

import pytest

from workshop.services.aggregates import (
    ThemeSetting,
    band_rows,
    confidence_summary,
    final_key,
    follow_up_figures,
    merge_groups,
    outcome_counts,
    split_count,
    stage_figures,
    theme_figures,
)
from workshop.services.presentation import follow_up, present, stage_rows, theme_rows

LABELS = {"no_feedback": "No feedback", "salary_mismatch": "Salary", "self_doubt": "Self-doubt"}
STAGES = [("screen", "Phone screen"), ("first_interview", "First interview"), ("offer", "Offer")]


def people(key: str, n: int, start: int = 1) -> list[tuple[int, str]]:
    return [(pid, key) for pid in range(start, start + n)]


def shown(memberships, settings=None, k=3, groups=()) -> list[dict]:
    figures = theme_figures(memberships, people=20, groups=groups, k=k)
    return theme_rows(figures, LABELS, settings or {}, k)


def test_a_theme_with_k_minus_one_people_appears_nowhere():
    rows = people("no_feedback", 3) + people("salary_mismatch", 2)
    assert shown(rows) == [{"key": "no_feedback", "label": "No feedback", "count": 3}]
    assert "salary_mismatch" not in theme_figures(rows, 5, (), k=3)["counts"]  # not even stored


def test_each_person_counts_once_per_theme():
    rows = [(1, "no_feedback"), (1, "no_feedback"), (2, "no_feedback")]
    assert shown(rows, k=2)[0]["count"] == 2
    assert shown(rows, k=3) == []


def test_most_shared_first_then_taxonomy_order():
    rows = people("self_doubt", 4) + people("no_feedback", 4, 10) + people("salary_mismatch", 5, 20)
    assert [t["key"] for t in shown(rows, k=2)] == ["salary_mismatch", "no_feedback", "self_doubt"]


def test_a_merge_shows_the_union_when_every_venn_cell_has_k_people():
    rows = people("no_feedback", 6) + people("self_doubt", 6, start=4)  # 3 only, 3 both, 3 only
    settings = {"self_doubt": ThemeSetting(merged_into="no_feedback")}
    assert shown(rows, settings) == [{"key": "no_feedback", "label": "No feedback", "count": 9}]


def test_a_merge_never_shows_a_union_with_a_small_cell():
    # four hold one theme, one person holds the other: 5 would give that person away
    rows = people("no_feedback", 4) + people("self_doubt", 1, start=10)
    settings = {"self_doubt": ThemeSetting(merged_into="no_feedback")}
    assert shown(rows, settings) == [{"key": "no_feedback", "label": "No feedback", "count": None}]
    # nor an overlap of one between two big themes
    rows = people("no_feedback", 4) + people("self_doubt", 4, start=4)
    assert theme_figures(rows, 7, (), k=3)["unions"] == {}
    assert shown(rows, settings)[0]["count"] is None


def test_a_merge_of_themes_all_below_k_is_not_shown():
    rows = people("no_feedback", 2) + people("self_doubt", 2, start=3)
    settings = {"self_doubt": ThemeSetting(merged_into="no_feedback")}
    assert shown(rows, settings) == []


def test_a_bigger_merge_group_counts_only_if_it_stood_at_the_release():
    rows = people("no_feedback", 3) + people("self_doubt", 3, start=4) + people("salary_mismatch", 3, start=7)
    settings = {
        "self_doubt": ThemeSetting(merged_into="no_feedback"),
        "salary_mismatch": ThemeSetting(merged_into="no_feedback"),
    }
    assert shown(rows, settings)[0]["count"] is None  # a three-way union was not in the release
    group = [{"no_feedback", "self_doubt", "salary_mismatch"}]
    assert shown(rows, settings, groups=group)[0]["count"] == 9


def test_hidden_and_renamed_themes():
    rows = people("no_feedback", 3) + people("self_doubt", 3, 10)
    settings = {"no_feedback": ThemeSetting(hidden=True), "self_doubt": ThemeSetting(label="Doubting myself")}
    assert shown(rows, settings) == [{"key": "self_doubt", "label": "Doubting myself", "count": 3}]


def test_a_merge_cycle_does_not_loop_and_counts_nothing_twice():
    """A coach who merges A into B and then B into A has made a cycle: it ends (no theme is
    followed twice), neither theme of the cycle is shown, since neither is where the other
    counts, and the other themes are shown as before."""
    settings = {
        "no_feedback": ThemeSetting(merged_into="self_doubt"),
        "self_doubt": ThemeSetting(merged_into="no_feedback"),
    }
    assert final_key("no_feedback", settings) == "self_doubt"
    assert final_key("self_doubt", settings) == "no_feedback"
    assert merge_groups(LABELS, settings) == {"salary_mismatch": {"salary_mismatch"}}
    rows = people("no_feedback", 3) + people("self_doubt", 3, start=4) + people("salary_mismatch", 4, start=7)
    assert shown(rows, settings) == [{"key": "salary_mismatch", "label": "Salary", "count": 4}]


def test_stage_averages_only_where_k_rated():
    ratings = [("screen", 4), ("screen", 5), ("screen", 3), ("first_interview", 1), ("first_interview", 2)]
    figures = stage_figures(ratings, k=3)
    assert set(figures) == {"screen"}  # a stage rated by two is not even stored
    rows = {row["key"]: row for row in stage_rows(figures, STAGES, k=3)}
    assert rows["screen"]["reached"] == 3 and rows["screen"]["average"] == 4.0
    assert rows["first_interview"]["average"] is None and rows["first_interview"]["reached"] is None
    assert rows["offer"]["average"] is None


def test_the_weakest_shown_stage_is_flagged():
    ratings = [("screen", 4)] * 3 + [("first_interview", 2)] * 3 + [("offer", 1)] * 2
    rows = {row["key"]: row for row in stage_rows(stage_figures(ratings, k=3), STAGES, k=3)}
    assert rows["first_interview"]["weakest"] and not rows["screen"]["weakest"]
    assert not rows["offer"]["weakest"]  # lower, but below k: it must not leak through the flag


def test_confidence_needs_k_answers():
    assert confidence_summary([1, 5], k=3) is None
    summary = confidence_summary([1, 4, 4, 5, 3], k=3)
    assert summary["total"] == 5 and summary["average"] == 3.4


@pytest.mark.parametrize(
    "answers",
    [
        [1, 4, 4, 5, 3],  # one low, one middle: hiding only those, 5 - 3 = 2 would tell
        [1, 1, 1, 3, 4, 4, 4],  # one middle: 7 - 3 - 3 = 1
        [3, 3, 3, 2, 4, 5],  # low 1, high 2 hidden (3 in all): the average 3.3 tells that low is 1
    ],
)
def test_no_hidden_band_can_be_worked_out_from_the_total(answers):
    bands = confidence_summary(answers, k=3)["bands"]
    assert [b["count"] for b in bands] == [None, None, None]


def test_bands_show_when_every_band_with_people_has_k():
    bands = {b["band"]: b["count"] for b in confidence_summary([1, 2, 2, 4, 4, 5], k=3)["bands"]}
    assert bands == {"low": 3, "middle": None, "high": 3}  # nobody in the middle band
    assert band_rows(6, [3, 0, 3], k=4) == [
        {"band": "low", "label": "1–2", "count": None},
        {"band": "middle", "label": "3", "count": None},
        {"band": "high", "label": "4–5", "count": None},
    ]


def test_k_below_two_is_refused():
    with pytest.raises(ValueError):
        theme_figures([], 0, (), k=1)


def test_a_release_is_shown_again_under_a_higher_k():
    figures = {
        "themes": theme_figures(people("no_feedback", 3) + people("self_doubt", 5, 10), 8, (), k=3),
        "ratings": stage_figures([("screen", 3)] * 3 + [("offer", 2)] * 5, k=3),
        "before": confidence_summary([2, 2, 2, 4, 4, 4], k=3),
        "story": [{"key": "lego", "text": "lego", "count": 3}, {"key": "game show", "text": "game show", "count": 5}],
    }
    board = present(figures, k=4, labels=LABELS, settings={}, stages=STAGES)
    assert [t["key"] for t in board["themes"]] == ["self_doubt"]
    assert [row["key"] for row in board["stages"] if row["average"] is not None] == ["offer"]
    assert [b["count"] for b in board["confidence_before"]["bands"]] == [None, None, None]
    assert [p["text"] for p in board["emerging"]] == ["game show"]
    assert board["participants"] == 8


def test_hidden_and_promoted_phrases_are_not_shown_again():
    figures = {"story": [{"key": "lego", "text": "lego", "count": 3}, {"key": "game", "text": "game show", "count": 4}]}
    board = present(figures, k=3, labels=LABELS, settings={}, stages=STAGES, hidden_phrases={"lego"})
    assert [p["text"] for p in board["emerging"]] == ["game show"]
    board = present(figures, k=3, labels=LABELS, settings={}, stages=STAGES, promoted={"game show"})
    assert [p["text"] for p in board["emerging"]] == ["lego"]


# ---- the follow-up check-in -------------------------------------------------------------------

OUTCOME_LABELS = {
    "applied": "Applied",
    "interview": "Interview",
    "offer": "Offer",
    "break": "Break",
    "unsaid": "Unsaid",
}


def answers(*groups: tuple[int, tuple[str, ...], int, str]) -> list[tuple[tuple[str, ...], int, str]]:
    """(how many people, actions done, confidence, outcome) -> one answer per person."""
    return [(done, confidence, outcome) for n, done, confidence, outcome in groups for _ in range(n)]


def test_follow_up_needs_k_answers():
    assert follow_up_figures(answers((2, ("thanks",), 4, "offer")), k=3) is None
    figure = follow_up_figures(answers((3, ("thanks",), 4, "offer")), k=3)
    assert figure["total"] == 3
    assert figure["confidence"]["average"] == 4.0
    assert figure["actions"] == {"thanks": 3}
    assert figure["outcomes"] == {"offer": 3}


def test_an_action_done_by_fewer_than_k_is_not_stored():
    figure = follow_up_figures(answers((3, ("thanks", "practise"), 3, "applied"), (3, ("thanks",), 3, "applied")), k=3)
    assert figure["actions"] == {"thanks": 6, "practise": 3}
    figure = follow_up_figures(answers((2, ("practise",), 3, "applied"), (2, ("thanks",), 3, "applied")), k=3)
    assert figure["actions"] == {}


def test_an_action_that_leaves_out_a_small_group_is_not_stored():
    """With 5 answers, "4 did this action" would point at the one who did not."""
    figure = follow_up_figures(answers((4, ("thanks",), 3, "applied"), (1, ("practise",), 3, "applied")), k=3)
    assert figure["actions"] == {}
    figure = follow_up_figures(answers((4, ("thanks",), 3, "applied"), (3, ("practise",), 3, "applied")), k=3)
    assert figure["actions"] == {"thanks": 4, "practise": 3}  # 7 answers: 3 and 4 left out
    stored = {"total": 5, "confidence": None, "did_any": None, "actions": {"thanks": 4}, "outcomes": {}}
    assert follow_up(stored, 3, {}, OUTCOME_LABELS)["actions"] == []  # checked again when shown


def test_did_any_hides_when_either_side_is_a_small_group():
    assert split_count(3, 6, 3) == 3 and split_count(6, 6, 3) == 6 and split_count(0, 6, 3) == 0
    assert split_count(4, 6, 3) is None  # the two who did nothing would be 6 - 4
    assert split_count(2, 6, 3) is None
    assert split_count(None, 6, 3) is None
    done = follow_up_figures(answers((4, ("thanks",), 3, "applied"), (1, (), 3, "applied")), k=3)
    assert done["did_any"] is None
    none = follow_up_figures(answers((5, (), 3, "applied")), k=3)
    assert none["did_any"] == 0


def test_outcomes_below_k_are_hidden_and_so_is_the_next_smallest_when_the_rest_is_small():
    # 5 offer, 4 applied, 1 break: the break alone is hidden, and 10 - 9 would give it away
    assert outcome_counts({"offer": 5, "applied": 4, "break": 1}, 10, 3) == {"applied": None, "break": None, "offer": 5}
    # two hidden outcomes holding k people together already cover each other
    assert outcome_counts({"offer": 5, "applied": 2, "break": 1}, 8, 3) == {"applied": None, "break": None, "offer": 5}
    # exactly k in every outcome: all shown
    assert outcome_counts({"offer": 3, "applied": 3}, 6, 3) == {"applied": 3, "offer": 3}


def test_when_the_shown_outcomes_hold_everyone_the_others_are_zero():
    assert outcome_counts({"interview": 5, "offer": None, "break": 0}, 5, 3) == {"break": 0, "interview": 5, "offer": 0}
    assert outcome_counts({"interview": 4, "offer": 1}, 5, 3) == {"interview": None, "offer": None}


@pytest.mark.parametrize("k", [2, 3, 4])
@pytest.mark.parametrize(
    "counts",
    [{"a": 5, "b": 4, "c": 1}, {"a": 3, "b": 3, "c": 2}, {"a": 9, "b": 1}, {"a": 2, "b": 2, "c": 2}, {"a": 7}],
)
def test_no_hidden_outcome_is_the_total_minus_the_shown_ones(counts, k):
    total = sum(counts.values())
    shown = outcome_counts(counts, total, k)
    hidden_people = total - sum(c for c in shown.values() if c is not None)
    assert hidden_people == 0 or hidden_people >= k
    assert all(c is None or c >= k for c in shown.values())


def test_the_follow_up_board_names_and_orders_its_figures():
    figure = follow_up_figures(
        answers((3, ("thanks", "practise"), 4, "interview"), (2, ("practise",), 2, "applied"), (1, (), 5, "offer")), k=3
    )
    board = follow_up(figure, 3, {"thanks": "Send a thank-you note", "practise": "Practise aloud"}, OUTCOME_LABELS)
    assert board["total"] == 6
    assert board["did_any"] is None  # the one who did nothing stays hidden
    assert board["actions"] == [  # "5 practised" would point at the one who did not
        {"key": "thanks", "label": "Send a thank-you note", "count": 3},
    ]
    assert [o["key"] for o in board["outcomes"]] == list(OUTCOME_LABELS)
    assert {o["key"]: o["count"] for o in board["outcomes"]} == {
        "applied": None,
        "interview": 3,
        "offer": None,
        "break": None,
        "unsaid": None,
    }
    assert board["confidence"]["total"] == 6


def test_the_follow_up_is_shown_again_under_a_higher_k():
    figure = follow_up_figures(answers((3, ("thanks",), 4, "interview"), (3, ("practise",), 2, "applied")), k=3)
    assert follow_up(figure, 3, {}, OUTCOME_LABELS)["did_any"] == 6
    higher = follow_up(figure, 4, {}, OUTCOME_LABELS)
    assert higher["actions"] == [] and all(o["count"] is None for o in higher["outcomes"])
    assert follow_up(figure, 7, {}, OUTCOME_LABELS) is None
    assert follow_up(None, 3, {}, OUTCOME_LABELS) is None


def test_present_puts_the_follow_up_on_the_board():
    figure = follow_up_figures(answers((3, ("thanks",), 4, "interview")), k=3)
    board = present(
        {"follow_up": figure}, k=3, labels=LABELS, settings={}, stages=STAGES, outcome_labels=OUTCOME_LABELS
    )
    assert board["follow_up"]["total"] == 3
    assert present({}, k=3, labels=LABELS, settings={}, stages=STAGES)["follow_up"] is None


# ---- exactly k, one decimal, and merges nobody holds ---------------------------------------


def test_a_figure_of_exactly_k_people_is_shown_with_one_decimal():
    assert stage_figures([("screen", 4), ("screen", 4), ("screen", 5)], k=3) == {
        "screen": {"reached": 3, "average": 4.3}
    }
    summary = confidence_summary([4, 4, 5], k=3)
    assert summary is not None and (summary["total"], summary["average"]) == (3, 4.3)


def test_a_union_of_exactly_k_people_is_kept_and_a_merged_theme_nobody_holds_adds_nobody():
    rows = [(pid, key) for pid in (1, 2, 3) for key in ("no_feedback", "self_doubt")]
    groups = [("no_feedback", "role_cancelled"), ("self_doubt",)]  # nobody holds role_cancelled
    figures = theme_figures(rows, 3, groups, k=3)
    assert figures["unions"] == {"no_feedback|self_doubt": [3, 3], "no_feedback|role_cancelled": [3, 3]}


def test_a_merge_chain_that_loops_back_ends_at_the_last_theme_before_the_loop():
    settings = {
        "no_feedback": ThemeSetting(merged_into="self_doubt"),
        "self_doubt": ThemeSetting(merged_into="salary_mismatch"),
        "salary_mismatch": ThemeSetting(merged_into="self_doubt"),
    }
    assert final_key("no_feedback", settings) == "salary_mismatch"


def test_the_board_carries_its_release_and_shows_figures_of_exactly_k_people():
    figures = {
        "themes": {"people": 3, "counts": {"no_feedback": 3}, "unions": {}},
        "ratings": {"screen": {"reached": 3, "average": 4.3}},
        "before": confidence_summary([2, 3, 4], k=3),
        "after": confidence_summary([4, 4, 5], k=3),
    }
    board = present(figures, k=3, labels=LABELS, settings={}, stages=STAGES, seq=7, at="2026-12-04T10:00")
    assert (board["k"], board["seq"], board["at"], board["participants"]) == (3, 7, "2026-12-04T10:00", 3)
    assert (board["confidence_before"]["average"], board["confidence_after"]["average"]) == (3.0, 4.3)
    assert [(row["label"], row["average"], row["weakest"]) for row in board["stages"]] == [
        ("Phone screen", 4.3, False),  # the only stage shown is nobody's weakest
        ("First interview", None, False),
        ("Offer", None, False),
    ]
    empty = present({}, k=3, labels=LABELS, settings={}, stages=STAGES)
    assert (empty["seq"], empty["at"], empty["participants"], empty["confidence_after"]) == (0, "", 0, None)


def test_a_merge_is_counted_only_when_today_k_holds_for_its_total_and_every_cell():
    merged = {"self_doubt": ThemeSetting(merged_into="no_feedback")}
    # four people hold both: the union is exactly k, every cell too
    counts = {"no_feedback": 4, "self_doubt": 4, "salary_mismatch": 6}
    exactly = theme_rows({"counts": counts, "unions": {"no_feedback|self_doubt": [4, 4]}}, LABELS, merged, 4)
    assert [(row["key"], row["count"]) for row in exactly] == [("salary_mismatch", 6), ("no_feedback", 4)]
    # three in each cell, released under k = 3; k has risen to 4 since, so the merge waits, shown last
    counts = {"no_feedback": 6, "self_doubt": 6, "salary_mismatch": 6}
    raised = theme_rows({"counts": counts, "unions": {"no_feedback|self_doubt": [9, 3]}}, LABELS, merged, 4)
    assert [(row["key"], row["count"]) for row in raised] == [("salary_mismatch", 6), ("no_feedback", None)]
    no_unions = theme_rows({"counts": counts}, LABELS, merged, 4)  # a release that stored no unions
    assert [(row["key"], row["count"]) for row in no_unions] == [("salary_mismatch", 6), ("no_feedback", None)]


def test_the_next_outcome_hidden_is_the_smallest_count_not_the_first_name():
    # 1 hidden person would be 10 - 9: the smaller of the shown ones (zebra's 4) goes too
    assert outcome_counts({"zebra": 4, "apple": 5, "mid": 1}, 10, 3) == {"apple": 5, "mid": None, "zebra": None}


def test_outcomes_of_fewer_people_than_k_are_all_hidden():
    assert outcome_counts({"a": 1, "b": 1}, 2, 3) == {"a": None, "b": None}


def test_the_follow_up_board_names_unknown_keys_by_their_key_and_orders_actions_by_count():
    figure = follow_up_figures(answers((3, ("a_first",), 4, "offer"), (3, ("a_first", "z_last"), 4, "gone")), k=3)
    figure["actions"]["z_last"], figure["actions"]["a_first"] = 6, 3  # most done first, whatever the name
    board = follow_up(figure, 3, {}, {})
    assert [(a["key"], a["label"], a["count"]) for a in board["actions"]] == [
        ("z_last", "z_last", 6),
        ("a_first", "a_first", 3),
    ]
    assert {o["key"]: o["label"] for o in board["outcomes"]} == {"offer": "offer", "gone": "gone"}


def test_the_board_names_the_follow_up_outcomes_it_is_given():
    figure = follow_up_figures(answers((3, (), 4, "offer"), (3, (), 4, "applied")), k=3)
    board = present({"follow_up": figure}, k=3, labels={}, settings={}, stages=[], outcome_labels=OUTCOME_LABELS)
    assert {o["key"]: (o["label"], o["count"]) for o in board["follow_up"]["outcomes"]} == {
        "applied": ("Applied", 3),
        "interview": ("Interview", 0),
        "offer": ("Offer", 3),
        "break": ("Break", 0),
        "unsaid": ("Unsaid", 0),
    }
