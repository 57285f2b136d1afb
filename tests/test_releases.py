"""Attacks on k, replayed: every screen and export reads the same release, and a release
takes in changes only once at least k people made them (issue 11, attacks 1 to 5 and 9).

Each test plays a curious coach (or a participant with spare phones) and asserts what they
must not learn. Helpers read the figures a page shows, so two readings can be compared.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import ParticipantTheme, Phase
from workshop.services import follow_ups, releases

from .helpers import check_in, sid, tell

GHOSTED = "They ghosted me after the final round. Radio silence for weeks."
GROUP = "They gave us a group exercise and I went quiet."
QUIET = "Nothing much to say about it, really."
K = 3


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def workshop(coach, make_workshop):
    return make_workshop(coach, phase=Phase.REFLECT, min_group_size=K)


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


def phones_for(workshop, join, n: int) -> list:
    return [join(workshop)[0] for _ in range(n)]


def advance(screen, workshop, to: str) -> None:
    assert screen.post(f"/workshops/{workshop.id}/phase", data={"to": to}).status_code == 303


def projector(screen, workshop) -> str:
    return screen.get(f"/workshops/{workshop.id}/projector", headers={"HX-Request": "true"}).text


def report(screen, workshop) -> str:
    return screen.get(f"/workshops/{workshop.id}/report").text


def spreadsheet(screen, workshop) -> str:
    return screen.get(f"/workshops/{workshop.id}/report.csv").text


def theme_counts(html: str) -> set[tuple[int, int]]:
    """The (count, out of) pairs of the themes a page shows."""
    return {(int(n), int(m)) for n, m in re.findall(r"<strong>(\d+)</strong> of (\d+) of you", html)}


def figures(html: str) -> dict[str, list[str]]:
    """Every figure of the board (and the report's confidence line) as the page shows it."""
    return {
        "themes": sorted(re.findall(r"<strong>(\d+)</strong> of (\d+) of you", html)),
        "stage averages": re.findall(r'class="heat-cell heat-\d">([\d.]+)<', html),
        "rated by": re.findall(r"<td>(\d+)</td>", html),
        "check-ins": re.findall(r"<strong>([\d.]+)</strong> of 5 <span class=\"muted\">\((\d+) answers\)", html),
        "bands": re.findall(r'class="band-count">([^<]+)<', html),
        "report": re.findall(r'class="big-figure">([^<]*)<strong>([\d.]+)</strong>', html),
        "phrases": re.findall(r'class="phrase">([^<]+)</span> <span class="muted">in (\d+) stories', html),
    }


# ---- 1. live views --------------------------------------------------------------------------


def test_attack_1_the_report_csv_and_moderation_page_do_not_move_with_one_save(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    stories = [GROUP, "The group exercise felt like a game show.", GHOSTED]
    for phone, text in zip(phones, stories, strict=False):
        check_in(phone, workshop, 2)
        tell(phone, workshop, text, themes=["no_feedback"], ratings={"screen": 4})
    seen = report(screen, workshop), spreadsheet(screen, workshop), screen.get(f"/workshops/{workshop.id}/themes").text
    assert [n for n, _ in figures(seen[0])["themes"]] == ["3"] and "4.0" in seen[0]

    neighbour = phones[3]  # taps Save once: the coach reloads everything
    check_in(neighbour, workshop, 5)
    tell(neighbour, workshop, "I went blank in the group exercise.", themes=["no_feedback"], ratings={"screen": 1})
    again = report(screen, workshop), spreadsheet(screen, workshop), screen.get(f"/workshops/{workshop.id}/themes").text
    assert figures(again[0]) == figures(seen[0])
    assert again[1] == seen[1]  # the CSV, byte for byte
    assert figures(again[2]) == figures(seen[2])
    assert "group exercise" not in again[2]  # a third story shares it, but that story is not released


def test_attack_1_the_closing_check_in_average_waits_for_k_people(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    for phone in phones:
        tell(phone, workshop, GHOSTED, ratings={"screen": 3})
    advance(screen, workshop, "themes")
    advance(screen, workshop, "plan")
    for phone in phones[:3]:
        check_in(phone, workshop, 4, moment="after")
    seen = figures(report(screen, workshop))
    assert ("4.0", "3") in seen["check-ins"]  # the closing check-in of three people
    check_in(phones[3], workshop, 1, moment="after")
    assert figures(report(screen, workshop)) == seen


# ---- 2. coach-forced refreshes ----------------------------------------------------------------


def test_attack_2_no_coach_action_or_phase_move_takes_in_a_pending_change(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback", "self_doubt"])
    tell(phones[3], workshop, QUIET, themes=[])
    advance(screen, workshop, "themes")
    shown = theme_counts(projector(screen, workshop))
    assert {count for count, _ in shown} == {3}

    phones[3].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})  # one pending person
    page = screen.get(f"/workshops/{workshop.id}/themes").text
    assert "Update the board now" not in page and not re.search(r"\(\s*\d+\s+new\s*\)", page)
    assert "1 new" not in page and "1 person" not in page

    url = f"/workshops/{workshop.id}/themes"
    for change in (
        {"op": "reveal"},
        {"op": "rename", "key": "no_feedback", "label": "Heard nothing back"},
        {"op": "hide", "key": "self_doubt"},
        {"op": "show", "key": "self_doubt"},
        {"op": "merge", "key": "self_doubt", "into": "no_feedback"},
        {"op": "merge", "key": "self_doubt", "into": ""},
    ):
        screen.post(url, data=change)
        assert theme_counts(projector(screen, workshop)) == shown, change
    advance(screen, workshop, "reflect")
    advance(screen, workshop, "themes")
    assert theme_counts(projector(screen, workshop)) == shown
    assert theme_counts(phones[0].get(f"/w/{workshop.join_code}/").text) == shown


# ---- 3. re-saves and spare phones -------------------------------------------------------------


def test_attack_3_re_saving_the_same_ratings_is_not_a_change(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, ratings={"screen": 4})
    advance(screen, workshop, "themes")
    before = figures(projector(screen, workshop))
    assert before["stage averages"] == ["4.0"]

    tell(phones[3], workshop, GHOSTED, ratings={"screen": 1})  # the neighbour saves
    code = workshop.join_code
    for spare in phones[1:3] * 2:  # two phones of one person save the very same ratings again, twice
        data = {"submission_id": sid(), "reached-screen": "yes", "score-screen": "4"}
        assert spare.post(f"/w/{code}/ratings", data=data).status_code == 303
    assert figures(projector(screen, workshop)) == before  # the neighbour's 1 stays out of sight


def test_attack_3_changing_an_answer_and_back_is_not_a_change(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, ratings={"screen": 4})
    advance(screen, workshop, "themes")
    before = figures(projector(screen, workshop))
    tell(phones[3], workshop, GHOSTED, ratings={"screen": 1})  # the neighbour saves
    code = workshop.join_code
    for spare in phones[1:3]:  # two phones of one person change their rating and change it back
        for score in ("5", "4"):
            data = {"submission_id": sid(), "reached-screen": "yes", "score-screen": score}
            assert spare.post(f"/w/{code}/ratings", data=data).status_code == 303
    assert figures(projector(screen, workshop)) == before


def test_attack_3_phones_that_only_joined_count_for_nothing(screen, workshop, join):
    phones = phones_for(workshop, join, 5)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    for spare in phones[3:]:  # joined, picked the theme, wrote nothing
        spare.post(f"/w/{workshop.join_code}/themes", data={"theme": ["no_feedback"], "submission_id": sid()})
    advance(screen, workshop, "themes")
    assert theme_counts(projector(screen, workshop)) == {(3, 3)}  # not "5 of 5": three real people


def test_a_room_of_exactly_k_sees_the_theme_it_shares_at_the_reveal(screen, workshop, join):
    """Each phone writes its story, then keeps its themes, as the phone leads it: the last
    person's story and theme enter the board together, so three people who share a theme see
    it the moment the coach reveals the board, not only after three more changes."""
    for phone in phones_for(workshop, join, K):
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    advance(screen, workshop, "themes")
    assert theme_counts(projector(screen, workshop)) == {(3, 3)}


def test_a_story_counts_once_its_themes_step_is_taken_even_with_none_kept(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    code = workshop.join_code
    review = phones[3].post(f"/w/{code}/story", data={"text": QUIET, "op": "review"}).text
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review).group(1)
    phones[3].post(
        f"/w/{code}/story", data={"text": QUIET, "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()}
    )
    advance(screen, workshop, "themes")
    assert theme_counts(projector(screen, workshop)) == {(3, 3)}  # the fourth is still choosing
    # keeping no theme is a step taken: they count in "of you" once k people's changes are in
    phones[3].post(f"/w/{code}/themes", data={"theme": [], "submission_id": sid()})
    for phone in phones[:2]:
        phone.post(f"/w/{code}/themes", data={"theme": ["no_feedback", "long_process"], "submission_id": sid()})
    assert (3, 4) in theme_counts(projector(screen, workshop))


# ---- 4. complementary disclosure ------------------------------------------------------------


def test_attack_4_no_hidden_check_in_band_is_the_total_minus_the_others(screen, workshop, join):
    answers = [1, 3, 3, 3, 3, 4, 4, 4, 4]  # one person in the low band
    phones = phones_for(workshop, join, len(answers))
    for phone, value in zip(phones, answers, strict=True):
        check_in(phone, workshop, value)
        tell(phone, workshop, QUIET)
    advance(screen, workshop, "themes")
    for page in (projector(screen, workshop), report(screen, workshop)):
        seen = figures(page)
        assert seen["check-ins"] == [("3.2", "9")]
        shown = [int(count) for count in seen["bands"] if count.isdigit()]
        hidden = 9 - sum(shown)
        assert hidden == 0 or hidden >= K, seen["bands"]


def test_attack_4_no_merge_or_undo_gives_away_a_small_group(screen, workshop, join):
    themes = [["no_feedback"]] * 3 + [["no_feedback", "self_doubt"]] + [["self_doubt"]] * 3
    themes += [["salary_mismatch"], []]  # one person with a salary mismatch; one with no theme
    phones = phones_for(workshop, join, len(themes))
    for phone, picked in zip(phones, themes, strict=True):
        tell(phone, workshop, QUIET, themes=picked)
    advance(screen, workshop, "themes")
    assert theme_counts(projector(screen, workshop)) == {(4, 9)}  # two themes of four people each

    url, seen = f"/workshops/{workshop.id}/themes", set()
    for key, into in [
        ("salary_mismatch", "no_feedback"),  # 4 + 1: would show 5
        ("salary_mismatch", ""),
        ("self_doubt", "no_feedback"),  # 4 + 4 - overlap: would show 7, so the overlap is 1
        ("self_doubt", ""),
        ("no_feedback", "self_doubt"),
        ("no_feedback", ""),
        ("salary_mismatch", "self_doubt"),
    ]:
        screen.post(url, data={"op": "merge", "key": key, "into": into})
        for page in (projector(screen, workshop), screen.get(url).text, report(screen, workshop)):
            seen |= theme_counts(page)
            seen |= {(int(n), 0) for n in re.findall(r"<td>(\d+) people</td>", page)}
    assert {count for count, _ in seen} == {4}
    assert "combined: waiting for more people" in projector(screen, workshop)


# ---- 5. deletion -----------------------------------------------------------------------------


def test_attack_5_after_delete_my_data_the_board_and_the_report_agree(screen, workshop, join):
    scores = [4, 4, 4, 4, 4, 1]
    phones = phones_for(workshop, join, len(scores))
    for phone, score in zip(phones, scores, strict=True):
        tell(phone, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": score})
    advance(screen, workshop, "themes")
    board = figures(projector(screen, workshop))
    assert board["stage averages"] == ["3.5"]

    phones[5].post(f"/w/{workshop.join_code}/forget")
    assert figures(projector(screen, workshop)) == board  # the board waits for k changes...
    seen = figures(report(screen, workshop))
    assert (seen["stage averages"], seen["themes"]) == (
        board["stage averages"],
        board["themes"],
    )  # ...so does the report
    assert "stage average (1-5),Recruiter or phone screen,3.5,6" in spreadsheet(screen, workshop).splitlines()

    for phone in phones[3:5]:  # two more leave: three deletions are a release
        phone.post(f"/w/{workshop.join_code}/forget")
    board, seen = figures(projector(screen, workshop)), figures(report(screen, workshop))
    assert board["stage averages"] == seen["stage averages"] == ["4.0"]
    assert board["themes"] == seen["themes"] == [("3", "3")]


def test_attack_5_a_newcomer_under_a_departed_persons_id_is_two_changes(screen, workshop, join):
    phones = phones_for(workshop, join, K)
    for phone in phones:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": 4})
    seq = releases.current(workshop).seq
    phones[-1].post(f"/w/{workshop.join_code}/forget")  # the highest id: SQLite hands it out again
    newcomer, _ = join(workshop)
    tell(newcomer, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": 4})
    db.session.expire_all()
    live = releases.live_revisions(db.session.execute(releases.ROOM, {"workshop_id": workshop.id}))
    waiting = releases.pending(live, releases.covered_by(releases.current(workshop)))
    # one left and one came, whatever ids the database gave them: not one change, not none
    assert waiting["ratings"] == waiting["themes"] == 2
    assert releases.current(workshop).seq == seq  # two changes are fewer than k: no release


# ---- 9. promoted phrases -------------------------------------------------------------------


def test_attack_9_a_promoted_phrase_counts_nobody_until_they_keep_it(screen, workshop, join):
    texts = [
        "They gave us a group exercise with lego and I hated it.",
        "The group exercise felt like a game show.",
        "I went blank in the group exercise while others talked.",
    ]
    phones = phones_for(workshop, join, len(texts))
    for phone, text in zip(phones, texts, strict=True):
        tell(phone, workshop, text, themes=[])
    advance(screen, workshop, "themes")
    screen.post(f"/workshops/{workshop.id}/themes", data={"op": "promote", "phrase": "group exercise"})

    kept = select(func.count()).select_from(ParticipantTheme).where(ParticipantTheme.theme_key == "custom-1")
    assert db.session.scalar(kept) == 0  # suggested to three people, held by nobody yet
    assert "group exercise" not in projector(screen, workshop)
    code = workshop.join_code
    for phone in phones[:2]:
        phone.post(f"/w/{code}/themes", data={"theme": ["custom-1"], "submission_id": sid()})
    assert db.session.scalar(kept) == 2
    assert "group exercise" not in projector(screen, workshop)  # two keepers: below k
    phones[2].post(f"/w/{code}/themes", data={"theme": ["custom-1"], "submission_id": sid()})
    board = projector(screen, workshop)
    assert "group exercise" in board and (3, 3) in theme_counts(board)


# ---- the phone's board ------------------------------------------------------------------------


def test_the_phone_board_shows_the_release_not_live_counts(screen, workshop, join):
    phones = phones_for(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": 4})
    tell(phones[3], workshop, QUIET, themes=[])
    advance(screen, workshop, "themes")
    code = workshop.join_code
    phones[3].post(f"/w/{code}/metoo", data={"theme": "no_feedback"})  # live: 4 hold it now
    phones[3].post(f"/w/{code}/ratings", data={"submission_id": sid(), "reached-screen": "yes", "score-screen": "1"})
    released = figures(projector(screen, workshop))
    assert released["themes"] == [("3", "3")] and released["stage averages"] == ["4.0"]
    for phone in (phones[0], phones[3]):
        for headers in ({}, {"HX-Request": "true"}):
            page = phone.get(f"/w/{code}/", headers=headers).text
            assert figures(page)["themes"] == released["themes"]
            assert figures(page)["stage averages"] == released["stage averages"]
    # once k people changed something the phones show the new release too
    for phone in phones[:2]:
        phone.post(f"/w/{code}/ratings", data={"submission_id": sid(), "reached-screen": "yes", "score-screen": "5"})
    page = phones[0].get(f"/w/{code}/", headers={"HX-Request": "true"}).text
    assert figures(page)["stage averages"] == ["3.8"] == figures(projector(screen, workshop))["stage averages"]


# ---- two processes at once --------------------------------------------------------------------


def test_a_release_another_process_made_first_does_not_fail_the_save(screen, workshop, join, monkeypatch):
    from workshop.models import Release, StageRating
    from workshop.services import releases

    phones = phones_for(workshop, join, 3)
    for phone in phones:
        tell(phone, workshop, GHOSTED, ratings={"screen": 4})
    made = select(func.count()).select_from(Release)
    assert db.session.scalar(made) >= 1
    monkeypatch.setattr(releases, "current", lambda _workshop: None)  # as read before the other's commit
    data = {"submission_id": sid(), "reached-screen": "yes", "score-screen": "2"}
    assert phones[0].post(f"/w/{workshop.join_code}/ratings", data=data).status_code == 303
    assert 2 in db.session.scalars(select(StageRating.score)).all()  # the change is kept, and waits
    assert db.session.scalar(select(func.max(Release.seq))) == db.session.scalar(made)  # no second "first"


# ---- who a release counts, and what it keeps ---------------------------------------------------


def people_of(workshop) -> list:
    from workshop.models import Participant

    return db.session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.id)
    ).all()


def rate(phone, workshop, score: int | None) -> None:
    """Save ratings only (no story): one stage at `score`, or nothing reached when None."""
    data = {"submission_id": sid()}
    if score is not None:
        data |= {"reached-screen": "yes", "score-screen": str(score)}
    assert phone.post(f"/w/{workshop.join_code}/ratings", data=data).status_code == 303


def test_people_who_only_rated_make_a_release_once_k_of_them_saved(screen, workshop, join):
    phones = phones_for(workshop, join, K)
    for phone in phones[:-1]:
        rate(phone, workshop, 4)
    advance(screen, workshop, "themes")
    assert figures(projector(screen, workshop))["stage averages"] == []  # two people: nothing yet
    rate(phones[-1], workshop, 4)
    assert figures(projector(screen, workshop))["stage averages"] == ["4.0"]


def test_a_phone_that_only_joined_does_not_hide_the_people_after_it():
    from workshop.services.releases import live_revisions

    # (id, before, story, themes, ratings, after, follow_up): a joined-only phone comes first
    rows = [(1, 0, 0, 0, 0, 0, 0), (2, 3, 1, 1, 0, 0, 0), (3, 0, 0, 0, 2, 0, 1), (4, 0, 1, 0, 0, 0, 2)]
    live = live_revisions(rows)
    assert live == {
        "before": {2: 3},  # nobody counts in a kind they have no data in
        "story": {2: 1},  # a story without its themes step does not count yet
        "themes": {2: 1, 3: 0},  # the person who only rated is one of "you"
        "ratings": {3: 2},
        "after": {},
        "follow_up": {3: 1},  # a follow-up counts only from someone the room counts
    }


def test_a_person_who_only_rated_is_one_of_the_room_and_of_no_check_in(workshop, join):
    from workshop.services import releases

    phones = phones_for(workshop, join, 4)
    for phone in phones[:2]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    check_in(phones[2], workshop, 4)  # checked in, nothing else: does not count
    rate(phones[3], workshop, 5)
    people = [person.id for person in people_of(workshop)]
    themes, covered = releases.TAKE["themes"](workshop)
    assert themes["people"] == 3 and covered == {people[0]: 1, people[1]: 1, people[3]: 0}
    before, covered = releases.TAKE["before"](workshop)
    assert covered == {}  # the check-in of a person who does not count is in no release
    ratings, covered = releases.TAKE["ratings"](workshop)
    assert list(covered) == [people[3]]


def test_a_merged_theme_nobody_chose_directly_keeps_its_count(screen, workshop, join):
    from workshop.services import releases

    for phone in phones_for(workshop, join, K):
        tell(phone, workshop, GHOSTED, themes=["self_doubt"])
    screen.post(f"/workshops/{workshop.id}/themes", data={"op": "merge", "key": "self_doubt", "into": "no_feedback"})
    figure, _ = releases.TAKE["themes"](workshop)
    assert figure == {"people": 3, "counts": {"self_doubt": 3}, "unions": {"no_feedback|self_doubt": [3, 3]}}


PHRASED = [
    "They gave us a group exercise and then a panel interview that dragged on.",
    "The group exercise felt like a game show, and the panel interview was cold.",
    "I went blank in the group exercise; the panel interview went better.",
]


def test_emerging_phrases_leave_out_what_the_workshop_own_themes_cover(screen, workshop, join):
    from workshop.services import releases

    for phone in phones_for(workshop, join, K):
        tell(phone, workshop, PHRASED[len(people_of(workshop)) - 1])
    phrases, _ = releases.TAKE["story"](workshop)
    assert "group exercise" in [p["text"].lower() for p in phrases]
    screen.post(f"/workshops/{workshop.id}/themes", data={"op": "promote", "phrase": "group exercise"})
    phrases, _ = releases.TAKE["story"](workshop)
    assert "group exercise" not in [p["text"].lower() for p in phrases]  # a theme of its own now
    assert phrases


def test_a_release_keeps_at_most_its_share_of_phrases(workshop, join, monkeypatch):
    from workshop.services import releases

    for phone in phones_for(workshop, join, K):
        tell(phone, workshop, PHRASED[len(people_of(workshop)) - 1])
    assert len(releases.TAKE["story"](workshop)[0]) >= 2
    monkeypatch.setattr(releases, "PHRASES_KEPT", 1)
    assert len(releases.TAKE["story"](workshop)[0]) == 1


# ---- a booked release, a rehearsal's, and showing the current one again ---------------------


def test_a_booked_release_is_made_the_moment_its_time_comes(screen, workshop, join, real_pace, monkeypatch):
    from workshop.services import releases

    phones = phones_for(workshop, join, 2 * K)
    for phone in phones[:K]:
        rate(phone, workshop, 4)
    advance(screen, workshop, "themes")
    for phone in phones[K:]:  # k changes, too soon after the first release: booked
        rate(phone, workshop, 1)
    db.session.refresh(workshop)
    booked = workshop.board_due_at
    assert booked is not None
    assert figures(report(screen, workshop))["stage averages"] == ["4.0"]
    monkeypatch.setattr(releases, "utcnow", lambda: booked)
    assert figures(report(screen, workshop))["stage averages"] == ["2.5"]
    db.session.refresh(workshop)
    assert workshop.board_due_at is None


def test_a_change_after_the_booked_time_makes_the_booked_release_itself(screen, workshop, join, real_pace, monkeypatch):
    # Nobody needs to look at a screen: the first change after the booked time releases.
    phones = phones_for(workshop, join, 2 * K + 1)
    for phone in phones[:K]:
        rate(phone, workshop, 4)
    for phone in phones[K : 2 * K]:
        rate(phone, workshop, 1)  # booked for later
    db.session.refresh(workshop)
    booked = workshop.board_due_at
    monkeypatch.setattr(releases, "utcnow", lambda: booked)
    rate(phones[-1], workshop, 2)
    db.session.refresh(workshop)
    assert releases.current(workshop).seq == 2 and workshop.board_due_at is None


def test_changes_exactly_one_refresh_gap_after_a_release_are_released_at_once(workshop, join, real_pace, monkeypatch):
    phones = phones_for(workshop, join, 2 * K)
    for phone in phones[:K]:
        rate(phone, workshop, 4)
    db.session.refresh(workshop)
    first = workshop.board_at
    monkeypatch.setattr(releases, "utcnow", lambda: first + releases.refresh_gap())
    for phone in phones[K:]:
        rate(phone, workshop, 1)
    db.session.refresh(workshop)
    assert releases.current(workshop).seq == 2 and workshop.board_due_at is None


@pytest.mark.parametrize(("counted", "needed"), [(0, K), (75, K), (76, 4), (100, 4), (101, 5), (300, 12)])
def test_a_big_room_waits_for_one_in_twenty_five_of_its_people(workshop, counted, needed):
    assert releases.step(workshop, counted) == needed


def test_only_a_rehearsal_releases_its_changes_without_waiting(coach, make_workshop, workshop, join, real_pace):
    from workshop.services import releases

    practice = make_workshop(coach, phase=Phase.REFLECT, min_group_size=K)
    practice.rehearsal_of = workshop.id
    db.session.commit()
    for room in (workshop, practice):
        phones = phones_for(room, join, 2 * K)
        for phone in phones[:K]:
            rate(phone, room, 4)
        for phone in phones[K:]:
            rate(phone, room, 1)
    with pytest.raises(releases.NotARehearsal):
        releases.release_rehearsal_now(workshop)
    db.session.refresh(workshop)
    assert releases.board(workshop)["seq"] == 1 and workshop.board_due_at is not None  # nothing changed
    releases.release_rehearsal_now(practice)
    db.session.refresh(practice)
    assert releases.board(practice)["seq"] == 2 and practice.board_due_at is None


def test_a_coach_action_shows_the_same_release_again(screen, workshop, join):
    from workshop.services import releases

    url = f"/workshops/{workshop.id}/themes"
    assert screen.post(url, data={"op": "rename", "key": "no_feedback", "label": "Heard nothing"}).status_code < 400
    assert releases.board(workshop) is None  # before any release, nothing to show
    for phone in phones_for(workshop, join, K):
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    seq = releases.current(workshop).seq
    screen.post(url, data={"op": "rename", "key": "no_feedback", "label": "Heard nothing back"})
    db.session.refresh(workshop)
    assert releases.board(workshop)["seq"] == seq
    assert "Heard nothing back" in json.dumps(releases.board(workshop))


def test_a_booked_release_is_dropped_when_too_few_changes_remain(screen, workshop, join, real_pace, monkeypatch):
    from workshop.services import releases

    phones = phones_for(workshop, join, 2 * K)
    for phone in phones[:K]:
        rate(phone, workshop, 4)
    for phone in phones[K:]:  # k changes, booked for later
        rate(phone, workshop, 1)
    db.session.refresh(workshop)
    booked = workshop.board_due_at
    phones[-1].post(f"/w/{workshop.join_code}/forget")  # one of them leaves: k - 1 changes remain
    monkeypatch.setattr(releases, "utcnow", lambda: booked)
    assert figures(report(screen, workshop))["stage averages"] == ["4.0"]
    db.session.refresh(workshop)
    assert releases.board(workshop)["seq"] == 1 and workshop.board_due_at is None


# ---- the follow-up check-in ----------------------------------------------------------------

THREE_WEEKS_LATER = date(2026, 12, 24)  # the fixtures' workshop is on 3 December, follow-up on the 17th


@pytest.fixture
def follow_up_room(screen, workshop, join, monkeypatch):
    """Six people who reflected and reached their plans, three weeks later."""
    phones = phones_for(workshop, join, 6)
    for phone in phones:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": 3})
    advance(screen, workshop, "themes")
    advance(screen, workshop, "plan")
    monkeypatch.setattr(follow_ups, "today", lambda: THREE_WEEKS_LATER)
    return phones


def follow_up(phone, workshop, confidence: int = 4, outcome: str = "interview", did: int = 1):
    plan = phone.get(f"/w/{workshop.join_code}/plan").text
    done = re.findall(r'name="done" value="([^"]+)"', plan)[:did]
    data = {"done": done, "confidence": str(confidence), "outcome": outcome, "submission_id": sid()}
    assert phone.post(f"/w/{workshop.join_code}/plan/follow-up", data=data).status_code == 303


def follow_up_figures(workshop) -> dict | None:
    db.session.expire_all()
    return (releases.board(workshop) or {}).get("follow_up")


def test_follow_up_figures_wait_for_k_answers(screen, workshop, follow_up_room):
    for phone in follow_up_room[: K - 1]:
        follow_up(phone, workshop, confidence=5, outcome="offer")
    assert follow_up_figures(workshop) is None
    assert "Got an offer" not in report(screen, workshop)
    follow_up(follow_up_room[K - 1], workshop, confidence=2, outcome="offer")
    shown = follow_up_figures(workshop)
    assert shown["total"] == K
    assert shown["confidence"]["average"] == 4.0
    assert shown["did_any"] == K
    assert {o["key"]: o["count"] for o in shown["outcomes"]}["offer"] == K


def test_one_person_changing_their_follow_up_does_not_move_the_figures(screen, workshop, follow_up_room):
    for phone in follow_up_room[:K]:
        follow_up(phone, workshop, confidence=4, outcome="interview")
    seen = follow_up_figures(workshop)
    assert seen["total"] == K
    follow_up(follow_up_room[0], workshop, confidence=1, outcome="break", did=0)  # changes everything
    follow_up(follow_up_room[K], workshop, confidence=1, outcome="break", did=0)  # a fourth answers
    assert follow_up_figures(workshop) == seen
    follow_up(follow_up_room[K + 1], workshop, confidence=1, outcome="break", did=0)  # the third change
    moved = follow_up_figures(workshop)
    assert moved["total"] == K + 2 and moved["confidence"]["average"] == 2.2


def test_deleting_one_person_does_not_move_the_follow_up_figures(screen, workshop, follow_up_room):
    for phone in follow_up_room:
        follow_up(phone, workshop, confidence=3, outcome="applied")
    seen = follow_up_figures(workshop)
    assert seen["total"] == 6
    follow_up_room[5].post(f"/w/{workshop.join_code}/forget")
    assert follow_up_figures(workshop) == seen  # the figure waits: 6 - 5 would be one person
    for phone in follow_up_room[3:5]:
        phone.post(f"/w/{workshop.join_code}/forget")
    assert follow_up_figures(workshop)["total"] == 3


# ---- the revision log: a change undone is no change, a new answer always is -----------------
#
# A person's answers move their revision only when the content really changed; going back to
# what the current release took in gives its revision back. Each test below plays one of the
# ways a spare phone could try to pass for another person, or a real change could go unseen.


def answer(phone, workshop, scores: dict[str, int]) -> None:
    """Save ratings for several stages at once (stage key -> score)."""
    data = {"submission_id": sid()}
    for key, score in scores.items():
        data |= {f"reached-{key}": "yes", f"score-{key}": str(score)}
    assert phone.post(f"/w/{workshop.join_code}/ratings", data=data).status_code == 303


def test_attack_3_going_back_after_more_answers_than_the_log_keeps_is_not_a_change(screen, workshop, join):
    """The log keeps only the released revision and the current one (and 0); five other
    answers later, the released one must still be recognised."""
    phones = phones_for(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, ratings={"screen": 4})
    advance(screen, workshop, "themes")
    before = figures(projector(screen, workshop))
    assert before["stage averages"] == ["4.0"]

    tell(phones[3], workshop, GHOSTED, ratings={"screen": 1})  # the neighbour saves
    tries = [{"screen": 5}, {"screen": 3}, {"screen": 2}, {"screen": 1}, {"screen": 4, "application": 3}]
    for spare in phones[1:3]:  # two phones of one person try five other answers, then go back
        for scores in [*tries, {"screen": 4}]:
            answer(spare, workshop, scores)
    assert figures(projector(screen, workshop)) == before  # the neighbour's 1 stays out of sight


def test_attack_3_the_answer_a_release_took_in_after_a_dozen_changes_is_still_known(screen, workshop, join):
    """Revisions past 9 are ordered as numbers, not as text: the newest one, taken in by a
    release, is remembered, so changing it and back again is no change."""
    phones = phones_for(workshop, join, 4)
    tell(phones[3], workshop, GHOSTED)  # the neighbour: in the room, no ratings yet
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, ratings={"screen": 4})
    advance(screen, workshop, "themes")
    rounds = [{"screen": s, "application": a} for s in (1, 2, 3) for a in (1, 2, 3, 4)]
    for scores in rounds:  # three people change together twelve times: each round is a release
        for phone in phones[:3]:
            answer(phone, workshop, scores)
    before = figures(projector(screen, workshop))
    assert before["stage averages"] == ["4.0", "3.0"]  # application, then screen

    answer(phones[3], workshop, {"screen": 1})  # the neighbour saves
    for spare in phones[1:3]:  # two phones of one person change their answer and change it back
        answer(spare, workshop, {"screen": 5})
        answer(spare, workshop, rounds[-1])
    assert figures(projector(screen, workshop)) == before  # the neighbour's 1 stays out of sight


def test_a_new_answer_after_going_back_to_an_old_one_is_a_change(screen, workshop, join):
    """Going back to an earlier answer and then to a new one must not land on the number of
    the answer the release took in: that would hide a real change from the count."""
    phones = phones_for(workshop, join, K)
    for phone in phones:
        tell(phone, workshop, GHOSTED, ratings={"screen": 4})
    advance(screen, workshop, "themes")
    for phone in phones:
        answer(phone, workshop, {"screen": 2})
    assert figures(projector(screen, workshop))["stage averages"] == ["2.0"]

    answer(phones[0], workshop, {"screen": 4})  # back to the first answer...
    answer(phones[0], workshop, {"screen": 5})  # ...then a new one: a change
    for phone in phones[1:]:
        answer(phone, workshop, {"screen": 3})
    assert figures(projector(screen, workshop))["stage averages"] == ["3.7"]  # three changes: released


def test_a_person_who_takes_back_every_rating_leaves_the_room(screen, workshop, join):
    """No stage reached after all is the same as never having rated: the person counts for
    no figure and is no longer one of "you", however many answers they gave before."""
    phones = phones_for(workshop, join, 2 * K)
    for phone in phones[:K]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    raters = phones[K:]
    for score in (5, 4, 3, 2):  # more answers than the log keeps
        for phone in raters:
            rate(phone, workshop, score)
    advance(screen, workshop, "themes")
    assert theme_counts(projector(screen, workshop)) == {(3, 6)}

    for phone in raters:
        rate(phone, workshop, None)
    assert theme_counts(projector(screen, workshop)) == {(3, 3)}


def test_a_person_counted_before_answers_were_logged_still_changes_by_answering_anew(screen, workshop, join):
    """People who had already rated when revisions came in have a revision but no log (the
    releases migration left it empty). Taking the answer back and giving a new one is a
    change, which must not reuse the number the release took in."""
    phones = phones_for(workshop, join, K)
    for phone in phones:
        rate(phone, workshop, 4)
    advance(screen, workshop, "themes")
    assert figures(projector(screen, workshop))["stage averages"] == ["4.0"]
    for person in people_of(workshop):
        person.revision_log = ""  # as the migration left them
    db.session.commit()

    rate(phones[0], workshop, None)  # takes the answer back...
    rate(phones[0], workshop, 1)  # ...and gives a new one
    for phone in phones[1:]:
        rate(phone, workshop, 2)
    assert figures(projector(screen, workshop))["stage averages"] == ["1.7"]  # three changes: released


def keep_themes(phone, workshop, themes: list[str]) -> None:
    data = {"theme": themes, "submission_id": sid()}
    assert phone.post(f"/w/{workshop.join_code}/themes", data=data).status_code == 303


def test_attack_3_stepping_out_of_the_room_and_back_does_not_lose_the_released_answer(screen, workshop, join):
    """A person who rated (no story) and kept a theme tries other themes and goes back, steps
    out of the room by taking back their ratings while a release is made without them, saves
    the same themes again, and rates again. When a release has taken their themes in once
    more, changing them and back is still no change."""
    person, *others = phones_for(workshop, join, K)
    for phone in (person, *others):
        rate(phone, workshop, 4)
        keep_themes(phone, workshop, ["no_feedback"])
    advance(screen, workshop, "themes")
    for themes in (["long_process"], ["self_doubt"], ["internal_candidate"], ["salary_mismatch"], ["no_feedback"]):
        keep_themes(person, workshop, themes)  # more themes than the log keeps, then back
    rate(person, workshop, None)  # out of the room...
    for phone in others:  # ...while a release is made without them
        keep_themes(phone, workshop, ["no_feedback", "self_doubt"])
    keep_themes(person, workshop, ["no_feedback"])  # the same themes saved again
    rate(person, workshop, 4)  # back in the room
    for phone in others:  # a release takes their themes in again
        keep_themes(phone, workshop, ["no_feedback"])
    before = theme_counts(projector(screen, workshop))
    assert before == {(3, 3)}

    keep_themes(person, workshop, ["no_feedback", "self_doubt"])  # a change...
    keep_themes(person, workshop, ["no_feedback"])  # ...undone
    for phone in others:  # two real changes: below k
        keep_themes(phone, workshop, ["self_doubt"])
    assert theme_counts(projector(screen, workshop)) == before


def test_attack_3_going_back_to_an_older_answer_that_a_release_then_takes_in_is_remembered(screen, workshop, join):
    person, *others, neighbour = phones_for(workshop, join, K + 1)
    tell(neighbour, workshop, GHOSTED)  # in the room, no ratings yet
    for phone in (person, *others):
        rate(phone, workshop, 4)
    advance(screen, workshop, "themes")
    tries = [{"screen": 5}, {"screen": 3}, {"screen": 2}, {"screen": 1}, {"screen": 4, "application": 3}]
    for scores in tries:  # more answers than the log keeps
        answer(person, workshop, scores)
    for phone in others:  # a release takes the last of them in
        rate(phone, workshop, 3)
    rate(person, workshop, 4)  # back to the first answer, which is now neither released nor current
    for phone in others:  # a release takes that answer in
        rate(phone, workshop, 2)
    before = figures(projector(screen, workshop))
    assert before["stage averages"] == ["2.7"]

    rate(neighbour, workshop, 1)  # the neighbour saves
    rate(person, workshop, 5)  # a change...
    rate(person, workshop, 4)  # ...undone
    rate(others[0], workshop, 1)  # one more real change: two people, below k
    assert figures(projector(screen, workshop)) == before  # the neighbour's 1 stays out of sight
