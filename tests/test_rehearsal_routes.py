"""Rehearsals from the coach's browser: start one from a real workshop's page, walk its phases
(each screen marked as a rehearsal), open a sample participant's plan, join from a phone, and
delete it. A real workshop's plans stay closed to the coach, and another coach gets 404s."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Participant, Phase, Release, Workshop
from workshop.services import rehearsals

from .helpers import pdf_text, tell

MARK = "Rehearsal with sample participants"
PHONE_MARK = "a practice room: the other participants are made up"


@pytest.fixture(autouse=True)
def pace(real_pace):
    """A sample room's board is made at once even at the production pace."""


@pytest.fixture
def coach(make_coach, client, login):
    made = make_coach()
    login(client)
    return made


@pytest.fixture
def real(coach, make_workshop):
    return make_workshop(coach, Phase.DRAFT, date=date.today() + timedelta(days=7), coach_note="Be kind to yourself.")


def rehearse(client, real, size: str = "12"):
    response = client.post(f"/workshops/{real.id}/rehearsal", data={"size": size})
    assert response.status_code == 303, response.status_code
    return db.session.get(Workshop, int(re.search(r"/workshops/(\d+)$", response.headers["Location"]).group(1)))


def counted(model, workshop_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(model.workshop_id == workshop_id))


def test_the_real_workshops_page_offers_a_rehearsal(client, real):
    page = client.get(f"/workshops/{real.id}")
    assert "Rehearse with sample participants" in page.text
    assert 'name="size" value="12"' in page.text and 'name="size" value="30"' in page.text
    assert MARK not in page.text


def test_rehearsing_opens_a_marked_practice_copy(client, real):
    rehearsal = rehearse(client, real)
    assert rehearsal.is_rehearsal and rehearsal.rehearsal_of == real.id
    page = client.get(f"/workshops/{rehearsal.id}")
    assert MARK in page.text and "<title>Rehearsal · " in page.text
    assert "12 sample participants have joined" in page.text
    assert "Back to the real workshop" in page.text and "Delete this rehearsal" in page.text
    assert rehearsal.join_code in page.text
    assert "Test with my phone" not in page.text  # the coach joins the rehearsal itself instead
    real_page = client.get(f"/workshops/{real.id}")
    assert "Open the rehearsal" in real_page.text and "Delete the rehearsal" in real_page.text
    assert MARK not in real_page.text
    assert counted(Participant, real.id) == 0 and counted(Release, real.id) == 0


def test_the_index_lists_the_real_workshop_only(client, real):
    rehearsal = rehearse(client, real)
    index = client.get("/workshops/")
    assert index.text.count(real.title) == 1
    assert f"/workshops/{rehearsal.id}" not in index.text


@pytest.mark.parametrize("size", ["", "7", "13", "thirty", "12.0", "٣٠"])
def test_an_odd_room_size_is_a_422_and_nothing_is_made(client, real, size):
    response = client.post(f"/workshops/{real.id}/rehearsal", data={"size": size})
    assert response.status_code == 422 and "Pick 12 or 30" in response.text
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 1


def test_a_closed_workshop_or_a_rehearsal_cannot_be_rehearsed(client, real):
    rehearsal = rehearse(client, real)
    assert client.post(f"/workshops/{rehearsal.id}/rehearsal", data={"size": "12"}).status_code == 404
    real.phase = Phase.CLOSED
    db.session.commit()
    response = client.post(f"/workshops/{real.id}/rehearsal", data={"size": "12"})
    assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 2


def test_every_screen_of_the_rehearsal_is_marked(client, real):
    rehearsal = rehearse(client, real)
    rid = rehearsal.id
    for step in ("themes", "plan"):
        assert client.post(f"/workshops/{rid}/phase", data={"to": step}).status_code == 303
    for path in (f"/workshops/{rid}", f"/workshops/{rid}/themes", f"/workshops/{rid}/report"):
        assert MARK in client.get(path).text, path
    projector = client.get(f"/workshops/{rid}/projector")
    assert "a practice room with sample participants" in projector.text
    assert 'class="rehearsal-band rehearsal-projector"' in projector.text
    csv = client.get(f"/workshops/{rid}/report.csv")
    assert "rehearsal with sample participants" in csv.text
    assert "rehearsal-cohort" in csv.headers["Content-Disposition"]
    cards = client.get(f"/workshops/{rid}/cards.pdf")
    assert pdf_text(cards.data).count("REHEARSAL") == 8
    sample = client.get(f"/workshops/{rid}/sample-plan")
    assert MARK in sample.text
    for path in (f"/workshops/{real.id}", f"/workshops/{real.id}/projector", f"/workshops/{real.id}/report"):
        assert "rehearsal-band" not in client.get(path).text, path


