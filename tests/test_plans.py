"""The action library, the plan builder, the JSON input and the .ics export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import icalendar
import pytest

from workshop.services import DATA_DIR, plans
from workshop.services.plans import (
    DEFAULT_STAGES,
    THEME_LABELS,
    Action,
    ParticipantInfo,
    PlanInput,
    Rating,
    RoomInfo,
    Stage,
    WorkshopInfo,
    build_plan,
    focus_candidates,
    load_action_library,
    plan_input_from_json,
    plan_input_hash,
    wording,
)
from workshop.services.plans.calendar import PRODID, plan_to_ics

SAMPLE = DATA_DIR / "sample_plan.json"
WORKSHOP_DATE = dt.date(2026, 3, 12)
STAGE_KEYS = [stage.key for stage in DEFAULT_STAGES]


def note_placeholders(note) -> list[str]:
    """The distinct [placeholders] in a note template, in order of appearance."""
    return list(dict.fromkeys(re.findall(r"\[[^\[\]]+\]", note.text)))


def make_input(
    ratings: dict[str, int | tuple[int, str]] | None = None,
    themes: tuple[str, ...] = ("no_feedback", "interview_nerves"),
    counts: dict[str, int] | None = None,
    priorities: tuple[str, ...] = (),
    k: int = 3,
    stages: tuple[Stage, ...] = DEFAULT_STAGES,
    custom_actions: tuple[Action, ...] = (),
) -> PlanInput:
    ratings = {"targeting": 4, "application": 4, "screen": 5, "first_interview": 2} if ratings is None else ratings
    return PlanInput(
        workshop=WorkshopInfo(
            title="Bouncing back",
            date=WORKSHOP_DATE,
            stages=stages,
            coach_name="Sam",
            coach_note="Well done today.",
            custom_actions=custom_actions,
            k=k,
        ),
        participant=ParticipantInfo(
            alias="Calm Heron",
            role="Data analyst",
            ratings={
                key: Rating(*value) if isinstance(value, tuple) else Rating(value) for key, value in ratings.items()
            },
            themes=themes,
            priorities=priorities,
            confidence_before=2,
            confidence_after=4,
        ),
        room=RoomInfo(
            n=12,
            theme_counts={"no_feedback": 7, "interview_nerves": 4} if counts is None else counts,
        ),
    )


# --- Action library ----------------------------------------------------------------


def test_library_has_forty_plus_well_formed_actions():
    library = load_action_library()
    assert len(library) >= 40
    ids = [action.id for action in library]
    assert len(ids) == len(set(ids))
    for action in library:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", action.id), action.id
        assert action.timing in plans.TIMING_DAYS
        assert set(action.stages) <= set(STAGE_KEYS), action.id
        assert set(action.themes) <= set(THEME_LABELS), action.id
        sentences = re.findall(r"[.!?][\u2019'\u201d)]?(?=\s|$)", action.how)
        assert len(sentences) == 2, f"{action.id}: 'how' should be two sentences"


@pytest.mark.parametrize("key", STAGE_KEYS)
def test_every_stage_is_served_by_at_least_two_actions(key):
    assert sum(key in action.stages for action in load_action_library()) >= 2


@pytest.mark.parametrize("theme", sorted(THEME_LABELS))
def test_every_theme_is_served_by_at_least_two_actions(theme):
    assert sum(theme in action.themes for action in load_action_library()) >= 2


def test_library_has_generic_actions_for_custom_stages():
    generic = [action for action in load_action_library() if action.generic]
    assert len(generic) >= 4
    assert {a.timing for a in generic} >= {"today", "this week", "within 2 weeks"}


def test_library_covers_the_whole_arc():
    text = " ".join(f"{a.title} {a.how}" for a in load_action_library()).lower()
    for idea in (
        "thank-you",
        "feedback",
        "aloud",
        "cv",
        "profile",
        "footprint",
        "salary",
        "career gap",
        "why are you leaving",
        "recruiters",
        "weekly",
        "rest",
    ):
        assert idea in text, idea


def test_a_broken_library_file_is_refused(tmp_path):
    bad = tmp_path / "actions.toml"
    bad.write_text('[[action]]\nid = "x"\ntitle = "T"\nhow = "A. B."\ntiming = "someday"\n')
    with pytest.raises(ValueError, match="timing"):
        load_action_library(bad)


# --- Builder -----------------------------------------------------------------------


def test_same_input_gives_the_same_plan_and_hash():
    assert build_plan(make_input()) == build_plan(make_input())
    assert plan_input_hash(make_input()) == plan_input_hash(make_input())
    assert re.fullmatch(r"[0-9a-f]{64}", plan_input_hash(make_input()))


def test_hash_ignores_dict_order_but_not_content():
    forward = make_input(ratings={"screen": 3, "offer": 2})
    backward = make_input(ratings={"offer": 2, "screen": 3})
    assert plan_input_hash(forward) == plan_input_hash(backward)
    assert plan_input_hash(forward) != plan_input_hash(make_input(ratings={"screen": 3, "offer": 3}))


def test_weakest_and_strongest_stages_with_ties_in_stage_order():
    plan = build_plan(make_input(ratings={"targeting": 5, "screen": 2, "assessment": 2, "offer": 5}))
    assert plan.weakest.key == "screen"
    assert plan.strongest.key == "targeting"
    profile = {stage.key: stage.score for stage in plan.stage_profile}
    assert profile["application"] is None and profile["final_interview"] is None
    assert [s.key for s in plan.stage_profile] == STAGE_KEYS


def test_only_rated_stages_can_be_weakest_or_strongest():
    plan = build_plan(make_input(ratings={"offer": 3}))
    assert plan.weakest.key == "offer"
    assert plan.strongest is None
    empty = build_plan(make_input(ratings={}))
    assert empty.weakest is None and empty.strongest is None


def test_the_weakest_stage_becomes_a_focus_area_with_its_actions():
    plan = build_plan(make_input(ratings={"screen": 4, "assessment": 1}, themes=()))
    first = plan.focus_areas[0]
    assert first.id == "stage:assessment"
    library = {a.id: a for a in load_action_library()}
    assert len(first.actions) >= 2
    assert all("assessment" in library[a.id].stages for a in first.actions)


def test_default_focus_areas_balance_weak_stages_and_themes():
    plan = build_plan(make_input())
    ids = [area.id for area in plan.focus_areas]
    assert len(ids) == 3
    assert ids[0] == "stage:first_interview"
    assert ids[1] == "theme:no_feedback"  # the most shared of the participant's themes
    assert all(area.chosen_by == "suggested" for area in plan.focus_areas)


def test_each_focus_area_has_two_or_three_distinct_dated_actions():
    plan = build_plan(make_input())
    ids = [a.id for a in plan.dated_actions]
    assert len(ids) == len(set(ids))
    for area in plan.focus_areas:
        assert 2 <= len(area.actions) <= 3


def test_due_dates_follow_the_timing():
    plan = build_plan(make_input())
    offsets = {"today": 1, "this week": 7, "within 2 weeks": 14, "within a month": 30}
    for action in plan.dated_actions:
        assert action.due == WORKSHOP_DATE + dt.timedelta(days=offsets[action.timing])
    assert {(a.due - WORKSHOP_DATE).days for a in plan.dated_actions} >= {7, 14, 30}
    assert plan.first_step.due == WORKSHOP_DATE + dt.timedelta(days=1)


def test_room_theme_below_k_never_appears_even_if_passed():
    plan = build_plan(make_input(counts={"no_feedback": 2, "interview_nerves": 5}, k=3))
    assert [t.id for t in plan.shared_themes] == ["interview_nerves"]
    reasons = " ".join(c.reason for c in plan.focus_candidates)
    assert "2 of 12" not in reasons
    assert "You named this as part of what happened." in reasons  # no count shown for it


def test_k_is_never_taken_below_two():
    plan = build_plan(make_input(counts={"no_feedback": 1}, k=1))
    assert plan.shared_themes == ()


def test_themes_the_participant_did_not_confirm_are_not_shared():
    plan = build_plan(make_input(themes=("interview_nerves",), counts={"no_feedback": 9, "interview_nerves": 4}))
    assert [(t.id, t.count_text) for t in plan.shared_themes] == [("interview_nerves", "4 of 12")]


def test_priorities_swap_the_focus_areas():
    default = build_plan(make_input())
    chosen = build_plan(make_input(priorities=("theme:interview_nerves", "stage:screen", "nonsense:x")))
    assert [a.id for a in default.focus_areas] != [a.id for a in chosen.focus_areas]
    assert [a.id for a in chosen.focus_areas][:2] == ["theme:interview_nerves", "stage:screen"]
    assert [a.chosen_by for a in chosen.focus_areas] == ["you", "you", "suggested"]


def test_focus_candidates_offer_stages_themes_and_general_areas():
    candidates = focus_candidates(make_input())
    kinds = {c.kind for c in candidates}
    assert kinds == {"stage", "theme", "general"}
    assert all(len(c.actions) >= 2 for c in candidates)
    assert candidates[0].id == "stage:first_interview"


def test_a_participant_with_no_ratings_or_themes_still_gets_three_areas():
    plan = build_plan(make_input(ratings={}, themes=()))
    assert [a.id for a in plan.focus_areas] == ["general:momentum", "general:network", "general:wellbeing"]
    assert all(len(area.actions) >= 2 for area in plan.focus_areas)


def test_custom_stage_uses_coach_and_generic_actions():
    stages = (*DEFAULT_STAGES[:2], Stage("custom-1", "Portfolio review"))
    coach_action = Action(
        "portfolio-clinic", "Book a portfolio clinic", "Ask. Then listen.", stages=("custom-1",), timing="this week"
    )
    plan = build_plan(
        make_input(ratings={"targeting": 4, "custom-1": 1}, themes=(), stages=stages, custom_actions=(coach_action,))
    )
    area = plan.focus_areas[0]
    assert area.id == "stage:custom-1" and area.label == "Portfolio review"
    ids = [a.id for a in area.actions]
    assert "portfolio-clinic" in ids and len(ids) >= 2


def test_note_template_has_placeholders_and_none_of_the_participants_words():
    notes = {"first_interview": (2, "Zanzibar interviewer Quentin was rude"), "screen": (4, "Marmalade call")}
    plan = build_plan(make_input(ratings=notes))
    text = plan.note.text
    assert {"[Interviewer's name]", "[Company]", "[Role]", "[Your name]"} <= set(note_placeholders(plan.note))
    for word in ("Zanzibar", "Quentin", "rude", "Marmalade", "Calm Heron", "Data analyst"):
        assert word not in text
    assert "first interview" in text.lower() or "meeting me" in text


def test_reflection_prompts_tie_to_the_weakest_stage():
    plan = build_plan(make_input())
    assert len(plan.reflection_prompts) == 5
    assert len(set(plan.reflection_prompts)) == 5
    assert "First interview" in plan.reflection_prompts[0]
    assert plan.reflection_prompts[1] in wording.STAGE_PROMPTS["first_interview"]


def test_scores_out_of_range_are_refused():
    bad = dataclasses.replace(
        make_input(), participant=dataclasses.replace(make_input().participant, ratings={"screen": Rating(9)})
    )
    with pytest.raises(ValueError, match="1..5"):
        build_plan(bad)


# --- JSON input --------------------------------------------------------------------


def test_sample_plan_json_builds_a_full_plan():
    data = json.loads(SAMPLE.read_text())
    plan_input = plan_input_from_json(data)
    plan = build_plan(plan_input)
    assert plan.alias == "Brave Otter"
    assert len(plan.reached_stages) == 6
    assert len(plan.shared_themes) == 3
    assert (plan.confidence_before, plan.confidence_after) == (2, 4)
    assert plan.room_size == 14
    assert any(a.id == "alumni-circle" for a in plan.dated_actions)


def test_minimal_json_gets_defaults():
    plan_input = plan_input_from_json(
        {
            "workshop": {"title": "W", "date": "2026-01-05", "extra": "ignored"},
            "participant": {"alias": "Quiet Fox"},
        }
    )
    assert plan_input.workshop.stages == DEFAULT_STAGES
    assert plan_input.workshop.paper_size == "A4" and plan_input.workshop.k == 3
    assert plan_input.room == RoomInfo()
    plan = build_plan(plan_input)
    assert len(plan.focus_areas) >= 2 and plan.note.subject


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["workshop"].pop("title"), "workshop.title"),
        (lambda d: d["workshop"].update(date="12/03/2026"), "workshop.date"),
        (lambda d: d["workshop"].update(paper_size="A5"), "paper_size"),
        (lambda d: d["workshop"].update(k=1), "workshop.k"),
        (lambda d: d["participant"].update(alias="  "), "participant.alias"),
        (lambda d: d["participant"]["ratings"].update(screen={"score": 6}), "ratings.screen.score"),
        (lambda d: d["participant"]["ratings"].update(lunch=3), "not one of the workshop's stages"),
        (lambda d: d["participant"].update(themes=["made_up"]), "theme_labels"),
        (lambda d: d["participant"].update(confidence_after=0), "confidence_after"),
        (lambda d: d["room"].update(n=-1), "room.n"),
        (lambda d: d["workshop"]["custom_actions"][0].update(timing="soon"), "timing"),
    ],
)
def test_bad_json_values_raise_clear_errors(change, message):
    data = json.loads(SAMPLE.read_text())
    change(data)
    with pytest.raises(ValueError, match=re.escape(message)):
        plan_input_from_json(data)


def test_custom_theme_with_label_is_accepted():
    data = json.loads(SAMPLE.read_text())
    data["participant"]["themes"].append("custom-7")
    data["participant"]["theme_labels"] = {"custom-7": "Asked to do unpaid work"}
    plan = build_plan(plan_input_from_json(data))
    assert any(c.label == "Asked to do unpaid work" for c in plan.focus_candidates)


# --- Calendar ----------------------------------------------------------------------


def test_ics_has_one_all_day_event_per_dated_action():
    plan = build_plan(make_input())
    calendar = icalendar.Calendar.from_ical(plan_to_ics(plan, uid_seed="seed"))
    assert str(calendar["PRODID"]) == PRODID and "Rebound" in PRODID
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(plan.dated_actions)
    expected = sorted((a.due, a.title) for a in plan.dated_actions)
    got = sorted((e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events)
    assert got == expected
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
    hows = {a.how for a in plan.dated_actions}
    assert all(str(e["DESCRIPTION"]).split("\n\n")[0] in hows for e in events)


def test_ics_uids_are_stable_and_unique():
    plan = build_plan(make_input())
    first, second = plan_to_ics(plan, uid_seed="a1b2"), plan_to_ics(build_plan(make_input()), uid_seed="a1b2")
    assert first == second
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert all(uid.startswith("a1b2-") for uid in uids)
    assert plan.input_hash[:8] not in first.decode()
    other = plan_to_ics(build_plan(make_input(ratings={"offer": 1})), uid_seed="c3d4")
    other_uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(other).walk("VEVENT")}
    assert not other_uids & set(uids)
