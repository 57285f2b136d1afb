"""The shared-theme service: taxonomy file, matching stories, emerging phrases, CLI lines."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from workshop.cli import room_theme_counts, stories_for_cli
from workshop.services.themes import (
    Phrase,
    Taxonomy,
    Theme,
    ThemeMatch,
    emerging_phrases,
    load_taxonomy,
    match_story,
    phrase_theme,
)
from workshop.services.themes.model import DEFAULT_PATH

STORIES_FILE = Path(__file__).parent / "data" / "theme_stories.toml"

# A word list reads best as a block.
# fmt: off
THEME_IDS = (
    "no_feedback", "experience_gap", "overqualified", "skills_test", "culture_fit",
    "internal_candidate", "salary_mismatch", "interview_nerves", "cv_filtered", "long_process",
    "rapport", "role_cancelled", "self_doubt", "narrow_loss", "career_gap", "career_change",
    "location_visa", "unfair_process",
)
# fmt: on


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def stories() -> list[dict]:
    with STORIES_FILE.open("rb") as handle:
        return tomllib.load(handle)["stories"]


def themes_of(text: str, taxonomy: Taxonomy, extra=()) -> set[str]:
    return {m.theme_id for m in match_story(text, taxonomy, extra)}


def custom_taxonomy(tmp_path, text: str) -> Taxonomy:
    """A taxonomy written for one test, loaded as a coach's edited file would be."""
    custom = tmp_path / "themes.toml"
    custom.write_text(text)
    return load_taxonomy(custom)


# -- the taxonomy file ------------------------------------------------------------------


def test_taxonomy_holds_the_shared_theme_ids_in_order(taxonomy):
    assert taxonomy.ids == THEME_IDS


def test_every_theme_has_a_short_label_a_description_patterns_and_no_actions_yet(taxonomy):
    for theme in taxonomy.themes:
        assert theme.label and len(theme.label) <= 40, theme.id
        assert theme.description.strip(), theme.id
        assert theme.patterns, theme.id
        assert theme.actions == (), theme.id


def test_get_finds_a_theme_by_id_and_returns_none_for_unknown(taxonomy):
    assert taxonomy.get("no_feedback").label == "No feedback, or ghosted"
    assert taxonomy.get("no_such_theme") is None


def test_default_taxonomy_is_loaded_once_but_a_path_reads_the_file_again(taxonomy):
    assert load_taxonomy() is taxonomy
    fresh = load_taxonomy(DEFAULT_PATH)
    assert fresh is not taxonomy
    assert fresh == taxonomy


def test_a_mistake_in_a_pattern_is_reported_at_load_time(tmp_path):
    broken = tmp_path / "themes.toml"
    broken.write_text('[[themes]]\nid = "x"\nlabel = "X"\ndescription = "x"\npatterns = ["@nosuchgroup feedback"]\n')
    with pytest.raises(ValueError, match="unknown word group"):
        load_taxonomy(broken)


def test_the_pattern_language_does_what_the_guide_says(tmp_path):
    demo = custom_taxonomy(
        tmp_path,
        """
        [groups]
        pets = ["cat", "dog"]
        [[themes]]
        id = "demo"
        label = "Demo"
        description = "Demo"
        window = 4
        patterns = ["radio silence", "never ... heard back", "ghost*", "@pets food",
                    "# rounds", "salary & high", "=internally"]
        """,
    )
    assert themes_of("pure radio silence", demo) == {"demo"}
    assert themes_of("silence on the radio", demo) == set()
    assert themes_of("I never really heard back", demo) == {"demo"}
    assert themes_of("never, as I recall, heard back", demo) == set()  # not across a comma
    assert themes_of("they were ghosting", demo) == {"demo"}
    assert themes_of("dog food", demo) == {"demo"} and themes_of("fish food", demo) == set()
    assert themes_of("after 7 rounds", demo) == {"demo"}
    assert themes_of("high hopes for the salary", demo) == set()  # 6 words > window 4
    assert themes_of("salary was high", demo) == {"demo"}
    assert themes_of("hired internally", demo) == {"demo"}
    assert themes_of("an internal move", demo) == set()


def test_clause_edges_tie_a_pattern_to_words_said_on_their_own(tmp_path):
    demo = custom_taxonomy(
        tmp_path,
        """
        [[themes]]
        id = "long"
        label = "Long"
        description = "x"
        patterns = ["^ # months $"]
        """,
    )
    assert themes_of("Five stages. Four months. Then a no.", demo) == {"long"}
    assert themes_of("Four months, and nothing.", demo) == {"long"}
    assert themes_of("Four months later they called.", demo) == set()
    assert themes_of("It took four months.", demo) == set()
    assert themes_of("Quick, but four months.", demo) == set()  # "but" is no punctuation mark


