"""Every route, asked for by someone it does not belong to.

One room is built once for the module (plans are rendered only when a phone asks): a coach with two
workshops (one showing the board, one in the plan phase), each with a victim participant
who wrote a story, rated stages with notes and chose themes; a second coach with a
workshop and a phone of their own. Then every route in app.url_map is requested, with GET
and POST as it allows, as a plain request and as htmx, by nobody, by the other coach and by
the other coach's participant. Workshop and participant routes answer 404, coach routes
send strangers to the log-in page, nothing in the answer belongs to the victims, and
nothing in the database changes.
"""

from __future__ import annotations

import functools
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import delete, select, update

from workshop.extensions import db
from workshop.models import Coach, CustomAction, Participant, Phase, Workshop, WorkshopSummary
from workshop.services import phone_checks, rehearsals
from workshop.services import workshops as ops

from ..helpers import Client, password_hash, pdf_text, sid, soon
from .helpers import (
    PLAN_ONLY,
    REAL_ONLY,
    REHEARSAL_ONLY,
    ROUTES,
    holding_token,
    plans_on_demand,
    signed_in,
    snapshot,
    tell_story,
    token_of,
    url_rules,
)

ACTORS = ("nobody", "other_coach", "other_phone")


@dataclass
class Room:
    """One victim workshop, as plain values (never ORM objects across requests)."""

    id: int
    code: str
    title: str
    phase: str
    action_id: int
    victim_token: str
    victim_recovery: str
    neighbour_token: str  # another participant of the same workshop
    neighbour_alias: str
    public: list[str] = field(default_factory=list)  # what anyone with the code may see
    private: list[str] = field(default_factory=list)  # coach- and room-only
    victim: list[str] = field(default_factory=list)  # only the victim's phone


@dataclass
class World:
    app: object
    owner_id: int
    stranger_coach_id: int
    stranger_code: str
    stranger_token: str  # a participant of the other coach's workshop
    rooms: dict[str, Room]
    summary_id: int = 0  # the owner's summary of an erased workshop (Insights)
    summary_title: str = ""

    def every_marker(self) -> list[str]:
        rooms = [m for room in self.rooms.values() for m in (*room.public, *room.private, *room.victim)]
        return [*rooms, self.summary_title] if self.summary_title else rooms

    def secret_markers(self) -> list[str]:
        return [m for room in self.rooms.values() for m in (*room.private, *room.victim)]


def _coach(email: str, name: str, admin: bool) -> int:
    coach = Coach(email=email, name=name, is_admin=admin, password_hash=password_hash())
    db.session.add(coach)
    db.session.commit()
    return coach.id


def _workshop(coach_id: int, title: str, **fields) -> Workshop:
    values = {
        "title": title,
        "date": date(2026, 12, 3),
        "description": "",
        "employers": "",
        "min_group_size": 2,
        "retention_days": 30,
        "paper_size": "A4",
        "coach_note": "",
    } | fields
    workshop = ops.create_workshop(db.session.get(Coach, coach_id), values, ops.default_stage_rows())
    workshop.phase = Phase.REFLECT
    db.session.commit()
    return workshop


def _phone(app, code: str, alias: str, word: str, note: str):
    """A participant who checked in, told a story, rated two stages and chose a theme."""
    phone = app.test_client()
    welcome = phone.post(f"/w/{code}/join")
    recovery = re.search(r'data-testid="recovery-code">([A-Z0-9-]+)<', welcome.text).group(1)
    db.session.execute(update(Participant).where(Participant.id == _newest_participant()).values(alias=alias))
    db.session.commit()
    phone.post(f"/w/{code}/checkin", data={"moment": "before", "confidence": "2", "submission_id": sid()})
    saved = tell_story(
        phone, code, f"I never heard back after the {word} interview; weeks of silence.", role=f"{word} analyst"
    )
    assert saved.status_code == 303
    phone.post(f"/w/{code}/themes", data={"theme": ["no_feedback"], "submission_id": sid()})
    rated = phone.post(
        f"/w/{code}/ratings",
        data={
            "submission_id": sid(),
            "reached-screen": "yes",
            "score-screen": "4",
            "reached-first_interview": "yes",
            "score-first_interview": "2",
            "note-first_interview": note,
        },
    )
    assert rated.status_code == 303
    return phone, token_of(app, phone, code), recovery


def _newest_participant() -> int:
    return db.session.scalar(select(Participant.id).order_by(Participant.id.desc()).limit(1))


