"""Shared by the HTTP benchmarks: a production server on loopback, phones and a coach that
talk to it over HTTP, and the figures they collect.

- BenchServer starts gunicorn exactly as `make run` does (workshop/serving.py), on
  127.0.0.1 and a free port, with a temporary instance folder and its own SQLite database
  (or a fresh PostgreSQL database), the /bench/hello yardstick switched on, and stops it.
- Coach and Phone drive the real forms (CSRF tokens, redirects, htmx headers) with aiohttp.
- Stats keeps latencies per endpoint and counts every unexpected status as an error.
- rate() measures closed-loop requests/s of one request repeated on keep-alive connections.

Nothing here asserts on time: the scripts print figures.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Self

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.data import STORIES  # noqa: E402 - twenty realistic stories, with themes and ratings
from tests.live import LoopbackServer, postgres_database  # noqa: E402 - after the sys.path line above
from workshop.services.stages import DEFAULT_STAGES  # noqa: E402 - after the sys.path line above

__all__ = [  # what the benchmark scripts use
    "COACH_EMAIL",
    "ETAG",
    "PASSWORD",
    "STORIES",
    "BenchServer",
    "Browser",
    "Coach",
    "MemorySampler",
    "Phone",
    "Stats",
    "cookie_header",
    "machine_busy_seconds",
    "percentile",
    "rate",
]

PASSWORD = "bench password 2468"
COACH_EMAIL = "bench@example.org"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
FINGERPRINT = re.compile(r'name="fingerprint" value="(\w+)"')
ETAG = re.compile(r'data-etag="([^"]+)"')
ME_TOO = re.compile(r'name="theme" value="([^"]+)"')
PLANS_READY = re.compile(r"<strong>(\d+)</strong> of (\d+) plans ready")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ---- the server -------------------------------------------------------------------------


def drop_postgres_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1].split("?")[0]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class BenchServer(LoopbackServer):
    """The production server in a throwaway instance, with the /bench/hello yardstick on.

    Given a PostgreSQL URL, it makes a fresh database beside it and drops it afterwards.
    """

    own_postgres: bool = False
    settings: ClassVar[dict[str, str]] = {"REBOUND_BENCHMARK_ROUTES": "1"}
    ready_path: ClassVar[str] = "/bench/hello"

    def start(self) -> Self:
        if self.database_url.startswith("postgres") and not self.own_postgres:
            self.database_url = postgres_database(self.database_url, f"rebound_bench_{os.getpid()}")
            self.own_postgres = True
        try:
            return super().start()
        except RuntimeError:
            self.stop()
            raise

    def stop(self, hard: bool = False) -> None:
        """Stop gunicorn, keep its log if it logged a traceback, then clean up."""
        super().stop(hard)
        if self.log.exists() and "Traceback" in self.log.read_text(errors="replace"):
            kept = Path(tempfile.gettempdir()) / f"rebound-bench-{os.getpid()}-server.log"
            shutil.copy(self.log, kept)
            print(f"  the server logged errors; its log is kept at {kept}")
        if self.own_postgres:
            drop_postgres_database(self.database_url)
            self.own_postgres = False
        shutil.rmtree(self.instance, ignore_errors=True)

    # -- what the server costs --

    def processes(self, web_only: bool = False) -> list[int]:
        """The gunicorn master and all its descendants (workers, PDF pools, helpers), or with
        `web_only` just the master and its workers (what serves HTTP)."""
        if self.process is None:
            return []
        children: dict[int, list[int]] = defaultdict(list)
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children[ppid].append(int(entry.name))
        found, todo = [], [(self.process.pid, 0)]
        while todo:
            pid, depth = todo.pop()
            found.append(pid)
            if not web_only or depth == 0:
                todo.extend((child, depth + 1) for child in children.get(pid, []))
        return found

    def memory_mb(self) -> tuple[float, float]:
        """(RSS summed over the process tree, PSS summed: shared pages counted once)."""
        rss = pss = 0
        for pid in self.processes():
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            except OSError:
                continue
        return rss / 1024, pss / 1024

    def cpu_seconds(self, web_only: bool = False) -> float:
        """User + system CPU of the live process tree so far (or of master + workers only)."""
        total = 0
        for pid in self.processes(web_only):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all processes, all cores) since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


class MemorySampler:
    """Samples the server's memory once a second in the background; keeps the peak."""

    def __init__(self, server: BenchServer) -> None:
        self.server = server
        self.peak_rss = self.peak_pss = 0.0
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            rss, pss = await asyncio.to_thread(self.server.memory_mb)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            await asyncio.sleep(1)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


