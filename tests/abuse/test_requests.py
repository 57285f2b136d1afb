"""Oversized and odd requests, and odd values in paths, form fields and cookies.

Every case checks the answer is a 4xx (never a 500), that a page says in plain words what
happened, and that nothing was stored. One room serves the whole module. The one exception
is an odd value in a form field, which may be cleaned and accepted: there the check is that
nothing unclean (a NUL, a direction override) reaches the database.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from workshop.extensions import db
from workshop.models import Coach, CustomAction, Phase, Workshop
from workshop.services import phone_checks
from workshop.services import workshops as ops

from ..helpers import password_hash, sid, soon
from .helpers import (
    REHEARSAL_ONLY,
    ROUTES,
    bare_app,
    csrf_of,
    signed_in,
    snapshot,
    token_of,
    url_rules,
)

TOO_MUCH = "That was more than Rebound accepts in one go"
BIG = 10 * 1024 * 1024
BIG_FORM = b"op=save&title=x&text=" + b"a" * BIG  # encoded once: encoding 10 MB per case is slow


@dataclass
class Scene:
    app: object
    coach: FlaskClient  # owns the workshop
    phone: FlaskClient  # a participant of it
    insider: FlaskClient  # the coach, also sending the phone's token on every path
    workshop_id: int
    action_id: int
    code: str


@pytest.fixture(scope="module")
def scene(module_app):
    app = module_app
    coach = Coach(email="coach@example.org", name="Coach", password_hash=password_hash())
    db.session.add(coach)
    db.session.commit()
    workshop = ops.create_workshop(
        coach,
        {"title": "Odd requests", "date": date(2026, 12, 3), "min_group_size": 2, "retention_days": 30},
        ops.default_stage_rows(),
    )
    workshop.phase = Phase.REFLECT
    action = CustomAction(workshop_id=workshop.id, title="A step", how="How", timing="today")
    db.session.add(action)
    db.session.commit()
    code = workshop.join_code
    phone = app.test_client()
    assert phone.post(f"/w/{code}/join").status_code == 200
    insider = signed_in(app, coach.id)
    insider.set_cookie(app.config["PARTICIPANT_COOKIE_NAME"], token_of(app, phone, code), path="/")
    yield Scene(
        app=app,
        coach=signed_in(app, coach.id),
        phone=phone,
        insider=insider,
        workshop_id=workshop.id,
        action_id=action.id,
        code=code,
    )


def assert_too_much(response) -> None:
    assert response.status_code == 413, response.status_code
    assert "Too much text" in response.text and TOO_MUCH in response.text


def assert_explained(response) -> None:
    """A refusal a person can read: the error page, or the form again with its message."""
    assert 400 <= response.status_code < 500, response.status_code
    page = response.text
    assert 'id="problem"' in page or 'class="error"' in page, page[:300]


def assert_not_found(response) -> None:
    assert response.status_code == 404, response.status_code
    page = response.text
    assert "There is nothing here, or it is not yours to see." in page or "No open workshop has that code" in page


# ---- c. oversized and odd requests ----------------------------------------------------------

# Form routes that need fields, so an unreadable body must be refused rather than half used.
POSTS = {
    "story": "/w/{code}/story",
    "checkin": "/w/{code}/checkin",
    "ratings": "/w/{code}/ratings",
    "themes": "/w/{code}/themes",
    "recover": "/w/{code}/recover",
    "join form": "/join",
    "login": "/login",
    "edit": "/workshops/{id}/edit",
    "new": "/workshops/new",
    "moderate": "/workshops/{id}/themes",
    "delete": "/workshops/{id}/delete",
}
COACH_POSTS = {"edit", "new", "moderate", "delete"}


def post_to(scene: Scene, name: str, **kwargs):
    client = scene.coach if name in COACH_POSTS else scene.phone
    if name == "login":
        client = scene.app.test_client()
    return client.post(POSTS[name].format(code=scene.code, id=scene.workshop_id), **kwargs)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("name", list(POSTS))
def test_a_10_mb_body_is_refused_with_a_clear_message(scene, name, htmx):
    before = snapshot()
    response = post_to(
        scene,
        name,
        data=BIG_FORM,
        content_type="application/x-www-form-urlencoded",
        headers={"HX-Request": "true"} if htmx else {},
    )
    assert_too_much(response)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["story", "edit", "join form"])
def test_a_10_mb_upload_is_refused_with_a_clear_message(scene, name):
    before = snapshot()
    response = post_to(
        scene,
        name,
        data={"text": (io.BytesIO(b"x" * BIG), "story.txt"), "submission_id": sid()},
        content_type="multipart/form-data",
    )
    assert_too_much(response)
    assert snapshot() == before


def test_a_10_mb_body_is_refused_before_the_csrf_check_chokes_on_it(scene):
    """Production checks CSRF first; the oversized body must still be a 413, not a crash."""
    scene.app.config["WTF_CSRF_ENABLED"] = True
    try:
        token = csrf_of(scene.phone.get(f"/w/{scene.code}/story"))
        before = snapshot()
        response = scene.phone.post(
            f"/w/{scene.code}/story",
            data=f"csrf_token={token}&".encode() + BIG_FORM,
            content_type="application/x-www-form-urlencoded",
        )
        assert_too_much(response)
        assert snapshot() == before
    finally:
        scene.app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
@pytest.mark.parametrize("name", list(POSTS))
def test_two_thousand_form_fields_are_refused(scene, name, encoding):
    before = snapshot()
    fields = {f"field{i}": "x" for i in range(2000)} | {"submission_id": sid(), "op": "review", "text": "Hello"}
    content_type = "multipart/form-data" if encoding == "multipart" else "application/x-www-form-urlencoded"
    assert_too_much(post_to(scene, name, data=fields, content_type=content_type))
    assert snapshot() == before


def test_an_ordinary_form_is_well_under_the_field_limit(scene):
    """The field cap must never refuse a real form: the ratings form with every stage filled."""
    page = scene.phone.get(f"/w/{scene.code}/ratings")
    assert page.status_code == 200
    fields = set(re.findall(r'name="([^"]+)"', page.text))
    assert len(fields) < scene.app.config["MAX_FORM_PARTS"] / 2


@pytest.mark.parametrize("name", list(POSTS))
def test_a_chunked_body_without_length_is_not_read_blindly(scene, name):
    """Without a server that ends the stream, a body with no Content-Length is not read at all."""
    before = snapshot()
    response = post_to(
        scene,
        name,
        input_stream=io.BytesIO(BIG_FORM + b"&op=confirm"),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"CONTENT_LENGTH": ""},
    )
    assert_explained(response)
    assert snapshot() == before


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
@pytest.mark.parametrize("name", list(POSTS))
def test_a_chunked_body_from_a_server_that_ends_streams_is_capped(scene, name, encoding):
    """gunicorn marks chunked bodies as terminated; MAX_CONTENT_LENGTH must still hold, as a 413,
    not as a silently shortened form."""
    before = snapshot()
    if encoding == "multipart":
        body = b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\n' + b"a" * BIG + b"\r\n--b--\r\n"
        content_type = "multipart/form-data; boundary=b"
    else:
        body, content_type = BIG_FORM, "application/x-www-form-urlencoded"
    response = post_to(
        scene,
        name,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )
    assert_too_much(response)
    assert snapshot() == before


def test_a_chunked_form_is_never_saved_cut_short(scene):
    """A chunked ratings form longer than the limit: refused whole, no ratings from its first part."""
    before = snapshot()
    body = (
        f"submission_id={sid()}&reached-screen=yes&score-screen=4&padding=".encode()
        + b"p" * (scene.app.config["MAX_CONTENT_LENGTH"])
        + b"&reached-offer=yes&score-offer=5"
    )
    response = scene.phone.post(
        f"/w/{scene.code}/ratings",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )
    assert_too_much(response)
    assert snapshot() == before


def test_a_chunked_form_within_the_limit_still_works(scene):
    body = f"submission_id={sid()}&moment=before&confidence=9".encode()
    response = scene.phone.post(
        f"/w/{scene.code}/checkin",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True},
    )
    assert response.status_code == 422 and "Choose one of the five answers" in response.text  # read, not cut


MALFORMED = {
    "multipart without a boundary": ("multipart/form-data", b"text=hello&op=confirm"),
    "multipart with a wrong boundary": (
        "multipart/form-data; boundary=abc",
        b'--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--xyz--\r\n',
    ),
    "multipart cut off": (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="text"\r\n\r\nhello',
    ),
    "multipart garbage headers": ("multipart/form-data; boundary=abc", b"--abc\r\n\x00\xff\xfe\r\n\r\n--abc--"),
    "multipart empty": ("multipart/form-data; boundary=abc", b""),
    "json": ("application/json", b'{"text": "hello", "op": "confirm", "moment": "before", "confidence": 3}'),
    "plain text": ("text/plain", b"text=hello&op=confirm"),
    "xml": ("application/xml", b"<story><text>hello</text></story>"),
    "no content type": (None, b"text=hello&op=confirm"),
    "urlencoded invalid utf-8": ("application/x-www-form-urlencoded", b"\xff\xfe=\xfd&%ff=%fe"),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
@pytest.mark.parametrize("name", list(POSTS))
def test_malformed_bodies_and_wrong_content_types_get_a_4xx(scene, name, kind):
    content_type, body = MALFORMED[kind]
    before = snapshot()
    response = post_to(scene, name, data=body, content_type=content_type)
    assert_explained(response)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["story", "ratings", "themes", "checkin"])
def test_a_get_with_a_body_changes_nothing(scene, name):
    before = snapshot()
    response = scene.phone.open(
        POSTS[name].format(code=scene.code), method="GET", data={"op": "confirm", "text": "x", "submission_id": sid()}
    )
    assert response.status_code < 500
    assert snapshot() == before


# ---- d. odd values in every path parameter ---------------------------------------------------

ODD = {
    "dot dot slash": "../",
    "encoded dot dot slash": "%2e%2e%2f",
    "double encoded": "%252e%252e%252f",
    "traversal to the code": "..%2f..%2fpyproject.toml",
    "backslashes": "..%5c..%5c",
    "very long": "A" * 5000,
    "unicode": "%C3%84%C3%96%C3%9C%F0%9F%92%A5",
    "fullwidth letters": "%EF%BC%A1%EF%BC%A2%EF%BC%A3%EF%BC%A4%EF%BC%A5%EF%BC%A6",
    "nul": "%00",
    "nul inside": "ABC%00DE",
    "negative": "-1",
    "zero": "0",
    "huge": "99999999999999999999999999",
    "just past 32 bits": "2147483648",
    "just past 64 bits": "9223372036854775808",
    "sql": "1%27%20OR%20%271%27=%271",
}


def odd_cases():
    for endpoint, rule, methods in url_rules():
        for param in re.findall(r"<(?:\w+:)?(\w+)>", rule):
            for method in methods:
                yield endpoint, rule, method, param


# Stand-ins for the real values while tests are collected: routing looks only at their shape.
SHAPES = {
    "workshop_id": "1",
    "action_id": "1",
    "code": "ABC234",
    "filename": "css/rebound.css",
    "token": "t" * 20,
    "summary_id": "1",
}


def reaches_our_code(endpoint: str, rule: str, method: str, param: str, value: str) -> bool:
    """Whether this odd value meets our code: the router hands it to one of our views
    (following a tidying 308, as the test client would send it), or it is a number too big
    for a row id, which our own int converter refuses (workshop/security.py, RowId).
    Werkzeug refuses the rest itself: its int converter takes only digits, no converter
    takes a slash, and Flask serves the static files."""
    if re.search(rf"<int:{param}>", rule) and value.isdigit():
        return True
    app = bare_app()
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value if m.group(1) == param else SHAPES[m.group(1)], rule)
    for _ in range(2):
        with app.test_request_context(path, method=method) as context:
            problem = context.request.routing_exception
            if problem is None:
                return endpoint != "static" and context.request.endpoint == endpoint
            if getattr(problem, "code", None) != 308:
                return False
            path = problem.new_url.removeprefix("http://localhost")
    return False


def split_cases() -> tuple[list[tuple], list[tuple]]:
    """The odd path cases that reach our code, and those Werkzeug's router refuses first."""
    ours, framework = [], []
    for endpoint, rule, method, param in sorted(odd_cases()):
        for value in ODD:
            case = (endpoint, rule, method, param, value)
            (ours if reaches_our_code(endpoint, rule, method, param, ODD[value]) else framework).append(case)
    return ours, framework


