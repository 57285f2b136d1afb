"""Posts in the wrong phase, replayed submissions, and "me too" on themes not on the board.

A phone may post a form it loaded before the coach moved the room on, replay someone else's
submission id, or say "me too" to a theme that is hidden, merged, too small or unknown. Each
gets a clear 4xx page, and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import (
    Coach,
    Participant,
    ParticipantTheme,
    Phase,
    StageRating,
    Story,
    Submission,
)
from workshop.services import participants as people
from workshop.services import workshops as ops

from ..helpers import password_hash, sid
from .helpers import (
    holding_token,
    plans_on_demand,
    signed_in,
    snapshot,
    tell_story,
)

STORY = "They never called back after the final interview."


@dataclass
class Scene:
    app: object
    coach: FlaskClient
    rooms: dict[str, tuple[int, str]]  # phase -> (workshop id, join code)
    phones: dict[str, FlaskClient]  # phase -> a phone in that workshop
    board: tuple[int, str]  # the workshop showing a board
    sharers: list[FlaskClient]  # phones on the board workshop
    newcomer: FlaskClient  # a phone on the board workshop that shares nothing yet
    used_ids: dict[str, str]  # kind -> a submission id a sharer already used


def new_room(coach: Coach, title: str, phase: Phase) -> tuple[int, str]:
    workshop = ops.create_workshop(
        coach,
        {"title": title, "date": date(2026, 12, 3), "min_group_size": 2, "retention_days": 30},
        ops.default_stage_rows(),
    )
    workshop.phase = phase
    db.session.commit()
    return workshop.id, workshop.join_code


def phone_in(app, workshop_id: int, code: str) -> FlaskClient:
    from workshop.models import Workshop

    _, token, _ = people.join(db.session.get(Workshop, workshop_id))
    return holding_token(app, code, token)


@pytest.fixture(scope="module")
def scene(module_app):
    app = module_app
    coach = Coach(email="coach@example.org", name="Coach", password_hash=password_hash())
    db.session.add(coach)
    db.session.commit()
    desk = signed_in(app, coach.id)
    rooms, phones = {}, {}
    for phase in ("lobby", "plan", "closed"):
        rooms[phase] = new_room(coach, f"Room in {phase}", Phase.REFLECT)
        phone = phone_in(app, *rooms[phase])
        assert tell_story(phone, rooms[phase][1], STORY).status_code == 303
        phones[phase] = phone
    for phase, steps in {"lobby": [], "plan": ["themes", "plan"], "closed": ["themes", "plan", "closed"]}.items():
        wid = rooms[phase][0]
        for step in steps:
            with plans_on_demand(render=False):
                assert desk.post(f"/workshops/{wid}/phase", data={"to": step}).status_code == 303
    from workshop.models import Workshop

    lobby = db.session.get(Workshop, rooms["lobby"][0])
    lobby.phase = Phase.LOBBY  # a room sent back before reflecting began
    db.session.commit()

    board = new_room(coach, "Board room", Phase.REFLECT)
    sharers, used = [], {}
    for n in range(3):  # three people share "no feedback" and "self doubt"; two "experience gap"
        phone = phone_in(app, *board)
        ids = {"story": sid(), "themes": sid(), "ratings": sid(), "checkin": sid()}
        code = board[1]
        assert tell_story(phone, code, STORY, submission_id=ids["story"]).status_code == 303
        themes = ["no_feedback", "self_doubt", "experience_gap"] if n < 2 else ["no_feedback", "self_doubt"]
        assert (
            phone.post(f"/w/{code}/themes", data={"theme": themes, "submission_id": ids["themes"]}).status_code == 303
        )
        assert (
            phone.post(
                f"/w/{code}/ratings",
                data={"reached-screen": "yes", "score-screen": "3", "submission_id": ids["ratings"]},
            ).status_code
            == 303
        )
        assert (
            phone.post(
                f"/w/{code}/checkin", data={"moment": "before", "confidence": "2", "submission_id": ids["checkin"]}
            ).status_code
            == 303
        )
        sharers.append(phone)
        used = used or ids
    newcomer = phone_in(app, *board)
    assert desk.post(f"/workshops/{board[0]}/phase", data={"to": "themes"}).status_code == 303
    assert desk.post(f"/workshops/{board[0]}/themes", data={"op": "hide", "key": "self_doubt"}).status_code == 303
    assert (
        desk.post(
            f"/workshops/{board[0]}/themes", data={"op": "merge", "key": "experience_gap", "into": "no_feedback"}
        ).status_code
        == 303
    )
    yield Scene(
        app=app, coach=desk, rooms=rooms, phones=phones, board=board, sharers=sharers, newcomer=newcomer, used_ids=used
    )


# ---- posts in the wrong phase -----------------------------------------------------------------


def reflect_posts(code: str) -> dict[str, tuple[str, dict]]:
    fields = {"role": "Analyst", "ended_stage": "screen", "text": "A different story altogether."}
    return {
        "story review": (f"/w/{code}/story", fields | {"op": "review"}),
        "story confirm": (
            f"/w/{code}/story",
            fields | {"op": "confirm", "fingerprint": "0" * 64, "submission_id": sid()},
        ),
        "themes": (f"/w/{code}/themes", {"theme": ["no_feedback"], "submission_id": sid()}),
        "ratings": (f"/w/{code}/ratings", {"reached-screen": "yes", "score-screen": "2", "submission_id": sid()}),
        "opening check-in": (f"/w/{code}/checkin", {"moment": "before", "confidence": "4", "submission_id": sid()}),
        "closing check-in": (f"/w/{code}/checkin", {"moment": "after", "confidence": "4", "submission_id": sid()}),
        "priorities": (f"/w/{code}/plan/priorities", {"focus": ["anything"]}),
    }


# Which posts each phase refuses (the others are allowed there).
REFUSED = {
    "lobby": ["story review", "story confirm", "themes", "ratings", "closing check-in"],
    "plan": ["story review", "story confirm", "themes", "ratings", "opening check-in"],
    "closed": [
        "story review",
        "story confirm",
        "themes",
        "ratings",
        "opening check-in",
        "closing check-in",
        "priorities",
    ],
}
MESSAGES = {
    "lobby": "Your coach has not started the reflection yet.",
    "plan": "stories and ratings can no longer be changed",
    "closed": "stories and ratings can no longer be changed",
}


def wrong_phase_cases():
    for phase, posts in REFUSED.items():
        for post in posts:
            yield phase, post


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("phase, post", sorted(wrong_phase_cases()))
def test_a_post_in_the_wrong_phase_is_a_409_with_a_message(scene, phase, post, htmx):
    code = scene.rooms[phase][1]
    path, form = reflect_posts(code)[post]
    before = snapshot()
    response = scene.phones[phase].post(path, data=form, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 409, response.status_code
    if post == "priorities" or "check-in" in post and phase != "lobby":
        assert "Stories and ratings are closed" in response.text or "Not open" in response.text
    else:
        assert MESSAGES[phase] in response.text
    assert snapshot() == before


@pytest.mark.parametrize("page", ["story", "themes", "ratings"])
@pytest.mark.parametrize("phase", ["lobby", "plan", "closed"])
def test_a_reflect_page_opened_in_the_wrong_phase_says_why(scene, phase, page):
    code = scene.rooms[phase][1]
    response = scene.phones[phase].get(f"/w/{code}/{page}")
    assert response.status_code == 409
    assert MESSAGES[phase] in response.text
    assert "Back to the workshop" in response.text


def test_the_story_written_before_the_plan_phase_is_kept(scene):
    stories = db.session.scalars(select(Story.text).where(Story.workshop_id == scene.rooms["closed"][0])).all()
    assert stories == [STORY]


# ---- replayed submission ids ---------------------------------------------------------------------


def replay_posts(code: str, kind: str, submission_id: str) -> tuple[str, dict]:
    return {
        "story": (f"/w/{code}/story", None),
        "themes": (f"/w/{code}/themes", {"theme": ["no_feedback"], "submission_id": submission_id}),
        "ratings": (f"/w/{code}/ratings", {"reached-offer": "yes", "score-offer": "5", "submission_id": submission_id}),
        "checkin": (f"/w/{code}/checkin", {"moment": "before", "confidence": "5", "submission_id": submission_id}),
    }[kind]


def counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Story, StageRating, ParticipantTheme, Submission, Participant)
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("kind", ["story", "themes", "ratings", "checkin"])
@pytest.mark.parametrize("whose", ["same kind", "another kind"])
def test_someone_elses_submission_id_is_refused(scene, kind, whose, htmx):
    """The newcomer replays an id the first sharer already used: 409, nothing stored for either."""
    code = scene.board[1]
    stolen = scene.used_ids[
        kind
        if whose == "same kind"
        else {"story": "ratings", "themes": "checkin", "ratings": "story", "checkin": "themes"}[kind]
    ]
    headers = {"HX-Request": "true"} if htmx else {}
    before = snapshot()
    if kind == "story":
        response = tell_story(scene.newcomer, code, "My own story, replayed id.", submission_id=stolen)
        if htmx:  # the confirm step again, as htmx
            response = scene.newcomer.post(
                f"/w/{code}/story",
                headers=headers,
                data={"text": "x", "op": "confirm", "fingerprint": "0", "submission_id": stolen},
            )
    else:
        path, form = replay_posts(code, kind, stolen)
        response = scene.newcomer.post(path, data=form, headers=headers)
    assert response.status_code in (409, 422), response.status_code
    if response.status_code == 409:
        assert "This form is out of date" in response.text and "Reload the page" in response.text
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["themes", "ratings", "checkin", "story"])
@pytest.mark.parametrize(
    "bad",
    [
        "",
        "short",
        "g" * 32,
        "A" * 32,
        "0" * 31,
        "0" * 33,
        "12345678-1234-1234-1234-123456789012",
        "' OR '1'='1",
        "\x00" * 32,
    ],
)
def test_a_malformed_submission_id_is_refused(scene, kind, bad):
    code = scene.board[1]
    before = snapshot()
    if kind == "story":
        response = tell_story(scene.newcomer, code, "Malformed id story.", submission_id=bad or "x")
    else:
        path, form = replay_posts(code, kind, bad)
        response = scene.newcomer.post(path, data=form)
    assert response.status_code in (409, 422), response.status_code
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["themes", "ratings", "checkin", "story"])
def test_a_participant_replaying_their_own_submission_changes_nothing(scene, kind):
    """A double tap or a retry after a dropped connection: answered as done, stored once."""
    code = scene.board[1]
    phone = scene.sharers[0]
    if kind == "story":
        phone.get(f"/w/{code}/")
    before = snapshot()
    if kind == "story":
        response = tell_story(
            phone, code, "An edited story that must not replace the first.", submission_id=scene.used_ids["story"]
        )
    else:
        path, form = replay_posts(code, kind, scene.used_ids[kind])
        response = phone.post(path, data=form)
    assert response.status_code == 303
    assert snapshot() == before


# ---- "me too" on themes the board does not show --------------------------------------------------

NOT_ON_BOARD = {
    "hidden by the coach": "self_doubt",
    "merged into another": "experience_gap",
    "shared by fewer than k": "salary_mismatch",
    "unknown": "no_such_theme",
    "empty": "",
    "a custom key nobody made": "custom-9",
    "very long": "x" * 5000,
    "markup": "<script>alert(1)</script>",
}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("case", list(NOT_ON_BOARD))
def test_me_too_on_a_theme_not_on_the_board_is_a_422(scene, case, htmx):
    before = snapshot()
    response = scene.newcomer.post(
        f"/w/{scene.board[1]}/metoo", data={"theme": NOT_ON_BOARD[case]}, headers={"HX-Request": "true"} if htmx else {}
    )
    assert response.status_code == 422
    assert "That theme is not on the board" in response.text
    assert "<script>alert" not in response.text
    assert snapshot() == before


@pytest.mark.parametrize("phase", ["lobby", "plan", "closed"])
def test_me_too_outside_the_board_phases_or_with_nothing_shown_is_a_422(scene, phase):
    code = scene.rooms[phase][1]
    before = snapshot()
    response = scene.phones[phase].post(f"/w/{code}/metoo", data={"theme": "no_feedback"})
    assert response.status_code == 422 and "That theme is not on the board" in response.text
    assert snapshot() == before


def test_the_board_shows_what_the_cases_above_rely_on(scene):
    """Hidden and merged themes really are off the board, and "no feedback" really is on it."""
    page = scene.newcomer.get(f"/w/{scene.board[1]}/")
    board = page.text.split('class="board', 1)[1]
    assert 'name="theme" value="no_feedback"' in board
    for key in ("self_doubt", "experience_gap", "salary_mismatch"):
        assert f'value="{key}"' not in board


def test_me_too_on_a_theme_on_the_board_counts_once(scene):
    """The control: the same request on a shown theme is accepted, and a second tap adds nothing."""
    from workshop.models import Workshop

    phone = phone_in(scene.app, *scene.board)
    code = scene.board[1]
    first = phone.post(f"/w/{code}/metoo", data={"theme": "no_feedback"})
    assert first.status_code == 303
    mine = select(func.count()).select_from(ParticipantTheme).where(ParticipantTheme.theme_key == "no_feedback")
    after_one = db.session.scalar(mine)
    assert phone.post(f"/w/{code}/metoo", data={"theme": "no_feedback"}).status_code in (200, 303)
    assert db.session.scalar(mine) == after_one
    assert db.session.get(Workshop, scene.board[0]).phase == Phase.THEMES
    assert "You are counted here" in phone.get(f"/w/{code}/").text