def _room(app, owner: Client, owner_id: int, phase: str, n: int) -> Room:
    title = f"Quillon evening {n}"
    description = f"Zephyrine welcome {n}"
    note = f"Yonderly closing words {n}"
    employer = f"Vantablack Holdings {n}"
    workshop = _workshop(owner_id, title, description=description, coach_note=note, employers=employer)
    action = CustomAction(
        workshop_id=workshop.id,
        title=f"Cardamom step {n}",
        how=f"Saffron how {n}",
        stages="first_interview",
        themes="no_feedback",
        timing="today",
    )
    db.session.add(action)
    db.session.commit()
    code, workshop_id = workshop.join_code, workshop.id
    _, victim_token, recovery = _phone(app, code, f"Vivid Xenops {n}", f"zeppelinwharf{n}", f"marmaladequay{n}")
    _phone(app, code, f"Quiet Numbat {n}", f"lighthousekeel{n}", f"brambleworth{n}")
    _, neighbour_token, _ = _phone(app, code, f"Ysolde Yellowhammer {n}", f"tangerinemoor{n}", f"copperfinch{n}")
    for step in ("themes", "plan")[: 1 if phase == "themes" else 2]:
        with plans_on_demand():
            moved = owner.post(f"/workshops/{workshop_id}/phase", data={"to": step})
        assert moved.status_code == 303
    db.session.rollback()
    assert db.session.get(Workshop, workshop_id).phase.value == phase
    return Room(
        id=workshop_id,
        code=code,
        title=title,
        phase=phase,
        action_id=action.id,
        victim_token=victim_token,
        victim_recovery=recovery,
        neighbour_token=neighbour_token,
        neighbour_alias=f"Ysolde Yellowhammer {n}",
        public=[title, description, code],
        private=[note, employer, f"Cardamom step {n}", f"Saffron how {n}", "Valeria Vantablack"],
        victim=[f"Vivid Xenops {n}", f"zeppelinwharf{n}", f"marmaladequay{n}", recovery],
    )


def _rehearsal_room(app, owner: Client, owner_id: int, n: int) -> Room:
    """A rehearsal in the plan phase, of a workshop of its own: its sample participants'
    plans are the only plans a coach may open."""
    title, note, employer = f"Quillon rehearsal {n}", f"Yonderly rehearsal words {n}", f"Vantablack Rehearsals {n}"
    real = _workshop(owner_id, title, description=f"Zephyrine rehearsal {n}", coach_note=note, employers=employer)
    real.phase = Phase.DRAFT
    db.session.add(CustomAction(workshop_id=real.id, title=f"Cardamom rehearsal {n}", how="Saffron", timing="today"))
    db.session.commit()
    rehearsal = rehearsals.start_rehearsal(real, 12)
    first = rehearsals.sample_participant(rehearsal, 1)
    first.alias = f"Sample Zorilla {n}"  # a fixed name the checks can look for (aliases are random)
    db.session.commit()
    rehearsal_id, code = rehearsal.id, rehearsal.join_code
    for step in ("themes", "plan"):
        with plans_on_demand():
            assert owner.post(f"/workshops/{rehearsal_id}/phase", data={"to": step}).status_code == 303
    db.session.rollback()
    action_id = db.session.scalar(select(CustomAction.id).where(CustomAction.workshop_id == rehearsal_id))
    return Room(
        id=rehearsal_id,
        code=code,
        title=title,
        phase="plan",
        action_id=action_id,
        victim_token="",  # nobody holds a sample participant's token
        victim_recovery="",
        neighbour_token="",
        neighbour_alias="",
        public=[title, f"Zephyrine rehearsal {n}", code],
        private=[note, employer, f"Cardamom rehearsal {n}", "Valeria Vantablack"],
        victim=[f"Sample Zorilla {n}", "I keep wondering what I said wrong"],  # a sample's plan and story
    )


@pytest.fixture(scope="module")
def world(module_app):
    app = module_app
    owner_id = _coach("valeria@example.org", "Valeria Vantablack", admin=True)
    stranger_id = _coach("mallory@example.org", "Mallory Other", admin=False)
    owner = signed_in(app, owner_id)
    rooms = {
        "themes": _room(app, owner, owner_id, "themes", 1),
        "plan": _room(app, owner, owner_id, "plan", 2),
        "rehearsal": _rehearsal_room(app, owner, owner_id, 3),
    }
    theirs = _workshop(stranger_id, "Mallory's own evening")
    theirs.phase = Phase.THEMES
    summary = WorkshopSummary(
        coach_id=owner_id,
        title="Quillon summary 4",
        date=date(2026, 1, 5),
        series="",
        k=2,
        figures='{"participants": 7}',
    )
    db.session.add(summary)
    db.session.commit()
    stranger_code = theirs.join_code
    phone = app.test_client()
    assert phone.post(f"/w/{stranger_code}/join").status_code == 200
    yield World(
        app=app,
        owner_id=owner_id,
        stranger_coach_id=stranger_id,
        stranger_code=stranger_code,
        stranger_token=token_of(app, phone, stranger_code),
        rooms=rooms,
        summary_id=summary.id,
        summary_title="Quillon summary 4",
    )