OURS, FRAMEWORK = split_cases()


def real_values(scene: Scene, token: bool = False) -> dict[str, str]:
    """A value of each path parameter that reaches something. A phone-test link works once,
    so `token=True` starts a new one (no rule has a token beside another parameter)."""
    values = {
        "workshop_id": str(scene.workshop_id),
        "action_id": str(scene.action_id),
        "code": scene.code,
        "filename": "css/rebound.css",
    }
    if token:
        values["token"] = phone_checks.start_check(db.session.get(Workshop, scene.workshop_id))
    return values


def odd_path(scene: Scene, rule: str, param: str, value: str) -> str:
    real = real_values(scene)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value if m.group(1) == param else real[m.group(1)], rule)


def follow(client: FlaskClient, path: str, method: str = "GET", data=None):
    """Werkzeug answers doubled slashes with a 308 to the tidied path; follow it, on this site only."""
    response = client.open(path, method=method, data=data)
    if response.status_code == 308:
        location = response.headers["Location"].removeprefix("http://localhost")
        assert location.startswith("/") and not location.startswith("//"), location
        response = client.open(location, method=method, data=data)
    return response


def odd_request_is_refused(scene, endpoint, rule, method, param, value) -> None:
    path = odd_path(scene, rule, param, ODD[value])
    before = snapshot()
    response = follow(scene.insider, path, method, data={"submission_id": sid()} if method == "POST" else None)
    assert response.status_code in (400, 404, 405), (path, response.status_code)
    if response.status_code == 404 and endpoint != "static":
        assert_not_found(response)
    elif endpoint != "static":
        assert_explained(response)
    for leaked in ("[project]", "SECRET_KEY", "def create_app", "abuse-secret"):
        assert leaked not in response.text
    assert snapshot() == before


