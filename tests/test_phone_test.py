"""Test with my phone: the coach's QR opens a tiny page on a phone, and the coach's page then
says the phone got through. The link works once, expires, and belongs to one workshop."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Phase, PhoneCheck, digest, utcnow
from workshop.services import phone_checks

HTMX = {"HX-Request": "true"}
REACHED = "Your phone reached Rebound"
LINK = re.compile(r"http://rebound\.test(/check/([\w-]+))</figcaption>")


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def workshop(coach, make_workshop):
    return make_workshop(coach, phase=Phase.DRAFT, title="Evening of Quinces")


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


def start(screen, workshop):
    """Press "Test with my phone" (htmx); returns the panel and the link's path."""
    panel = screen.post(f"/workshops/{workshop.id}/phone-test", headers=HTMX)
    assert panel.status_code == 200
    return panel, LINK.search(panel.text).group(1)


def poll(screen, workshop, seen):
    return screen.get(f"/workshops/{workshop.id}/phone-test", headers=HTMX | {"If-None-Match": seen.headers["ETag"]})


def test_the_workshop_page_offers_the_test(screen, workshop):
    page = screen.get(f"/workshops/{workshop.id}")
    assert 'id="phone-test"' in page.text and "Test with my phone</button>" in page.text
    assert "<svg" not in page.text.split('id="phone-test"', 1)[1]  # no QR until asked for


def test_the_qr_waits_for_the_phone_then_says_it_got_through(app, screen, workshop):
    panel, link = start(screen, workshop)
    assert 'class="qr"' in panel.text and "<svg" in panel.text
    assert "Waiting for your phone" in panel.text and 'hx-trigger="every 2s"' in panel.text
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 32  # at least 192 bits
    [stored] = db.session.scalars(select(PhoneCheck)).all()
    assert stored.id_hash == digest(token) and stored.workshop_id == workshop.id  # only the digest is kept

    first = screen.get(f"/workshops/{workshop.id}/phone-test", headers=HTMX)
    assert poll(screen, workshop, first).status_code == 304  # nobody came yet: the poll is cheap

    phone = app.test_client()
    reached = phone.get(link)
    assert reached.status_code == 200 and REACHED in reached.text
    for secret in ("Evening of Quinces", workshop.join_code, "coach@example.org"):
        assert secret not in reached.text  # the phone learns nothing about the workshop

    after = poll(screen, workshop, first)
    assert after.status_code == 200
    assert "Your phone reached Rebound." in after.text
    assert "hx-trigger" not in after.text and "<svg" not in after.text  # the panel stops polling
    assert "Test again</button>" in after.text
    assert REACHED in screen.get(f"/workshops/{workshop.id}").text  # and a reload still says so


def test_a_link_works_once(app, screen, workshop):
    _, link = start(screen, workshop)
    assert app.test_client().get(link).status_code == 200
    again = app.test_client().get(link)
    assert again.status_code == 404 and REACHED not in again.text
    assert "A test link works once" in again.text


def test_a_link_expires_unused_and_the_panel_says_what_to_try(app, screen, workshop, monkeypatch):
    _, link = start(screen, workshop)
    first = screen.get(f"/workshops/{workshop.id}/phone-test", headers=HTMX)
    monkeypatch.setattr(phone_checks, "utcnow", lambda: utcnow() + timedelta(minutes=10))
    expired = poll(screen, workshop, first)
    assert expired.status_code == 200
    assert "No phone got through in 10 minutes" in expired.text and "hotspot" in expired.text
    assert "hx-trigger" not in expired.text
    assert app.test_client().get(link).status_code == 404
    assert db.session.scalar(select(PhoneCheck.reached_at)) is None  # a late visit records nothing


def test_a_new_test_retires_the_old_link(app, screen, workshop):
    _, old = start(screen, workshop)
    _, new = start(screen, workshop)
    assert old != new
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(PhoneCheck)) == 1


def test_a_test_belongs_to_its_workshop(app, screen, coach, workshop, make_workshop):
    other = make_workshop(coach, phase=Phase.LOBBY, title="Another evening")
    start(screen, workshop)
    panel = screen.get(f"/workshops/{other.id}/phone-test")
    assert "Test with my phone</button>" in panel.text and "Waiting for your phone" not in panel.text


def test_another_coach_gets_nothing(app, screen, workshop, make_coach, login):
    start(screen, workshop)
    make_coach("other@example.org", "Other")
    stranger = app.test_client()
    login(stranger, "other@example.org")
    before = db.session.scalar(select(PhoneCheck.id_hash))
    assert stranger.get(f"/workshops/{workshop.id}/phone-test").status_code == 404
    assert stranger.post(f"/workshops/{workshop.id}/phone-test", headers=HTMX).status_code == 404
    assert db.session.scalar(select(PhoneCheck.id_hash)) == before  # their press changed nothing


def test_without_javascript_the_workshop_page_shows_the_qr(screen, workshop):
    pressed = screen.post(f"/workshops/{workshop.id}/phone-test")
    assert pressed.status_code == 303
    assert pressed.headers["Location"] == f"/workshops/{workshop.id}#phone-test"
    page = screen.get(f"/workshops/{workshop.id}")
    assert LINK.search(page.text) and "Waiting for your phone" in page.text


@pytest.mark.parametrize("odd", ["x" * 32, "short", "A" * 33, "%00" * 11, "../" * 11])
def test_made_up_links_are_not_found(client, odd):
    response = client.get(f"/check/{odd}")
    assert response.status_code == 404 and REACHED not in response.text


def test_no_test_once_the_workshop_is_closed(screen, workshop):
    workshop.phase = Phase.CLOSED
    db.session.commit()
    assert 'id="phone-test"' not in screen.get(f"/workshops/{workshop.id}").text
    assert screen.post(f"/workshops/{workshop.id}/phone-test").status_code == 409
    assert db.session.scalar(select(func.count()).select_from(PhoneCheck)) == 0


def test_deleting_the_workshop_deletes_its_test(screen, workshop):
    start(screen, workshop)
    screen.post(f"/workshops/{workshop.id}/delete", data={"confirm_title": workshop.title})
    assert db.session.scalar(select(func.count()).select_from(PhoneCheck)) == 0
