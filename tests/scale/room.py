"""A room on real components for the scale tests: two app processes (gunicorn with the
production settings of workshop/serving.py) on two loopback ports, sharing PostgreSQL and
Redis as two hosts behind a proxy would; `rq worker` processes started as the README
says; and a coach and phones that talk HTTP to either app.

Phones send X-Forwarded-For (the apps trust one proxy, PROXY_FIX=1, as behind nginx), so
each has its own address for the rate limits, as on a venue's Wi-Fi behind a proxy.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import aiohttp

from tests.data import STORIES
from tests.live import ROOT, LoopbackServer
from workshop.services.plans import queue
from workshop.services.stages import DEFAULT_STAGES

RQ = Path(sys.executable).with_name("rq")
PASSWORD = "scale password 1357"
COACH_EMAIL = "scale@example.org"
JOB_TIMEOUT = 10  # PDF_JOB_TIMEOUT: short, so a job left by a dead worker is sent again soon
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
FINGERPRINT = re.compile(r'name="fingerprint" value="(\w+)"')
FOCUS = re.compile(r'name="focus" value="([^"]+)"( checked)?')
ETAG = re.compile(r'data-etag="([^"]+)"')
SHARED = re.compile(r"of (\d+) of you")  # "<strong>7</strong> of 24 of you" on the board


def worker_command(redis_url: str, name: str) -> list[str]:
    """The README's worker command (Deploying), with a name to tell the workers apart."""
    return [str(RQ), "worker", "--url", redis_url, "--worker-class", "workshop.worker.PlanWorker", "--name", name,
            queue.QUEUE_NAME]  # fmt: skip


@dataclass
class AppServer(LoopbackServer):
    """One app process of the deployment: production gunicorn, plans sent to RQ."""

    settings: ClassVar[dict[str, str]] = {
        "PDF_QUEUE": "rq",
        "PDF_JOB_TIMEOUT": str(JOB_TIMEOUT),
        "PROXY_FIX": "1",
        "JOIN_RATE_LIMIT": "5 per minute",
        "WEB_CONCURRENCY": "2",
    }

    def gunicorn_pids(self) -> list[int]:
        """The master and its workers (whatever they spawned would show up here too)."""
        return descendants(self.process.pid) if self.process else []


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                parent = int(Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Workers:
    """`rq worker` processes with the app's environment, each restarted when it exits, as
    systemd's Restart=always (deploy/rebound-worker@.service) would.

    Each start gets a new worker name, as RQ's default (random) names do: RQ refuses a
    name whose previous owner was killed until that worker's record expires in Redis.
    """

    def __init__(self, env: dict, redis_url: str, folder: Path, count: int) -> None:
        self.env, self.redis_url, self.folder = env, redis_url, folder
        self.slots = [f"worker-{n}" for n in range(1, count + 1)]
        self.processes: dict[str, subprocess.Popen] = {}
        self.current: dict[str, str] = {}  # slot -> the name of the worker running in it
        self.names: list[str] = []  # every worker name ever started
        self._log_from: dict[str, int] = {}
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def log(self, slot: str) -> Path:
        return self.folder / f"{slot}.log"

    def start(self) -> Workers:
        for slot in self.slots:
            self._spawn(slot)
        for slot in self.slots:
            self.wait_ready(slot)
        self._watcher.start()
        return self

    def _spawn(self, slot: str) -> None:
        name = f"scale-{slot}-{len(self.names) + 1}"
        self.names.append(name)
        self.current[slot] = name
        with self.log(slot).open("a") as log:
            self._log_from[slot] = log.tell()
            self.processes[slot] = subprocess.Popen(
                worker_command(self.redis_url, name),
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, slot: str, seconds: float = 60) -> None:
        """Until the worker has warmed its renderer and listens on the queue."""
        process, log = self.processes[slot], self.log(slot)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and process.poll() is None:
            with log.open(errors="replace") as text:
                text.seek(self._log_from[slot])
                if "Listening on" in text.read():
                    return
            time.sleep(0.1)
        raise RuntimeError(f"worker {slot} did not start; see {log}")

    def _watch(self) -> None:
        while not self._stopping.wait(0.2):
            with self._lock:
                for slot, process in list(self.processes.items()):
                    if process.poll() is not None and not self._stopping.is_set():
                        self.restarts += 1
                        self._spawn(slot)

    def pid(self, slot: str) -> int:
        return self.processes[slot].pid

    def horse(self, slot: str) -> int | None:
        """The work horse the worker forked for the job it is running, if any."""
        below = [pid for pid in descendants(self.pid(slot)) if pid != self.pid(slot)]
        return below[0] if below else None

    def pause(self) -> None:
        for process in self.processes.values():
            os.killpg(process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        for process in self.processes.values():
            os.killpg(process.pid, signal.SIGCONT)

    def stop(self) -> None:
        self._stopping.set()
        if self._watcher.is_alive():
            self._watcher.join()
        with self._lock:
            for process in self.processes.values():
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGCONT)
                    process.terminate()
            for process in self.processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)