@pytest.mark.parametrize("endpoint, rule, method, param, value", OURS)
def test_odd_values_in_path_parameters_are_a_404_or_400(scene, endpoint, rule, method, param, value):
    """Odd values our views receive. Asked by someone entitled to the real workshop, so only
    the odd value can cause the 404."""
    odd_request_is_refused(scene, endpoint, rule, method, param, value)


def test_the_framework_refuses_the_other_odd_path_values(scene):
    """This tests Werkzeug and Flask, not Rebound: odd values the router refuses before any
    of our code runs (letters or a sign for a number, a slash in a code, static files). One
    test, so they do not inflate the count of cases that test our code."""
    assert FRAMEWORK and OURS
    for case in FRAMEWORK:
        odd_request_is_refused(scene, *case)


def test_the_real_values_do_reach_every_route(scene):
    """The odd-value cases above would be meaningless if the real path were not found either."""
    for endpoint, rule, method, param in odd_cases():
        if (
            endpoint
            in (
                "plans.page",
                "plans.status",
                "plans.priorities",
                "plans.pdf",
                "plans.calendar",
                "coach.delete_action",
                "participant.forget",
                "auth.logout",
            )
            or endpoint in REHEARSAL_ONLY  # a 404 on a real workshop, its owner included
            or method != "GET"
        ):
            continue
        response = scene.insider.get(odd_path(scene, rule, param, real_values(scene, token=param == "token")[param]))
        assert response.status_code == 200, (endpoint, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/pyproject.toml",
        "/static/..%2fworkshop%2fconfig.py",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/css/../../workshop/config.py",
        "/static/%00",
        "/static/css/rebound.css%00.py",
    ],
)
def test_static_files_never_reach_outside_their_folder(scene, path):
    response = follow(scene.app.test_client(), path)
    assert response.status_code in (400, 404)
    for leaked in ("[project]", "SECRET_KEY", "root:"):
        assert leaked not in response.text


