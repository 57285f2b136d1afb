"""Fixtures of the scale tests: one deployment on real servers for the whole directory.

They need a PostgreSQL and a Redis server: TEST_DATABASE_URL and TEST_REDIS_URL (.ci/run
starts both with .ci/servers.sh); without them every test here is skipped and says so.
The deployment gets a fresh database of its own on that PostgreSQL server and empties the
Redis database it is given. The fault tests also stop and start the servers, which needs
the folder .ci/servers.sh keeps them in (TEST_SERVERS).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live import ROOT, postgres_database

from .room import AppServer, Coach, Workers, run

WORKERS = 2


@dataclass
class Deployment:
    apps: list[AppServer]
    workers: Workers
    database_url: str
    redis_url: str
    servers: Path | None  # where .ci/servers.sh keeps the servers, to restart them

    @property
    def urls(self) -> list[str]:
        return [app.url for app in self.apps]

    def redis(self):
        from redis import Redis

        return Redis.from_url(self.redis_url)

    def query(self, sql: str, *params) -> list[tuple]:
        return self.apps[0].query(sql, *params)

    def server(self, action: str) -> None:
        """`stop-postgres`, `start-redis`...: what an operator's restart does to a server."""
        if self.servers is None:
            pytest.skip("restarting the servers needs TEST_SERVERS, the folder .ci/servers.sh started them in")
        subprocess.run(["bash", str(ROOT / ".ci" / "servers.sh"), action, str(self.servers)], check=True)

    def coach(self) -> Coach:
        return Coach(self.urls, address="192.0.2.10")


@pytest.fixture(scope="session")
def deployment():
    database, redis_url = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    if not (database and redis_url):
        pytest.skip(
            "the scale tests need real servers: set TEST_DATABASE_URL and TEST_REDIS_URL "
            "(.ci/run starts both); they run once, in make test's PostgreSQL pass"
        )
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    folder = Path(tempfile.mkdtemp(prefix="rebound-scale-"))
    database_url = postgres_database(database, f"rebound_scale_{os.getpid()}")
    environment = {"REDIS_URL": redis_url}
    apps = [AppServer(instance=folder / f"app-{n}", database_url=database_url, extra_env=environment) for n in (1, 2)]
    workers = Workers(apps[0].env(), redis_url, folder, WORKERS)
    try:
        apps[0].start()  # applies the migrations, as `flask db upgrade` once per release
        with ThreadPoolExecutor() as starting:  # the second app and the workers side by side
            for started in [starting.submit(apps[1].start), starting.submit(workers.start)]:
                started.result()
        servers = os.environ.get("TEST_SERVERS")
        deployment = Deployment(apps, workers, database_url, redis_url, Path(servers) if servers else None)
        run(_first_coach(deployment))
        yield deployment
    finally:
        workers.stop()
        with ThreadPoolExecutor() as stopping:
            list(stopping.map(lambda app: app.stop(), apps))
        logs = [*folder.glob("*.log"), *folder.glob("app-*/server.log")]
        if any("Traceback" in log.read_text(errors="replace") for log in logs):
            kept = Path(tempfile.gettempdir()) / f"rebound-scale-logs-{os.getpid()}"
            shutil.copytree(folder, kept, ignore=shutil.ignore_patterns("*.sqlite3*"), dirs_exist_ok=True)
            print(f"\n  a process of the scale deployment logged a traceback; its logs are kept in {kept}")
        shutil.rmtree(folder, ignore_errors=True)
        _drop(database_url)
        Redis.from_url(redis_url).flushdb()


async def _first_coach(deployment: Deployment) -> None:
    coach = deployment.coach()
    try:
        await coach.set_up()
    finally:
        await coach.close()


def _drop(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1].split("?")[0]
    try:
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.Error:
        pass  # the server is being restarted by a failed fault test; .ci/run removes it anyway