# The same few PDFs are read by many cases: read each once.
pdf_text = functools.cache(pdf_text)


# ---- what each request looks like -------------------------------------------------------


def path_of(world: World, endpoint: str, room: Room) -> str:
    values = {
        "workshop_id": room.id,
        "action_id": room.action_id,
        "code": room.code,
        "filename": "css/rebound.css",
        "token": secrets.token_urlsafe(phone_checks.TOKEN_BYTES),  # a link nobody was given
        "summary_id": world.summary_id,
    }
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
    with world.app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


def attack_form(endpoint: str, room: Room) -> dict:
    """What someone would send if they meant harm: each would change something if it got through."""
    next_phase = {"themes": "plan", "plan": "closed"}[room.phase]
    return {
        "coach.edit": {
            "op": "save",
            "title": "Hijacked",
            "date": soon(),
            "min_group_size": "2",
            "retention_days": "1",
            "paper_size": "A4",
            "stage_key": ["screen"],
            "stage_label": ["X"],
        },
        "coach.add_action": {
            "title": "Hijacked action",
            "how": "Do as I say",
            "timing": "today",
            "stages": "screen",
            "themes": "no_feedback",
        },
        "coach.phase": {"to": next_phase},
        "coach.delete": {"confirm_title": room.title},
        "board.moderate": {"op": "rename", "key": "no_feedback", "label": "Hijacked"},
        "auth.login": {"email": "valeria@example.org", "password": "a wrong password"},
        "auth.setup": {"name": "Eve", "email": "eve@example.org", "password": "x" * 12, "confirm": "x" * 12},
        "auth.coaches": {
            "name": "Eve",
            "email": "eve@example.org",
            "password": "x" * 12,
            "confirm": "x" * 12,
            "is_admin": "y",
        },
        "coach.new": {"op": "add"},
        "participant.join_form": {"code": room.code},
        "participant.recover": {"recovery_code": "AAAA-BBBB"},
        "reflect.checkin": {
            "moment": "after" if room.phase == "plan" else "before",
            "confidence": "1",
            "submission_id": sid(),
        },
        "reflect.story": {"op": "review", "role": "x", "text": "Hijacked story text", "submission_id": sid()},
        "reflect.themes": {"theme": ["self_doubt"], "submission_id": sid()},
        "reflect.ratings": {"reached-screen": "yes", "score-screen": "1", "submission_id": sid()},
        "plans.priorities": {"focus": ["interview_practice"]},
        "board.me_too": {"theme": "no_feedback"},
        "rehearsal.start": {"size": "12"},
    }.get(endpoint, {})


def cases(kinds: set[str]):
    for endpoint, _, methods in url_rules():
        kind = ROUTES.get(endpoint)
        if kind not in kinds:
            continue
        if endpoint in REHEARSAL_ONLY:
            rooms = ("rehearsal",)
        elif endpoint in PLAN_ONLY:
            rooms = ("plan",)
        elif kind == "coach_workshop" and endpoint not in REAL_ONLY:
            rooms = ("themes", "plan", "rehearsal")  # a rehearsal is as much the coach's own
        elif kind in ("coach_workshop", "entry", "participant"):
            rooms = ("themes", "plan")
        else:
            rooms = ("themes",)
        for method in methods:
            for room in rooms:
                yield endpoint, method, room


