"""Benchmark: wall time to render every plan of a 300-person room with the default pool,
while phones keep polling the board.

    .venv/bin/python tests/bench/plans_room.py [--participants 300] [--phones 50] [--timeout 120]
                                               [--database-url postgresql://…] [--server-env NAME=VALUE]

Starts gunicorn with the production configuration (workshop/serving.py: the default PDF
pool, PDF_WORKERS processes in the app process that handles the coach's click), fills a room
directly through the app's services (participants with stories, themes, ratings and
check-ins; themes revealed), then:

1. 50 phones poll their home page every 2 s (HX-Request + ETag) for 10 s: the "before" p95;
2. the coach (logged in over HTTP) moves the workshop to the plan phase, which queues every
   plan; the clock runs from that click until the database says every plan is ready
   (checked every 0.25 s), while the phones keep polling: the "rendering" p95.

Prints the wall time (budget <= 40 s on 2 cores), how long the click itself took, poll
p50/p95 before vs during rendering, server CPU and peak memory. Stops by itself after
--timeout seconds of rendering. Figures only; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    COACH_EMAIL,
    PASSWORD,
    STORIES,
    BenchServer,
    Coach,
    MemorySampler,
    Phone,
    Stats,
    machine_busy_seconds,
)
from yarl import URL

POLL_EVERY = 2.0
BEFORE_S = 10.0
BUDGET_S = 40


def seed_room(server: BenchServer, participants: int) -> tuple[int, str, list[str]]:
    """A coach, a workshop in the themes phase and `participants` people who reflected."""
    os.environ.update(server.env(), LOG_LEVEL="WARNING")
    from workshop import create_app
    from workshop.extensions import db
    from workshop.models import Coach as CoachRow
    from workshop.services import participants as people
    from workshop.services import reflection
    from workshop.services import workshops as ops

    app = create_app()
    rng = random.Random(300)
    with app.app_context():
        coach = CoachRow(email=COACH_EMAIL, name="Bench Coach", is_admin=True)
        coach.set_password(PASSWORD)
        db.session.add(coach)
        db.session.commit()
        fields = {
            "title": "A full room (benchmark)",
            "date": date.today(),
            "description": "",
            "employers": "Northwind Bank",
            "min_group_size": 3,
            "retention_days": 30,
            "paper_size": "A4",
            "coach_note": "Be kind to yourself this week.",
        }
        workshop = ops.create_workshop(coach, fields, ops.default_stage_rows())
        ops.change_phase(workshop, "lobby")
        ops.change_phase(workshop, "reflect")
        tokens = []
        for i in range(participants):
            role, ended, themes, ratings, text = STORIES[i % len(STORIES)]
            participant, token, _ = people.join(workshop)
            tokens.append(token)
            reflection.save_checkin(participant, "before", rng.randint(1, 5), uuid.uuid4().hex)
            review = reflection.review_story(workshop, reflection.StoryDraft(role=role, ended_stage=ended, text=text))
            reflection.save_story(participant, review, review.fingerprint, uuid.uuid4().hex)
            picked = set(themes) | (
                {rng.choice(["self_doubt", "no_feedback", "long_process"])} if rng.random() < 0.5 else set()
            )
            reflection.save_themes(participant, picked, uuid.uuid4().hex)
            reflection.save_ratings(
                participant, [reflection.Rating(k, v, "") for k, v in ratings.items()], uuid.uuid4().hex
            )
        ops.change_phase(workshop, "themes")
        result = workshop.id, workshop.join_code, tokens
        db.session.remove()
        db.engine.dispose()
    return result


def plans_ready(app, workshop_id: int) -> tuple[int, int]:
    """(ready, participants), straight from the database."""
    from workshop.extensions import db
    from workshop.models import Workshop
    from workshop.services.plans.jobs import room_progress

    with app.app_context():
        progress = room_progress(db.session.get(Workshop, workshop_id))
        db.session.remove()
    return progress["ready"], progress["participants"]


async def poll_loop(phone: Phone, stop: float, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0, POLL_EVERY))
    while time.monotonic() < stop:
        started = time.monotonic()
        await phone.poll()
        await asyncio.sleep(max(0.0, POLL_EVERY - (time.monotonic() - started)))


async def run(args: argparse.Namespace) -> None:
    extra_env = dict(pair.split("=", 1) for pair in args.server_env)
    server = BenchServer(database_url=args.database_url, extra_env=extra_env)
    with server:
        started = time.perf_counter()
        workshop_id, code, tokens = await asyncio.to_thread(seed_room, server, args.participants)
        seeded = time.perf_counter() - started

        from workshop import create_app

        app = create_app()
        stats = Stats()
        coach = Coach(server.url, stats)
        coach.workshop_id = workshop_id
        await coach.log_in()
        phones = []
        for token in tokens[: args.phones]:
            phone = Phone(server.url, stats)
            phone.code = code
            phone.session.cookie_jar.update_cookies(
                {"rebound_participant": token}, response_url=URL(f"{server.url}/w/{code}/")
            )
            await phone.home_page()
            phones.append(phone)

        sampler = MemorySampler(server)
        sampler.start()
        rng = random.Random(50)
        now = time.monotonic()
        stop = now + BEFORE_S + args.timeout
        pollers = [asyncio.create_task(poll_loop(p, stop, rng)) for p in phones]
        await asyncio.sleep(BEFORE_S)
        before = (now, time.monotonic())

        cpu_before, machine_before = server.cpu_seconds(), machine_busy_seconds()
        web_before = server.cpu_seconds(web_only=True)
        clicked = time.monotonic()
        click_ms = await coach.move_to("plan")
        ready, total, done_at = 0, args.participants, None
        while time.monotonic() < stop:
            ready, total = await asyncio.to_thread(plans_ready, app, workshop_id)
            if total and ready >= total:
                done_at = time.monotonic()
                break
            await asyncio.sleep(0.25)
        rendering = (clicked, done_at or time.monotonic())
        server_cpu = server.cpu_seconds() - cpu_before
        web_cpu = server.cpu_seconds(web_only=True) - web_before
        others = machine_busy_seconds() - machine_before - server_cpu
        stop_polls = time.monotonic()
        for task in pollers:
            task.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)
        await sampler.stop()
        for browser in (coach, *phones):
            await browser.close()
        with app.app_context():
            from workshop.extensions import db

            db.engine.dispose()

    workers = extra_env.get("PDF_WORKERS", os.environ.get("PDF_WORKERS", "2 (default)"))
    print(
        f"All plans of a {args.participants}-person room, default PDF pool (PDF_WORKERS={workers}), "
        f"{os.cpu_count()} cores, {'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    print(f"  room seeded through the services in {seeded:.1f} s; {args.phones} phones poll every 2 s throughout")
    if done_at:
        took = done_at - clicked
        print(
            f"  all {total} plans ready after {took:.1f} s  (budget <= {BUDGET_S} s)  "
            f"= {took / total * 1000:.0f} ms of wall time per plan"
        )
    else:
        print(f"  NOT all ready: {ready} of {total} after {stop_polls - clicked:.1f} s (stopped)")
    print(f"  the coach's click (POST phase=plan, which queues every plan) took {click_ms / 1000:.2f} s")
    span = rendering[1] - rendering[0]
    print(
        f"  server CPU while rendering {server_cpu:.0f} s ({server_cpu / span:.2f} cores; "
        f"{server_cpu / max(ready, 1) * 1000:.0f} ms per plan, all included); other processes on this "
        f"machine (the load generator among them) used {max(0.0, others) / span:.2f} cores meanwhile"
    )
    pool_cpu = server_cpu - web_cpu
    print(
        f"    of which the PDF pool {pool_cpu:.0f} s ({pool_cpu / max(ready, 1) * 1000:.0f} ms per plan) "
        f"and gunicorn's master and workers {web_cpu:.0f} s (polls, the click, storing the PDFs)"
    )
    print(Stats.header())
    print(stats.row("poll home, before", ["poll home"], before))
    print(stats.row("poll home, rendering", ["poll home"], rendering))
    errors = sum(stats.errors.values())
    print(f"  errors: {errors}" + (f"  e.g. {stats.examples}" if errors else ""))
    print(
        f"  peak server memory (master + workers + PDF pool): RSS {sampler.peak_rss:.0f} MB summed, "
        f"PSS {sampler.peak_pss:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=120, help="seconds of rendering before giving up")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (a fresh database is made beside it)")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the server, e.g. PDF_WORKERS=3 (repeatable)",
    )
    started = time.monotonic()
    asyncio.run(run(parser.parse_args()))
    print(f"  (whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
