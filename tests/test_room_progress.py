"""The coach's page while the room reflects: how many people took each step, counts only,
for the workshop's own coach, kept current by the page's poll."""

from __future__ import annotations

import re

import pytest

from workshop.extensions import db
from workshop.models import Phase, Workshop
from workshop.services.room_progress import RoomSteps, room_steps

from .helpers import check_in, sid, tell

STORY = "The recruiter went quiet after my second interview. I chased twice and heard nothing back at all."
HTMX = {"HX-Request": "true"}


@pytest.fixture
def coach(make_coach, client, login):
    made = make_coach()
    login(client)
    return made


@pytest.fixture
def workshop(coach, make_workshop):
    return make_workshop(coach, phase=Phase.REFLECT)


def steps_shown(html: str) -> dict[str, int]:
    """The room-progress list as the coach reads it: label -> number."""
    block = re.search(r'<div class="room-steps">(.*?)</div>', html, re.S)
    if block is None:
        return {}
    items = re.findall(r"<li><strong>(\d+)</strong> ([^<]+)</li>", block.group(1))
    return {label.strip(): int(n) for n, label in items}


def a_room(workshop, join):
    """Four phones at different points: joined only; checked in; story and themes; all
    steps with every stage "not reached" (a saved ratings step with no rating in it)."""
    phones = [join(workshop)[0] for _ in range(4)]
    for phone in phones[1:]:
        check_in(phone, workshop, 3)
    tell(phones[2], workshop, STORY)
    tell(phones[3], workshop, STORY)
    no_stage = {f"reached-{stage.key}": "no" for stage in workshop.stages}
    saved = phones[3].post(f"/w/{workshop.join_code}/ratings", data={"submission_id": sid()} | no_stage)
    assert saved.status_code == 303
    return phones


def test_the_coach_sees_how_many_took_each_step(client, workshop, join):
    a_room(workshop, join)
    page = client.get(f"/workshops/{workshop.id}")
    assert steps_shown(page.text) == {
        "joined": 4,
        "checked in": 3,
        "saved a story": 2,
        "chose themes": 2,
        "rated the stages": 1,
    }
    assert 'aria-labelledby="steps-heading"' in page.text and "Room progress" in page.text
    assert "recruiter" not in page.text  # steps, never content
    for alias in db.session.get(Workshop, workshop.id).participants:
        assert alias.alias not in page.text


def test_the_service_counts_in_one_statement(workshop, join, count_queries):
    a_room(workshop, join)
    db.session.refresh(workshop)  # the workshop itself is loaded already, as on the page
    with count_queries() as statements:
        steps = room_steps(workshop)
    assert statements[0] == 1
    assert steps == RoomSteps(joined=4, checked_in=3, stories=2, themes=2, ratings=1)


def test_an_empty_room_counts_zero(workshop):
    assert room_steps(workshop) == RoomSteps()


def test_the_poll_brings_new_counts_and_is_quiet_otherwise(client, workshop, join):
    phone, _ = join(workshop)
    first = client.get(f"/workshops/{workshop.id}", headers=HTMX)
    assert steps_shown(first.text)["checked in"] == 0
    tag = first.headers["ETag"]
    assert client.get(f"/workshops/{workshop.id}", headers=HTMX | {"If-None-Match": tag}).status_code == 304
    check_in(phone, workshop, 4)  # does not touch the workshop itself
    second = client.get(f"/workshops/{workshop.id}", headers=HTMX | {"If-None-Match": tag})
    assert second.status_code == 200
    assert steps_shown(second.text)["checked in"] == 1


def test_counts_show_in_the_themes_phase_too(client, workshop, join):
    a_room(workshop, join)
    workshop.advance_phase(Phase.THEMES)
    db.session.commit()
    assert steps_shown(client.get(f"/workshops/{workshop.id}", headers=HTMX).text)["chose themes"] == 2


@pytest.mark.parametrize("phase", [Phase.LOBBY, Phase.PLAN, Phase.CLOSED])
def test_outside_reflecting_the_counts_give_way(client, coach, make_workshop, join, phase):
    workshop = make_workshop(coach, phase=phase)
    page = client.get(f"/workshops/{workshop.id}")
    assert page.status_code == 200
    assert steps_shown(page.text) == {} and "Room progress" not in page.text
    if phase in (Phase.PLAN, Phase.CLOSED):  # what the plans phase showed before stays
        assert "plans ready" in page.text


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("admin", [False, True])
def test_another_coach_gets_nothing(app, make_coach, login, workshop, join, htmx, admin):
    a_room(workshop, join)
    make_coach(email="other@example.org", admin=admin)
    other = app.test_client()
    login(other, "other@example.org")
    response = other.get(f"/workshops/{workshop.id}", headers=HTMX if htmx else {})
    assert response.status_code == 404
    assert "Room progress" not in response.text and steps_shown(response.text) == {}


@pytest.mark.parametrize("htmx", [False, True])
def test_a_phone_gets_nothing(workshop, join, htmx):
    phones = a_room(workshop, join)
    response = phones[3].get(f"/workshops/{workshop.id}", headers=HTMX if htmx else {})
    assert response.status_code in (302, 401)
    assert "Room progress" not in response.text and steps_shown(response.text) == {}
    home = phones[3].get(f"/w/{workshop.join_code}/")
    assert "Room progress" not in home.text and "rated the stages" not in home.text