def test_the_board_shows_themes_and_a_heat_map(client, real):
    rehearsal = rehearse(client, real)
    client.post(f"/workshops/{rehearsal.id}/phase", data={"to": "themes"})
    projector = client.get(f"/workshops/{rehearsal.id}/projector").text
    assert projector.count('class="theme-bar') >= 4 and "of 12 of you" in projector
    assert projector.count('class="heat-cell heat-') >= 4
    moderation = client.get(f"/workshops/{rehearsal.id}/themes")
    assert "No feedback, or ghosted" in moderation.text and "people" in moderation.text


def test_a_phase_move_is_refused_as_for_any_workshop(client, real):
    rehearsal = rehearse(client, real)
    response = client.post(f"/workshops/{rehearsal.id}/phase", data={"to": "closed"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Workshop, rehearsal.id).phase == Phase.REFLECT


def test_the_coach_opens_a_sample_participants_plan_and_pdf(client, real):
    rehearsal = rehearse(client, real)
    rid = rehearsal.id
    before = client.get(f"/workshops/{rid}/sample-plan")
    assert before.status_code == 200 and "Plans are made when you move the rehearsal" in before.text
    assert client.get(f"/workshops/{rid}/sample-plan.pdf").status_code == 404
    client.post(f"/workshops/{rid}/phase", data={"to": "themes"})
    client.post(f"/workshops/{rid}/phase", data={"to": "plan"})
    people = rehearsals.sample_participants(rehearsal)
    page = client.get(f"/workshops/{rid}/sample-plan?n=3")
    assert page.status_code == 200
    assert f"<h1>{people[2].alias}</h1>" in page.text and "Your three focus areas" in page.text
    assert "Their story, as it was kept" in page.text and "[name]" in page.text
    for person in people:
        assert person.alias in page.text  # each one is a link away
    assert "Download this plan (PDF)" in page.text
    pdf = client.get(f"/workshops/{rid}/sample-plan.pdf?n=3")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "rehearsal" in pdf.headers["Content-Disposition"] and pdf.headers["Cache-Control"] == "no-store"
    text = pdf_text(pdf.data)
    assert people[2].alias in text and "Rehearsal" in text and "Be kind to yourself." in text


@pytest.mark.parametrize("n", ["0", "13", "-1", "x", "1.5", "99999", "%00", "١"])
def test_a_sample_that_does_not_exist_is_a_404(client, real, n):
    rehearsal = rehearse(client, real)
    assert client.get(f"/workshops/{rehearsal.id}/sample-plan?n={n}").status_code == 404


def test_a_real_workshops_plans_stay_closed_to_the_coach(client, real, join):
    real.phase = Phase.REFLECT
    db.session.commit()
    for text in ("They never called back after the final round.", "Ghosted after two interviews.", "No reply."):
        phone, _ = join(real)
        tell(phone, real, text, ["no_feedback"], {"screen": 3})
    for step in ("themes", "plan"):
        client.post(f"/workshops/{real.id}/phase", data={"to": step})
    for n in ("1", "2", "3"):
        assert client.get(f"/workshops/{real.id}/sample-plan?n={n}").status_code == 404
        assert client.get(f"/workshops/{real.id}/sample-plan.pdf?n={n}").status_code == 404
    rehearse(client, real)  # a rehearsal beside it opens no door to the real one
    assert client.get(f"/workshops/{real.id}/sample-plan").status_code == 404
    assert client.get(f"/workshops/{real.id}/sample-plan.pdf").status_code == 404


def test_the_coachs_own_phone_joins_the_rehearsal_and_stays_private(app, client, real, join):
    rehearsal = rehearse(client, real)
    phone, _ = join(rehearsal)
    home = phone.get(f"/w/{rehearsal.join_code}/")
    assert PHONE_MARK in home.text and "<title>Rehearsal · " in home.text
    story = phone.get(f"/w/{rehearsal.join_code}/story")
    assert PHONE_MARK in story.text
    tell(phone, rehearsal, "The agency never called back after my final interview.", ["no_feedback"], {"screen": 2})
    client.post(f"/workshops/{rehearsal.id}/phase", data={"to": "themes"})
    client.post(f"/workshops/{rehearsal.id}/phase", data={"to": "plan"})
    assert PHONE_MARK in phone.get(f"/w/{rehearsal.join_code}/plan").text
    assert "Rehearsal" in pdf_text(phone.get(f"/w/{rehearsal.join_code}/plan.pdf").data)
    assert counted(Participant, rehearsal.id) == 13
    assert client.get(f"/workshops/{rehearsal.id}/sample-plan?n=13").status_code == 404  # theirs stays theirs


def test_the_rehearsal_is_edited_through_the_real_workshop(client, real):
    rehearsal = rehearse(client, real)
    response = client.get(f"/workshops/{rehearsal.id}/edit")
    assert response.status_code == 303 and response.headers["Location"] == f"/workshops/{real.id}/edit"
    changed = client.post(f"/workshops/{rehearsal.id}/edit", data={"op": "save", "title": "Hijacked"})
    assert changed.status_code == 303
    db.session.expire_all()
    assert db.session.get(Workshop, rehearsal.id).title == real.title


def test_deleting_the_rehearsal_from_the_real_workshops_page(client, real):
    rehearsal = rehearse(client, real)
    code = rehearsal.join_code
    response = client.post(f"/workshops/{real.id}/rehearsal/delete")
    assert response.status_code == 303 and response.headers["Location"] == f"/workshops/{real.id}"
    assert db.session.scalar(select(Workshop).where(Workshop.join_code == code)) is None
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    page = client.get(f"/workshops/{real.id}")
    assert "sample participants have been erased" in page.text and "Rehearse with sample participants" in page.text
    assert client.post(f"/workshops/{real.id}/rehearsal/delete").status_code == 404  # nothing left to delete
    assert db.session.get(Workshop, real.id).phase == Phase.DRAFT


def test_another_coach_reaches_nothing(app, client, real, make_coach, login):
    rehearsal = rehearse(client, real)
    client.post(f"/workshops/{rehearsal.id}/phase", data={"to": "themes"})
    client.post(f"/workshops/{rehearsal.id}/phase", data={"to": "plan"})
    make_coach(email="other@example.org", name="Other")
    other = app.test_client()
    login(other, email="other@example.org")
    for path in (
        f"/workshops/{rehearsal.id}",
        f"/workshops/{rehearsal.id}/sample-plan",
        f"/workshops/{rehearsal.id}/sample-plan.pdf",
        f"/workshops/{rehearsal.id}/projector",
    ):
        assert other.get(path).status_code == 404, path
    assert other.post(f"/workshops/{real.id}/rehearsal", data={"size": "12"}).status_code == 404
    assert other.post(f"/workshops/{real.id}/rehearsal/delete").status_code == 404
    assert rehearsals.rehearsal_of(real).id == rehearsal.id


# ---- Try Rebound: a coach's first visit ---------------------------------------------------------


def test_a_coach_without_workshops_tries_rebound_on_a_sample_room(client, coach):
    index = client.get("/workshops/")
    assert "Try Rebound with a sample room" in index.text
    response = client.post("/workshops/try")
    assert response.status_code == 303
    rehearsal = db.session.get(Workshop, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert rehearsal.is_rehearsal and len(rehearsals.sample_participants(rehearsal)) == 12
    example = db.session.get(Workshop, rehearsal.rehearsal_of)
    assert example.title.startswith("Example") and example.phase == Phase.DRAFT and not example.is_rehearsal
    assert "Pinecrest Foods" in example.employer_list
    page = client.get(response.headers["Location"])
    assert MARK in page.text and "a rehearsal of an example workshop" in page.text
    index = client.get("/workshops/")
    assert example.title in index.text and "Try Rebound with a sample room" not in index.text
    assert counted(Participant, example.id) == 0


def test_try_rebound_is_for_a_first_visit_only(client, real):
    index = client.get("/workshops/")
    assert "Try Rebound" not in index.text
    response = client.post("/workshops/try")
    assert response.status_code == 409 and "rehearse any of your workshops from its page" in response.text
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 1
