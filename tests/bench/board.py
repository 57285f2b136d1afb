"""Benchmark: requests/s of an unchanged board poll and a changed board render, against a
hello-world route served by the same server in the same run.

    .venv/bin/python tests/bench/board.py [--seconds 3] [--rounds 2] [--connections 32]
                                          [--participants 30] [--database-url postgresql://…]

Starts gunicorn with the production configuration (workshop/serving.py) on 127.0.0.1,
fills a realistic room over HTTP (participants with stories, themes, ratings and check-ins;
the board's shared themes shown; a few "me too"s), then measures side by side, in interleaved rounds so
machine noise hits every case alike:

- GET /bench/hello                              the yardstick (same app, no work)
- the phone's unchanged poll   (HX-Request + current ETag -> 304)
- the projector's unchanged poll (HX-Request + current ETag -> 304)
- the phone's changed board    (HX-Request + stale ETag -> 200 fragment)
- the projector's changed board (HX-Request + stale ETag -> 200 fragment)

For each: requests/s, the ratio to hello-world with the DESIGN budget beside it, server CPU
per request (robust to the load generator sharing the machine), latency, and the SQL
statements one such request runs (counted in-process with the Flask test client against the
same database). Prints figures only; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    ETAG,
    STORIES,
    BenchServer,
    Coach,
    Phone,
    Stats,
    cookie_header,
    machine_busy_seconds,
    percentile,
    rate,
)

BUDGETS = {"poll": 0.60, "changed": 0.25}


async def fill_room(server: BenchServer, participants: int) -> tuple[Coach, list[Phone]]:
    stats = Stats()
    coach = Coach(server.url, stats)
    await coach.set_up()
    phones = [Phone(server.url, stats) for _ in range(participants)]
    await asyncio.gather(*(phone.join(coach.code) for phone in phones))
    await coach.move_to("reflect")
    rng = random.Random(7)

    async def reflect(i: int, phone: Phone) -> None:
        story = STORIES[i % len(STORIES)]
        await phone.home_page()
        await phone.checkin(rng.randint(1, 5))
        await phone.write_story(story)
        await phone.rate(story)

    for start in range(0, participants, 10):  # a few at a time, as a room does
        await asyncio.gather(*(reflect(i, p) for i, p in enumerate(phones[start : start + 10], start)))
    await coach.move_to("themes")
    for phone in phones[:5]:
        _, fragment = await phone.poll()
        await phone.me_too(fragment)
    await settled_board(coach)
    if stats.errors:
        print(f"  seeding saw unexpected statuses: {stats.examples}")
    return coach, phones


async def settled_board(coach: Coach) -> None:
    """Let a release booked by the last taps come due and be made, as the projector's poll
    does in the room, so that the polls measured below really are unchanged."""
    await asyncio.sleep(int(os.environ.get("BOARD_REFRESH_SECONDS") or 5) + 0.5)
    projector = f"/workshops/{coach.workshop_id}/projector"
    _, page, _ = await coach.get("projector", projector)
    headers = {"HX-Request": "true", "If-None-Match": f'"{ETAG.search(page).group(1)}"'}
    await coach.get("projector poll", projector, expect=(200, 304), headers=headers)


def count_queries(server: BenchServer, cases: dict[str, tuple[str, dict]]) -> dict[str, int]:
    """SQL statements per request, through the Flask test client on the same database."""
    os.environ.update(server.env(), LOG_LEVEL="WARNING")  # no request log lines from this process
    from sqlalchemy import event

    from workshop import create_app
    from workshop.extensions import db

    app = create_app()
    client = app.test_client(use_cookies=False)
    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
    seen = [0]

    def before(*_args) -> None:
        seen[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    for name, (path, headers) in cases.items():  # each request in its own app context, as served
        client.get(path, headers=headers)  # warm: first-connection pragmas are not per request
        seen[0] = 0
        reply = client.get(path, headers=headers)
        counts[name] = seen[0]
        counts[name + " status"] = reply.status_code
    event.remove(engine, "before_cursor_execute", before)
    engine.dispose()
    return counts


async def measure(args: argparse.Namespace) -> None:
    server = BenchServer(database_url=args.database_url, extra_env=dict(pair.split("=", 1) for pair in args.server_env))
    with server:
        started = time.perf_counter()
        coach, phones = await fill_room(server, args.participants)
        seeded = time.perf_counter() - started

        phone = phones[-1]
        await phone.home_page()
        await phone.poll()  # sets the phone's current ETag from a fresh fragment
        status, _ = await phone.poll()
        _, page, _ = await coach.get("projector", f"/workshops/{coach.workshop_id}/projector")
        projector_etag = ETAG.search(page).group(1)
        phone_cookie, coach_cookie = cookie_header(phone), cookie_header(coach)
        board = f"/w/{coach.code}/"
        projector = f"/workshops/{coach.workshop_id}/projector"
        htmx = {"HX-Request": "true"}
        cases = {
            "hello world": ("/bench/hello", {}, 200),
            "phone poll, unchanged": (board, htmx | {"If-None-Match": f'"{phone.etag}"', "Cookie": phone_cookie}, 304),
            "projector poll, unchanged": (
                projector,
                htmx | {"If-None-Match": f'"{projector_etag}"', "Cookie": coach_cookie},
                304,
            ),
            "phone board, changed": (board, htmx | {"If-None-Match": '"stale"', "Cookie": phone_cookie}, 200),
            "projector board, changed": (projector, htmx | {"If-None-Match": '"stale"', "Cookie": coach_cookie}, 200),
        }
        for _name, (path, headers, expect) in cases.items():  # warm every code path once
            await rate(server.url + path, headers, 0.5, 4, expect)

        results: dict[str, dict] = {
            name: {"n": 0, "s": 0.0, "wrong": 0, "lat": [], "cpu": 0.0, "client": 0.0, "rates": []} for name in cases
        }
        machine_before, server_before = machine_busy_seconds(), server.cpu_seconds()
        for _ in range(args.rounds):
            for name, (path, headers, expect) in cases.items():
                cpu_before = server.cpu_seconds()
                client_before = resource.getrusage(resource.RUSAGE_SELF)
                per_s, n, wrong, latencies = await rate(
                    server.url + path, headers, args.seconds, args.connections, expect
                )
                client_after = resource.getrusage(resource.RUSAGE_SELF)
                row = results[name]
                row["cpu"] += server.cpu_seconds() - cpu_before
                row["client"] += (
                    client_after.ru_utime + client_after.ru_stime - client_before.ru_utime - client_before.ru_stime
                )
                row["n"] += n
                row["s"] += n / per_s
                row["wrong"] += wrong
                row["lat"] += latencies
                row["rates"].append(per_s)
        machine = machine_busy_seconds() - machine_before - (server.cpu_seconds() - server_before)
        rss, pss = server.memory_mb()
        for browser in (coach, *phones):
            await browser.close()
        queries = await asyncio.to_thread(
            count_queries, server, {name: (path, headers) for name, (path, headers, _) in cases.items()}
        )
    report(args, results, queries, seeded, status, rss, pss, machine)


def report(
    args, results: dict, queries: dict, seeded: float, status: int, rss: float, pss: float, machine: float
) -> None:
    hello = results["hello world"]["n"] / results["hello world"]["s"]
    hello_cpu = results["hello world"]["cpu"] / results["hello world"]["n"] * 1000
    print(f"Board polls vs hello-world, same gunicorn server, same run ({os.cpu_count()} cores)")
    print(
        f"  room: {args.participants} participants with stories, themes, ratings; themes revealed "
        f"(seeded over HTTP in {seeded:.1f} s); {args.rounds} interleaved rounds × {args.seconds:g} s per case, "
        f"{args.connections} keep-alive connections"
    )
    print(
        f"  {'case':<27}{'req/s':>8}{'rounds':>16}{'vs hello':>9}{'budget':>8}{'srv CPU':>9}"
        f"{'CPU ratio':>10}{'p50 ms':>8}{'p95 ms':>8}{'SQL':>5}{'status':>8}{'wrong':>6}"
    )
    for name, row in results.items():
        per_s = row["n"] / row["s"]
        cpu_ms = row["cpu"] / row["n"] * 1000
        budget = BUDGETS["poll"] if "unchanged" in name else BUDGETS["changed"] if "changed" in name else None
        rounds = "/".join(f"{r:.0f}" for r in row["rates"])
        print(
            f"  {name:<27}{per_s:>8.0f}{rounds:>16}{per_s / hello:>8.0%} "
            f"{'≥' + format(budget, '.0%') if budget else '':>7}{cpu_ms:>7.2f}ms"
            f"{hello_cpu / cpu_ms:>9.0%} {percentile(row['lat'], 50):>7.1f}{percentile(row['lat'], 95):>8.1f}"
            f"{queries.get(name, -1):>5}{queries.get(name + ' status', 0):>8}{row['wrong']:>6}"
        )
    client = sum(row["client"] for row in results.values())
    total = sum(row["s"] for row in results.values())
    print(
        "  srv CPU = server CPU (master, workers, pools) per request; CPU ratio = hello's CPU per request "
        "÷ this case's, i.e. the req/s ratio the server alone would reach with idle cores for the client."
    )
    print(
        f"  load generator used {client / total:.0%} of one core on average, other processes on this machine "
        f"{max(0.0, machine - client) / total:.2f} cores; "
        f"SQL = statements per request (test client, same database; budget for a changed board: ≤ 3); "
        f"status = what that request answered."
    )
    print(f"  server memory after the run: RSS {rss:.0f} MB summed over processes, PSS {pss:.0f} MB.")
    if status != 304:
        print(f"  note: the phone's second poll answered {status}, not 304")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per case per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (a fresh database is made beside it)")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for the server, e.g. GUNICORN_THREADS=8 (repeatable)",
    )
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
