"""Crash survival: the server is killed mid-room and comes back without losing or doubling anything.

A coach (made with the CLI, logged in over HTTP with CSRF) opens a workshop in the reflect
phase on the production server (gunicorn). Twenty phones, each a thread with its own
cookies, join and then submit a check-in, a story (review, then confirm) and their stage
ratings over plain HTTP. While they are submitting, the whole server process group is
killed with SIGKILL and started again on the same database and port. Then:

- every submission that got its success answer before the kill is stored, and each phone
  sees it on its own pages;
- every phone carries on with its old cookies (alias and progress on its home page);
- retrying the submissions that were in flight, with the same submission id, and replaying
  the ones that succeeded, stores nothing twice: one story per person, ratings not doubled;
- /healthz says the server is healthy.

Runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

import pytest

from workshop.services.stages import DEFAULT_STAGES

from ..data import STORIES
from ..helpers import soon

pytestmark = pytest.mark.e2e

PASSWORD = "a long coach password"
PHONES = 20
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
DOWN = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 303 is an answer to look at, not to follow
        return None


@dataclass
class Answer:
    status: int
    text: str
    location: str = ""


class Browser:
    """A phone or a laptop: its own cookie jar, plain HTTP over loopback, no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects())
        self.token = ""

    def send(self, method: str, path: str, form: dict | None = None) -> Answer:
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form | {"csrf_token": self.token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        try:
            with self.opener.open(request, timeout=15) as response:
                return Answer(response.status, response.read().decode(), response.headers.get("Location", ""))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.read().decode(), error.headers.get("Location", ""))

    def get(self, path: str) -> Answer:
        answer = self.send("GET", path)
        found = CSRF.search(answer.text)
        if found:
            self.token = found.group(1)
        return answer

    def post(self, path: str, form: dict) -> Answer:
        return self.send("POST", path, form)


@dataclass
class Submission:
    kind: str  # checkin, story or ratings
    form: dict
    submission_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    acknowledged: bool = False
    attempted: bool = False
    fingerprint: str = ""


@dataclass
class Phone:
    browser: Browser
    code: str
    story: tuple
    confidence: int
    alias: str = ""
    steps: list[Submission] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def plan_steps(self) -> None:
        role, ended, _themes, ratings, text = self.story
        rating_form = {}
        for key, score in ratings.items():
            rating_form |= {f"reached-{key}": "yes", f"score-{key}": str(score)}
        self.steps = [
            Submission("checkin", {"moment": "before", "confidence": str(self.confidence)}),
            Submission("story", {"role": role, "ended_stage": ended, "text": text}),
            Submission("ratings", rating_form),
        ]

    def submit(self, step: Submission) -> bool:
        """Send one submission; True when the server answered with success. Raises if it is down."""
        step.attempted = True
        base = f"/w/{self.code}"
        if step.kind == "story":
            if not step.fingerprint:
                review = self.browser.post(f"{base}/story", step.form | {"op": "review"})
                if review.status != 200:
                    self.problems.append(f"story review answered {review.status}")
                    return False
                step.fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text).group(1)
            form = step.form | {"op": "confirm", "fingerprint": step.fingerprint}
            answer = self.browser.post(f"{base}/story", form | {"submission_id": step.submission_id})
        else:
            path = f"{base}/checkin" if step.kind == "checkin" else f"{base}/ratings"
            answer = self.browser.post(path, step.form | {"submission_id": step.submission_id})
        if answer.status != 303:
            self.problems.append(f"{step.kind} answered {answer.status}")
            return False
        step.acknowledged = True
        return True

    def run(self, acknowledged: list[int], counted: threading.Condition) -> None:
        """Submit whatever is not acknowledged yet, until done or the server goes away."""
        for step in self.steps:
            if step.acknowledged:
                continue
            try:
                if self.submit(step):
                    with counted:
                        acknowledged[0] += 1
                        counted.notify_all()
            except DOWN:
                return  # in flight when the server died: the phone will retry later