@pytest.mark.parametrize(
    "query",
    [
        "/join?code=%00",
        "/join?code=" + "A" * 5000,
        "/join?code=%ff%fe",
        "/join?code=..%2f..%2f",
        "/join?code=%E2%80%AE",
        "/login?next=%00",
        "/login?next=//evil.example",
        "/login?next=" + "a" * 5000,
        "/w/{code}/watch?seen=%00",
        "/w/{code}/watch?seen=" + "x" * 5000,
        "/w/{code}/watch?seen=%ff",
    ],
)
def test_odd_query_strings_are_answered_calmly(scene, query):
    response = scene.phone.get(query.format(code=scene.code))
    assert response.status_code < 500
    assert response.status_code in (200, 404, 422)


@pytest.mark.parametrize("etag", ['"\x00"', '"' + "x" * 5000 + '"', "*", '"h-1-1", W/"x"', "\u202e"])
def test_odd_poll_tags_are_answered_calmly(scene, etag):
    headers = {"HX-Request": "true", "If-None-Match": etag}
    response = scene.phone.get(f"/w/{scene.code}/", headers=headers)
    assert response.status_code in (200, 304)
    projector = scene.coach.get(f"/workshops/{scene.workshop_id}/projector", headers=headers)
    assert projector.status_code in (200, 304)