def test_weak_patterns_count_only_when_no_other_theme_is_signalled(tmp_path):
    demo = custom_taxonomy(
        tmp_path,
        """
        [[themes]]
        id = "silence"
        label = "Silence"
        description = "x"
        patterns = ["ghost*"]
        weak = ["no reply"]
        [[themes]]
        id = "nerves"
        label = "Nerves"
        description = "x"
        patterns = ["nervous"]
        """,
    )
    assert themes_of("There was no reply.", demo) == {"silence"}
    assert themes_of("I was nervous. There was no reply.", demo) == {"nerves"}
    assert themes_of("I was nervous. They ghosted me, no reply.", demo) == {"nerves", "silence"}
    assert themes_of("I was nervous. There was not a reply.", demo) == {"nerves"}
    # two passing mentions in different places of the story add up to a real sign
    assert themes_of("I was nervous. There was no reply, and later still no reply.", demo) == {"nerves", "silence"}


# -- matching stories ---------------------------------------------------------------------


def test_each_test_story_gets_exactly_its_expected_themes(taxonomy, stories):
    assert len(stories) >= 40
    problems = []
    for story in stories:
        found = match_story(story["text"], taxonomy)
        got = {m.theme_id for m in found}
        expected = set(story["themes"])
        if got != expected:
            detail = {m.theme_id: m.evidence for m in found}
            problems.append(
                f"{story['id']}: missing {sorted(expected - got)}, unexpected {sorted(got - expected)}"
                f" (evidence {detail})"
            )
    assert not problems, f"{len(problems)} stories themed wrongly:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("To be fair they did give me feedback.", "no_feedback"),
        ("They didn't ghost me, they called with feedback the same day.", "no_feedback"),
        ("I wasn't nervous at all.", "interview_nerves"),
        ("I did not feel nervous or anxious.", "interview_nerves"),
        ("I was rejected, not because of my salary expectations.", "salary_mismatch"),
        ("My salary expectations were not the problem.", "salary_mismatch"),
        ("It had nothing to do with my lack of experience.", "experience_gap"),
        ("The gap in my CV was never an issue.", "career_gap"),
        ("It was not about culture fit.", "culture_fit"),
        ("The interviewer was not rude at all.", "rapport"),
        ("The role was not cancelled, they hired someone else.", "role_cancelled"),
    ],
)
def test_a_negated_or_disclaimed_theme_is_not_matched(taxonomy, text, theme):
    assert theme not in themes_of(text, taxonomy)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("They never gave me any feedback.", "no_feedback"),
        ("I was so nervous.", "interview_nerves"),
        ("My salary expectations were too high for them.", "salary_mismatch"),
        ("They said I lacked experience.", "experience_gap"),
        ("They said I was not a culture fit.", "culture_fit"),
        ("I have never been so nervous in my life.", "interview_nerves"),
        ("I couldn't stop shaking, my voice was shaking too.", "interview_nerves"),
        ("I didn't get the job because my salary expectations were too high.", "salary_mismatch"),
    ],
)
def test_the_same_words_without_the_negation_do_match(taxonomy, text, theme):
    assert theme in themes_of(text, taxonomy)