def log_in_coach(server) -> Browser:
    server.flask("create-coach", "crash@example.org", "--name", "Crash Coach", "--password", PASSWORD)
    laptop = Browser(server.url)
    laptop.get("/login")
    answer = laptop.post("/login", {"email": "crash@example.org", "password": PASSWORD})
    assert answer.status == 303, answer.status
    return laptop


def open_workshop(laptop: Browser) -> tuple[int, str]:
    laptop.get("/workshops/new")
    made = laptop.post(
        "/workshops/new",
        {
            "op": "save",
            "title": "The evening the lights went out",
            "date": soon(),
            "employers": "Northwind Bank",
            "min_group_size": "3",
            "retention_days": "30",
            "paper_size": "A4",
            "coach_note": "",
            "description": "",
            "stage_key": [key for key, _ in DEFAULT_STAGES],
            "stage_label": [label for _, label in DEFAULT_STAGES],
        },
    )
    assert made.status == 303, made.text[:500]
    workshop_id = int(made.location.rstrip("/").rsplit("/", 1)[1])
    for phase in ("lobby", "reflect"):
        assert laptop.post(f"/workshops/{workshop_id}/phase", {"to": phase}).status == 303
    page = laptop.get(f"/workshops/{workshop_id}")
    return workshop_id, re.search(r'class="code big">([A-Z0-9]{6})<', page.text).group(1)


def join(server, code: str, n: int) -> Phone:
    phone = Phone(Browser(server.url), code, STORIES[n % len(STORIES)], confidence=1 + n % 5)
    phone.browser.get(f"/w/{code}/")
    welcome = phone.browser.post(f"/w/{code}/join", {})
    assert welcome.status == 200, welcome.status
    phone.alias = re.search(r"<h1>Welcome, ([^<]+)</h1>", welcome.text).group(1)
    phone.browser.get(f"/w/{code}/")  # the token for this phone's session, reused throughout
    phone.plan_steps()
    return phone


def in_threads(work, phones: list[Phone]) -> list[threading.Thread]:
    threads = [threading.Thread(target=work, args=(phone,), daemon=True) for phone in phones]
    for thread in threads:
        thread.start()
    return threads


def stored(server, workshop_id: int) -> dict:
    """What the database holds for this workshop, per alias."""
    people = dict(server.query("SELECT alias, id FROM participants WHERE workshop_id = %s", workshop_id))
    by_id = {pid: alias for alias, pid in people.items()}
    result = {alias: {"confidence": None, "stories": [], "ratings": [], "submissions": set()} for alias in people}
    for pid, confidence in server.query(
        "SELECT id, confidence_before FROM participants WHERE workshop_id = %s", workshop_id
    ):
        result[by_id[pid]]["confidence"] = confidence
    for pid, role, ended in server.query(
        "SELECT participant_id, role, ended_stage FROM stories WHERE workshop_id = %s", workshop_id
    ):
        result[by_id[pid]]["stories"].append((role, ended))
    for pid, key, score in server.query(
        "SELECT participant_id, stage_key, score FROM stage_ratings WHERE workshop_id = %s", workshop_id
    ):
        result[by_id[pid]]["ratings"].append((key, score))
    for sid, pid in server.query("SELECT id, participant_id FROM submissions"):
        if pid in by_id:
            result[by_id[pid]]["submissions"].add(sid)
    return result


def assert_stored(phone: Phone, mine: dict, step: Submission) -> None:
    assert step.submission_id in mine["submissions"], (phone.alias, step.kind)
    if step.kind == "checkin":
        assert mine["confidence"] == phone.confidence
    elif step.kind == "story":
        role, ended, *_ = phone.story
        assert mine["stories"] == [(role, ended)]
    else:
        assert sorted(mine["ratings"]) == sorted(phone.story[3].items())