# ---- talking HTTP to the deployment --------------------------------------------------


class EventLoop:
    """An asyncio loop in a thread of its own. The browser tests' Playwright keeps a loop
    running in the main thread for the rest of the session, where asyncio.run() refuses."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


def run(coroutine):
    """asyncio.run(), wherever the tests are."""
    loop = EventLoop()
    try:
        return loop.run(coroutine)
    finally:
        loop.close()


@dataclass
class Reply:
    status: int
    text: str
    headers: dict
    body: bytes


@dataclass
class Client:
    """A browser with its own cookies and address, spreading its requests over the apps
    as a proxy without sticky sessions would (or pinned to one app with `app=`)."""

    urls: list[str]
    address: str
    seen: list[tuple[str, int]] = field(default_factory=list)
    session: aiohttp.ClientSession | None = None
    _turn: itertools.count = field(default_factory=itertools.count)

    async def request(self, method: str, path: str, *, app: int | None = None, **kwargs) -> Reply:
        if self.session is None:  # unsafe=True keeps cookies set by 127.0.0.1, for every port
            self.session = aiohttp.ClientSession(
                cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=30)
            )
        base = self.urls[next(self._turn) % len(self.urls) if app is None else app]
        headers = {"X-Forwarded-For": self.address, **kwargs.pop("headers", {})}
        for _attempt in (1, 2):
            try:
                async with self.session.request(
                    method, base + path, headers=headers, allow_redirects=False, **kwargs
                ) as response:
                    body = await response.read()
                    reply = Reply(response.status, body.decode("utf-8", "replace"), dict(response.headers), body)
                break
            except (aiohttp.ClientError, TimeoutError) as error:
                reply = Reply(599, type(error).__name__, {}, b"")
                # A keep-alive connection the server closed just as it was reused, before any
                # answer: a browser sends the request again on a new connection, once.
                if not isinstance(error, aiohttp.ServerDisconnectedError):
                    break
        self.seen.append((path, reply.status))
        return reply

    async def get(self, path: str, **kwargs) -> Reply:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, form: dict | list, csrf: str, **kwargs) -> Reply:
        items = list(form.items()) if isinstance(form, dict) else list(form)
        return await self.request("POST", path, data=[*items, ("csrf_token", csrf)], **kwargs)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, page[:500]
    return found.group(1)


class Coach(Client):
    workshop_id: int = 0
    code: str = ""
    csrf: str = ""

    async def set_up(self) -> None:
        """The first coach account, on a fresh deployment."""
        page = await self.get("/setup")
        form = {"name": "Scale Coach", "email": COACH_EMAIL, "password": PASSWORD, "confirm": PASSWORD}
        assert (await self.post("/setup", form, csrf_of(page.text))).status == 303

    async def log_in(self) -> None:
        page = await self.get("/login")
        form = {"email": COACH_EMAIL, "password": PASSWORD}
        assert (await self.post("/login", form, csrf_of(page.text))).status == 303

    async def new_workshop(self, title: str) -> str:
        page = await self.get("/workshops/new")
        form = [
            ("op", "save"),
            ("title", title),
            ("date", time.strftime("%Y-%m-%d")),
            ("description", ""),
            ("employers", "Northwind Bank\nAcme Logistics"),
            ("min_group_size", "3"),
            ("retention_days", "30"),
            ("paper_size", "A4"),
            ("coach_note", "Be kind to yourself this week."),
        ]
        for key, label in DEFAULT_STAGES:
            form += [("stage_key", key), ("stage_label", label)]
        reply = await self.post("/workshops/new", form, csrf_of(page.text))
        assert reply.status == 303, reply.status
        self.workshop_id = int(reply.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        page = await self.get(f"/workshops/{self.workshop_id}")
        self.csrf = csrf_of(page.text)
        self.code = re.search(r'class="code big">([A-Z0-9]{6})<', page.text).group(1)
        await self.move_to("lobby")
        return self.code

    async def move_to(self, phase: str) -> None:
        reply = await self.post(f"/workshops/{self.workshop_id}/phase", {"to": phase}, self.csrf)
        assert reply.status == 303, (reply.status, reply.text[:200])

    async def settled_board(self, seconds: float = 45) -> str:
        """The projector's live part once the room's board has settled: shared themes on it,
        the same from either app, and unchanged for longer than BOARD_REFRESH_SECONDS. The
        projector's own polls (with the ETag they last saw) make a booked release."""
        deadline = time.monotonic() + seconds
        etag, seen, steady = "", "", 0
        while time.monotonic() < deadline:
            for app in (0, 1):
                headers = {"HX-Request": "true", **({"If-None-Match": f'"{etag}"'} if etag else {})}
                reply = await self.get(f"/workshops/{self.workshop_id}/projector", app=app, headers=headers)
                if reply.status == 200:
                    etag = ETAG.search(reply.text).group(1)
            first, second = await self.projector(app=0), await self.projector(app=1)
            steady = steady + 1 if first == second == seen and SHARED.search(first) else 0
            if steady >= 2:
                return first
            seen = first
            await asyncio.sleep(3)
        raise AssertionError("the board did not settle to the same shared themes on both apps")

    async def projector(self, app: int) -> str:
        """The projector's live part, as its 2-second poll fetches it from one app."""
        reply = await self.get(f"/workshops/{self.workshop_id}/projector", app=app, headers={"HX-Request": "true"})
        assert reply.status == 200, reply.status
        return reply.text