@pytest.mark.parametrize(
    "text",
    [
        "radio silence",
        "never heard back",
        "an automated email three weeks later",
        "they just stopped replying",
        "no one got back to me",
        "still waiting since March",
        "They recieved my CV and sent no feedbak.",
        "Ghosting again.",
        "Nobody ever answered my emails.",
        "they left me hanging for weeks",
    ],
)
def test_the_many_ways_of_saying_no_feedback(taxonomy, text):
    assert themes_of(text, taxonomy) == {"no_feedback"}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("They wanted someone more senior.", "experience_gap"),
        ("Apparently they need someone who has already led a team.", "experience_gap"),
        ("My portfolio was too thin on video work.", "skills_test"),
        ("I started to think I am not smart enough for this field.", "self_doubt"),
        ("Maybe I'm just not cut out for this.", "self_doubt"),
        ("They said I wouldn't mesh with the team.", "culture_fit"),
        ("I'm trying to move from teaching into UX.", "career_change"),
        ("The pay they offered was way below the ad.", "salary_mismatch"),
        ("They could not meet my salary expectations.", "salary_mismatch"),
        ("They said they'd call on Friday. That was three weeks ago.", "no_feedback"),
        ("The job went to their own intern.", "internal_candidate"),
        ("I couldn't finish the second task in time.", "skills_test"),
        ("I cleared two out of four; the cut-off was three.", "skills_test"),
        ("They need someone fluent in Mandarin for the client calls.", "skills_test"),
        ('He said my style was too "stiff" for their crew.', "culture_fit"),
        ("They said I'd probably find it boring after running a depot.", "overqualified"),
        ("The interviewer mimicked my accent and was on his laptop the whole time.", "rapport"),
        ("The joining date was postponed four times.", "long_process"),
        ("They had me do three unpaid trial shifts.", "long_process"),
        ("Sanele had already been acting in the role for a year.", "internal_candidate"),
        ("They had her in mind from the start.", "internal_candidate"),
        ("He asked my caste and my father's village.", "unfair_process"),
        ("The advert said not more than 26 years old.", "unfair_process"),
        ("Career switchers start from zero.", "career_change"),
        ("My Employment Pass was rejected.", "location_visa"),
        ("Maybe I'm just not shift lead material.", "self_doubt"),
        ("Not a rejection, not an update, nothing.", "no_feedback"),
        ("I asked if there was room to negotiate; she said it's the standard trainee rate.", "salary_mismatch"),
        ("The manager asked whether I was planning to retire soon.", "unfair_process"),
        ("A man said the post is mine if I facilitate with eighty thousand.", "unfair_process"),
        ("They said they prefer someone already based at the coast.", "location_visa"),
        ("The rejection said they went with someone who better reflected their culture.", "culture_fit"),
        ("Now I can't stop asking what I could have said better.", "self_doubt"),
        ("They called to say they decided to pause and re-scope the role.", "role_cancelled"),
        ("My score on the aptitude test was too low.", "skills_test"),
        ("The trade test did not go well, the weld cracked.", "skills_test"),
        ("I scored 45 and they needed 60.", "skills_test"),
        ("Typing test on the spot. Failed.", "skills_test"),
        ("I stuffed up the numeracy test.", "skills_test"),
        ("Five stages. Four months. Then a template email.", "long_process"),
        ("I replied asking what I could improve. Nothing.", "no_feedback"),
        ("They promoted one of their shift leads instead.", "internal_candidate"),
        ("The post went to the MD's nephew.", "internal_candidate"),
        ("I was home with my kids for six years.", "career_gap"),
        ("Wondering if I'm even cut out for this.", "self_doubt"),
        ("It was me and one other candidate until the end.", "narrow_loss"),
        ("The advert said remote-first; now they want four days in the office.", "unfair_process"),
        ("He was really short with me the whole time.", "rapport"),
        ("She rolled her eyes when I answered.", "rapport"),
        ("He talked over me constantly.", "rapport"),
        ("He spent the interview on his phone.", "rapport"),
        ("I thought he was rude.", "rapport"),
        ("Interviewernya galak banget.", "rapport"),
        ("HR-nya hilang gitu aja setelah interview user.", "no_feedback"),
        ("Two weeks and nothing since.", "no_feedback"),
        ("That was six weeks ago. No call, no email.", "no_feedback"),
        ("They said they'd revert. Until now no revert lor.", "no_feedback"),
        ("They stopped calling after the second interview.", "no_feedback"),
        ("Then they went quiet for three weeks.", "no_feedback"),
        ("They never replied to my follow-up email.", "no_feedback"),
        ("HR tak balas email aku langsung.", "no_feedback"),
        ("The interviewer was cold and dismissive.", "rapport"),
        ("He came across as arrogant and dismissive.", "rapport"),
        ("He watched me make one while he talked on the phone.", "rapport"),
        ("The whole time he was on his laptop.", "rapport"),
        ("He looked at his laptop the whole time.", "rapport"),
        ("She just stared at my CV and never smiled.", "rapport"),
        ("Five rounds and then nothing.", "long_process"),
        ("So that was free work, and they posted my caption idea the next week.", "long_process"),
        ("They scrapped the role after the final round.", "role_cancelled"),
        ("The project was scrapped.", "role_cancelled"),
        ("Three months of waiting for a no.", "long_process"),
        ("Gaji yang ditawarkan di bawah pasaran.", "salary_mismatch"),
        ("Till date, nothing from them.", "no_feedback"),
        ("They stopped picking my calls.", "no_feedback"),
        ("Hadi leo hawajanijibu.", "no_feedback"),
        ("Mpaka leo sijasikia kitu.", "no_feedback"),
        ("It's been a month now, hakuna hata sorry.", "no_feedback"),
        ("Wamekaa kimya tangu interview.", "no_feedback"),
        ("The test score was under their minimum.", "skills_test"),
        ("SKD-nya aku gagal di TWK, kurang 5 poin dari passing grade.", "skills_test"),
        ("I froze on the pivot part because at my old job we only used Google Sheets.", "skills_test"),
        ("Separuh sahaja siap, saya lambat mencari menu.", "skills_test"),
        ("Dem just dey quiet, no word.", "no_feedback"),
        ("Na so dem take disappear.", "no_feedback"),
        ("The recruiter kept quiet for three weeks.", "no_feedback"),
        ("Saya kena masuk pejabat lima hari seminggu, rumah saya jauh.", "location_visa"),
        ("Setelah interview user, HR-nya menghilang begitu saja.", "no_feedback"),
        ("Lepas interview, HR terus senyap.", "no_feedback"),
        ("Dia nggak melihat saya sama sekali selama interview.", "rapport"),
        ("Our personalities clashed from the first minute.", "culture_fit"),
        ("I spent the whole weekend on their take-home task.", "long_process"),
        ("I don't know what I'm doing wrong anymore.", "self_doubt"),
        ("My confidence is shot.", "self_doubt"),
        ("The HR person read my message and never replied.", "no_feedback"),
        ("It's been a month and I'm still in the dark.", "no_feedback"),
        ("Round one SQL, round two a case, round three the PM, round four a director. Then no.", "long_process"),
        ("Exam in March, interview in October. Almost a year of my life, for a no.", "long_process"),
    ],
)
def test_indirect_wording_is_read(taxonomy, text, theme):
    # (quotation marks do not end a clause: 'too "stiff" for their crew' is one)
    assert theme in themes_of(text, taxonomy)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("I applied in March and had the interview in April.", "long_process"),
        ("I have spent six months looking for work.", "long_process"),
        ("I was so tired after the night shift.", "long_process"),
        ("After five rounds they offered less than my current pay.", "long_process"),
        ("The whole search is exhausting, and they wanted someone more senior.", "long_process"),
        ("They sent the interview invitation by email.", "no_feedback"),
        ("They told me no on the phone and explained why.", "no_feedback"),
        ("The process took two weeks and they gave me useful feedback.", "no_feedback"),
        ("The process took two weeks and they gave me useful feedback.", "long_process"),
        ("I work as a caregiver in a nursing home.", "career_gap"),
        ("Biasanya saya datang lebih awal.", "unfair_process"),
        ("The owner's son interviewed me and my mind went blank.", "unfair_process"),
        ("I took eighteen months off after burnout.", "long_process"),
        ("Numbers make me sweat, so I practised the test.", "interview_nerves"),
        ("Call me if there's a gap in your team.", "career_gap"),
        ("The tips went into the pot for the staff.", "career_change"),
        ("Got an sms 20 minutes later: you do not meet the minimum requirments.", "skills_test"),
        ("I like going home for dinner with my family.", "career_gap"),
        ("The recruiter promised feedback and then went quiet.", "interview_nerves"),
        ("In the group exercise I went quiet while others talked.", "no_feedback"),
        ("The manager kept me waiting an hour in reception before the interview.", "no_feedback"),
        ("They kept us waiting 40 minutes in the lobby.", "no_feedback"),
        ("I was confident going into the panel.", "self_doubt"),
        ("I know this work inside out.", "internal_candidate"),
        ("Applied for a theatre nurse post; they need three years on the wards first.", "unfair_process"),
        ("The other finalists came from banks, and I was too nervous to think.", "narrow_loss"),
        ("I spent six years at home and the last two caring for my mom.", "narrow_loss"),
        ("He asked zero follow-up questions.", "no_feedback"),
        ("Two interviews, zero offers. The last one was kind.", "salary_mismatch"),
        ("It took three weeks to hear back, and the recruiter explained why.", "long_process"),
        ("She smiled a lot and we chatted about football. Then a no by email.", "no_feedback"),
        ("I didn't hear anything for a few days, then they called with feedback.", "no_feedback"),
        ("The hiring manager was friendly and walked me to the lift.", "unfair_process"),
        ("Four months later I applied again.", "long_process"),
        ("In the last two months I applied to fifty jobs.", "long_process"),
        ("No news is good news, I thought, and then the offer came.", "no_feedback"),
        ("No rapport issues, we got along well.", "rapport"),
        ("I was already doing the same job at my old company.", "internal_candidate"),
        ("Someone she knew from church recommended me.", "internal_candidate"),
        ("I spoke to one of their staff at the careers fair.", "internal_candidate"),
        ("The two panel members, who were already seated there, smiled.", "internal_candidate"),
        ("I worked there before as an intern, so I knew the place.", "internal_candidate"),
        ("I asked them what I did wrong and got no answer.", "self_doubt"),
        ("I was home with my kids when the call came.", "career_gap"),
        ("I kept raising the issue of pay.", "career_gap"),
        ("It took so long to find anything.", "long_process"),
        ("Me and another friend drove there together.", "narrow_loss"),
        ("The video call timed out twice, so we switched to phone.", "skills_test"),
        ("The interview didn't start properly because of the wifi.", "skills_test"),
        ("I went back to their office to collect my ID.", "location_visa"),
        ("I read the email and didn't reply for a day because I was upset.", "no_feedback"),
        ("The hiring manager called me last month.", "long_process"),
        ("My daughter was born and I took a year off.", "unfair_process"),
        ("One more formality, they said: a reference check.", "unfair_process"),
        ("They said I was overqualified. My friend says just go abroad.", "location_visa"),
        ("They wanted a local: the last two hires from out of town all quit after 3 months.", "long_process"),
        ("Panel best, tapi timing je tak ngam: diorang perlukan orang start Januari.", "rapport"),
        ("Panel best, tapi timing je tak ngam: diorang perlukan orang start Januari.", "culture_fit"),
        ("Memang tak ngam dengan team, vibe lain macam.", "rapport"),
        ("I kept looking at the clock, so I rushed my answers. They want more experience.", "rapport"),
        ("The interview was on a phone call. They said my salary ask was too high.", "rapport"),
        ("I answered a call from the recruiter on the bus. The offer was below my pay.", "rapport"),
        ("We had a great connection, but they went with an internal candidate.", "rapport"),
        (
            "While waiting for their decision I applied to two more places. They chose an internal candidate.",
            "no_feedback",
        ),
        ("It took me three months to find another job after that.", "long_process"),
        ("It took two months to get over it, honestly.", "long_process"),
        ("My fourth final-round interview this year, and another no.", "long_process"),
        ("I was the fifth interview of the day, so they were tired.", "long_process"),
        # counted verbs count nothing ("ten minutes and called", "five minutes they tested")
        ("After five minutes they tested me on Excel.", "long_process"),
        # the writer's own state is not the interviewer's manner
        ("I was so annoyed that they gave it to someone else.", "rapport"),
        ("They thought I would get bored in the role.", "rapport"),
        ("I felt cold and nervous when they called my name.", "rapport"),
        # a stretch without work is not silence
        ("I have a masters and a year of nothing since my contract ended.", "no_feedback"),
        # a Malay word is not read through Indonesian affixes ("galakkan": encourage)
        ("Beliau galakkan saya memohon lagi tahun depan, markah saya calon kedua.", "rapport"),
        # a post that vanished was cancelled; nobody went silent
        ("Seminggu sebelum join, posisinya hilang gitu aja karena headcount freeze.", "no_feedback"),
        ("Jawatan tu hilang macam tu je sebab bajet dipotong.", "no_feedback"),
        # "kerja" is the job itself, not a task set ("kerja jam 9-6 dan weekend off")
        ("Aku prefer kerja jam 9-6 dan weekend off, katanya not the right fit for the team.", "long_process"),
        # a call, an email or a silence that is no complaint of silence
        ("No email for a week, then a call saying they'd gone with someone with more experience.", "no_feedback"),
        ("There was no call for me to come back, just an email saying the role was frozen.", "no_feedback"),
        ("The interviewer stopped the call after ten minutes. They wanted more experience.", "no_feedback"),
        ("I got zero on the numeracy section of the test.", "no_feedback"),
        ("He disappeared into a meeting and came back with the offer letter.", "no_feedback"),
        ("The panel went quiet when I mentioned my age. They said I was overqualified.", "no_feedback"),
        # a question left unanswered, not hearing, not being told what to expect
        ("No one told me what to expect, so I froze when the test started.", "no_feedback"),
        ("I couldn't hear a thing, the connection was so bad.", "no_feedback"),
        ("I didn't get a word in, he talked the whole time.", "no_feedback"),
        ("Nobody explained what the role involved until the final round.", "no_feedback"),
        ("They never answered my question about the salary band.", "no_feedback"),
        ("Dia tak jawab soalan aku pasal gaji, terus tukar topik.", "no_feedback"),
        ("Dia nggak jawab pertanyaanku soal jenjang karier.", "no_feedback"),
        # "favorite" shares a stem with "favoritism"
        ("We talked about her favorite recipe for ten minutes, then she asked about pay.", "unfair_process"),
        # a phone call or phone screen is not an interviewer busy on a phone
        ("I was on the phone with the recruiter for an hour going over the role.", "rapport"),
        ("We talked on the phone for an hour, then she said they went with someone local.", "rapport"),
        # "personality" read exactly: its stem is "person"
        ("The other person just matched what they needed, with a forklift licence.", "culture_fit"),
        ("She said I was a different person on the phone compared to the interview.", "culture_fit"),
        # the writer staring, or an interviewer looking at a screen beside another theme
        ("I stared at the screen for ages when the rejection came, they wanted more experience.", "rapport"),
        ("She looked at her screen and read out the salary band, way under my current pay.", "rapport"),
        # interviews counted over a month count the search, not one process
        ("I had four interviews this month and all said no.", "long_process"),
        # silent when asked, or away a moment, in the room; not reading the CV
        ("HRD-nya sempat hilang sebentar karena ada meeting, terus bilang posisinya sudah diisi.", "no_feedback"),
        ("Dia diam saja waktu saya tanya soal gaji, lalu bilang budget-nya cuma 5 juta.", "no_feedback"),
        ("HR senyap je bila aku tanya pasal gaji, lepas tu dia cakap bajet cuma RM3,000.", "no_feedback"),
        ("Dia nggak lihat CV saya sebelum interview, tapi ramah sih. Katanya saya kurang pengalaman.", "rapport"),
        # "scrappy" is not "scrapped", "piece-jobbing" is not a job
        ("The CEO said their team is 'scrappy' and I'd come from big corporate.", "role_cancelled"),
        ("Got retrenched in 2023 when the depot closed and i've been piece-jobbing since.", "role_cancelled"),
        # "waitressing" is not "waiting"
        ("After six months of waitressing I applied for an office job at a bank.", "long_process"),
        # the Indonesian stemmer reads "pemasaran" (marketing) as "pasaran" (the market) and
        # "jabatan" (a department) as "pejabat" (an office)
        (
            "Saya temuduga untuk jawatan di bawah jabatan pemasaran, tetapi mereka pilih calon dalaman.",
            "salary_mismatch",
        ),
        ("Aku apply posisi di bawah divisi pemasaran, tapi katanya aku kurang pengalaman.", "salary_mismatch"),
        ("Saya kena masuk jabatan kewangan dulu. Mereka kata saya overqualified.", "location_visa"),
        # "until now" or "nothing from" in passing, Swahili "hakuna" in passing
        ("Until now I never knew the panel would be five people.", "no_feedback"),
        ("I learned nothing from them about the role.", "no_feedback"),
        ("Hakuna kitu ningefanya, they wanted someone with a degree.", "no_feedback"),
        # how they saw the writer is not the interviewer's manner
        ("They said I came across as arrogant in the group exercise.", "rapport"),
        # "cold" or "impatient" said of something else
        ("She was a cold caller before this job. They hired an internal candidate.", "rapport"),
        ("The manager was so impatient to fill the role they skipped the reference check.", "rapport"),
        # the writer's own preparation, a short wait
        (
            "I spent the whole weekend preparing for the interview, then they said my salary was too high.",
            "long_process",
        ),
        ("The whole process was quick, one week, and they said I lacked experience.", "long_process"),
        # "awkward" said in passing beside another theme's sign
        ("Mereka kata saya terlalu senior, takut awkward dengan manager.", "rapport"),
    ],
)
def test_a_passing_mention_is_not_a_theme(taxonomy, text, theme):
    assert theme not in themes_of(text, taxonomy)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("I was never made to feel like a failure.", "self_doubt"),
        ("It wasn't a long process at all.", "long_process"),
        ("Nobody was rude to me.", "rapport"),
        ("They never said I was too junior.", "experience_gap"),
        ("I was not stuck on any question.", "skills_test"),
        ("They did not hire an internal candidate.", "internal_candidate"),
        ("The offer was not below what I earn now.", "salary_mismatch"),
        ("It was not about the commute.", "location_visa"),
        ("The job did not go to the MD's nephew, it went to an outsider.", "internal_candidate"),
        ("It wasn't me and one other candidate, there were twenty of us.", "narrow_loss"),
        ("My score was not too low, it was the interview.", "skills_test"),
        ("I don't think I'm the problem.", "self_doubt"),
        ("They didn't ask about my boyfriend.", "unfair_process"),
        ("Nobody said I was too Indian.", "unfair_process"),
    ],
)
def test_new_patterns_still_respect_negation(taxonomy, text, theme):
    assert theme not in themes_of(text, taxonomy)


