"""A whole workshop in Bahasa Indonesia: the coach prepares it in Indonesian, one phone stays
in Indonesian, one switches to English and one to Malay; Indonesian, mixed Indonesian-English
and Malay stories are redacted and themed; each phone's PDF is in its own language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ..helpers import soon
from .helpers import coach_account, log_in, move_to

pytestmark = pytest.mark.e2e

# What each phone reads, in its own language.
WORDS = {
    "id": {
        "join": "Gabung tanpa nama",
        "noted": "Sudah kucatat, lanjut",
        "save_answer": "Simpan jawabanku",
        "story": "Ceritamu",
        "what": "Apa yang terjadi?",
        "next": "Berikutnya: lihat apa yang akan dilihat orang lain",
        "confirm": "Sudah benar: simpan ceritaku",
        "keep_themes": "Simpan tema-tema ini",
        "themes": "Tema-temamu",
        "rate": "Nilai setiap tahap",
        "save_ratings": "Simpan penilaianku",
        "done": "Semua selesai",
        "theme": "Tanpa kabar, atau di-ghosting",
        "open_plan": "Buka rencanaku",
        "download": "Unduh rencanaku (PDF)",
        "headings": ("Tiga area fokusmu", "Bagaimana prosesmu berjalan", "Pertanyaan untuk direnungkan"),
    },
    "en": {
        "story": "Your story",
        "what": "What happened?",
        "next": "Next: see what others would see",
        "confirm": "Looks right: save my story",
        "keep_themes": "Keep these themes",
        "themes": "Your themes",
        "rate": "Rate the stages",
        "save_ratings": "Save my ratings",
        "done": "All done",
        "theme": "No feedback, or ghosted",
        "open_plan": "Open my plan",
        "download": "Download my plan (PDF)",
        "headings": ("Your three focus areas", "How your process went", "Questions to sit with"),
    },
    "ms": {
        "join": "Sertai tanpa nama",
        "noted": "Sudah saya catat, teruskan",
        "save_answer": "Simpan jawapan saya",
        "story": "Cerita anda",
        "what": "Apa yang berlaku?",
        "next": "Seterusnya: lihat apa yang akan dilihat orang lain",
        "confirm": "Sudah betul: simpan cerita saya",
        "keep_themes": "Simpan tema-tema ini",
        "themes": "Tema anda",
        "rate": "Nilai setiap peringkat",
        "save_ratings": "Simpan penilaian saya",
        "done": "Semua selesai",
        "theme": "Tiada maklum balas, atau di-ghost",
        "open_plan": "Buka pelan saya",
        "download": "Muat turun pelan saya (PDF)",
        "headings": ("Tiga bidang fokus anda", "Bagaimana proses anda berjalan", "Soalan untuk direnungkan"),
    },
}
# (language the phone ends in, when it switches, story, what must not be shown)
PHONES = [
    (
        "id",
        None,
        "Saya melamar ke PT Sinar Jaya Abadi dan wawancara dengan Pak Budi Santoso. Setelah itu tidak ada "
        "kabar sama sekali, email saya ke budi.santoso@sinarjaya.co.id juga tidak dibalas.",
        ("Sinar Jaya", "Budi", "Santoso", "budi.santoso@"),
    ),
    (
        "en",
        "after joining",
        "Interview di PT Kreasi Digital went well, tapi setelah itu aku di-ghosting. Mbak Rina dari HR "
        "never replied, padahal sudah aku follow up ke +62 812-3456-7890.",
        ("Kreasi", "Rina", "3456"),
    ),
    (
        "ms",
        "before joining",
        "Saya memohon jawatan di Syarikat Cahaya Sdn Bhd. Selepas temu duga dengan Encik Ahmad Faizal, "
        "saya tidak mendapat sebarang maklum balas langsung, walaupun sudah hantar e-mel dua kali.",
        ("Cahaya", "Ahmad", "Faizal"),
    ),
]
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia", "ms": "Bahasa Melayu"}


def pdf_text(path: str) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def switch_to(phone, language: str) -> None:
    phone.locator(".language-switch").get_by_role("button", name=LANGUAGE_NAMES[language]).click()
    expect(phone.locator("html")).to_have_attribute("lang", language)


def test_a_whole_workshop_in_bahasa_indonesia(live_server, desktop, phone_context, shots, csp):
    email = coach_account(live_server)
    log_in(desktop, live_server, email)
    desktop.goto(live_server.url + "/workshops/new")
    desktop.get_by_label("Title").fill("Bangkit setelah ditolak")
    desktop.get_by_label("Date").fill(soon())
    desktop.get_by_label("Employer names to redact").fill("")
    desktop.get_by_label("Minimum group size (k)").fill("3")
    desktop.get_by_label("Language of the workshop").select_option("id")
    desktop.get_by_role("button", name="Prepare workshop").click()
    expect(desktop.get_by_text("Workshop prepared.")).to_be_visible()
    workshop_id = int(re.search(r"/workshops/(\d+)", desktop.url).group(1))
    desktop.get_by_role("button", name="Open the workshop (phones can join)").click()
    expect(desktop.locator("html")).to_have_attribute("lang", "en")  # the coach reads English

    projector = desktop.context.new_page()
    csp.attach(projector)
    projector.goto(f"{live_server.url}/workshops/{workshop_id}/projector")
    expect(projector.locator("html")).to_have_attribute("lang", "id")
    expect(projector.locator(".join-how")).to_contain_text("Gabung lewat ponsel")
    join_url = projector.locator("figcaption").inner_text().strip()

    phones = []
    for i, (language, when, _story, _secrets) in enumerate(PHONES):
        phone = phone_context("Pixel 7", locale="id-ID")
        phone.goto(join_url)
        expect(phone.locator("html")).to_have_attribute("lang", "id")
        if i == 0:
            shots(phone, "phone-join-id")
        if when == "before joining":
            switch_to(phone, language)
        words = WORDS[language if when == "before joining" else "id"]
        phone.get_by_role("button", name=words["join"]).click()
        phone.get_by_role("link", name=words["noted"]).click()
        if when == "after joining":
            switch_to(phone, language)
        phone.reload()  # the choice survives a reload
        expect(phone.locator("html")).to_have_attribute("lang", language)
        phone.locator('#checkin-before input[value="2"]').locator("xpath=..").click()  # its label
        phone.locator("#checkin-before button[type=submit]").click()
        expect(phone.locator("#checkin-before")).to_have_count(0)
        if i == 0:
            shots(phone, "phone-lobby-id")
        phones.append(phone)
    expect(projector.locator(".count-number")).to_have_text("3", timeout=8000)
    shots(projector, "projector-lobby-id", full_page=False)

    move_to(desktop, live_server, workshop_id, "Start reflecting (stories and ratings)")
    for i, (phone, (language, _when, story, secrets)) in enumerate(zip(phones, PHONES, strict=True)):
        words = WORDS[language]
        phone.get_by_role("link", name=words["story"]).click(timeout=8000)
        phone.get_by_label(words["what"]).fill(story)
        phone.get_by_role("button", name=words["next"]).click()
        preview = phone.locator("[data-redact-source]")
        expect(preview.locator("mark").first).to_be_visible()
        for secret in secrets:
            expect(preview).not_to_contain_text(secret)
        if i == 0:
            shots(phone, "phone-review-id")
        phone.get_by_role("button", name=words["confirm"]).click()
        suggested = phone.locator(".chip", has_text=words["theme"]).locator("input")
        expect(suggested).to_be_checked()  # themed from the story, in any of the languages
        if i == 0:
            shots(phone, "phone-themes-id")
        phone.get_by_role("button", name=words["keep_themes"]).click()
        phone.get_by_role("link", name=words["rate"]).click()
        for stage, score in (("screen", "3"), ("first_interview", "2")):
            block = phone.locator(f"#stage-{stage}")
            block.locator('input[value="yes"]').locator("xpath=..").click()
            block.locator(f'input[value="{score}"]').locator("xpath=..").click()
        if i == 0:
            shots(phone, "phone-ratings-id")
        phone.get_by_role("button", name=words["save_ratings"]).click()
        expect(phone.get_by_text(words["done"])).to_be_visible()

    move_to(desktop, live_server, workshop_id, "Reveal shared themes")
    # Once the themes are up, each person adds one more that fits; the board takes in the
    # room's themes together once k people have changed something.
    for phone, (language, *_rest) in zip(phones, PHONES, strict=True):
        words = WORDS[language]
        phone.get_by_role("link", name=words["themes"]).click(timeout=8000)
        phone.locator('.chip input[value="self_doubt"]').locator("xpath=..").click()
        phone.get_by_role("button", name=words["keep_themes"]).click()
    board = projector.locator("#live .board")
    expect(board).to_contain_text("Tanpa kabar, atau di-ghosting", timeout=15000)
    expect(board).to_contain_text("3 dari 3 orang di sini")
    expect(board).not_to_contain_text("No feedback")
    shots(projector, "projector-themes-id", full_page=False)
    for phone, (language, *_rest) in zip(phones, PHONES, strict=True):
        expect(phone.locator(".board-phone")).to_contain_text(WORDS[language]["theme"], timeout=8000)
    shots(phones[0], "phone-board-id")

    move_to(desktop, live_server, workshop_id, "Move to action plans")
    for i, (phone, (language, *_rest)) in enumerate(zip(phones, PHONES, strict=True)):
        words = WORDS[language]
        phone.get_by_role("link", name=words["open_plan"]).click(timeout=8000)
        expect(phone.locator("html")).to_have_attribute("lang", language)
        button = phone.get_by_role("link", name=words["download"])
        expect(button).to_be_visible(timeout=30000)
        if i == 0:
            shots(phone, "phone-plan-id")
        with phone.expect_download() as info:
            button.click()
        path = info.value.path()
        text = pdf_text(path)
        for heading in words["headings"]:
            assert heading in text, (language, heading)
        others = [h for code, w in WORDS.items() if code != language for h in w["headings"]]
        assert not any(heading in text for heading in others), language
        for secret in PHONES[i][3]:
            assert secret not in text
        if language == "ms":
            with open(path, "rb") as file:
                shots.pdf(file.read(), "plan-ms")
    assert csp.violations == []