# ---- figures ----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Stats:
    """Latencies per endpoint (with when they ended), and every unexpected status."""

    times: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)

    def add(self, name: str, ms: float, status: int, ok: bool) -> None:
        self.statuses[name][status] += 1
        self.times[name].append((time.monotonic(), ms))
        if not ok:
            self.errors[name] += 1
            if len(self.examples) < 12:
                self.examples.append(f"{name}: HTTP {status}")

    def count(self) -> int:
        return sum(sum(s.values()) for s in self.statuses.values())

    def latencies(self, names: list[str], window: tuple[float, float] | None = None) -> list[float]:
        return [
            ms
            for name in names
            for at, ms in self.times.get(name, [])
            if window is None or window[0] <= at <= window[1]
        ]

    def row(self, label: str, names: list[str], window: tuple[float, float] | None = None) -> str:
        values = self.latencies(names, window)
        statuses: dict[int, int] = defaultdict(int)
        for name in names:
            for code, n in self.statuses.get(name, {}).items():
                statuses[code] += n
        shown = " ".join(f"{code}×{n}" for code, n in sorted(statuses.items())) if window is None else ""
        errors = sum(self.errors.get(name, 0) for name in names) if window is None else ""
        return (
            f"  {label:<26}{len(values):>7}{percentile(values, 50):>8.1f}{percentile(values, 95):>8.1f}"
            f"{percentile(values, 99):>8.1f}{max(values) if values else float('nan'):>8.1f}{errors:>7}  {shown}"
        )

    @staticmethod
    def header() -> str:
        return (
            f"  {'endpoint':<26}{'count':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>7}  statuses"
        )


# ---- talking to the server --------------------------------------------------------------


def new_session(limit: int = 4) -> aiohttp.ClientSession:
    """One browser: its own cookies (unsafe=True keeps cookies set by 127.0.0.1)."""
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        connector=aiohttp.TCPConnector(limit=limit, force_close=False),
        timeout=aiohttp.ClientTimeout(total=60),
    )


@dataclass
class Browser:
    """A client with cookies, timing every request into `stats` under a name."""

    base: str
    stats: Stats
    session: aiohttp.ClientSession = field(default_factory=new_session)

    async def request(
        self, name: str, method: str, path: str, expect: tuple[int, ...], **kwargs
    ) -> tuple[int, str, Mapping[str, str]]:
        started = time.perf_counter()
        try:
            async with self.session.request(method, self.base + path, allow_redirects=False, **kwargs) as reply:
                body = await reply.read()
                status, headers = reply.status, reply.headers.copy()  # case-insensitive
        except (aiohttp.ClientError, TimeoutError) as error:
            ms = (time.perf_counter() - started) * 1000
            self.stats.add(name, ms, 599, ok=False)
            if len(self.stats.examples) < 12:
                self.stats.examples.append(f"{name}: {type(error).__name__}")
            return 599, "", {}
        ms = (time.perf_counter() - started) * 1000
        self.stats.add(name, ms, status, ok=status in expect)
        text = body.decode("utf-8", "replace") if headers.get("Content-Type", "").startswith("text/") else ""
        return status, text, headers

    async def get(self, name: str, path: str, expect: tuple[int, ...] = (200,), **kwargs):
        return await self.request(name, "GET", path, expect, **kwargs)

    async def post(self, name: str, path: str, form, csrf: str, expect: tuple[int, ...] = (303,), **kwargs):
        if isinstance(form, dict):
            form = list(form.items())
        return await self.request(name, "POST", path, expect, data=[*form, ("csrf_token", csrf)], **kwargs)

    async def close(self) -> None:
        await self.session.close()

    def cookie(self, name: str) -> str | None:
        for morsel in self.session.cookie_jar:
            if morsel.key == name:
                return morsel.value
        return None


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