def test_a_passing_no_feedback_does_not_stand_beside_a_stronger_theme(taxonomy):
    assert themes_of("They said I was overqualified. No feedback beyond that.", taxonomy) == {"overqualified"}
    assert themes_of("No feedback at all.", taxonomy) == {"no_feedback"}
    assert themes_of("They said I was overqualified and then ghosted me.", taxonomy) == {"overqualified", "no_feedback"}
    # nobody calling is often said of applications that never got an interview
    filtered = "My CV got filtered out by the system every time. Not one phone call."
    assert themes_of(filtered, taxonomy) == {"cv_filtered"}
    assert themes_of("Not one phone call after the interview.", taxonomy) == {"no_feedback"}
    assert "no_feedback" in themes_of("My CV got filtered out. Nobody called me back after the interview.", taxonomy)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("they told me I'm overqualify", "overqualified"),
        ("They said I was over-qualified.", "overqualified"),
        ("I had an intreview and got no responce.", "no_feedback"),
        ("I was too nervious to think.", "interview_nerves"),
        ("My sallary expectation was to high for them", "salary_mismatch"),
    ],
)
def test_common_typos_are_tolerated(taxonomy, text, theme):
    assert theme in themes_of(text, taxonomy)


def test_only_listed_long_words_are_read_through_typos(tmp_path):
    story = "No one had a contract ready on day one."
    assert "no_feedback" not in themes_of(story, load_taxonomy())
    # were "contact" typo-tolerant, "contract" (one letter away) would be read as it
    text = DEFAULT_PATH.read_text().replace("typo_tolerant = [", 'typo_tolerant = ["contact", ', 1)
    loose = tmp_path / "themes.toml"
    loose.write_text(text)
    assert "no_feedback" in themes_of(story, load_taxonomy(loose))


