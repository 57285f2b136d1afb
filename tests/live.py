"""Helpers for tests and benchmarks that start a real server on loopback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Self

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_database(base_url: str, name: str) -> str:
    """A fresh, empty database `name` on the PostgreSQL server of `base_url`; its URL."""
    import psycopg

    url = base_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", url, count=1)


@dataclass
class LoopbackServer:
    """gunicorn started as `make run` starts it (workshop/serving.py), on 127.0.0.1 and a free
    port, with its own instance folder and database. Browser tests and benchmarks build on it.

    `database_url` None means SQLite in the instance folder. `start()` may be called again
    after `stop()`: same database, same port, the log appended to.
    """

    instance: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="rebound-server-")))
    database_url: str | None = None
    extra_env: dict = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    log: Path | None = None  # default: server.log in the instance folder
    process: subprocess.Popen | None = None

    settings: ClassVar[dict[str, str]] = {}  # what a kind of server adds to the environment
    ready_path: ClassVar[str] = "/join"  # answers once the workers are up

    def __post_init__(self) -> None:
        self.database_url = self.database_url or f"sqlite:///{self.instance / 'rebound.sqlite3'}"
        self.log = self.log or self.instance / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        env = os.environ.copy()
        env.update(
            REBOUND_INSTANCE_PATH=str(self.instance),
            DATABASE_URL=self.database_url,
            PUBLIC_URL=self.url,
            SECRET_KEY="loopback-secret-key",
            PYTHONUNBUFFERED="1",
            **self.settings,
        )
        env.update(self.extra_env)
        return env

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        """Run `flask --app workshop ARGS` against this server's database and instance."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "workshop", *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def start(self) -> Self:
        self.flask("db", "upgrade")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("a") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    "python:workshop.serving",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "workshop:create_app()",
                ],
                env=self.env(),
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2):
                    return self
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start; see {self.log}")

    def stop(self, hard: bool = False) -> None:
        """Stop gunicorn with its workers and their PDF pools. `hard`: SIGKILL the whole
        process group at once, with no chance to clean up (a crash)."""
        if self.process is not None and self.process.poll() is None:
            if hard:
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # our own process group only
                self.process.wait(timeout=5)
        self.process = None

    def query(self, sql: str, *params) -> list[tuple]:
        """Read the server's database directly, as it is on disk (`%s` placeholders)."""
        if self.database_url.startswith("sqlite"):
            import sqlite3

            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as connection:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def execute(self, sql: str, *params) -> None:
        """Change the server's database directly (`%s` placeholders), e.g. to let time pass."""
        if self.database_url.startswith("sqlite"):
            import sqlite3

            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as connection:
                connection.execute(sql.replace("%s", "?"), params)
            return
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            connection.execute(sql, params)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