def test_every_path_parameter_is_covered():
    params = {param for _, _, _, param in odd_cases()}
    assert params == {"workshop_id", "action_id", "code", "filename", "token", "summary_id"}
    assert all(endpoint in ROUTES for endpoint, _, _, _ in odd_cases())


# ---- odd values in every form field ------------------------------------------------------------

ODD_VALUES = {
    "nul": "before\x00after",
    "very long": "long " * 2000,
    "direction override": "abc\u202edcba",
    "escaped surrogate": "%ED%A0%80",
    "markup": "<script>alert(1)</script>",
    "newlines": "a\r\nb\rc\nd",
}


def form_fields(scene: Scene) -> dict[str, tuple[str, dict, list[str]]]:
    """POST route: (path, a form that is valid or harmlessly refused, the fields to spoil)."""
    w, c = scene.workshop_id, scene.code
    workshop = {
        "op": "save",
        "title": "Odd requests",
        "date": soon(),
        "min_group_size": "2",
        "retention_days": "30",
        "paper_size": "A4",
        "description": "",
        "employers": "",
        "coach_note": "",
    }
    return {
        "login": ("/login", {"email": "coach@example.org", "password": "wrong password"}, ["email", "password"]),
        "new": (
            "/workshops/new",
            workshop | {"op": "add", "stage_key": ["screen"], "stage_label": ["Screen"]},
            ["title", "date", "min_group_size", "stage_key", "stage_label", "op"],
        ),
        "edit": (
            f"/workshops/{w}/edit",
            workshop,
            [
                "title",
                "description",
                "employers",
                "coach_note",
                "min_group_size",
                "retention_days",
                "paper_size",
                "date",
                "op",
            ],
        ),
        "add action": (
            f"/workshops/{w}/actions",
            {"title": "Step", "how": "How", "timing": "today"},
            ["title", "how", "timing", "stages", "themes"],
        ),
        "phase": (f"/workshops/{w}/phase", {"to": "reflect"}, ["to"]),
        "delete": (f"/workshops/{w}/delete", {"confirm_title": "not the title"}, ["confirm_title"]),
        "rename theme": (
            f"/workshops/{w}/themes",
            {"op": "rename", "key": "no_feedback", "label": "Ghosted"},
            ["op", "key", "label"],
        ),
        "merge theme": (f"/workshops/{w}/themes", {"op": "merge", "key": "no_feedback", "into": ""}, ["key", "into"]),
        "promote phrase": (f"/workshops/{w}/themes", {"op": "promote", "phrase": "x"}, ["phrase"]),
        "hide phrase": (f"/workshops/{w}/themes", {"op": "hide-phrase", "phrase_key": "x"}, ["phrase_key"]),
        "join form": ("/join", {"code": "ZZZZZZ"}, ["code"]),
        "recover": (f"/w/{c}/recover", {"recovery_code": "AAAA-BBBB"}, ["recovery_code"]),
        "checkin": (
            f"/w/{c}/checkin",
            {"moment": "before", "confidence": "3", "submission_id": sid()},
            ["moment", "confidence", "submission_id"],
        ),
        "story": (
            f"/w/{c}/story",
            {"op": "review", "role": "Analyst", "ended_stage": "screen", "text": "They never called back."},
            ["op", "role", "ended_stage", "text", "extra", "keep", "fingerprint"],
        ),
        "themes": (f"/w/{c}/themes", {"theme": ["no_feedback"], "submission_id": sid()}, ["theme", "submission_id"]),
        "ratings": (
            f"/w/{c}/ratings",
            {"reached-screen": "yes", "score-screen": "3", "submission_id": sid()},
            ["reached-screen", "score-screen", "note-screen", "submission_id"],
        ),
        "priorities": (f"/w/{c}/plan/priorities", {"focus": ["x"]}, ["focus"]),
        "me too": (f"/w/{c}/metoo", {"theme": "no_feedback"}, ["theme"]),
    }