def test_evidence_is_words_actually_written_in_the_story(taxonomy, stories):
    for story in stories:
        for match in match_story(story["text"], taxonomy):
            assert match.evidence, story["id"]
            for words in match.evidence:
                assert words and words in story["text"], (story["id"], words)


def test_evidence_names_the_triggering_words(taxonomy):
    (match,) = match_story("Honestly, total radio silence after the panel.", taxonomy)
    assert match == ThemeMatch("no_feedback", "No feedback, or ghosted", ("total radio silence",))


def test_matches_come_in_taxonomy_order(taxonomy):
    text = "I was so nervous. They ghosted me. My visa was the problem. I felt like a failure."
    ids = [m.theme_id for m in match_story(text, taxonomy)]
    assert ids == ["no_feedback", "interview_nerves", "self_doubt", "location_visa"]


def test_matching_is_deterministic(taxonomy, stories):
    texts = [s["text"] for s in stories]
    first = [match_story(t, taxonomy) for t in texts]
    again = [match_story(t, taxonomy) for t in reversed(texts)][::-1]
    fresh = load_taxonomy(DEFAULT_PATH)
    assert first == again == [match_story(t, fresh) for t in texts]


def test_placeholders_are_ignored(taxonomy):
    assert match_story("[name] [employer] [email] [phone] [link] [handle] [address]", taxonomy) == []
    assert match_story("My [redacted] was [redacted].", taxonomy) == []
    # a placeholder in the middle of a sentence does not hide the words around it
    assert themes_of("I never heard back from [employer] about [reference].", taxonomy) == {"no_feedback"}
    # and never reaches the evidence as a word on its own
    for match in match_story("[name] ghosted me", taxonomy):
        assert match.evidence == ("ghosted",)