def test_a_killed_server_loses_no_acknowledged_submission_and_doubles_nothing(live_server_factory):
    server = live_server_factory("crash")
    laptop = log_in_coach(server)
    workshop_id, code = open_workshop(laptop)

    phones: list[Phone] = [None] * PHONES  # type: ignore[list-item]

    def join_one(n: int) -> None:
        phones[n] = join(server, code, n)

    joiners = [threading.Thread(target=join_one, args=(n,)) for n in range(PHONES)]
    for thread in joiners:
        thread.start()
    for thread in joiners:
        thread.join(timeout=30)
    assert all(phones), "every phone joined before the trouble starts"

    # ---- the room submits; the server dies under it ------------------------------------------
    acknowledged, counted = [0], threading.Condition()
    total = sum(len(phone.steps) for phone in phones)
    threads = in_threads(lambda phone: phone.run(acknowledged, counted), phones)
    with counted:  # a third of the room's submissions are in: the kill comes mid-stream
        counted.wait_for(lambda: acknowledged[0] >= total // 3, timeout=20)
    server.stop(hard=True)  # SIGKILL to gunicorn's whole process group, mid-request
    for thread in threads:
        thread.join(timeout=20)
    acked_at_kill = [(phone, step) for phone in phones for step in phone.steps if step.acknowledged]
    in_flight = [(phone, step) for phone in phones for step in phone.steps if step.attempted and not step.acknowledged]
    assert 0 < len(acked_at_kill) < total
    assert in_flight, "the kill should catch some phones mid-submission"

    server.start()  # same database, same port

    # ---- nothing acknowledged was lost ---------------------------------------------------------
    before_retry = stored(server, workshop_id)
    assert len(before_retry) == PHONES
    for phone, step in acked_at_kill:
        assert_stored(phone, before_retry[phone.alias], step)

    # ---- every phone carries on with its old cookies ----------------------------------------
    for phone in phones:
        home = phone.browser.get(f"/w/{code}/")
        assert home.status == 200
        assert f"You are <strong>{phone.alias}</strong>" in home.text
        done = {step.kind for step in phone.steps if step.acknowledged}
        states = dict(re.findall(r'class="step-name">([^<]+)</a>\s*<span class="step-state">([^<]+)<', home.text))
        if "story" in done:
            assert states["Your story"].startswith("Done")
        if "ratings" in done:
            assert states["Rate the stages"].startswith("Done")
        if "checkin" in done:
            assert "How confident do you feel" not in home.text  # the check-in is not asked again

    # ---- retry what was in flight, finish the rest, and replay everything once more --------------
    threads = in_threads(lambda phone: phone.run(acknowledged, counted), phones)
    for thread in threads:
        thread.join(timeout=30)
    assert all(step.acknowledged for phone in phones for step in phone.steps), [p.problems for p in phones]
    for phone in phones:
        for step in phone.steps:  # a double tap, or a phone that never saw the first answer
            assert phone.submit(step), phone.problems

    # ---- exact counts: one story each, ratings once, one row per submission id -------------------
    final = stored(server, workshop_id)
    assert len(final) == PHONES
    for phone in phones:
        mine = final[phone.alias]
        for step in phone.steps:
            assert_stored(phone, mine, step)
        assert len(mine["stories"]) == 1
        assert len(mine["ratings"]) == len(phone.story[3])
        assert mine["submissions"] == {step.submission_id for step in phone.steps}
        story_page = phone.browser.get(f"/w/{code}/story")
        assert story_page.status == 200 and phone.story[0] in story_page.text
    assert [p.problems for p in phones if p.problems] == []
    assert server.query("SELECT count(*) FROM stories WHERE workshop_id = %s", workshop_id) == [(PHONES,)]
    ratings = sum(len(phone.story[3]) for phone in phones)
    assert server.query("SELECT count(*) FROM stage_ratings WHERE workshop_id = %s", workshop_id) == [(ratings,)]

    # ---- and the server is healthy -----------------------------------------------------------
    health = Browser(server.url).get("/healthz")
    assert health.status == 200 and '"status":"ok"' in health.text.replace(" ", "")