class Phone(Client):
    code: str = ""
    csrf: str = ""

    async def join(self, code: str) -> None:
        self.code = code
        page = await self.get(f"/w/{code}/")
        reply = await self.post(f"/w/{code}/join", {}, csrf_of(page.text))
        assert reply.status == 200, reply.status
        self.csrf = csrf_of(reply.text)

    async def reflect(self, story: tuple) -> None:
        """Write, check and confirm the story, keep its themes, rate the stages."""
        role, ended, themes, ratings, text = story
        fields = [("role", role), ("ended_stage", ended), ("text", text)]
        review = await self.post(f"/w/{self.code}/story", [*fields, ("op", "review")], self.csrf)
        assert review.status == 200, review.status
        confirm = [*fields, ("op", "confirm"), ("fingerprint", FINGERPRINT.search(review.text).group(1))]
        reply = await self.post(f"/w/{self.code}/story", [*confirm, ("submission_id", uuid.uuid4().hex)], self.csrf)
        assert reply.status == 303, reply.status
        picked = [("theme", key) for key in themes] + [("submission_id", uuid.uuid4().hex)]
        assert (await self.post(f"/w/{self.code}/themes", picked, self.csrf)).status == 303
        form = [("submission_id", uuid.uuid4().hex)]
        for key, score in ratings.items():
            form += [(f"reached-{key}", "yes"), (f"score-{key}", str(score))]
        assert (await self.post(f"/w/{self.code}/ratings", form, self.csrf)).status == 303

    async def poll_home(self) -> Reply:
        return await self.get(f"/w/{self.code}/", headers={"HX-Request": "true"})

    async def plan_status(self) -> Reply:
        return await self.get(f"/w/{self.code}/plan/status", headers={"HX-Request": "true"})

    async def swap_focus(self) -> None:
        """Pick a different set of focus areas: the plan changes and is rendered again."""
        page = await self.get(f"/w/{self.code}/plan")
        assert page.status == 200, page.status
        areas = FOCUS.findall(page.text)
        chosen = [area for area, checked in areas if checked]
        other = next(area for area, checked in areas if not checked)
        form = [("focus", other), ("focus", chosen[0])]
        reply = await self.post(f"/w/{self.code}/plan/priorities", form, self.csrf)
        assert reply.status == 303, (reply.status, reply.text[:200])

    async def wait_for_pdf(self, seconds: float = 90) -> bytes:
        """Poll the plan status as the phone does (every 2 s, here faster) until the PDF is
        ready, then download it."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status = await self.plan_status()
            if status.status == 200 and "Download my plan" in status.text:
                pdf = await self.get(f"/w/{self.code}/plan.pdf")
                if pdf.status == 200:
                    return pdf.body
            await asyncio.sleep(0.5)
        raise AssertionError(f"the plan of a phone on {self.code} was not ready within {seconds} s")


async def room_of(coach: Coach, urls: list[str], people: int, title: str) -> list[Phone]:
    """A workshop whose phones (half on each app) have all written and rated; in themes."""
    code = await coach.new_workshop(title)
    phones = [Phone(urls, address=f"198.51.100.{n + 1}", _turn=itertools.count(n)) for n in range(people)]
    await asyncio.gather(*(phone.join(code) for phone in phones))
    await coach.move_to("reflect")
    await asyncio.gather(*(phone.reflect(STORIES[n % len(STORIES)]) for n, phone in enumerate(phones)))
    await coach.move_to("themes")
    await coach.settled_board()
    return phones