def test_empty_story_matches_nothing(taxonomy):
    assert match_story("", taxonomy) == []
    assert match_story("   \n ", taxonomy) == []


# -- workshop phrase themes ------------------------------------------------------------------


def test_phrase_theme_matches_its_words_in_any_order_within_a_small_window(taxonomy):
    theme = phrase_theme("custom-1", "Hiring manager left", "hiring manager left")
    assert isinstance(theme, Theme) and theme.id == "custom-1" and theme.actions == ()
    assert "custom-1" in themes_of("Then the hiring manager left the company.", taxonomy, [theme])
    assert "custom-1" in themes_of("our hiring managers are leaving", taxonomy, [theme])
    assert "custom-1" in themes_of("the manager doing the hiring left", taxonomy, [theme])
    far = "the manager was great, I thought the hiring would go well, and then I left"
    assert "custom-1" not in themes_of(far, taxonomy, [theme])
    assert "custom-1" not in themes_of("Then the hiring manager left the company.", taxonomy)


def test_phrase_themes_come_after_the_taxonomy_with_evidence(taxonomy):
    theme = phrase_theme("custom-2", "Recruiter agency", "the recruitment agency")
    found = match_story("They ghosted me. The recruitment agency was useless.", taxonomy, [theme])
    assert [m.theme_id for m in found] == ["no_feedback", "custom-2"]
    assert found[-1] == ThemeMatch("custom-2", "Recruiter agency", ("recruitment agency",))


