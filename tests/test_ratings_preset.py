"""The ratings step starts from where the participant said it ended: stages up to and including
that one are pre-set to "reached", the ones after it to "not reached"; saved ratings win."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Phase, StageRating
from workshop.services.reflection import reached_from_story

from .helpers import sid

STORY = "I got through the phone screen, then the company stopped answering my emails for weeks."
STAGES = ["targeting", "application", "screen", "assessment", "first_interview", "final_interview", "offer"]


@pytest.fixture
def workshop(make_coach, make_workshop):
    return make_workshop(make_coach(), phase=Phase.REFLECT)


@pytest.fixture
def phone(workshop, join):
    return join(workshop)[0]


def save_story(phone, workshop, ended_stage: str) -> None:
    data = {"role": "", "ended_stage": ended_stage, "text": STORY}
    review = phone.post(f"/w/{workshop.join_code}/story", data=data | {"op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    saved = phone.post(
        f"/w/{workshop.join_code}/story",
        data=data | {"op": "confirm", "fingerprint": fingerprint, "submission_id": sid()},
    )
    assert saved.status_code == 303


def reached_shown(phone, workshop) -> dict[str, str]:
    """Which "Did you reach it?" answer is ticked for each stage on the phone's page."""
    page = phone.get(f"/w/{workshop.join_code}/ratings")
    assert page.status_code == 200
    return dict(re.findall(r'name="reached-(\w+)" value="(yes|no)" checked', page.text))


def test_stages_up_to_the_one_named_are_reached_and_the_rest_not(phone, workshop):
    save_story(phone, workshop, "screen")
    assert reached_shown(phone, workshop) == {
        "targeting": "yes",
        "application": "yes",
        "screen": "yes",
        "assessment": "no",
        "first_interview": "no",
        "final_interview": "no",
        "offer": "no",
    }
    assert db.session.scalars(select(StageRating)).all() == []  # shown, not saved


def test_nothing_is_preset_when_no_stage_was_named(phone, workshop):
    save_story(phone, workshop, "")
    assert reached_shown(phone, workshop) == {}


def test_nothing_is_preset_before_a_story(phone, workshop):
    assert reached_shown(phone, workshop) == {}


def test_saved_ratings_win_over_the_story(phone, workshop):
    save_story(phone, workshop, "final_interview")
    answers = {f"reached-{key}": "no" for key in STAGES} | {"reached-targeting": "yes", "score-targeting": "4"}
    assert phone.post(f"/w/{workshop.join_code}/ratings", data=answers | {"submission_id": sid()}).status_code == 303
    shown = reached_shown(phone, workshop)
    assert shown["targeting"] == "yes"
    assert {key for key, answer in shown.items() if answer == "no"} == set(STAGES) - {"targeting"}


def test_a_saved_none_reached_stays_none_reached(phone, workshop):
    save_story(phone, workshop, "first_interview")
    answers = {f"reached-{key}": "no" for key in STAGES}
    assert phone.post(f"/w/{workshop.join_code}/ratings", data=answers | {"submission_id": sid()}).status_code == 303
    assert reached_shown(phone, workshop) == dict.fromkeys(STAGES, "no")


def test_the_preset_can_be_changed(phone, workshop):
    save_story(phone, workshop, "application")
    # They did reach the screen after all, and leave the application stage unrated.
    answers = {"reached-targeting": "yes", "score-targeting": "3", "reached-application": "no"}
    answers |= {"reached-screen": "yes", "score-screen": "2"}
    assert phone.post(f"/w/{workshop.join_code}/ratings", data=answers | {"submission_id": sid()}).status_code == 303
    stored = {r.stage_key: r.score for r in db.session.scalars(select(StageRating))}
    assert stored == {"targeting": 3, "screen": 2}
    shown = reached_shown(phone, workshop)
    assert shown["screen"] == "yes" and shown["application"] == "no"


@pytest.mark.parametrize(
    "ended, expected",
    [
        ("a", {"a": "yes", "b": "no", "c": "no"}),
        ("c", {"a": "yes", "b": "yes", "c": "yes"}),
        ("", {}),
        ("gone", {}),  # a stage the coach removed since
    ],
)
def test_the_preset_rule(ended, expected):
    assert reached_from_story(["a", "b", "c"], ended) == expected
