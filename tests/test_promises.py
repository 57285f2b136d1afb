"""Settings are promises: once a workshop is open, k only goes up and the erase date only
comes earlier; dates out of range are explained, never a 500 (issue 11, attack 6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Phase, Workshop
from workshop.services import workshops as ops
from workshop.services.stages import DEFAULT_STAGES

from .helpers import soon

OPEN = [Phase.LOBBY, Phase.REFLECT, Phase.THEMES, Phase.PLAN, Phase.CLOSED]


def form(**changes) -> dict:
    return {
        "op": "save",
        "title": "Bouncing back",
        "date": soon(2),
        "min_group_size": "5",
        "retention_days": "30",
        "paper_size": "A4",
        "stage_key": [key for key, _ in DEFAULT_STAGES],
        "stage_label": [label for _, label in DEFAULT_STAGES],
    } | changes


@pytest.fixture
def coach(make_coach, client, login):
    made = make_coach()
    login(client)
    return made


@pytest.fixture
def open_workshop(coach, make_workshop):
    def make(phase: Phase) -> Workshop:
        return make_workshop(coach, phase=phase, date=date.fromisoformat(soon(2)), min_group_size=5, retention_days=30)

    return make


def stored(workshop_id: int) -> tuple:
    row = db.session.get(Workshop, workshop_id)
    return row.title, row.min_group_size, row.date, row.retention_days, row.retain_until


@pytest.mark.parametrize("phase", OPEN, ids=lambda p: p.value)
def test_k_can_only_go_up_once_the_workshop_is_open(client, open_workshop, phase):
    workshop = open_workshop(phase)
    before = stored(workshop.id)
    lowered = client.post(f"/workshops/{workshop.id}/edit", data=form(min_group_size="2", title="Renamed"))
    assert lowered.status_code == 422
    assert "Participants were told that only groups of at least 5 are shown" in lowered.text
    assert "can only go up" in lowered.text
    assert stored(workshop.id) == before  # nothing half-saved, not even the new title
    raised = client.post(f"/workshops/{workshop.id}/edit", data=form(min_group_size="6"))
    assert raised.status_code == 303
    assert db.session.get(Workshop, workshop.id).min_group_size == 6


@pytest.mark.parametrize("phase", OPEN, ids=lambda p: p.value)
def test_the_erase_date_can_only_come_earlier_once_open(client, open_workshop, phase):
    workshop = open_workshop(phase)
    before = stored(workshop.id)
    promised = workshop.retain_until
    longer = client.post(f"/workshops/{workshop.id}/edit", data=form(retention_days="60"))
    assert longer.status_code == 422
    assert f"erased after {promised:%-d %B %Y}" in longer.text and "can only come earlier" in longer.text
    later = client.post(f"/workshops/{workshop.id}/edit", data=form(date=soon(9)))  # same days, later date
    assert later.status_code == 422
    assert stored(workshop.id) == before
    shorter = client.post(f"/workshops/{workshop.id}/edit", data=form(retention_days="7"))
    assert shorter.status_code == 303
    assert db.session.get(Workshop, workshop.id).retain_until == promised - timedelta(days=23)


def test_a_refused_setting_is_explained_in_the_coachs_language(client, open_workshop):
    workshop = open_workshop(Phase.REFLECT)
    indonesian = {"Accept-Language": "id-ID,id;q=0.9"}
    lowered = client.post(f"/workshops/{workshop.id}/edit", data=form(min_group_size="2"), headers=indonesian)
    assert lowered.status_code == 422
    assert "hanya kelompok berisi minimal 5 orang" in lowered.text
    assert "Participants were told that only groups" not in lowered.text
    longer = client.post(f"/workshops/{workshop.id}/edit", data=form(retention_days="60"), headers=indonesian)
    assert longer.status_code == 422
    months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
    promised = workshop.retain_until
    assert f"dihapus setelah {promised.day} {months[promised.month - 1]} {promised.year}" in longer.text
    assert "can only come earlier" not in longer.text


def test_the_edit_form_says_what_was_promised(client, open_workshop):
    workshop = open_workshop(Phase.REFLECT)
    page = client.get(f"/workshops/{workshop.id}/edit")
    assert "Participants were told 5. Now that the workshop is open, it can only go up." in page.text
    assert f"erased after {workshop.retain_until:%-d %B %Y}" in page.text


def test_while_being_prepared_everything_can_change(client, open_workshop):
    workshop = open_workshop(Phase.DRAFT)
    response = client.post(f"/workshops/{workshop.id}/edit", data=form(min_group_size="2", retention_days="90"))
    assert response.status_code == 303
    assert stored(workshop.id)[1:] == (2, date.fromisoformat(soon(2)), 90, date.fromisoformat(soon(92)))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"date": "9999-12-31"}, "at most two years from today"),
        ({"date": (date.today() + timedelta(days=800)).isoformat()}, "at most two years from today"),
        ({"date": "1999-12-31"}, "erased at once"),
        ({"date": "10000-01-01"}, "Not a valid date"),
        ({"retention_days": "366"}, "from 1 to 365"),
        ({"retention_days": "99999999999999"}, "from 1 to 365"),
        ({"date": soon(-40), "retention_days": "30"}, "erased at once"),
    ],
)
@pytest.mark.parametrize("where", ["new", "edit"])
def test_dates_out_of_range_are_explained_never_a_500(client, open_workshop, changes, message, where):
    workshop = open_workshop(Phase.DRAFT)
    before = stored(workshop.id)
    path = "/workshops/new" if where == "new" else f"/workshops/{workshop.id}/edit"
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(path, data=form(title="Changed", **changes), headers=headers)
        assert response.status_code == 422, response.status_code
        assert message in response.text
    assert stored(workshop.id) == before
    assert len(db.session.scalars(select(Workshop)).all()) == 1


def test_a_recent_past_date_is_fine_while_its_data_is_kept(client, coach):
    response = client.post("/workshops/new", data=form(date=soon(-10), retention_days="30"))
    assert response.status_code == 303


def test_the_service_keeps_the_promises_without_the_form(open_workshop):
    from workshop.services.promises import SettingRefused  # here: the module is new with these rules

    workshop = open_workshop(Phase.THEMES)
    fields = {"title": "x", "date": workshop.date, "min_group_size": 2, "retention_days": 30}
    with pytest.raises(SettingRefused) as refused:
        ops.update_workshop(workshop, fields, None)
    assert refused.value.field == "min_group_size"
    with pytest.raises(SettingRefused):
        ops.update_workshop(workshop, fields | {"min_group_size": 5, "date": date(9999, 12, 31)}, None)
    db.session.expire_all()
    assert stored(workshop.id)[:2] == ("Bouncing back", 5)
