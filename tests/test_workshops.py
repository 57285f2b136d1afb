"""Coaches prepare, edit, move and delete their own workshops, and nobody else's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import IllegalPhaseChange, Participant, Phase, Workshop, WorkshopStage
from workshop.services.codes import CODE_ALPHABET
from workshop.services.stages import DEFAULT_STAGES

from .helpers import soon

FORM = {
    "op": "save",
    "title": "Bouncing back together",
    "date": soon(10),
    "description": "An evening for people who heard 'no' recently.",
    "employers": "Acme Logistics\n  Northwind Bank  \n\n",
    "min_group_size": "4",
    "retention_days": "14",
    "paper_size": "Letter",
    "coach_note": "You did something brave today.",
    "stage_key": [key for key, _ in DEFAULT_STAGES],
    "stage_label": [label for _, label in DEFAULT_STAGES],
}


@pytest.fixture
def coach(make_coach, client, login):
    made = make_coach()
    login(client)
    return made


def workshops() -> list[Workshop]:
    return list(db.session.scalars(select(Workshop)))


def test_new_workshop_form_offers_the_default_stages(client, coach):
    page = client.get("/workshops/new")
    assert page.status_code == 200
    for _, label in DEFAULT_STAGES:
        assert label in page.text


def test_prepare_a_workshop(client, coach):
    response = client.post("/workshops/new", data=FORM)
    assert response.status_code == 303
    [workshop] = workshops()
    assert workshop.title == "Bouncing back together"
    assert workshop.date == date.fromisoformat(FORM["date"])  # FORM was made at import: midnight may have passed
    assert workshop.employer_list == ["Acme Logistics", "Northwind Bank"]
    assert workshop.min_group_size == 4 and workshop.paper_size == "Letter"
    assert workshop.retain_until == date.fromisoformat(FORM["date"]) + timedelta(days=14)
    assert workshop.phase == Phase.DRAFT
    assert len(workshop.join_code) == 6 and set(workshop.join_code) <= set(CODE_ALPHABET)
    assert not set(workshop.join_code) & set("0O1I")
    assert [s.key for s in workshop.stages] == [k for k, _ in DEFAULT_STAGES]
    detail = client.get(response.headers["Location"])
    assert workshop.join_code in detail.text and "Open the workshop" in detail.text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "This field is required"),
        ({"date": "next tuesday"}, "Not a valid date"),
        ({"min_group_size": "1"}, "from 2 to 50"),
        ({"min_group_size": "three"}, "Not a valid integer"),
        ({"min_group_size": "٣"}, "Use the digits 0 to 9"),
        ({"retention_days": "0"}, "from 1 to 365"),
        ({"retention_days": "9999"}, "from 1 to 365"),
        ({"title": "x" * 121}, "under 120 characters"),
        ({"employers": "y" * 81}, "under 80 characters"),
        ({"stage_label": ["Screen", ""] + FORM["stage_label"][2:]}, "Give every stage a name"),
        ({"stage_label": ["Same", "same"] + FORM["stage_label"][2:]}, "same name"),
        ({"stage_key": [], "stage_label": []}, "at least one hiring stage"),
    ],
)
def test_bad_workshop_input_is_explained_and_nothing_is_saved(client, coach, changes, message):
    response = client.post("/workshops/new", data=FORM | changes)
    assert response.status_code == 422
    assert message in response.text
    assert workshops() == []


def test_typed_values_survive_a_validation_error(client, coach):
    response = client.post("/workshops/new", data=FORM | {"min_group_size": "1"})
    assert 'value="Bouncing back together"' in response.text
    assert "You did something brave today." in response.text


def test_stages_can_be_renamed_reordered_removed_and_added(client, coach):
    rows = {"stage_key": ["targeting", "screen", "offer"], "stage_label": ["Finding roles", "Phone screen", "Offer"]}
    moved = client.post("/workshops/new", data=FORM | rows | {"op": "down:0"}, headers={"HX-Request": "true"})
    assert moved.status_code == 200
    assert moved.text.lstrip().startswith('<fieldset id="stages"')  # just the fragment
    assert moved.text.index("Phone screen") < moved.text.index("Finding roles")
    assert workshops() == []  # moving a row saves nothing

    added = client.post("/workshops/new", data=FORM | rows | {"op": "add"})
    assert added.text.count('name="stage_label"') == 4
    assert "<html" in added.text  # without htmx the whole page comes back

    rows = {
        "stage_key": ["screen", "targeting", "custom-1"],
        "stage_label": ["Phone screen", "Finding roles", "Portfolio review"],
    }
    client.post("/workshops/new", data=FORM | rows)
    [workshop] = workshops()
    assert [(s.key, s.label) for s in workshop.stages] == [
        ("screen", "Phone screen"),
        ("targeting", "Finding roles"),
        ("custom-1", "Portfolio review"),
    ]


def test_unknown_stage_keys_become_custom_stages(client, coach):
    rows = {"stage_key": ["../../etc", "screen"], "stage_label": ["Odd", "Phone screen"]}
    client.post("/workshops/new", data=FORM | rows)
    [workshop] = workshops()
    assert [s.key for s in workshop.stages] == ["custom-1", "screen"]


def test_edit_a_workshop(client, coach, make_workshop):
    workshop = make_workshop(coach, phase=Phase.DRAFT)
    page = client.get(f"/workshops/{workshop.id}/edit")
    assert 'value="Bouncing back"' in page.text
    response = client.post(f"/workshops/{workshop.id}/edit", data=FORM | {"title": "Renamed"})
    assert response.status_code == 303
    assert db.session.get(Workshop, workshop.id).title == "Renamed"


def test_stages_are_fixed_once_reflecting_starts(client, coach, make_workshop):
    workshop = make_workshop(coach, phase=Phase.REFLECT)
    rows = {"stage_key": ["screen"], "stage_label": ["Only this"]}
    client.post(f"/workshops/{workshop.id}/edit", data=FORM | rows | {"min_group_size": "5"})
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.min_group_size == 5
    assert len(workshop.stages) == len(DEFAULT_STAGES)


def test_list_shows_only_my_workshops(client, coach, make_coach, make_workshop):
    make_workshop(coach, title="Mine")
    make_workshop(make_coach(email="other@example.org"), title="Theirs")
    page = client.get("/workshops/")
    assert "Mine" in page.text and "Theirs" not in page.text


def test_phase_moves_forward_from_the_workshop_page(client, coach, make_workshop):
    workshop = make_workshop(coach, phase=Phase.DRAFT)
    for phase in ["lobby", "reflect", "themes", "plan", "closed"]:
        response = client.post(f"/workshops/{workshop.id}/phase", data={"to": phase})
        assert response.status_code == 303
        assert db.session.get(Workshop, workshop.id).phase == Phase(phase)


def test_illegal_phase_moves_are_refused_and_change_nothing(client, coach, make_workshop):
    workshop = make_workshop(coach, phase=Phase.LOBBY)
    for target in ["themes", "closed", "draft", "lobby", "nonsense", ""]:
        response = client.post(f"/workshops/{workshop.id}/phase", data={"to": target})
        assert response.status_code == 303
        assert db.session.get(Workshop, workshop.id).phase == Phase.LOBBY
    page = client.get(response.headers["Location"])
    assert "not possible from here" in page.text


@pytest.mark.parametrize(
    "start, allowed",
    [
        (Phase.DRAFT, {Phase.LOBBY}),
        (Phase.LOBBY, {Phase.REFLECT}),
        (Phase.REFLECT, {Phase.THEMES}),
        (Phase.THEMES, {Phase.PLAN, Phase.REFLECT}),
        (Phase.PLAN, {Phase.CLOSED}),
        (Phase.CLOSED, set()),
    ],
)
def test_phase_machine(start, allowed):
    for target in Phase:
        workshop = Workshop(phase=start, version=1, room_version=1)
        if target in allowed:
            workshop.advance_phase(target)
            assert workshop.phase == target and workshop.room_version == 2
        else:
            with pytest.raises(IllegalPhaseChange):
                workshop.advance_phase(target)
            assert workshop.phase == start


def test_delete_needs_the_title_and_erases_everything(client, coach, make_workshop, join):
    workshop = make_workshop(coach)
    join(workshop)
    wrong = client.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": "nope"})
    assert wrong.status_code == 422 and workshops() != []
    response = client.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": "Bouncing back"})
    assert response.status_code == 303
    assert workshops() == []
    assert db.session.scalar(select(func.count(Participant.id))) == 0
    assert db.session.scalar(select(func.count()).select_from(WorkshopStage)) == 0


COACH_ROUTES = [
    ("get", "/workshops/{id}", {}),
    ("get", "/workshops/{id}/edit", {}),
    ("post", "/workshops/{id}/edit", FORM),
    ("post", "/workshops/{id}/phase", {"to": "reflect"}),
    ("get", "/workshops/{id}/delete", {}),
    ("post", "/workshops/{id}/delete", {"confirm_title": "Bouncing back"}),
    ("get", "/workshops/{id}/projector", {}),
    ("get", "/workshops/{id}/themes", {}),
    ("post", "/workshops/{id}/themes", {"op": "reveal"}),
    ("get", "/workshops/{id}/report", {}),
    ("get", "/workshops/{id}/report.csv", {}),
    ("get", "/workshops/{id}/report.pdf", {}),
    ("post", "/workshops/{id}/actions", {"title": "x", "how": "y", "timing": "today"}),
]


@pytest.mark.parametrize("method, path, data", COACH_ROUTES)
@pytest.mark.parametrize("htmx", [False, True])
def test_another_coachs_workshop_is_404_everywhere(client, coach, make_coach, make_workshop, method, path, data, htmx):
    theirs = make_workshop(make_coach(email="other@example.org"), title="Theirs")
    headers = {"HX-Request": "true"} if htmx else {}
    response = getattr(client, method)(path.format(id=theirs.id), data=data, headers=headers)
    assert response.status_code == 404
    assert "Theirs" not in response.text
    after = db.session.get(Workshop, theirs.id)
    assert after is not None and after.title == "Theirs" and after.phase == Phase.LOBBY


@pytest.mark.parametrize("method, path, data", COACH_ROUTES)
def test_without_logging_in_every_coach_route_sends_to_login(app, make_coach, make_workshop, method, path, data):
    workshop = make_workshop(make_coach())
    response = getattr(app.test_client(), method)(path.format(id=workshop.id), data=data)
    assert response.status_code in (302, 401)
    assert "Bouncing back" not in response.text
    assert db.session.get(Workshop, workshop.id).phase == Phase.LOBBY


def test_a_series_label_is_trimmed_and_saved_and_shown_again(client, coach, make_workshop):
    response = client.post("/workshops/new", data=FORM | {"series": "  Uni careers spring  "})
    assert response.status_code == 303
    (workshop,) = workshops()
    assert workshop.series == "Uni careers spring"
    assert 'value="Uni careers spring"' in client.get(f"/workshops/{workshop.id}/edit").text


def test_a_series_label_over_60_characters_is_refused_and_nothing_saved(client, coach, make_workshop):
    response = client.post("/workshops/new", data=FORM | {"series": "S" * 61})
    assert response.status_code == 422
    assert "Keep the series label under 60 characters." in response.text
    assert workshops() == []
    workshop = make_workshop(coach, phase=Phase.DRAFT, series="Spring")
    response = client.post(f"/workshops/{workshop.id}/edit", data=FORM | {"title": "Renamed", "series": "S" * 61})
    assert response.status_code == 422
    db.session.refresh(workshop)
    assert (workshop.title, workshop.series) == ("Bouncing back", "Spring")
    assert client.post("/workshops/new", data=FORM | {"series": "S" * 60}).status_code == 303