def test_a_phrase_theme_cannot_reuse_a_taxonomy_id(taxonomy):
    with pytest.raises(ValueError):
        match_story("anything", taxonomy, [phrase_theme("no_feedback", "Dup", "some words")])


# -- emerging phrases ----------------------------------------------------------------------

FILLER = [
    "The interview was on a Tuesday morning.",
    "I prepared examples from my previous job.",
    "They asked about my strengths.",
    "I wore a blue shirt.",
    "The office had a nice garden.",
]


def room(phrase: str, times: int, total: int = 8) -> list[str]:
    return [(f"It was about the {phrase}. " if i < times else "") + FILLER[i % len(FILLER)] for i in range(total)]


def test_a_phrase_needs_k_different_stories(taxonomy):
    below = emerging_phrases(room("reference check", 2), taxonomy, k=3)
    assert "reference check" not in [p.text for p in below]
    at_k = emerging_phrases(room("reference check", 3), taxonomy, k=3)
    assert Phrase("refer check", "reference check", 3) in at_k


def test_count_is_stories_not_occurrences(taxonomy):
    stories = ["reference check, reference check, reference check again"] * 1 + room("reference check", 2)
    assert "reference check" not in [p.text for p in emerging_phrases(stories, taxonomy, k=4)]
    (phrase,) = [p for p in emerging_phrases(stories, taxonomy, k=3) if p.text == "reference check"]
    assert phrase.count == 3


def test_k_below_two_is_refused(taxonomy):
    with pytest.raises(ValueError):
        emerging_phrases(room("reference check", 3), taxonomy, k=1)


def test_phrases_a_theme_already_covers_do_not_emerge(taxonomy):
    stories = [f"Total radio silence from them, then I got ghosted. {f}" for f in FILLER]
    texts = [p.text for p in emerging_phrases(stories, taxonomy, k=3)]
    for covered in ("radio silence", "silence", "ghosted", "radio"):
        assert covered not in texts
    promoted = phrase_theme("custom-1", "Reference checks", "reference check")
    after = emerging_phrases(room("reference check", 4), taxonomy, k=3, extra=[promoted])
    assert "reference check" not in [p.text for p in after]


def test_stop_words_generic_words_numbers_and_placeholders_never_emerge(taxonomy):
    stories = [f"I really felt the job interview at [employer] with [name] was 3 hours. {f}" for f in FILLER]
    texts = {p.text for p in emerging_phrases(stories, taxonomy, k=3, limit=50)}
    banned = {
        "i",
        "the",
        "was",
        "job",
        "interview",
        "really",
        "felt",
        "job interview",
        "3",
        "3 hours",
        "employer",
        "name",
        "[employer]",
        "[name]",
        "hours",
    }
    assert not texts & banned
    assert all("[" not in t and not any(ch.isdigit() for ch in t) for t in texts)