def send(client: Client, method: str, path: str, form: dict, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        return client.get(path, headers=headers)
    return client.post(path, data=form, headers=headers)


def actor_client(world: World, actor: str, room: Room) -> Client:
    if actor == "nobody":
        return world.app.test_client()
    if actor == "other_coach":
        return signed_in(world.app, world.stranger_coach_id)
    # the other coach's participant, presenting their token to this workshop's paths too
    client = holding_token(world.app, room.code, world.stranger_token)
    client.set_cookie(
        world.app.config["PARTICIPANT_COOKIE_NAME"], world.stranger_token, path=f"/w/{world.stranger_code}/"
    )
    return client


def assert_nothing_of(response, markers: list[str]) -> None:
    if response.mimetype == "application/pdf":
        body = pdf_text(response.data)
    else:
        body = response.get_data(as_text=True)
    body += " ".join(f"{k}: {v}" for k, v in response.headers.items())
    for marker in markers:
        assert marker not in body, f"{marker!r} leaked"


def assert_not_found(response) -> None:
    assert response.status_code == 404, response.status_code
    assert "Not found" in response.text and "not yours to see" in response.text


def assert_sent_to_login(response, method: str, htmx: bool) -> None:
    if htmx:
        assert response.status_code == 401
        assert response.headers["HX-Redirect"].startswith("/login")
    elif method == "GET":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 401 and "Please log in" in response.text


def versions() -> dict:
    """Who is in which workshop, and each workshop's change counters."""
    return {
        "participants": set(db.session.scalars(select(Participant.id))),
        "workshops": db.session.execute(select(Workshop.id, Workshop.version, Workshop.room_version)).all(),
    }


def undo_joins(before: dict) -> None:
    """A stranger may join an open workshop (that is what a code is for); take them out again."""
    db.session.execute(delete(Participant).where(Participant.id.not_in(before["participants"])))
    for workshop_id, version, room_version in before["workshops"]:
        db.session.execute(
            update(Workshop).where(Workshop.id == workshop_id).values(version=version, room_version=room_version)
        )
    db.session.commit()


# ---- strangers ----------------------------------------------------------------------------

GUARDED = {"coach_workshop", "participant", "entry", "coach", "public", "static", "link"}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint, method, room_name", sorted(cases(GUARDED)))
def test_a_stranger_gets_nothing(world, endpoint, method, room_name, actor, htmx):
    room = world.rooms[room_name]
    kind = ROUTES[endpoint]
    client = actor_client(world, actor, room)
    before, counters = snapshot(), versions()
    response = send(client, method, path_of(world, endpoint, room), attack_form(endpoint, room), htmx)
    assert response.status_code < 500

    coach_signed_in = actor == "other_coach"
    if kind == "coach_workshop":
        if coach_signed_in:
            assert_not_found(response)
        else:
            assert_sent_to_login(response, method, htmx)
        assert_nothing_of(response, world.every_marker())
    elif kind in ("participant", "link"):
        assert_not_found(response)
        assert_nothing_of(response, world.every_marker())
    elif kind == "coach":
        if not coach_signed_in:
            assert_sent_to_login(response, method, htmx)
        elif endpoint == "auth.coaches":
            assert_not_found(response)  # only an admin manages coaches
        assert_nothing_of(response, world.every_marker())
    elif kind == "entry":
        expected = {
            ("participant.home", "GET"): 404 if htmx else 200,  # a poll needs a token; a visit gets the join page
            ("participant.join", "POST"): 200,  # joins as someone new
            ("participant.recover", "GET"): 200,
            ("participant.recover", "POST"): 422,
            ("language.choose_on_phone", "POST"): 422,  # names no language: nothing to remember
        }[(endpoint, method)]
        assert response.status_code == expected
        assert_nothing_of(response, world.secret_markers())
        if endpoint == "participant.join":
            assert "Welcome," in response.text
            undo_joins(counters)
    else:  # public and static: nothing of anyone's workshop
        assert_nothing_of(response, world.secret_markers())
    assert snapshot() == before


# ---- the owner, to show each URL above really reaches something ----------------------------


def harmless_form(endpoint: str, room: Room) -> dict:
    """What the owner sends to prove the route is live, without changing the shared room."""
    return {
        "coach.edit": {"op": "add"},
        "coach.add_action": {},
        "coach.phase": {"to": "nowhere"},
        "coach.delete": {"confirm_title": "not the title"},
        "board.moderate": {"op": "nonsense", "key": "no_feedback"},
        "participant.recover": {"recovery_code": "AAAA-BBBB"},
        "reflect.checkin": {"moment": "never"},
        "reflect.story": {"op": "edit"},
        "reflect.themes": {"theme": ["no-such-theme"], "submission_id": sid()},
        "reflect.ratings": {"reached-nowhere": "yes"},
        "plans.priorities": {},
        "board.me_too": {"theme": "no-such-theme"},
        "rehearsal.start": {"size": "7"},
    }.get(endpoint, {})


@pytest.mark.parametrize("endpoint, method, room_name", sorted(cases({"coach_workshop", "participant", "entry"})))
def test_the_owner_reaches_every_route_above(world, endpoint, method, room_name):
    room = world.rooms[room_name]
    app = world.app
    if ROUTES[endpoint] == "coach_workshop":
        client = signed_in(app, world.owner_id)
    else:
        client = holding_token(app, room.code, room.victim_token)
    if endpoint == "coach.delete_action":  # prove it on an action of its own
        spare = CustomAction(workshop_id=room.id, title="Spare", how="Spare", timing="today")
        db.session.add(spare)
        db.session.commit()
        room = Room(**{**room.__dict__, "action_id": spare.id})
    if endpoint == "rehearsal.delete":  # prove it on a rehearsal of its own
        rehearsals.start_rehearsal(db.session.get(Workshop, room.id), 12)
    if endpoint == "participant.forget" and method == "POST":  # prove it on a phone of its own
        spare = app.test_client()
        spare.post(f"/w/{room.code}/join")
        client = holding_token(app, room.code, token_of(app, spare, room.code))
    response = send(client, method, path_of(world, endpoint, room), harmless_form(endpoint, room), htmx=False)
    assert response.status_code not in (302, 401, 404) and response.status_code < 500, response.status_code


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("room_name", ["themes", "plan"])
@pytest.mark.parametrize("endpoint", sorted(REHEARSAL_ONLY))
def test_the_owner_never_opens_a_plan_of_a_real_workshop(world, endpoint, room_name, htmx):
    """Sample plans are a rehearsal's only: on a real workshop, for any participant number,
    its own coach gets the same 404 as a stranger."""
    room = world.rooms[room_name]
    owner = signed_in(world.app, world.owner_id)
    for n in ("1", "2", "3"):
        response = send(owner, "GET", path_of(world, endpoint, room) + f"?n={n}", {}, htmx)
        assert_not_found(response)
        assert_nothing_of(response, world.every_marker())


# ---- a neighbour in the same room --------------------------------------------------------


def neighbour_cases():
    for endpoint, method, room in cases({"participant", "entry"}):
        if method == "GET":
            yield endpoint, room


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("endpoint, room_name", sorted(neighbour_cases()))
def test_a_neighbour_in_the_same_room_sees_only_their_own(world, endpoint, room_name, htmx):
    room = world.rooms[room_name]
    client = holding_token(world.app, room.code, room.neighbour_token)
    response = send(client, "GET", path_of(world, endpoint, room), {}, htmx)
    assert response.status_code < 500 and response.status_code != 404
    assert_nothing_of(response, room.victim)
    if endpoint == "plans.page" and not htmx:
        assert f"Your action plan, {room.neighbour_alias}" in response.text


def test_plan_downloads_are_each_phones_own(world):
    room = world.rooms["plan"]
    victim = holding_token(world.app, room.code, room.victim_token)
    neighbour = holding_token(world.app, room.code, room.neighbour_token)
    mine, theirs = victim.get(f"/w/{room.code}/plan.pdf"), neighbour.get(f"/w/{room.code}/plan.pdf")
    assert mine.status_code == theirs.status_code == 200
    assert mine.data != theirs.data
    mine_text, theirs_text = pdf_text(mine.data), pdf_text(theirs.data)
    assert "Vivid Xenops 2" in mine_text and "marmaladequay2" in mine_text  # the test can see a leak
    assert room.neighbour_alias in theirs_text
    for marker in room.victim:
        assert marker not in theirs_text
    calendar = neighbour.get(f"/w/{room.code}/plan.ics")
    assert calendar.status_code == 200
    assert_nothing_of(calendar, room.victim)
    for response in (mine, theirs, calendar):
        assert response.headers["Cache-Control"] == "no-store"


# ---- a coach's phone-test link -------------------------------------------------------------


def test_a_phone_test_link_works_once_and_tells_nothing_of_the_workshop(world):
    room = world.rooms["themes"]
    owner = signed_in(world.app, world.owner_id)
    started = owner.post(f"/workshops/{room.id}/phone-test", headers={"HX-Request": "true"})
    link = re.search(r"http://rebound\.test(/check/[\w-]+)<", started.text).group(1)
    phone = world.app.test_client()
    reached = phone.get(link)
    assert reached.status_code == 200 and "Your phone reached Rebound" in reached.text
    assert_nothing_of(reached, world.every_marker())
    again = world.app.test_client().get(link)
    assert_not_found(again)  # used once: a copy seen over a shoulder is worth nothing
    assert_nothing_of(again, world.every_marker())
    other_coach = signed_in(world.app, world.stranger_coach_id)
    assert_not_found(other_coach.get(f"/workshops/{room.id}/phone-test", headers={"HX-Request": "true"}))
    assert "Your phone reached Rebound" in owner.get(f"/workshops/{room.id}/phone-test").text
