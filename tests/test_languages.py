"""A workshop in the room's language: the coach chooses it, phones start in it (or in their
browser's language) and can switch for themselves, the projector and the printed cards
speak it, coach pages follow the coach, and plans follow each participant."""

from __future__ import annotations

import re

import pytest

from workshop.extensions import db
from workshop.models import Participant, Phase
from workshop.services.plans import plan_input_hash
from workshop.services.plans.inputs import plan_input

from .helpers import pdf_text, sid, soon, tell


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


def lang_of(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switch(phone, code: str, to: str, next_path: str):
    return phone.post(f"/w/{code}/language", data={"language": to, "next": next_path})


def test_the_coach_prepares_a_workshop_in_indonesian(screen):
    form = screen.get("/workshops/new")
    assert '<option value="id">Bahasa Indonesia</option>' in form.text
    response = screen.post(
        "/workshops/new",
        data={
            "op": "save",
            "title": "Bangkit lagi",
            "date": soon(),
            "min_group_size": "3",
            "retention_days": "30",
            "paper_size": "A4",
            "language": "id",
            "stage_key": ["screen", "first_interview"],
            "stage_label": ["Recruiter or phone screen", "First interview"],
        },
    )
    assert response.status_code == 303
    from workshop.models import Workshop

    workshop = db.session.query(Workshop).one()
    assert workshop.language == "id"


def test_an_unknown_language_is_refused_and_nothing_is_saved(screen, coach, make_workshop):
    workshop = make_workshop(coach, phase=Phase.DRAFT)
    data = {"op": "save", "title": "X", "date": soon(), "min_group_size": "3", "retention_days": "30"}
    response = screen.post(f"/workshops/{workshop.id}/edit", data=data | {"paper_size": "A4", "language": "xx"})
    assert response.status_code == 422
    db.session.refresh(workshop)
    assert workshop.language == "en" and workshop.title == "Bouncing back"


def test_a_phone_starts_in_the_workshop_language_and_its_browser_language_comes_first(app, coach, make_workshop):
    workshop = make_workshop(coach, language="id")
    plain = app.test_client().get(f"/w/{workshop.join_code}/")
    assert lang_of(plain.text) == "id"
    assert "Gabung tanpa nama" in plain.text and "Join anonymously" not in plain.text
    malay = app.test_client().get(f"/w/{workshop.join_code}/", headers={"Accept-Language": "ms-MY,ms;q=0.9"})
    assert lang_of(malay.text) == "ms" and "Sertai tanpa nama" in malay.text
    other = app.test_client().get(f"/w/{workshop.join_code}/", headers={"Accept-Language": "fr-FR,de;q=0.8"})
    assert lang_of(other.text) == "id"  # nothing Rebound speaks: the workshop's language


def test_a_phone_switches_for_itself_and_the_choice_survives_reloads(coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id")
    phone, _ = join(workshop)
    home = f"/w/{workshop.join_code}/"
    assert lang_of(phone.get(home).text) == "id"
    response = switch(phone, workshop.join_code, "en", home)
    assert response.status_code == 303 and response.headers["Location"].endswith(home)
    page = phone.get(home)
    assert lang_of(page.text) == "en" and "Your reflection" in page.text and "Refleksimu" not in page.text
    assert lang_of(phone.get(f"/w/{workshop.join_code}/story").text) == "en"
    assert db.session.scalar(db.select(Participant.language)) == "en"  # its plan follows
    hx = phone.post(f"{home}language", data={"language": "ms", "next": home}, headers={"HX-Request": "true"})
    assert hx.status_code == 204 and hx.headers["HX-Redirect"] == home
    assert "Refleksi anda" in phone.get(home).text


def test_the_switch_refuses_bad_input_and_never_leaves_the_site(coach, make_workshop, join):
    workshop = make_workshop(coach, language="id")
    phone, _ = join(workshop)
    assert phone.post(f"/w/{workshop.join_code}/language", data={"language": "xx", "next": "/"}).status_code == 422
    assert db.session.scalar(db.select(Participant.language)) == "id"
    away = phone.post("/language", data={"language": "en", "next": "https://evil.example/"})
    assert away.status_code == 303 and "evil" not in away.headers["Location"]
    assert (
        phone.post("/language", data={"language": "en", "next": "//evil.example/x"})
        .headers["Location"]
        .endswith("/join")
    )


def test_the_switch_needs_a_csrf_token(app, coach, make_workshop):
    app.config["WTF_CSRF_ENABLED"] = True
    workshop = make_workshop(coach, language="id")
    phone = app.test_client()
    assert phone.post("/language", data={"language": "en", "next": "/"}).status_code == 400
    page = phone.get(f"/w/{workshop.join_code}/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ok = phone.post("/language", data={"language": "en", "next": "/", "csrf_token": token})
    assert ok.status_code == 303


def test_the_phone_poll_tag_changes_with_the_language(coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id")
    phone, _ = join(workshop)
    home = f"/w/{workshop.join_code}/"
    first = phone.get(home, headers={"HX-Request": "true"}).headers["ETag"]
    assert phone.get(home, headers={"HX-Request": "true", "If-None-Match": first}).status_code == 304
    switch(phone, workshop.join_code, "ms", home)
    again = phone.get(home, headers={"HX-Request": "true", "If-None-Match": first})
    assert again.status_code == 200 and "Refleksi anda" in again.text


def test_the_projector_speaks_the_workshop_language_whatever_the_coach_reads(screen, coach, make_workshop):
    workshop = make_workshop(coach, language="ms")
    projector = screen.get(f"/workshops/{workshop.id}/projector", headers={"Accept-Language": "en-GB"})
    assert lang_of(projector.text) == "ms" and "orang telah menyertai" in projector.text
    detail = screen.get(f"/workshops/{workshop.id}", headers={"Accept-Language": "en-GB"})
    assert lang_of(detail.text) == "en" and "Show the projector view" in detail.text
    indonesian_coach = screen.get(f"/workshops/{workshop.id}", headers={"Accept-Language": "id"})
    assert lang_of(indonesian_coach.text) == "id" and "Tampilkan layar proyektor" in indonesian_coach.text


def test_the_printed_cards_speak_the_workshop_language(screen, coach, make_workshop):
    workshop = make_workshop(coach, language="id")
    text = pdf_text(screen.get(f"/workshops/{workshop.id}/cards.pdf?per_page=4&paper=A4").data)
    assert "Gabung lewat ponsel" in text and "Join on your phone" not in text


def test_themes_and_stages_follow_the_reader_unless_the_coach_renamed_them(coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id")
    phone, _ = join(workshop)
    tell(phone, workshop, "Saya tidak pernah dapat kabar setelah wawancara.", themes=["no_feedback"])
    themes = phone.get(f"/w/{workshop.join_code}/themes").text
    assert "Tanpa kabar, atau di-ghosting" in themes and "No feedback" not in themes
    ratings = phone.get(f"/w/{workshop.join_code}/ratings").text
    assert "Wawancara pertama" in ratings and "First interview" not in ratings


def test_plans_are_written_in_each_participant_language_and_a_switch_makes_a_fresh_one(
    coach, make_workshop, join, screen
):
    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id", min_group_size=2)
    phones = []
    for _ in range(2):
        phone, _ = join(workshop)
        tell(phone, workshop, "Tidak ada kabar sama sekali.", themes=["no_feedback"], ratings={"screen": 2})
        phones.append(phone)
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "themes"})
    screen.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
    first, second = phones
    indonesian = pdf_text(first.get(f"/w/{workshop.join_code}/plan.pdf").data)
    for heading in (
        "Tiga area fokusmu",
        "Bagaimana prosesmu berjalan",
        "Pertanyaan untuk direnungkan",
        "Halaman 1 dari 3",
    ):
        assert heading in indonesian, heading
    assert "Your three focus areas" not in indonesian
    person = db.session.scalars(db.select(Participant).order_by(Participant.id)).first()
    before = plan_input_hash(plan_input(person))
    switch(first, workshop.join_code, "ms", f"/w/{workshop.join_code}/plan")
    db.session.refresh(person)
    assert plan_input(person).language == "ms" and plan_input_hash(plan_input(person)) != before
    for _ in range(50):
        response = first.get(f"/w/{workshop.join_code}/plan.pdf")
        if response.headers.get("Content-Type") == "application/pdf":
            break
    malay = pdf_text(response.data)
    for heading in ("Tiga bidang fokus anda", "Bagaimana proses anda berjalan", "Halaman 1 daripada 3"):
        assert heading in malay, heading
    assert "Tiga area fokusmu" not in malay
    assert "Tiga area fokusmu" in pdf_text(second.get(f"/w/{workshop.join_code}/plan.pdf").data)


def test_a_plan_input_hash_depends_on_its_language(coach, make_workshop, join):
    from dataclasses import replace

    workshop = make_workshop(coach, phase=Phase.REFLECT)
    join(workshop)
    made = plan_input(db.session.scalars(db.select(Participant)).one())
    hashes = {plan_input_hash(replace(made, language=code)) for code in ("en", "id", "ms")}
    assert len(hashes) == 3


def test_dates_and_numbers_are_in_the_page_language(coach, make_workshop, join):
    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id")
    phone, _ = join(workshop)
    story = phone.get(f"/w/{workshop.join_code}/story").text
    assert "Sampai 3.000 karakter" in story  # Indonesian groups thousands with a dot
    privacy = phone.get(f"/w/{workshop.join_code}/").text
    assert re.search(r"dihapus pada \d+ Januari 2027", privacy)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Saya melamar ke PT Sinar Jaya Abadi Tbk, wawancara dengan Pak Budi Santoso.", ["Sinar", "Budi", "Santoso"]),
        ("Mas Joko dan Mbak Rina dari HR tak membalas ke rina.putri@sinarjaya.co.id.", ["Joko", "Rina", "rina.putri"]),
        (
            "Kantornya di Jl. Sudirman No. 45, Kel. Karet, Kec. Setiabudi. Telp +62 812-3456-7890.",
            ["Sudirman", "45", "3456"],
        ),
        ("NIK saya 3174051203900002 diminta waktu tes online.", ["3174051203900002"]),
        (
            "I applied at CV Maju Bersama, then bekerja di Koperasi Sejahtera; Pak Hendra was kind.",
            ["Maju", "Sejahtera", "Hendra"],
        ),
        ("Kerja lama saya dari PT Kreasi Digital, lalu melamar ke Bank Mandiri.", ["Kreasi", "Mandiri"]),
        (
            "Saya memohon di Syarikat Cahaya Sdn Bhd. Temu duga dengan Encik Ahmad Faizal dan Puan Siti.",
            ["Cahaya", "Ahmad", "Faizal", "Siti"],
        ),
        (
            "Cik Nurul dan Datuk Lee Chong Wei. Alamat: No. 12, Jalan Ampang, Taman Melati, 53100 Kuala Lumpur.",
            ["Nurul", "Chong", "Ampang", "Melati", "53100"],
        ),
        ("MyKad saya 900312-14-5678, telefon 012-345 6789, Tuan Ismail tak balas.", ["900312", "6789", "Ismail"]),
        (
            "The interview at Petronas Dagangan Bhd with Encik Razak was okay, tapi tak dapat feedback.",
            ["Petronas", "Razak"],
        ),
    ],
)
def test_indonesian_malay_and_mixed_stories_are_redacted(coach, make_workshop, join, text, gone):
    workshop = make_workshop(coach, phase=Phase.REFLECT, language="id", employers="")
    phone, _ = join(workshop)
    review = phone.post(f"/w/{workshop.join_code}/story", data={"text": text, "op": "review", "submission_id": sid()})
    preview = re.search(r'<div class="preview".*?</div>', review.text, re.S).group(0)
    for secret in gone:
        assert secret not in preview, secret
    assert "<mark" in preview
