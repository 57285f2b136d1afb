"""The live board: k-anonymity everywhere, "me too", moderation, and cheap polling."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import ParticipantTheme, Phase, Workshop

from .helpers import sid, tell

GHOSTED = "They ghosted me after the final round. Radio silence for weeks."
GROUP = "They gave us a group exercise and I went quiet."


@pytest.fixture
def coach(make_coach):
    return make_coach()


@pytest.fixture
def workshop(coach, make_workshop):
    return make_workshop(coach, phase=Phase.REFLECT)


@pytest.fixture
def screen(client, coach, login):
    login(client)
    return client


def room_of(workshop, join, n: int) -> list:
    return [join(workshop)[0] for _ in range(n)]


def advance(screen, workshop, to: str):
    response = screen.post(f"/workshops/{workshop.id}/phase", data={"to": to})
    assert response.status_code == 303


def projector(screen, workshop):
    return screen.get(f"/workshops/{workshop.id}/projector", headers={"HX-Request": "true"})


def test_suggested_themes_are_pre_ticked_and_can_be_changed(workshop, join):
    phone = join(workshop)[0]
    code = workshop.join_code
    review = phone.post(f"/w/{code}/story", data={"text": GHOSTED, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
    saved = phone.post(
        f"/w/{code}/story", data={"text": GHOSTED, "op": "confirm", "fingerprint": fingerprint, "submission_id": sid()}
    )
    assert saved.headers["Location"] == f"/w/{code}/themes"
    page = phone.get(f"/w/{code}/themes")
    assert re.search(r'value="no_feedback" checked', page.text)
    assert not re.search(r'value="salary_mismatch" checked', page.text)
    phone.post(f"/w/{code}/themes", data={"theme": ["salary_mismatch", "self_doubt"], "submission_id": sid()})
    keys = set(db.session.scalars(select(ParticipantTheme.theme_key)))
    assert keys == {"salary_mismatch", "self_doubt"}  # only confirmed themes count


def test_unknown_theme_keys_are_refused(workshop, join):
    phone = join(workshop)[0]
    response = phone.post(
        f"/w/{workshop.join_code}/themes", data={"theme": ["no_feedback", "<script>"], "submission_id": sid()}
    )
    assert response.status_code == 422 and "not offered here" in response.text
    assert db.session.scalar(select(func.count()).select_from(ParticipantTheme)) == 0


def test_a_theme_shared_by_k_minus_one_people_appears_nowhere(screen, workshop, join):
    phones = room_of(workshop, join, 5)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": 4})
    for phone in phones[3:]:
        tell(phone, workshop, GHOSTED, themes=["salary_mismatch"], ratings={"offer": 1})
    advance(screen, workshop, "themes")

    board = projector(screen, workshop).text
    # the release came with the third story; the last two wait for a third person's change
    assert "No feedback, or ghosted" in board and "3</strong> of 3 of you" in board
    assert "Salary mismatch" not in board
    assert "fewer than 3 so far" in board  # the offer stage: two ratings, no average shown
    phone_board = phones[0].get(f"/w/{workshop.join_code}/", headers={"HX-Request": "true"}).text
    assert "No feedback, or ghosted" in phone_board and "Salary mismatch" not in phone_board
    coach_page = screen.get(f"/workshops/{workshop.id}/themes").text
    row = coach_page.split('id="theme-salary_mismatch"', 1)[1].split("</tr>", 1)[0]
    assert "fewer than 3" in row and "2 people" not in row


def test_stage_averages_and_confidence_need_k_people(screen, workshop, join):
    phones = room_of(workshop, join, 3)
    for phone, score in zip(phones, (2, 3, 4), strict=True):
        phone.post(
            f"/w/{workshop.join_code}/checkin", data={"moment": "before", "confidence": "2", "submission_id": sid()}
        )
        tell(phone, workshop, "Nothing much to say.", ratings={"first_interview": score})
    advance(screen, workshop, "themes")
    board = projector(screen, workshop).text
    assert "3.0" in board and "hardest for the room" not in board  # a single shown stage is not "weakest"
    assert "At the start: <strong>2.0</strong>" in board


def test_counts_change_only_when_k_new_people_contributed(screen, workshop, join):
    phones = room_of(workshop, join, 6)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    for phone in phones[3:]:
        tell(phone, workshop, GROUP, themes=[])
    advance(screen, workshop, "themes")
    first = projector(screen, workshop)
    assert "3</strong> of 6" in first.text

    phones[3].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    phones[4].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    unchanged = screen.get(
        f"/workshops/{workshop.id}/projector", headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]}
    )
    assert unchanged.status_code == 304  # two taps since the last reveal: nothing moves yet

    phones[5].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    changed = projector(screen, workshop)
    assert "6</strong> of 6" in changed.text


def test_phones_show_the_rooms_release_not_live_counts(screen, workshop, join):
    """The promise on the phone itself: the home board moves only with the room's release,
    so comparing two readings of a phone tells nobody what fewer than k people did."""
    phones = room_of(workshop, join, 6)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    for phone in phones[3:]:
        tell(phone, workshop, GROUP, themes=[])
    advance(screen, workshop, "themes")
    home = f"/w/{workshop.join_code}/"

    def boards(phone) -> tuple[str, str]:
        """The phone's whole home page and its poll (with a stale ETag, so it is rendered)."""
        page = phone.get(home).text
        poll = phone.get(home, headers={"HX-Request": "true", "If-None-Match": '"stale"'})
        assert poll.status_code == 200
        return page, poll.text

    for phone in phones:
        assert all("3</strong> of 6 of you" in text for text in boards(phone))

    phones[3].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    phones[4].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    for phone in phones:  # two people's taps: every phone, theirs too, still shows the old count
        for text in boards(phone):
            assert "3</strong> of 6 of you" in text
            assert "4</strong> of 6" not in text and "5</strong> of 6" not in text
    assert "You are counted here" in phones[3].get(home).text  # their own tap is acknowledged

    phones[5].post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    for phone in phones:  # the third brings all three in at once, on every phone
        assert all("6</strong> of 6 of you" in text for text in boards(phone))