def test_longer_phrases_win_over_their_parts_when_counts_are_equal(taxonomy):
    phrases = emerging_phrases(room("hiring manager left", 4), taxonomy, k=3)
    texts = [p.text for p in phrases]
    assert "hiring manager left" in texts
    assert "manager left" not in texts and "hiring manager" not in texts


def test_a_part_shared_more_widely_than_the_longer_phrase_is_kept(taxonomy):
    stories = room("hiring manager left", 3) + ["The hiring manager smiled.", "A hiring manager phoned."]
    found = {p.text: p.count for p in emerging_phrases(stories, taxonomy, k=3)}
    assert found["hiring manager left"] == 3
    assert found["hiring manager"] == 5


def test_emerging_order_is_count_then_text_and_limit_applies(taxonomy):
    stories = room("reference check", 3, 8)
    stories = [s + " The onboarding portal crashed." if i < 5 else s for i, s in enumerate(stories)]
    stories = [s + " Awful parking." if i >= 4 else s for i, s in enumerate(stories)]
    phrases = emerging_phrases(stories, taxonomy, k=3)
    keys = [(-p.count, p.text) for p in phrases]
    assert keys == sorted(keys)
    assert phrases[0].count >= phrases[-1].count
    assert len(emerging_phrases(stories, taxonomy, k=3, limit=2)) == 2
    assert emerging_phrases(stories, taxonomy, k=3) == emerging_phrases(stories, taxonomy, k=3)


def test_the_most_common_written_form_is_shown(taxonomy):
    stories = [
        "The Reference Checks took ages.",
        "reference checks were slow.",
        "My reference checks failed.",
        "Another reference check.",
    ]
    (phrase,) = [p for p in emerging_phrases(stories, taxonomy, k=3) if p.key == "refer check"]
    assert phrase.text == "reference checks" and phrase.count == 4


def test_room_theme_counts_keep_only_what_k_stories_share(taxonomy):
    stories = ["They ghosted me."] * 3 + ["I was so nervous."] * 2
    counts = room_theme_counts([match_story(text, taxonomy) for text in stories], taxonomy, k=3)
    assert [(t.theme_id, t.count) for t in counts] == [("no_feedback", 3)]


# -- the command-line feed -------------------------------------------------------------------


def test_cli_yields_one_line_per_story_with_themes_and_evidence():
    lines = [
        json.dumps({"id": "a", "text": "They ghosted me.", "stage": "ignored"}),
        "",
        json.dumps({"id": 7, "text": "A calm, friendly chat."}),
    ]
    out = list(stories_for_cli(lines, room=False))
    assert out == [
        {"id": "a", "themes": [{"id": "no_feedback", "label": "No feedback, or ghosted", "evidence": ["ghosted"]}]},
        {"id": 7, "themes": []},
    ]


def test_cli_reports_unreadable_lines_by_number_and_goes_on():
    lines = ["{not json", "[1, 2]", json.dumps({"id": "x"}), json.dumps({"id": "y", "text": "ok"})]
    out = list(stories_for_cli(lines, room=False))
    assert [o.get("id") for o in out] == [1, 2, 3, "y"]
    assert all("error" in o for o in out[:3]) and "error" not in out[3]


def test_cli_uses_the_line_number_when_a_story_has_no_id():
    assert list(stories_for_cli(["", json.dumps({"text": "ok"})], room=False)) == [{"id": 2, "themes": []}]


def test_cli_refuses_a_room_view_below_the_privacy_floor():
    with pytest.raises(ValueError):
        list(stories_for_cli([json.dumps({"id": 1, "text": "ok"})], room=True, k=1))


def test_cli_room_summary_follows_the_stories_and_respects_k():
    texts = ["They ghosted me. The reference check was odd."] * 3 + ["I was so nervous."] * 2
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    out = list(stories_for_cli(lines, room=True, k=3))
    assert len(out) == len(texts) + 1
    room_view = out[-1]["room"]
    assert room_view["themes"] == [{"id": "no_feedback", "label": "No feedback, or ghosted", "count": 3}]
    assert {"phrase": "reference check", "count": 3} in room_view["emerging"]
    assert all(e["count"] >= 3 for e in room_view["emerging"])
    assert json.loads(json.dumps(out)) == out


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # the interviewer checking their phone is rapport; the writer checking theirs is a wait
        ("The panel chair kept checking his phone while I talked.", "rapport", "no_feedback"),
        ("Three weeks on I still keep checking my inbox every hour.", "no_feedback", None),
        # getting through the sift is no filtering; a filtered CV is
        ("Passed the sift, did the interview, scored well on the behaviours.", None, "cv_filtered"),
        ("My application was sifted out by software in minutes.", "cv_filtered", None),
        # a post that will not be filled is cancelled
        ("After the budget review the post will not be filled this year.", "role_cancelled", None),
        # years asked for in a team or a field
        ("They want at least 3 years in a product team before this role.", "experience_gap", None),
    ],
)
def test_round17_wording_from_the_eleventh_batch(taxonomy, text, present, absent):
    found = themes_of(text, taxonomy)
    assert present is None or present in found, found
    assert absent is None or absent not in found, found
