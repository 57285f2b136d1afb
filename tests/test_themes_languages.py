"""Themes in Indonesian and Malay: the language files, their stemmer, and code-switched stories."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from workshop.services.themes import Taxonomy, emerging_phrases, load_taxonomy, match_story, phrase_theme
from workshop.services.themes.model import DEFAULT_PATH
from workshop.services.themes.text import stem, tokenize

DATA = DEFAULT_PATH.parent
_THEME = re.compile(r'^id = "(\w+)"')
_QUOTED = re.compile(r'^#\s+"(.*)"\s*$')


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def themes_of(text: str, taxonomy: Taxonomy) -> set[str]:
    return {m.theme_id for m in match_story(text, taxonomy)}


def file_examples(path: Path) -> list[tuple[str, bool, str]]:
    """The "contoh / e.g." (must match) and "bukan / not" (must not) sentences of a file."""
    found, theme, expect = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _THEME.match(line):
            theme, expect = match.group(1), None
        elif line.startswith("# contoh / e.g.:"):
            expect = True
        elif line.startswith("# bukan / not:"):
            expect = False
        elif (match := _QUOTED.match(line)) and theme and expect is not None:
            found.append((theme, expect, match.group(1)))
        elif not line.startswith("#"):
            expect = None
    return found


def test_the_themes_come_in_english_indonesian_and_malay(taxonomy):
    assert taxonomy.codes == ("en", "id", "ms")
    for language in taxonomy.languages:
        assert [t.id for t in language.themes] == list(taxonomy.ids), language.code
        assert language.rules.stemmer == "indonesian"  # snowball has no Malay stemmer


def test_labels_and_descriptions_can_be_looked_up_per_language(taxonomy):
    assert taxonomy.in_language("no_feedback", "id").label == "Tanpa kabar, atau di-ghosting"
    assert taxonomy.in_language("no_feedback", "ms").label == "Tiada maklum balas, atau di-ghost"
    assert taxonomy.in_language("no_feedback", "en").label == "No feedback, or ghosted"
    # a language without its own file falls back to English; an unknown theme is None
    assert taxonomy.in_language("no_feedback", "fr").label == "No feedback, or ghosted"
    assert taxonomy.in_language("no_such_theme", "id") is None


def test_the_english_themes_stay_the_coach_facing_ones(taxonomy):
    assert taxonomy.get("no_feedback").label == "No feedback, or ghosted"
    assert [m.label for m in match_story("Saya di-ghosting HRD.", taxonomy)] == ["No feedback, or ghosted"]


def test_stems_are_cached_per_language():
    assert stem("ditolak", "indonesian") == "tolak"
    assert stem("ditolak") == "ditolak"  # English leaves it alone
    assert stem("ghosted") == "ghost"
    assert stem("ghosted", "indonesian") == "ghosted"


@pytest.mark.parametrize("code", ["id", "ms"])
def test_every_example_sentence_of_a_language_file_does_what_it_says(taxonomy, code):
    examples = file_examples(DATA / f"themes.{code}.toml")
    assert len(examples) >= 90
    wrong = [
        f"{theme} {'missed' if expect else 'matched'}: {text}"
        for theme, expect, text in examples
        if (theme in themes_of(text, taxonomy)) != expect
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Saya di-ghosting HRD setelah tiga tahap.", "no_feedback"),
        ("Dah dua bulan lepas temu duga, sampai sekarang tak dapat maklum balas.", "no_feedback"),
        ("Katanya pengalaman saya masih kurang untuk posisi ini.", "experience_gap"),
        ("Gaji yang ditawarkan jauh di bawah ekspektasi saya.", "salary_mismatch"),
        ("I passed the coding test tapi then they ghosted me.", "no_feedback"),
        ("Honestly I was so nervous, tangan saya gemetar.", "interview_nerves"),
        # "boleh tak ...?" and "bisa nggak ...?" ask; they do not deny
        ("Dia tanya boleh tak saya tanggalkan tudung masa jumpa klien.", "unfair_process"),
        ("HRD-nya tanya bisa nggak saya lepas jilbab kalau diterima.", "unfair_process"),
    ],
)
def test_indonesian_malay_and_mixed_stories_get_their_themes(taxonomy, text, theme):
    assert theme in themes_of(text, taxonomy)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # a negation in Indonesian or Malay turns around an English pattern...
        ("Saya bukan di-ghosting, mereka kasih feedback lengkap.", "no_feedback"),
        ("Aku gak nervous sama sekali waktu interview.", "interview_nerves"),
        ("Saya tak rasa overqualified pun untuk jawatan tu.", "overqualified"),
        ("Interviewernya nggak rude kok, ramah malah.", "rapport"),
        # ...and an English one an Indonesian or Malay pattern
        ("They did not say pengalaman saya kurang.", "experience_gap"),
        # a disclaimer in one language puts aside a reason given in the other
        ("Ditolak, tapi bukan karena salary expectations saya.", "salary_mismatch"),
        # "biasa" (usual) is not "bias"
        ("Biasanya saya santai kalau interview, prosesnya biasa saja.", "unfair_process"),
        ("Macam biasa, saya sampai awal.", "unfair_process"),
        # "semua orang dalam bootcamp" is everyone in the bootcamp, not an insider
        ("Saya rasa semua orang dalam bootcamp lagi laju belajar.", "internal_candidate"),
    ],
)
def test_negations_and_disclaimers_work_across_languages(taxonomy, text, theme):
    assert theme not in themes_of(text, taxonomy)


def test_a_negation_does_not_reach_across_a_clause_word_of_another_language(taxonomy):
    # English patterns stop at "tapi" as they do at "but"
    assert "no_feedback" in themes_of("Mereka tidak jahat, tapi ghosting itu menyakitkan.", taxonomy)
    assert "no_feedback" not in themes_of("Mereka tidak ghosting saya.", taxonomy)


def test_number_words_count_as_numbers_in_their_own_language(taxonomy):
    assert "long_process" in themes_of("Prosesnya ada enam tahap dan makan waktu tiga bulan.", taxonomy)


def test_a_language_file_beside_a_custom_taxonomy_is_read_with_its_stemmer(tmp_path):
    english = tmp_path / "themes.toml"
    english.write_text('[[themes]]\nid = "x"\nlabel = "X"\ndescription = "x"\npatterns = ["rejected"]\n')
    (tmp_path / "themes.id.toml").write_text(
        '[matching]\nstemmer = "indonesian"\n'
        '[[themes]]\nid = "x"\nlabel = "Ditolak"\ndescription = "x"\npatterns = ["panggil"]\n'
    )
    custom = load_taxonomy(english)
    assert custom.codes == ("en", "id")
    assert themes_of("Saya dipanggil lagi.", custom) == {"x"}  # stemmed to "panggil"
    assert themes_of("Panggilannya datang seminggu kemudian.", custom) == {"x"}
    assert themes_of("They rejected me.", custom) == {"x"}


def test_a_language_file_with_an_unknown_theme_or_stemmer_is_refused(tmp_path):
    english = tmp_path / "themes.toml"
    english.write_text('[[themes]]\nid = "x"\nlabel = "X"\ndescription = "x"\npatterns = ["rejected"]\n')
    other = tmp_path / "themes.id.toml"
    other.write_text('[[themes]]\nid = "y"\nlabel = "Y"\ndescription = "y"\npatterns = ["tolak"]\n')
    with pytest.raises(ValueError, match="known in English"):
        load_taxonomy(english)
    other.write_text('[matching]\nstemmer = "klingon"\n[[themes]]\nid = "x"\nlabel = "X"\ndescription = "x"\n')
    with pytest.raises(ValueError, match="no stemmer"):
        load_taxonomy(english)


def test_the_english_file_alone_still_loads(tmp_path):
    shutil.copy(DEFAULT_PATH, tmp_path / "themes.toml")
    alone = load_taxonomy(tmp_path / "themes.toml")
    assert alone.codes == ("en",) and alone.ids == load_taxonomy().ids
    assert themes_of("They ghosted me.", alone) == {"no_feedback"}
    assert themes_of("Saya di-ghosting.", alone) == {"no_feedback"}
    assert "experience_gap" not in themes_of("Pengalaman saya masih kurang.", alone)


# -- emerging and promoted phrases in each language ----------------------------------------

PARKING_ID = [
    "Saya melamar di kantor pusat. Parkir motor di sana susah sekali.",
    "Parkir motornya jauh dari lobi, saya telat lima menit.",
    "Gedungnya besar, parkiran motor selalu penuh.",
    "Katanya parkiran motor gratis, ternyata bayar.",
]


def test_a_story_is_keyed_in_the_language_it_is_mostly_written_in(taxonomy):
    matcher, _ = taxonomy.matcher()
    codes = taxonomy.codes

    def language(text: str) -> str:
        return codes[matcher.language_of(tokenize(text).words)]

    assert language("They said the role was paused, and I never heard back from them.") == "en"
    assert language("Saya sudah dua kali interview, tapi nggak ada kabar sampai sekarang.") == "id"
    assert language("Saya dah pergi temuduga dua kali, tapi tak dapat apa-apa khabar pun.") == "ms"
    assert language("Interview-nya oke, tapi HR-nya bilang aku nggak cocok sama tim.") == "id"


def test_indonesian_stories_share_a_phrase_however_its_words_are_affixed(taxonomy):
    # "parkiran", "parkir" and "motornya" are one phrase for the Indonesian stemmer; read with
    # English stems they would be three different ones.
    (phrase,) = [p for p in emerging_phrases(PARKING_ID, taxonomy, k=4) if p.text.startswith("parkir")]
    assert phrase.count == 4 and phrase.key == "parkir motor"


def test_function_words_of_every_language_never_make_a_phrase(taxonomy):
    stories = [f"Waktu itu saya {x} yang di sana sama dia." for x in ("pergi", "datang", "pulang", "tunggu")]
    texts = [p.text for p in emerging_phrases(stories, taxonomy, k=3)]
    assert not any(word in text.split() for text in texts for word in ("yang", "di", "sama", "dia", "saya"))


@pytest.mark.parametrize(
    ("phrase", "said", "not_said"),
    [
        ("no parking", "There was no parking at the office.", "Parking was no problem at all."),
        ("tidak ada parkir", "Di kantor itu tidak ada parkir.", "Ada parkir di kantor itu."),
        ("tak ada parkir", "Kat pejabat tu tak ada parkir langsung.", "Parkir ada, tak jauh pun."),
    ],
)
def test_a_promoted_phrase_with_a_negation_finds_what_it_says_and_not_its_opposite(taxonomy, phrase, said, not_said):
    theme = phrase_theme("custom-1", phrase, phrase, taxonomy)
    assert themes_of_extra(said, taxonomy, theme) and not themes_of_extra(not_said, taxonomy, theme)


def test_a_promoted_indonesian_phrase_is_matched_with_the_indonesian_lexicon(taxonomy):
    theme = phrase_theme("custom-1", "ditolak tanpa alasan", "ditolak tanpa alasan", taxonomy)
    assert themes_of_extra("Mereka menolak saya tanpa alasan yang jelas.", taxonomy, theme)  # menolak: tolak
    parking = phrase_theme("custom-2", "parkir kat pejabat", "parkir kat pejabat", taxonomy)
    assert parking.patterns == ("parkir & pejabat",)  # "kat" is a Malay function word
    assert themes_of_extra("Susah cari parkir dekat pejabat.", taxonomy, parking)


def themes_of_extra(text: str, taxonomy: Taxonomy, theme) -> bool:
    return theme.id in {m.theme_id for m in match_story(text, taxonomy.bare(), [theme])}
