"""Benchmark plans rendered by RQ workers: the CPU one plan costs a worker, all in.

Run: .venv/bin/python tests/bench/rq_plans.py [PEOPLE] [WORKERS]   (defaults 40 and 2)

Needs a PostgreSQL and a Redis server: TEST_DATABASE_URL and TEST_REDIS_URL, as for the
scale tests (`eval "$(bash .ci/servers.sh start DIR)"` starts both). It starts the
scale tests' deployment (two app processes, WORKERS `rq worker` processes), fills a room
of PEOPLE phones, clicks "plans" and prints:
- CPU ms per plan in the workers: everything a job costs (the fork of a warm work horse,
  RQ's bookkeeping, reading the plan's input, rendering, storing the PDF), from the
  worker processes' own CPU counters;
- the wall time until every plan was ready, and the CPU the app processes spent meanwhile.

These are the figures the README's worker sizing uses. Figures only: nothing asserts.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.live import postgres_database  # noqa: E402 - after the sys.path line above
from tests.scale.room import AppServer, Workers, descendants, room_of  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, children: bool = True) -> float:
    """CPU of a process, with what its finished children (work horses) used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / CLOCK_TICKS


def tree_cpu(pid: int) -> float:
    return sum(cpu_seconds(p) for p in descendants(pid) if Path(f"/proc/{p}").exists())


async def run(apps, workers, people: int) -> None:
    from tests.scale.room import Coach

    coach = Coach([app.url for app in apps], address="192.0.2.10")
    await coach.set_up()
    phones = await room_of(coach, coach.urls, people, "RQ benchmark")
    before_workers = sum(tree_cpu(workers.pid(slot)) for slot in workers.slots)
    before_apps = sum(tree_cpu(app.process.pid) for app in apps)
    started = time.perf_counter()
    await coach.move_to("plan")
    await asyncio.gather(*(phone.wait_for_pdf(300) for phone in phones))
    wall = time.perf_counter() - started
    worker_cpu = sum(tree_cpu(workers.pid(slot)) for slot in workers.slots) - before_workers
    app_cpu = sum(tree_cpu(app.process.pid) for app in apps) - before_apps
    await asyncio.gather(coach.close(), *(phone.close() for phone in phones))
    print(f"\n{people} plans, {len(workers.slots)} RQ workers (PlanWorker), 2 app processes, one machine")
    print(f"  CPU per plan in the workers   {worker_cpu / people * 1000:8.1f} ms   (fork, database, render, store)")
    print(f"  all plans ready after         {wall:8.1f} s    from the coach's click")
    print(f"  app processes meanwhile       {app_cpu:8.1f} s CPU (queueing, phones polling and downloading)")


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    database, redis_url = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    if not (database and redis_url):
        sys.exit("set TEST_DATABASE_URL and TEST_REDIS_URL (see the docstring)")
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    folder = Path(tempfile.mkdtemp(prefix="rebound-rq-bench-"))
    database_url = postgres_database(database, f"rebound_rq_bench_{os.getpid()}")
    apps = [AppServer(instance=folder / f"app-{n}", database_url=database_url, extra_env={"REDIS_URL": redis_url})
            for n in (1, 2)]  # fmt: skip
    workers = Workers(apps[0].env(), redis_url, folder, count)
    try:
        for app in apps:
            app.start()
        workers.start()
        asyncio.run(run(apps, workers, people))
    finally:
        workers.stop()
        for app in apps:
            app.stop()
        shutil.rmtree(folder, ignore_errors=True)
        from tests.bench._server import drop_postgres_database

        drop_postgres_database(database_url)
        Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    main()