def field_cases():
    fake = Scene(app=None, coach=None, phone=None, insider=None, workshop_id=1, action_id=1, code="X")
    for route, (_, _, fields) in form_fields(fake).items():
        for name in fields:
            yield route, name


def no_control_characters_stored() -> None:
    for table, rows in snapshot().items():
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    assert "\x00" not in value and "\u202e" not in value, table


@pytest.mark.parametrize("value", list(ODD_VALUES))
@pytest.mark.parametrize("route, name", sorted(field_cases()))
def test_odd_values_in_every_form_field_never_break_the_server(scene, route, name, value):
    """Refused with a 4xx, or cleaned and accepted; never a 500, never a NUL or a direction
    override in the database (PostgreSQL refuses NUL outright)."""
    path, form, _ = form_fields(scene)[route]
    client = scene.phone if path.startswith("/w/") else scene.app.test_client() if route == "login" else scene.coach
    response = client.post(path, data=form | {name: ODD_VALUES[value]})
    assert response.status_code < 500, response.status_code
    no_control_characters_stored()


def as_seen(response) -> tuple[int, str | None, str]:
    """What a person sees of a response: status, where it sends them, and the page (its
    form tokens aside, which differ from one visitor to the next)."""
    page = re.sub(r'(name="csrf[-_]token" (?:content|value)=)"[^"]*"', r"\1''", response.text)
    return response.status_code, response.headers.get("Location"), page


STRANGER_SEES = {
    "/w/{code}/": 200,  # the join page of an open workshop
    "/w/{code}/story": 404,
    "/w/{code}/plan.pdf": 404,
    "/workshops/": 302,  # to the log-in page
    "/login": 200,
}


@pytest.mark.parametrize("cookie", ["participant", "session"])
@pytest.mark.parametrize("value", ["\x00", "A" * 4000, "\u00e9\u202e", "' OR 1=1 --", "eyJ4IjoxfQ.garbage.sig", ""])
@pytest.mark.parametrize("path", list(STRANGER_SEES))
def test_odd_cookies_are_treated_as_no_cookie(scene, cookie, value, path):
    """An odd cookie never lets anyone in: the answer is exactly a stranger's, who sends none."""
    url = path.format(code=scene.code)
    stranger = as_seen(scene.app.test_client().get(url))
    assert stranger[0] == STRANGER_SEES[path]
    client = scene.app.test_client()
    name = scene.app.config["PARTICIPANT_COOKIE_NAME" if cookie == "participant" else "SESSION_COOKIE_NAME"]
    client.set_cookie(name, value, path="/")
    before = snapshot()
    assert as_seen(client.get(url)) == stranger
    assert snapshot() == before


def test_the_readme_counts_the_odd_path_cases_as_they_are():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    total = len(OURS) + len(FRAMEWORK)
    assert f"{total} cases" in readme
    assert f"**{len(OURS)} of them test our code**" in readme
    assert f"**{len(FRAMEWORK)} test the framework**" in readme