class Coach(Browser):
    """The coach's laptop: first-run setup, one workshop, phase changes, the projector."""

    workshop_id: int = 0
    code: str = ""
    csrf: str = ""

    async def set_up(self, title: str = "Bouncing back (benchmark)", k: int = 3) -> tuple[int, str]:
        _, page, _ = await self.get("coach setup", "/setup")
        await self.post(
            "coach setup",
            "/setup",
            {
                "name": "Bench Coach",
                "email": COACH_EMAIL,
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
            csrf_of(page),
        )
        _, page, _ = await self.get("coach new", "/workshops/new")
        form = [
            ("op", "save"),
            ("title", title),
            ("date", time.strftime("%Y-%m-%d")),
            ("description", ""),
            ("employers", "Northwind Bank\nAcme Logistics"),
            ("min_group_size", str(k)),
            ("retention_days", "30"),
            ("paper_size", "A4"),
            ("coach_note", "Be kind to yourself this week."),
        ]
        for key, label in DEFAULT_STAGES:
            form += [("stage_key", key), ("stage_label", label)]
        _, _, headers = await self.post("coach new", "/workshops/new", form, csrf_of(page))
        self.workshop_id = int(headers["Location"].rstrip("/").rsplit("/", 1)[1])
        _, page, _ = await self.get("coach workshop", f"/workshops/{self.workshop_id}")
        self.csrf = csrf_of(page)
        self.code = re.search(r'class="code big">([A-Z0-9]{6})<', page).group(1)
        await self.move_to("lobby")
        return self.workshop_id, self.code

    async def log_in(self) -> None:
        _, page, _ = await self.get("coach login", "/login")
        await self.post("coach login", "/login", {"email": COACH_EMAIL, "password": PASSWORD}, csrf_of(page))
        _, page, _ = await self.get("coach workshop", f"/workshops/{self.workshop_id}")
        self.csrf = csrf_of(page)

    async def move_to(self, phase: str) -> float:
        """POST the phase change; returns how long the request took (ms)."""
        started = time.perf_counter()
        await self.post("coach phase", f"/workshops/{self.workshop_id}/phase", {"to": phase}, self.csrf)
        return (time.perf_counter() - started) * 1000

    async def plans_ready(self) -> tuple[int, int]:
        """The workshop page's "N of M plans ready"."""
        _, page, _ = await self.get("coach workshop", f"/workshops/{self.workshop_id}")
        found = PLANS_READY.search(page)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


class Phone(Browser):
    """One participant's phone, using the forms as a browser with htmx would."""

    code: str = ""
    csrf: str = ""
    etag: str = ""

    async def join(self, code: str) -> bool:
        self.code = code
        status, page, _ = await self.get("join page", f"/w/{code}/")
        if status != 200:
            return False
        self.csrf = csrf_of(page)
        status, page, _ = await self.post("join", f"/w/{code}/join", {}, self.csrf, expect=(200,))
        if status != 200:
            return False
        self.csrf = csrf_of(page)
        return True

    async def home_page(self) -> str:
        _, page, _ = await self.get("home page", f"/w/{self.code}/")
        found = ETAG.search(page)
        self.etag = found.group(1) if found else ""
        if page:
            self.csrf = csrf_of(page)
        return page

    async def poll(self) -> tuple[int, str]:
        """The phone's 2-second poll of its home fragment, revalidated with the last ETag."""
        status, fragment, headers = await self.get(
            "poll home",
            f"/w/{self.code}/",
            expect=(200, 304),
            headers={"HX-Request": "true", "If-None-Match": f'"{self.etag}"'},
        )
        if status == 200:
            self.etag = headers.get("ETag", "").strip('"') or self.etag
        return status, fragment

    async def checkin(self, confidence: int) -> None:
        await self.post(
            "checkin",
            f"/w/{self.code}/checkin",
            {
                "moment": "before",
                "confidence": str(confidence),
                "submission_id": uuid.uuid4().hex,
            },
            self.csrf,
        )

    async def tap(self, name: str, path: str, form: list, twice: bool) -> None:
        """Submit a form; a double tap sends the same submission twice at once."""
        if twice:
            await asyncio.gather(self.post(name, path, form, self.csrf), self.post(name, path, form, self.csrf))
        else:
            await self.post(name, path, form, self.csrf)

    async def write_story(self, story: tuple, twice: bool = False) -> None:
        role, ended, themes, _ratings, text = story
        await self.get("story page", f"/w/{self.code}/story")
        fields = [("role", role), ("ended_stage", ended), ("text", text)]
        _, review, _ = await self.post(
            "story review", f"/w/{self.code}/story", [*fields, ("op", "review")], self.csrf, expect=(200,)
        )
        found = FINGERPRINT.search(review)
        if not found:
            return
        await self.tap(
            "story confirm",
            f"/w/{self.code}/story",
            [*fields, ("op", "confirm"), ("fingerprint", found.group(1)), ("submission_id", uuid.uuid4().hex)],
            twice,
        )
        await self.get("themes page", f"/w/{self.code}/themes")
        picked = [("theme", key) for key in themes] + [("submission_id", uuid.uuid4().hex)]
        await self.tap("themes save", f"/w/{self.code}/themes", picked, twice=False)

    async def rate(self, story: tuple, twice: bool = False) -> None:
        ratings = story[3]
        await self.get("ratings page", f"/w/{self.code}/ratings")
        form = [("submission_id", uuid.uuid4().hex)]
        for key, score in ratings.items():
            form += [(f"reached-{key}", "yes"), (f"score-{key}", str(score))]
        await self.tap("ratings save", f"/w/{self.code}/ratings", form, twice)

    async def me_too(self, fragment: str) -> bool:
        """Tap "me too" on the first board theme this phone is not counted in yet."""
        found = ME_TOO.search(fragment)
        if not found:
            return False
        await self.post(
            "me too",
            f"/w/{self.code}/metoo",
            {"theme": found.group(1)},
            self.csrf,
            expect=(200,),
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf},
        )
        return True


# ---- closed-loop throughput ---------------------------------------------------------------


async def rate(
    url: str, headers: dict, seconds: float, connections: int, expect: int
) -> tuple[float, int, int, list[float]]:
    """Repeat one GET on `connections` keep-alive connections for `seconds`.

    Returns (requests per second, requests, unexpected statuses, latencies in ms).
    """
    connector = aiohttp.TCPConnector(limit=connections)
    stop = time.perf_counter() + seconds
    done, wrong, latencies = 0, 0, []
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:

        async def loop() -> None:
            nonlocal done, wrong
            while time.perf_counter() < stop:
                started = time.perf_counter()
                async with session.get(url, headers=headers, allow_redirects=False) as reply:
                    await reply.read()
                    if reply.status != expect:
                        wrong += 1
                latencies.append((time.perf_counter() - started) * 1000)
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    return done / elapsed, done, wrong, latencies


def cookie_header(browser: Browser) -> str:
    return "; ".join(f"{m.key}={m.value}" for m in browser.session.cookie_jar)