def test_me_too_counts_once(screen, workshop, join):
    phones = room_of(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    advance(screen, workshop, "themes")
    late = phones[3]
    first = late.post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"}, headers={"HX-Request": "true"})
    assert first.status_code == 200 and "You are counted here" in first.text
    late.post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"}, headers={"HX-Request": "true"})
    assert db.session.scalar(select(func.count()).select_from(ParticipantTheme)) == 4
    off_board = late.post(f"/w/{workshop.join_code}/metoo", data={"theme": "salary_mismatch"})
    assert off_board.status_code == 422


def test_a_poll_answered_before_my_own_change_cannot_stay_on_my_phone(screen, workshop, join):
    """The home page's ETag moves with this phone's own changes, not only the room's: a poll
    answered just before a "me too" that lands just after it is replaced by the next poll,
    instead of showing "Me too" again as if it were current."""
    phones = room_of(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    advance(screen, workshop, "themes")
    late, home = phones[3], f"/w/{workshop.join_code}/"
    before = late.get(home, headers={"HX-Request": "true"})
    tag = re.search(r'data-etag="([^"]+)"', before.text).group(1)
    assert f'"{tag}"' == before.headers["ETag"] and ">Me too<" in before.text
    late.post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"}, headers={"HX-Request": "true"})
    after = late.get(home, headers={"HX-Request": "true", "If-None-Match": f'"{tag}"'})
    assert after.status_code == 200 and "You are counted here" in after.text and ">Me too<" not in after.text
    assert f'data-etag="{tag}"' not in after.text
    # the room did not move: the other phones' pages are still current
    seen = phones[0].get(home, headers={"HX-Request": "true"}).headers["ETag"]
    assert phones[0].get(home, headers={"HX-Request": "true", "If-None-Match": seen}).status_code == 304


def test_me_too_only_while_the_board_is_shown(workshop, join):
    phone = join(workshop)[0]
    response = phone.post(f"/w/{workshop.join_code}/metoo", data={"theme": "no_feedback"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(ParticipantTheme)) == 0


def test_rename_merge_and_hide_show_on_every_screen(screen, workshop, join):
    phones = room_of(workshop, join, 3)
    for phone in phones:
        tell(phone, workshop, GHOSTED, themes=["no_feedback", "self_doubt"])
    advance(screen, workshop, "themes")
    url = f"/workshops/{workshop.id}/themes"

    screen.post(url, data={"op": "rename", "key": "no_feedback", "label": "Heard nothing back"})
    assert "Heard nothing back" in projector(screen, workshop).text
    assert "Heard nothing back" in phones[0].get(f"/w/{workshop.join_code}/").text

    screen.post(url, data={"op": "merge", "key": "self_doubt", "into": "no_feedback"})
    board = projector(screen, workshop).text
    assert "Self-doubt" not in board and "3</strong> of 3" in board

    screen.post(url, data={"op": "hide", "key": "no_feedback"})
    assert "Heard nothing back" not in projector(screen, workshop).text
    screen.post(url, data={"op": "show", "key": "no_feedback"})
    assert "Heard nothing back" in projector(screen, workshop).text


@pytest.mark.parametrize(
    "data",
    [
        {"op": "rename", "key": "no_feedback", "label": ""},
        {"op": "rename", "key": "no_feedback", "label": "x" * 61},
        {"op": "rename", "key": "../etc", "label": "x"},
        {"op": "merge", "key": "no_feedback", "into": "no_feedback"},
        {"op": "merge", "key": "no_feedback", "into": "nonsense"},
        {"op": "promote", "phrase": "never said by anyone"},
        {"op": "explode"},
    ],
)
def test_bad_moderation_changes_nothing(screen, workshop, data):
    before = db.session.get(Workshop, workshop.id).room_version
    response = screen.post(f"/workshops/{workshop.id}/themes", data=data)
    assert response.status_code in (303, 422)
    assert db.session.get(Workshop, workshop.id).room_version == before


def test_an_emerging_phrase_can_be_promoted_and_counts_once_people_keep_it(screen, workshop, join):
    phones = room_of(workshop, join, 3)
    texts = [
        "They gave us a group exercise with lego and I hated it.",
        "The group exercise felt like a game show.",
        "I went blank in the group exercise while others talked.",
    ]
    for phone, text in zip(phones, texts, strict=True):
        tell(phone, workshop, text, themes=[])
    advance(screen, workshop, "themes")
    page = screen.get(f"/workshops/{workshop.id}/themes")
    assert "“group exercise”" in page.text and "in 3 stories" in page.text
    screen.post(f"/workshops/{workshop.id}/themes", data={"op": "promote", "phrase": "group exercise"})
    assert "group exercise" not in projector(screen, workshop).text  # suggested, not yet kept by anyone
    code = workshop.join_code
    assert "New theme suggested" in phones[0].get(f"/w/{code}/").text
    step = phones[0].get(f"/w/{code}/themes").text
    assert re.search(r'value="custom-1" checked', step)  # offered, ticked, counted once kept
    for phone in phones:
        phone.post(f"/w/{code}/themes", data={"theme": ["custom-1"], "submission_id": sid()})
    board = projector(screen, workshop).text
    assert "group exercise" in board and "3</strong> of 3" in board
    assert "New theme suggested" not in phones[0].get(f"/w/{code}/").text


def test_a_promoted_indonesian_phrase_is_suggested_however_its_words_are_affixed(screen, workshop, join):
    phones = room_of(workshop, join, 3)
    texts = [
        "Parkir motor di kantor itu susah sekali, saya telat.",
        "Gedungnya besar, tapi parkiran motor selalu penuh.",
        "Katanya parkir motornya gratis, ternyata bayar.",
    ]
    for phone, text in zip(phones, texts, strict=True):
        tell(phone, workshop, text, themes=[])
    advance(screen, workshop, "themes")
    assert "in 3 stories" in screen.get(f"/workshops/{workshop.id}/themes").text
    screen.post(f"/workshops/{workshop.id}/themes", data={"op": "promote", "phrase": "parkir motor"})
    code = workshop.join_code
    for phone in phones:  # "parkiran" and "motornya" are read with the Indonesian stemmer
        assert "New theme suggested" in phone.get(f"/w/{code}/").text
        assert re.search(r'value="custom-1" checked', phone.get(f"/w/{code}/themes").text)


def test_the_coach_never_sees_who_wrote_what(screen, workshop, join):
    phones = room_of(workshop, join, 3)
    for phone in phones:
        tell(phone, workshop, GHOSTED + " My team lead was lovely though.", themes=["no_feedback"])
    advance(screen, workshop, "themes")
    from workshop.models import Participant

    aliases = db.session.scalars(select(Participant.alias)).all()
    for path in ("", "/themes", "/projector"):
        page = screen.get(f"/workshops/{workshop.id}{path}").text
        assert "team lead was lovely" not in page
        assert not any(alias in page for alias in aliases)


def test_a_changed_board_costs_at_most_three_queries(screen, workshop, join, count_queries):
    phones = room_of(workshop, join, 3)
    for phone in phones:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"], ratings={"screen": 3})
    advance(screen, workshop, "themes")
    projector_url = f"/workshops/{workshop.id}/projector"
    phone_url = f"/w/{workshop.join_code}/"
    with count_queries() as queries:
        response = screen.get(projector_url, headers={"HX-Request": "true", "If-None-Match": '"old"'})
    assert response.status_code == 200 and queries[0] <= 3
    with count_queries() as queries:
        response = phones[0].get(phone_url, headers={"HX-Request": "true", "If-None-Match": '"old"'})
    assert response.status_code == 200 and "No feedback" in response.text and queries[0] <= 3
    etag = response.headers["ETag"]
    with count_queries() as queries:
        unchanged = phones[0].get(phone_url, headers={"HX-Request": "true", "If-None-Match": etag})
    assert unchanged.status_code == 304 and queries[0] == 1


def test_themes_command(runner, tmp_path):
    stories = tmp_path / "stories.jsonl"
    stories.write_text(
        '{"id": "a", "text": "They ghosted me.", "extra": true}\n'
        '{"id": "b", "text": "Radio silence after the final interview."}\n'
        '{"id": "c", "text": "I never heard back."}\n'
    )
    result = runner.invoke(args=["themes", str(stories), "--room"])
    assert result.exit_code == 0, result.output
    import json

    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines[:3]] == ["a", "b", "c"]
    assert all(line["themes"][0]["id"] == "no_feedback" for line in lines[:3])
    assert lines[3]["room"]["themes"][0] == {"id": "no_feedback", "label": "No feedback, or ghosted", "count": 3}


def test_cohort_report_shows_only_what_k_people_share(screen, workshop, join):
    phones = room_of(workshop, join, 4)
    for i, phone in enumerate(phones):
        phone.post(
            f"/w/{workshop.join_code}/checkin", data={"moment": "before", "confidence": "2", "submission_id": sid()}
        )
        tell(phone, workshop, GHOSTED, themes=["no_feedback"] if i < 3 else ["salary_mismatch"], ratings={"screen": 3})
    page = screen.get(f"/workshops/{workshop.id}/report")
    assert page.status_code == 200
    assert "No feedback, or ghosted" in page.text and "Salary mismatch" not in page.text
    assert "2.0" in page.text
    sheet = screen.get(f"/workshops/{workshop.id}/report.csv")
    assert sheet.headers["Content-Type"].startswith("text/csv")
    rows = sheet.text.splitlines()
    assert 'shared theme,"No feedback, or ghosted",3,3' in rows  # the fourth story waits for two more people
    assert not any("Salary" in row for row in rows)
    from workshop.models import Participant

    assert not any(alias in sheet.text for alias in db.session.scalars(select(Participant.alias)))


def test_cohort_csv_cannot_smuggle_a_formula(screen, coach, make_workshop):
    workshop = make_workshop(coach, title='=HYPERLINK("http://evil.example","open me")')
    import csv
    import io

    rows = list(csv.reader(io.StringIO(screen.get(f"/workshops/{workshop.id}/report.csv").text)))
    title = rows[1][1]
    assert title.startswith("'=HYPERLINK")  # shown as text, never run as a formula
    assert not any(value.startswith("=") for row in rows for value in row)


def test_reveals_are_spaced_out_in_time_and_caught_up_by_the_projector(app, screen, workshop, join):
    from datetime import timedelta

    from workshop.models import utcnow

    app.config["BOARD_REFRESH_SECONDS"] = 60
    phones = room_of(workshop, join, 6)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    advance(screen, workshop, "themes")
    assert "3</strong> of 3" in projector(screen, workshop).text  # the first release is never held back
    for phone in phones[3:]:
        tell(phone, workshop, GROUP, themes=["no_feedback"])
    seen = projector(screen, workshop)
    assert "3</strong> of 3" in seen.text  # due, but too soon after the last release
    stored = db.session.get(Workshop, workshop.id)
    assert stored.board_due_at is not None  # the reveal is booked for a minute after the last
    stored.board_due_at = utcnow() - timedelta(seconds=1)  # ...and that minute has passed
    db.session.commit()
    poll = screen.get(
        f"/workshops/{workshop.id}/projector", headers={"HX-Request": "true", "If-None-Match": seen.headers["ETag"]}
    )
    assert poll.status_code == 200 and "6</strong> of 6" in poll.text  # the projector's poll reveals it


def test_a_big_room_reveals_in_bigger_steps():
    import workshop.services.releases as releases

    class Room:
        min_group_size = 3

    for counted, needed in [(300, 12), (20, 3), (2, 3), (80, 4)]:
        assert releases.step(Room(), counted) == needed, counted


def test_phones_share_the_rendered_board_but_each_gets_its_own_token_and_marks(app, screen, workshop, join):
    """The phone board is rendered once per room version and language: what differs per phone
    (its CSRF token in "me too", the themes it is counted in) must still be its own."""
    phones = room_of(workshop, join, 4)
    for phone in phones[:3]:
        tell(phone, workshop, GHOSTED, themes=["no_feedback"])
    advance(screen, workshop, "themes")
    app.config["WTF_CSRF_ENABLED"] = True
    code = workshop.join_code
    pages = [phone.get(f"/w/{code}/").text for phone in phones]
    for page in pages:
        meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        in_board = re.findall(r'name="csrf_token" value="([^"]+)"', page[page.index("board-phone-wrap") :])
        assert set(in_board) <= {meta}
    assert all("You are counted here" in page for page in pages[:3])
    late = pages[3]
    assert "You are counted here" not in late
    token = re.search(r'name="csrf_token" value="([^"]+)"', late[late.index("board-phone-wrap") :]).group(1)
    counted = phones[3].post(f"/w/{code}/metoo", data={"theme": "no_feedback", "csrf_token": token})
    assert counted.status_code == 303  # its own token, so accepted
    assert "You are counted here" in phones[3].get(f"/w/{code}/").text
    app.config["WTF_CSRF_ENABLED"] = False
    # a coach's rename moves the room version: every phone sees it on its next read
    screen.post(f"/workshops/{workshop.id}/themes", data={"op": "rename", "key": "no_feedback", "label": "Silence"})
    assert all("Silence" in phone.get(f"/w/{code}/").text for phone in phones)
    # the same room in another language is another board
    malay = phones[0].post(f"/w/{code}/language", data={"language": "ms", "next": f"/w/{code}/"})
    assert malay.status_code in (302, 303)
    assert "Anda tidak keseorangan" in phones[0].get(f"/w/{code}/").text
    assert "Anda tidak keseorangan" not in phones[1].get(f"/w/{code}/").text
