"""Workshop summaries: only released figures outlive a workshop, and none of them can single
anybody out (no count below k, no two nested counts that differ by fewer than k people)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Participant, Phase, Workshop, WorkshopSummary
from workshop.services import rehearsals, summaries
from workshop.services.summaries import safe

from .helpers import check_in, released_board, tell

# ---- safe(): exact cases at the boundary -----------------------------------------------------


def board(**fields) -> dict:
    base = {
        "k": 3,
        "participants": 12,
        "themes": [],
        "stages": [],
        "confidence_before": None,
        "confidence_after": None,
        "emerging": [{"key": "x", "text": "my manager Bob", "count": 5}],
    }
    return base | fields


def theme(key: str, count: int | None) -> dict:
    return {"key": key, "label": key, "count": count}


def test_a_theme_shared_by_all_or_by_k_fewer_keeps_its_number_one_or_two_fewer_loses_it():
    kept = safe(
        board(themes=[theme("all", 12), theme("k_fewer", 9), theme("one_fewer", 11), theme("two_fewer", 10)]), 3
    )
    assert [(t["key"], t["count"]) for t in kept["themes"]] == [
        ("all", 12),
        ("k_fewer", 9),
        ("one_fewer", None),  # 12 - 11: one person would be given away
        ("two_fewer", None),
    ]


def test_a_count_below_k_is_never_kept():
    kept = safe(board(participants=8, themes=[theme("small", 2), theme("k", 3)]), 3)
    assert [t["count"] for t in kept["themes"]] == [None, 3]
    assert safe(board(participants=2, themes=[theme("t", 2)]), 3)["participants"] is None
    assert safe(board(participants=2, themes=[theme("t", 2)]), 3)["themes"][0]["count"] is None


def test_a_stage_reached_by_one_or_two_fewer_than_the_room_loses_its_row():
    stages = [
        {"key": "screen", "label": "Screen", "reached": 12, "average": 3.5},
        {"key": "first_interview", "label": "Interview", "reached": 10, "average": 2.1},
        {"key": "offer", "label": "Offer", "reached": 9, "average": 4.0},
        {"key": "assessment", "label": "Test", "reached": None, "average": None},
    ]
    kept = safe(board(stages=stages), 3)
    assert kept["stages"] == [
        {"key": "screen", "label": "Screen", "reached": 12, "average": 3.5},
        {"key": "offer", "label": "Offer", "reached": 9, "average": 4.0},
    ]


def test_check_ins_keep_average_and_total_only_and_only_when_they_fit():
    before = {"total": 12, "average": 2.4, "bands": [{"band": "low", "label": "1–2", "count": 6}]}
    after = {"total": 11, "average": 3.9, "bands": []}
    kept = safe(board(confidence_before=before, confidence_after=after), 3)
    assert kept["confidence_before"] == {"average": 2.4, "total": 12}
    assert kept["confidence_after"] is None


def test_nothing_but_released_figures_is_kept():
    kept = safe(board(themes=[theme("t", 12)], alias="Brave Otter", stories=["my manager Bob"]), 3)
    assert set(kept) == {"participants", "themes", "stages", "confidence_before", "confidence_after", "follow_up"}
    assert "my manager Bob" not in json.dumps(kept) and "Brave Otter" not in json.dumps(kept)


def follow_up(**fields) -> dict:
    base = {
        "total": 9,
        "confidence": {"total": 9, "average": 3.8, "bands": []},
        "did_any": 6,
        "actions": [{"key": "thanks", "label": "Send a thank-you note", "count": 3}],
        "outcomes": [
            {"key": "applied", "label": "Applied", "count": 3},
            {"key": "interview", "label": "Interview", "count": 3},
            {"key": "offer", "label": "Offer", "count": 3},
        ],
    }
    return base | fields


def test_follow_up_figures_are_kept_when_every_nested_count_fits():
    kept = safe(board(follow_up=follow_up()), 3)["follow_up"]
    assert kept == {
        "total": 9,
        "confidence": {"average": 3.8, "total": 9},
        "did_any": 6,
        "actions": [{"key": "thanks", "label": "Send a thank-you note", "count": 3}],
        "outcomes": [
            {"key": "applied", "label": "Applied", "count": 3},
            {"key": "interview", "label": "Interview", "count": 3},
            {"key": "offer", "label": "Offer", "count": 3},
        ],
    }


def test_follow_up_counts_that_would_give_someone_away_are_dropped():
    assert safe(board(follow_up=follow_up(total=10)), 3)["follow_up"] is None  # 12 took part, 10 answered
    kept = safe(board(follow_up=follow_up(did_any=8, actions=[{"key": "a", "label": "A", "count": 7}])), 3)
    assert kept["follow_up"]["did_any"] is None  # 9 answered, 8 did something: one did nothing
    assert kept["follow_up"]["actions"] == []  # 7 of the 9 answers
    kept = safe(board(follow_up=follow_up(did_any=6, actions=[{"key": "a", "label": "A", "count": 5}])), 3)
    assert kept["follow_up"]["actions"] == []  # 6 did something, 5 did this: one did something else only


def test_outcomes_hidden_together_when_the_hidden_ones_are_fewer_than_k():
    outcomes = [
        {"key": "applied", "label": "Applied", "count": 4},
        {"key": "interview", "label": "Interview", "count": 3},
        {"key": "offer", "label": "Offer", "count": None},  # 2 people: 9 - 4 - 3
    ]
    kept = safe(board(follow_up=follow_up(outcomes=outcomes)), 3)["follow_up"]
    assert [row["count"] for row in kept["outcomes"]] == [None, None, None]


# ---- safe(): a property over random boards ----------------------------------------------------

counts = st.one_of(st.none(), st.integers(min_value=0, max_value=40))


@st.composite
def boards(draw):
    check_in = st.one_of(st.none(), st.fixed_dictionaries({"total": counts, "average": st.just(3.0)}))
    rows = st.lists(st.fixed_dictionaries({"count": counts}), max_size=5)
    return {
        "participants": draw(st.integers(min_value=0, max_value=40)),
        "themes": [{"key": f"t{i}", "label": f"T{i}", **row} for i, row in enumerate(draw(rows))],
        "stages": [
            {"key": f"s{i}", "label": f"S{i}", "reached": row["count"], "average": 2.5}
            for i, row in enumerate(draw(rows))
        ],
        "confidence_before": draw(check_in),
        "confidence_after": draw(check_in),
        "follow_up": draw(
            st.one_of(
                st.none(),
                st.fixed_dictionaries(
                    {
                        "total": counts,
                        "confidence": check_in,
                        "did_any": counts,
                        "actions": st.lists(
                            st.fixed_dictionaries({"key": st.just("a"), "label": st.just("A"), "count": counts}),
                            max_size=4,
                        ),
                        "outcomes": st.lists(
                            st.fixed_dictionaries({"key": st.just("o"), "label": st.just("O"), "count": counts}),
                            max_size=4,
                        ),
                    }
                ),
            )
        ),
    }


def shown_pairs(kept: dict):
    """Every count the summary shows, with the counts it is part of (as the README says)."""
    people = kept["participants"]
    yield people, ()
    for row in kept["themes"]:
        yield row["count"], (people,)
    for row in kept["stages"]:
        yield row["reached"], (people,)
    for moment in ("confidence_before", "confidence_after"):
        if kept[moment]:
            yield kept[moment]["total"], (people,)
    follow = kept["follow_up"]
    if follow:
        yield follow["total"], (people,)
        if follow["confidence"]:
            yield follow["confidence"]["total"], (people, follow["total"])
        yield follow["did_any"], (people, follow["total"])
        for row in follow["actions"]:
            yield row["count"], (people, follow["total"], follow["did_any"])
        for row in follow["outcomes"]:
            yield row["count"], (people, follow["total"])


@settings(max_examples=300, deadline=None)
@given(boards(), st.integers(min_value=2, max_value=8))
def test_no_summary_shows_a_count_below_k_or_a_nested_difference_below_k(room, k):
    kept = safe(room, k)
    for count, wholes in shown_pairs(kept):
        if count is None:
            continue
        assert count >= k, (count, k)
        for whole in wholes:
            if whole is not None:
                assert abs(whole - count) == 0 or abs(whole - count) >= k, (whole, count, k)
    follow = kept["follow_up"]
    if follow and follow["outcomes"]:
        hidden = follow["total"] - sum(row["count"] or 0 for row in follow["outcomes"])
        assert hidden == 0 or hidden >= k, (hidden, k)
    assert "emerging" not in kept


# ---- summaries are kept when a workshop is erased ------------------------------------------------


def test_the_purge_keeps_a_summary_of_the_released_figures_and_nothing_else(runner, make_coach, make_workshop, join):
    coach = make_coach()
    workshop = make_workshop(coach, title="Spring cohort", date=date(2026, 3, 10), min_group_size=2, series="Uni")
    phones = [join(workshop)[0] for _ in range(4)]
    for phone in phones:
        check_in(phone, workshop, 2)
    workshop.phase = Phase.REFLECT
    db.session.commit()
    for phone in phones:
        tell(phone, workshop, "Nobody from Acme called me back, said Ms Jones.", ["no_feedback"], {"screen": 3})
    db.session.refresh(workshop)
    aliases = list(db.session.scalars(select(Participant.alias)))
    released = json.loads(workshop.board_json)
    assert released["participants"] == 4 and released["emerging"] is not None

    result = runner.invoke(args=["purge-expired", "--today", "2026-05-01"])
    assert result.exit_code == 0 and "Erased 1 workshop" in result.output
    assert db.session.scalar(select(func.count(Workshop.id))) == 0
    summary = db.session.scalars(select(WorkshopSummary)).one()
    assert (summary.coach_id, summary.title, summary.date, summary.series, summary.k) == (
        coach.id,
        "Spring cohort",
        date(2026, 3, 10),
        "Uni",
        2,
    )
    figures = summaries.figures_of(summary)
    assert figures == safe(released, 2)  # what the room last saw, checked once more
    assert figures["participants"] == 4
    assert [(t["key"], t["count"]) for t in figures["themes"]] == [("no_feedback", 4)]
    assert figures["stages"] == [{"key": "screen", "label": "Recruiter or phone screen", "reached": 4, "average": 3.0}]
    stored = summary.figures
    for secret in ["Acme", "Jones", "called me back", "emerging", "bands", *aliases]:
        assert secret not in stored, secret


def test_the_purge_keeps_no_summary_of_a_rehearsal_or_of_a_workshop_that_released_nothing(make_coach, make_workshop):
    from workshop.services import retention

    coach = make_coach()
    real = make_workshop(coach, title="Real", date=date.today() - timedelta(days=1))
    quiet = make_workshop(coach, title="Quiet", date=date(2026, 1, 5))
    rehearsal = rehearsals.start_rehearsal(real, 12)
    released_board(rehearsal, people=12, themes={"no_feedback": 12})
    rehearsal.retain_until = date(2026, 1, 1)
    db.session.commit()
    assert retention.purge_expired(date.today() + timedelta(days=400)) == 3
    assert db.session.scalar(select(func.count(WorkshopSummary.id))) == 0
    assert quiet is not None


def test_a_summary_is_re_checked_against_k(make_coach, make_workshop):
    from workshop.services import retention

    workshop = make_workshop(make_coach(), date=date(2026, 1, 5), min_group_size=3)
    released_board(workshop, people=12, themes={"no_feedback": 11, "self_doubt": 2, "rapport": 9})
    retention.purge_expired(date(2026, 6, 1))
    figures = summaries.figures_of(db.session.scalars(select(WorkshopSummary)).one())
    assert [(t["key"], t["count"]) for t in figures["themes"]] == [
        ("no_feedback", None),
        ("self_doubt", None),
        ("rapport", 9),
    ]


# ---- the coach's delete form ------------------------------------------------------------------


def test_the_delete_form_offers_to_keep_the_summary_unticked(client, login, make_coach, make_workshop):
    workshop = make_workshop(make_coach())
    login(client)
    page = client.get(f"/workshops/{workshop.id}/delete").text
    assert "Keep this workshop's summary for Insights (released figures only)" in page
    box = page[page.index('name="keep_summary"') - 40 : page.index('name="keep_summary"') + 80]
    assert "checked" not in box


def test_deleting_without_the_box_keeps_nothing(client, login, make_coach, make_workshop):
    workshop = make_workshop(make_coach(), title="Gone")
    released_board(workshop, people=6, themes={"no_feedback": 6})
    login(client)
    assert client.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": "Gone"}).status_code == 303
    assert db.session.scalar(select(func.count(WorkshopSummary.id))) == 0
    assert db.session.scalar(select(func.count(Workshop.id))) == 0


def test_deleting_with_the_box_keeps_the_summary(client, login, make_coach, make_workshop):
    coach = make_coach()
    workshop = make_workshop(coach, title="Kept")
    released_board(workshop, people=6, themes={"no_feedback": 6, "rapport": 4})
    login(client)
    response = client.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": "Kept", "keep_summary": "yes"})
    assert response.status_code == 303
    assert db.session.scalar(select(func.count(Workshop.id))) == 0
    summary = db.session.scalars(select(WorkshopSummary)).one()
    assert summary.title == "Kept" and summary.coach_id == coach.id
    # 6 - 4 = 2 people, below k: rapport's number goes
    assert [(t["key"], t["count"]) for t in summaries.figures_of(summary)["themes"]] == [
        ("no_feedback", 6),
        ("rapport", None),
    ]


def test_a_wrong_title_with_the_box_ticked_keeps_and_erases_nothing(client, login, make_coach, make_workshop):
    workshop = make_workshop(make_coach(), title="Still here")
    released_board(workshop, people=6, themes={"no_feedback": 6})
    login(client)
    response = client.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": "nope", "keep_summary": "yes"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(WorkshopSummary.id))) == 0
    assert db.session.get(Workshop, workshop.id) is not None


# ---- deleting a summary -------------------------------------------------------------------------


def kept_summary(coach, title="Autumn") -> WorkshopSummary:
    summary = WorkshopSummary(
        coach_id=coach.id, title=title, date=date(2026, 2, 1), series="", k=3, figures=json.dumps({"participants": 9})
    )
    db.session.add(summary)
    db.session.commit()
    return summary


def test_the_owner_deletes_a_summary(client, login, make_coach):
    summary = kept_summary(make_coach())
    login(client)
    response = client.post(f"/insights/summaries/{summary.id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith("/insights")
    assert db.session.scalar(select(func.count(WorkshopSummary.id))) == 0
    assert "Autumn" not in client.get("/insights").text


def test_another_coach_cannot_delete_a_summary(client, login, make_coach):
    summary = kept_summary(make_coach())
    make_coach("other@example.org", "Other", admin=True)
    login(client, "other@example.org")
    assert client.post(f"/insights/summaries/{summary.id}/delete").status_code == 404
    assert client.post("/insights/summaries/999999/delete").status_code == 404
    assert db.session.scalar(select(func.count(WorkshopSummary.id))) == 1


def test_a_deleted_coach_account_takes_its_summaries_with_it(make_coach):
    coach, other = make_coach(), make_coach("other@example.org", "Other")
    kept_summary(coach)
    kept_summary(other, "Theirs")
    db.session.delete(coach)
    db.session.commit()
    assert list(db.session.scalars(select(WorkshopSummary.title))) == ["Theirs"]
