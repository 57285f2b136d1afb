"""Printed join cards and the door poster: one page each, the code on every card, QR codes a
camera reads back as the join address, and only for the workshop's own coach."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from workshop import network
from workshop.extensions import db
from workshop.models import Phase
from workshop.services.cards import JoinDetails, render_cards, render_poster

from .helpers import pdf_qr_codes, pdf_text

CODE = "K7QM2X"
JOIN = f"http://192.168.1.23:8000/w/{CODE}/"
PROMISE = (
    "You join anonymously: no name, email or phone number.",
    "Names and employers are hidden before anyone reads your story.",
)
SIZES = {"A4": (595, 842), "Letter": (612, 792)}  # points
LONG_TITLE = (
    "Bouncing back after a no: a long evening workshop for career changers, graduates and everyone in between, Room 4"
)


def details(title: str = "Bouncing back after a no") -> JoinDetails:
    return JoinDetails(title, date(2026, 12, 3), CODE, JOIN, "http://192.168.1.23:8000/join")


def pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("per_page", [4, 8])
def test_one_sheet_with_the_code_and_a_readable_qr_on_every_card(per_page, paper, tmp_path):
    pdf = render_cards(details(), per_page, paper)
    [page] = pages(pdf)
    assert tuple(round(float(v)) for v in page.mediabox.upper_right) == SIZES[paper]
    text = " ".join((page.extract_text() or "").split())
    assert text.count(CODE) == per_page
    assert text.count("Bouncing back after a no") == per_page
    assert text.count("http://192.168.1.23:8000/join") == per_page
    for line in PROMISE:
        assert text.count(line) == per_page
    assert pdf_qr_codes(pdf, tmp_path, cards=per_page) == [[JOIN] * per_page]


@pytest.mark.parametrize("per_page", [4, 8])
def test_a_long_title_is_shortened_and_the_sheet_stays_whole(per_page, tmp_path):
    pdf = render_cards(details(LONG_TITLE), per_page, "Letter")
    assert len(pages(pdf)) == 1
    text = pdf_text(pdf)
    assert text.count(CODE) == per_page and text.count(PROMISE[1]) == per_page
    assert "Room 4" not in text and text.count("…") >= per_page  # cut with an ellipsis, not spilled
    assert pdf_qr_codes(pdf, tmp_path, cards=per_page) == [[JOIN] * per_page]


def test_an_address_on_https_is_printed_as_people_type_it():
    secure = JoinDetails(
        "Evening", date(2026, 12, 3), CODE, f"https://rebound.example.org/w/{CODE}/", "https://rebound.example.org/join"
    )
    text = pdf_text(render_cards(secure, 4, "A4"))
    assert text.count("rebound.example.org/join") == 4 and "https://" not in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_poster_is_one_large_sheet(paper, tmp_path):
    pdf = render_poster(details(LONG_TITLE), paper)
    [page] = pages(pdf)
    assert tuple(round(float(v)) for v in page.mediabox.upper_right) == SIZES[paper]
    text = pdf_text(pdf)
    assert text.count(CODE) == 1 and all(line in text for line in PROMISE)
    assert "December" in text
    assert pdf_qr_codes(pdf, tmp_path, dpi=60) == [[JOIN]]  # readable even from a coarse print


@pytest.mark.parametrize("per_page", [4, 8])
def test_a_rehearsals_cards_say_so_on_every_card_and_still_scan(per_page, tmp_path):
    practice = JoinDetails("Bouncing back after a no", date(2026, 12, 3), CODE, JOIN, "http://x/join", rehearsal=True)
    pdf = render_cards(practice, per_page, "Letter")
    assert len(pages(pdf)) == 1
    text = pdf_text(pdf)
    assert text.count("REHEARSAL · PRACTICE ROOM") == per_page and text.count(PROMISE[1]) == per_page
    assert pdf_qr_codes(pdf, tmp_path, cards=per_page) == [[JOIN] * per_page]
    assert "REHEARSAL" in pdf_text(render_poster(practice, "A4"))
    assert "REHEARSAL" not in pdf_text(render_cards(details(), per_page, "Letter"))


@pytest.mark.parametrize("per_page, paper", [(3, "A4"), (8, "A3"), (16, "Letter")])
def test_other_layouts_are_refused(per_page, paper):
    with pytest.raises(ValueError):
        render_cards(details(), per_page, paper)


# ---- the routes -------------------------------------------------------------------------


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def workshop(coach, make_workshop):
    return make_workshop(coach, phase=Phase.LOBBY, title="Evening of Quinces", paper_size="Letter")


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


def test_the_coach_downloads_cards_on_the_workshops_paper(screen, workshop, tmp_path):
    response = screen.get(f"/workshops/{workshop.id}/cards.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"rebound-join-cards-{workshop.join_code}.pdf" in response.headers["Content-Disposition"]
    [page] = pages(response.data)
    assert tuple(round(float(v)) for v in page.mediabox.upper_right) == SIZES["Letter"]
    assert pdf_text(response.data).count(workshop.join_code) == 8
    join = f"http://rebound.test/w/{workshop.join_code}/"
    assert pdf_qr_codes(response.data, tmp_path, cards=8) == [[join] * 8]


def test_the_coach_chooses_four_on_a4_and_the_poster(screen, workshop):
    four = screen.get(f"/workshops/{workshop.id}/cards.pdf?per_page=4&paper=A4")
    [page] = pages(four.data)
    assert tuple(round(float(v)) for v in page.mediabox.upper_right) == SIZES["A4"]
    assert pdf_text(four.data).count(workshop.join_code) == 4
    poster = screen.get(f"/workshops/{workshop.id}/poster.pdf?per_page=8")
    assert poster.status_code == 200 and len(pages(poster.data)) == 1
    assert "Evening of Quinces" in pdf_text(poster.data)


@pytest.mark.parametrize("query", ["per_page=5", "per_page=", "paper=A3", "per_page=4&paper=letter", "paper=%00"])
def test_odd_choices_get_a_clear_400(screen, workshop, query):
    response = screen.get(f"/workshops/{workshop.id}/cards.pdf?{query}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Choose 4 or 8 cards a page, on A4 or Letter paper." in response.text
    if query.startswith("paper"):
        assert screen.get(f"/workshops/{workshop.id}/poster.pdf?{query}").status_code == 400


def test_only_the_workshops_coach_gets_them(app, workshop, make_coach, login):
    make_coach("other@example.org", "Other")
    other = app.test_client()
    login(other, "other@example.org")
    for path in ("cards.pdf", "poster.pdf"):
        assert other.get(f"/workshops/{workshop.id}/{path}").status_code == 404
        anonymous = app.test_client().get(f"/workshops/{workshop.id}/{path}")
        assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_the_workshop_page_offers_them_and_names_the_address(app, screen, workshop, monkeypatch):
    page = screen.get(f"/workshops/{workshop.id}")
    assert "Printed join cards" in page.text
    assert f'action="/workshops/{workshop.id}/cards.pdf"' in page.text
    assert 'value="Letter" checked' in page.text  # the workshop's paper size first
    assert "address as it is now" not in page.text  # PUBLIC_URL is set: the address is fixed
    app.config["PUBLIC_URL"] = ""  # a laptop in the room, opened as http://localhost
    monkeypatch.setattr(network, "lan_address", lambda: "192.168.1.23")
    page = screen.get(f"/workshops/{workshop.id}")
    assert "address as it is now" in page.text and "http://192.168.1.23</strong>" in page.text


def test_no_cards_once_the_workshop_is_closed(screen, workshop):
    workshop.phase = Phase.CLOSED
    db.session.commit()
    assert "Printed join cards" not in screen.get(f"/workshops/{workshop.id}").text
