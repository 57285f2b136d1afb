"""Benchmark: a room of phones against the production server, from joining to the PDFs.

    .venv/bin/python tests/bench/classroom.py [--variant realistic|brisk] [--phones 300]
                                              [--render-ahead on|off] [--database-url postgresql://…]
                                              [--server-env NAME=VALUE]

Starts gunicorn with the production configuration (workshop/serving.py) on 127.0.0.1 and
plays a workshop on the variant's timeline (TIMELINES; the run stops by itself):

- brisk: every phone arrives within 30 s and has reflected within 90 s; the coach reveals
  the themes at once and clicks "plan" 25 s later (little time to render ahead);
- realistic: phones arrive over a minute and reflect over about two and a half; the coach
  talks through the themes for 3 min 20 s before the plan click.

- phones join (join page for the CSRF token, POST join), open their home page, and poll it
  every 2 s with HX-Request + If-None-Match (the ETag they were given); while a form is
  open they poll /watch instead, as the page does; half check in in the lobby;
- the coach moves lobby -> reflect -> themes -> plan on the timeline, and polls the
  projector every 2 s the whole time;
- in reflect each phone checks in (if it has not), writes a story (review, then confirm),
  saves its themes and rates the stages; 10% of phones double-tap the confirm and the ratings
  (the same submission id twice at once);
- once the board shows themes, each phone taps "me too" on one it is not counted in;
- once the plan phase shows, each phone opens its plan page, polls /plan/status every 2 s and
  downloads its PDF when it is ready. The coach's workshop page is read every second for
  "N of M plans ready".

Then, on the same server, hello-world and an unchanged phone poll are measured side by side.
Prints the issue's table (every PDF downloadable after the click, the home poll p95 in the
first 10 s after it, the plan page p95, the phone poll p95, the submit p95, the unchanged
poll / hello-world ratio, the plans ready at the click and when all were ready), the poll
p95 during the themes phase (run with --render-ahead off to compare), per-endpoint
p50/p95/p99, error counts (any status a browser would not expect), requests/s and peak
memory of the server's process tree. Loopback only; stops by itself; asserts nothing about
time.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    ETAG,
    STORIES,
    BenchServer,
    Coach,
    MemorySampler,
    Phone,
    Stats,
    cookie_header,
    machine_busy_seconds,
    rate,
)

READY = " download>Download my plan (PDF)"  # the button shown once the PDF is stored
STATUS_ETAG = re.compile(r'id="plan-status"[^>]*data-etag="([^"]+)"')
PHASES = ("lobby", "reflect", "themes", "plan")
POLL_EVERY = 2.0
DOUBLE_TAP = 0.10
POLLS = ["poll home", "poll watch"]
SUBMITS = ["checkin", "story review", "story confirm", "themes save", "ratings save", "me too"]
SETTLE_S = 10  # seconds after the plan click when every phone opens its plan page at once
BUDGET = {"poll p95": 50, "submit p95": 200, "plans s": 40}


@dataclass(frozen=True)
class Timeline:
    """Seconds from the start: phones join within `join`, the coach moves to each phase at
    its time, phones start writing within `write` of the reflect phase and say "me too"
    within `me_too` of the themes; the room ends at `end`."""

    join: float
    reflect: float
    write: float
    themes: float
    me_too: float
    plan: float
    end: float


TIMELINES = {
    "brisk": Timeline(join=30, reflect=8, write=55, themes=95, me_too=15, plan=120, end=185),
    "realistic": Timeline(join=60, reflect=30, write=100, themes=170, me_too=60, plan=370, end=430),
}


def phase_of(fragment: str) -> str | None:
    """Which phase a home fragment shows (None when it is not a home fragment)."""
    if "Open my plan" in fragment:
        return "plan"
    if "board-phone" in fragment:
        return "themes"
    if 'id="steps-heading"' in fragment:
        return "reflect"
    if 'class="kicker">Lobby<' in fragment:
        return "lobby"
    return None


@dataclass
class Room:
    code: str
    started: float
    phase_at: dict[str, float]  # monotonic time each phase is due (the coach's timeline)
    deadline: float
    timeline: Timeline
    plan_started: float | None = None
    plans_ready_at: float | None = None
    plans_seen: tuple[int, int] = (0, 0)
    ready_at_click: tuple[int, int] | None = None  # the coach's first reading after the click
    last_download: float | None = None
    phase_post_ms: dict[str, float] = field(default_factory=dict)
    downloads: int = 0
    pdf_bytes: int = 0
    marks: list[tuple[str, float, float]] = field(default_factory=list)  # (phase, when, server CPU)


class RoomPhone(Phone):
    """A phone with a life: the poller and the person holding it run side by side."""

    def __init__(self, base: str, stats: Stats, rng: random.Random) -> None:
        super().__init__(base, stats)
        self.rng = rng
        self.seen = "lobby"
        self.fragment = ""
        self.mode = "home"  # home: polls its home page; form: polls /watch; plan: /plan/status
        self.reached = {phase: asyncio.Event() for phase in PHASES}
        self.checked_in = False

    def saw(self, fragment: str) -> None:
        phase = phase_of(fragment)
        if phase is None:
            return
        self.fragment, self.seen = fragment, phase
        for name in PHASES[: PHASES.index(phase) + 1]:
            self.reached[name].set()

    async def poller(self, room: Room) -> None:
        await asyncio.sleep(self.rng.uniform(0, POLL_EVERY))
        while time.monotonic() < room.deadline:
            started = time.monotonic()
            if self.mode == "home":
                status, fragment = await self.poll()
                if status == 200:
                    self.saw(fragment)
            elif self.mode == "form":
                await self.get(
                    "poll watch",
                    f"/w/{self.code}/watch?seen={self.seen}",
                    expect=(200, 304),
                    headers={"HX-Request": "true", "If-None-Match": f'"w-{self.seen}"'},
                )
            elif self.mode == "done":
                return
            await asyncio.sleep(max(0.0, POLL_EVERY - (time.monotonic() - started)))

    async def live(self, room: Room, join_at: float, story: tuple) -> None:
        await asyncio.sleep(max(0.0, join_at - time.monotonic()))
        if not await self.join(room.code):
            return
        self.saw(await self.home_page())
        poller = asyncio.create_task(self.poller(room))
        try:
            await self.reflect(room, story)
            await self.me_too_once(room)
            await self.take_plan_home(room)
        finally:
            self.mode = "done"
            await poller

    async def reflect(self, room: Room, story: tuple) -> None:
        if self.rng.random() < 0.5 and self.seen == "lobby":  # the lobby shows the check-in
            await asyncio.sleep(self.rng.uniform(1, 6))
            await self.checkin(self.rng.randint(1, 5))
            self.checked_in = True
        await self.reached["reflect"].wait()
        await asyncio.sleep(self.rng.uniform(0, room.timeline.write))  # people start writing at their own pace
        if not self.checked_in:
            await self.checkin(self.rng.randint(1, 5))
            self.checked_in = True
        twice = self.rng.random() < DOUBLE_TAP
        self.mode = "form"
        await self.write_story(story, twice=twice)
        await asyncio.sleep(self.rng.uniform(1, 4))
        await self.rate(story, twice=twice)
        self.mode = "home"
        self.saw(await self.home_page())  # the ratings form redirects home

    async def me_too_once(self, room: Room) -> None:
        await self.reached["themes"].wait()
        await asyncio.sleep(self.rng.uniform(2, room.timeline.me_too))  # reading the board first
        if self.seen == "themes":
            await self.me_too(self.fragment)

    async def take_plan_home(self, room: Room) -> None:
        await self.reached["plan"].wait()
        await asyncio.sleep(self.rng.uniform(0, 20))  # reading the board, then "Open my plan"
        self.mode = "plan"
        _, page, _ = await self.get("plan page", f"/w/{self.code}/plan")
        ready = READY in page
        found = STATUS_ETAG.search(page)
        etag = found.group(1) if found else ""
        while not ready and time.monotonic() < room.deadline:
            await asyncio.sleep(POLL_EVERY)
            status, fragment, headers = await self.get(
                "poll plan status",
                f"/w/{self.code}/plan/status",
                expect=(200, 304),
                headers={"HX-Request": "true", "If-None-Match": f'"{etag}"'},
            )
            if status == 200:
                ready = READY in fragment
                etag = headers.get("ETag", "").strip('"') or etag
        if ready:
            status, _, headers = await self.get("plan pdf", f"/w/{self.code}/plan.pdf")
            if status == 200 and headers.get("Content-Type") == "application/pdf":
                room.downloads += 1
                room.pdf_bytes += int(headers.get("Content-Length", 0))
                room.last_download = time.monotonic()


async def coach_timeline(coach: Coach, room: Room, server: BenchServer) -> None:
    room.marks.append(("lobby", time.monotonic(), server.cpu_seconds()))
    for phase in ("reflect", "themes", "plan"):
        await asyncio.sleep(max(0.0, room.phase_at[phase] - time.monotonic()))
        room.marks.append((phase, time.monotonic(), server.cpu_seconds()))
        if phase == "plan":
            room.plan_started = time.monotonic()
        room.phase_post_ms[phase] = await coach.move_to(phase)
    while time.monotonic() < room.deadline:
        ready, total = await coach.plans_ready()
        room.plans_seen = (ready, total)
        room.ready_at_click = room.ready_at_click or (ready, total)
        if total and ready >= total:
            room.plans_ready_at = time.monotonic()
            return
        await asyncio.sleep(1)


async def projector(coach: Coach, room: Room) -> None:
    _, page, _ = await coach.get("projector page", f"/workshops/{coach.workshop_id}/projector")
    etag = ETAG.search(page).group(1) if page else ""
    while time.monotonic() < room.deadline:
        started = time.monotonic()
        status, _, headers = await coach.get(
            "poll projector",
            f"/workshops/{coach.workshop_id}/projector",
            expect=(200, 304),
            headers={"HX-Request": "true", "If-None-Match": f'"{etag}"'},
        )
        if status == 200:
            etag = headers.get("ETag", "").strip('"') or etag
        await asyncio.sleep(max(0.0, POLL_EVERY - (time.monotonic() - started)))


async def compare_with_hello(server: BenchServer, phone: Phone) -> dict[str, float]:
    """Hello-world and an unchanged phone poll, side by side on the same server."""
    await phone.poll()
    status, _ = await phone.poll()
    headers = {"HX-Request": "true", "If-None-Match": f'"{phone.etag}"', "Cookie": cookie_header(phone)}
    cases = {"hello": ("/bench/hello", {}, 200), "poll": (f"/w/{phone.code}/", headers, 304)}
    totals = {name: [0, 0.0, 0.0] for name in cases}  # requests, seconds, server CPU
    for _ in range(2):
        for name, (path, extra, expect) in cases.items():
            cpu = server.cpu_seconds(web_only=True)  # PDFs may still be rendering: not counted
            per_s, n, _, _ = await rate(server.url + path, extra, 4.0, 32, expect)
            totals[name][0] += n
            totals[name][1] += n / per_s
            totals[name][2] += server.cpu_seconds(web_only=True) - cpu
    result = {name: n / s for name, (n, s, _) in totals.items()}
    result.update({f"{name} cpu": cpu / n * 1000 for name, (n, _, cpu) in totals.items()})
    result["status"] = status
    return result


async def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    extra_env = {"RENDER_AHEAD": "1" if args.render_ahead == "on" else "0"}
    extra_env |= dict(pair.split("=", 1) for pair in args.server_env)
    timeline = Timeline(*(value * args.time_scale for value in dataclasses.astuple(TIMELINES[args.variant])))
    server = BenchServer(database_url=args.database_url, extra_env=extra_env)
    with server:
        stats = Stats()
        coach = Coach(server.url, stats)
        await coach.set_up()
        sampler = MemorySampler(server)
        sampler.start()
        now = time.monotonic()
        room = Room(
            code=coach.code,
            started=now,
            deadline=now + timeline.end,
            timeline=timeline,
            phase_at={
                "lobby": now,
                "reflect": now + timeline.reflect,
                "themes": now + timeline.themes,
                "plan": now + timeline.plan,
            },
        )
        phones = [RoomPhone(server.url, stats, random.Random(rng.random())) for _ in range(args.phones)]
        joins = sorted(now + rng.uniform(0, timeline.join) for _ in phones)
        cpu_before, machine_before = server.cpu_seconds(), machine_busy_seconds()
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        lives = [
            asyncio.create_task(p.live(room, at, STORIES[i % len(STORIES)]))
            for i, (p, at) in enumerate(zip(phones, joins, strict=True))
        ]
        side = [asyncio.create_task(coach_timeline(coach, room, server)), asyncio.create_task(projector(coach, room))]
        _, unfinished = await asyncio.wait(lives, timeout=max(1.0, room.deadline + 5 - time.monotonic()))
        for task in unfinished:  # a phone still waiting for a phase that never came
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        room.deadline = min(room.deadline, time.monotonic())  # everyone is done: stop the coach too
        await asyncio.gather(*side, return_exceptions=True)
        ended = time.monotonic()
        room.marks.append(("end", ended, server.cpu_seconds()))
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = server.cpu_seconds() - cpu_before
        machine_cpu = machine_busy_seconds() - machine_before
        compare = await compare_with_hello(server, next(p for p in phones if p.etag))
        await sampler.stop()
        for browser in (coach, *phones):
            await browser.close()
    client_cpu = client_after.ru_utime + client_after.ru_stime - client_before.ru_utime - client_before.ru_stime
    report(
        args,
        stats,
        room,
        ended,
        server_cpu,
        client_cpu,
        machine_cpu,
        sampler,
        compare,
        crashed=[t.exception() for t in lives if not t.cancelled() and t.exception()],
        stuck=len(unfinished),
    )


def report(
    args,
    stats: Stats,
    room: Room,
    ended: float,
    server_cpu: float,
    client_cpu: float,
    machine_cpu: float,
    sampler: MemorySampler,
    compare: dict,
    crashed: list,
    stuck: int,
) -> None:
    elapsed = ended - room.started
    total = stats.count()
    plan_at = room.plan_started or ended
    rendering = (plan_at, room.plans_ready_at or ended)
    before = (room.phase_at["reflect"], plan_at)
    print(
        f"A room of {args.phones} phones, {args.variant} variant, rendering ahead {args.render_ahead}, "
        f"production server configuration, {os.cpu_count()} cores, {'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    print(
        f"  simulated {elapsed:.0f} s: {total} requests, {total / elapsed:.0f} req/s on average; "
        f"server CPU {server_cpu:.0f} s ({server_cpu / elapsed:.0%} of one core), "
        f"load generator {client_cpu:.0f} s ({client_cpu / elapsed:.0%} of one core); "
        f"other processes on this machine {max(0.0, machine_cpu - server_cpu - client_cpu) / elapsed:.2f} cores"
    )
    print(Stats.header())
    for name in sorted(stats.statuses, key=lambda n: (n.startswith("coach"), n)):
        print(stats.row(name, [name]))
    print("  ---")
    print(stats.row("ALL POLLS (home+watch)", POLLS))
    print(stats.row("ALL SUBMITS (POSTs)", SUBMITS))
    errors = sum(stats.errors.values())
    print(
        f"  errors: {errors}"
        + (f"  e.g. {stats.examples}" if errors else "")
        + (f"  crashed phones: {crashed[:3]}" if crashed else "")
        + (f"  phones still busy at the deadline: {stuck}" if stuck else "")
    )
    print()
    from _server import percentile

    polls, submits = stats.latencies(POLLS), stats.latencies(SUBMITS)
    themes_phase = (room.phase_at["themes"], plan_at)
    click_window = (plan_at, plan_at + SETTLE_S)
    ready_click, total_click = room.ready_at_click or (0, 0)
    ratio = compare["poll"] / compare["hello"]

    def seconds(at: float | None) -> str:
        return f"{at - plan_at:.1f} s" if at and room.plan_started else "not within the run"

    print("The issue's table (issue 13)")
    rows = [
        ("all PDFs downloadable (all ready) after the click", seconds(room.plans_ready_at),
         "<= 10 s realistic, <= 40 s brisk"),
        ("last phone's download after the click", seconds(room.last_download) if room.downloads == args.phones
         else f"{room.downloads} of {args.phones} downloaded", "phones open the plan 0-20 s after it shows"),
        ("home poll p95, first 10 s after the click", f"{percentile(stats.latencies(['poll home'], click_window), 95):.0f} ms",
         "< 100 ms"),
        ("plan page p95", f"{percentile(stats.latencies(['plan page']), 95):.0f} ms", "< 150 ms"),
        ("phone poll p95, whole run", f"{percentile(polls, 95):.0f} ms", "< 50 ms"),
        ("submit p95", f"{percentile(submits, 95):.0f} ms", "< 200 ms"),
        ("unchanged poll / hello-world req/s", f"{ratio:.2f}", ">= 0.6"),
        ("plans ready at the click", f"{ready_click / max(total_click, 1):.0%} ({ready_click} of {total_click})", ""),
        ("poll p95 during the themes phase", f"{percentile(stats.latencies(POLLS, themes_phase), 95):.0f} ms",
         f"rendering ahead {args.render_ahead}"),
        ("errors", f"{sum(stats.errors.values())}", "0"),
    ]  # fmt: skip
    for label, value, goal in rows:
        print(f"  {label:<44}{value:>24}   {goal}")
    print()
    print("Budgets (DESIGN.md)")

    print(f"  errors                          {errors:>8}        budget 0")
    print(f"  poll p95 (whole run)            {percentile(polls, 95):>8.1f} ms     budget < {BUDGET['poll p95']} ms")
    print(
        f"  submit p95 (whole run)          {percentile(submits, 95):>8.1f} ms     budget < {BUDGET['submit p95']} ms"
    )
    ready, seen_total = room.plans_seen
    if room.plans_ready_at and room.plan_started:
        took = room.plans_ready_at - room.plan_started
        print(
            f"  all {seen_total} plans ready after     {took:>8.1f} s      budget <= {BUDGET['plans s']} s "
            f"(from the coach's 'plan' click; that POST took {room.phase_post_ms.get('plan', 0) / 1000:.1f} s)"
        )
    else:
        print(f"  plans ready                     {ready} of {seen_total} when the run ended (not all)")
    print(
        f"  PDFs downloaded                 {room.downloads:>8} of {args.phones} "
        f"({room.pdf_bytes / max(room.downloads, 1) / 1024:.0f} KB each on average)"
    )
    print("  polls before the plan phase vs while plans render:")
    print(Stats.header())
    print(stats.row("home+watch, before", POLLS, before))
    print(stats.row("home+watch, themes phase", POLLS, themes_phase))
    print(stats.row("home+watch, rendering", POLLS, rendering))
    # The first seconds after the click are the whole room opening its plan page at once.
    settled = (min(rendering[0] + SETTLE_S, rendering[1]), rendering[1])
    print(stats.row(f"  after the first {SETTLE_S} s", POLLS, settled))
    print(stats.row("projector, before", ["poll projector"], before))
    print(stats.row("projector, rendering", ["poll projector"], rendering))
    print(stats.row("plan status, rendering", ["poll plan status"], rendering))
    print(stats.row("submits, before", SUBMITS, before))
    print(
        f"  peak server memory (master + workers + PDF pools): RSS {sampler.peak_rss:.0f} MB summed, "
        f"PSS {sampler.peak_pss:.0f} MB"
    )
    spans = [
        f"{a} {c2 - c1:.0f} s over {t2 - t1:.0f} s ({(c2 - c1) / max(t2 - t1, 0.001):.2f} cores)"
        for (a, t1, c1), (_, t2, c2) in zip(room.marks, room.marks[1:], strict=False)
    ]
    print("  server CPU by phase: " + "; ".join(spans))
    print("  phase changes (coach POST): " + ", ".join(f"{k} {v:.0f} ms" for k, v in room.phase_post_ms.items()))
    print(
        f"  same server, afterwards: hello-world {compare['hello']:.0f} req/s "
        f"({compare['hello cpu']:.2f} ms server CPU each), unchanged phone poll {compare['poll']:.0f} req/s "
        f"({compare['poll cpu']:.2f} ms) -> ratio {ratio:.0%} (budget >= 60%; by CPU "
        f"{compare['hello cpu'] / compare['poll cpu']:.0%}; CPU of master + workers only, since "
        f"unfinished plans may still be rendering)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=sorted(TIMELINES), default="realistic")
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--render-ahead", choices=("on", "off"), default="on", help="RENDER_AHEAD on the server")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (a fresh database is made beside it)")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the server, e.g. GUNICORN_THREADS=8 (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--time-scale", type=float, default=1.0, help="shrink the timeline for a quick trial run")
    args = parser.parse_args()
    started = time.monotonic()
    asyncio.run(run(args))
    print(f"  (whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
