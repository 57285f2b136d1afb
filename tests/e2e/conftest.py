"""Browser tests: a real gunicorn server on 127.0.0.1 and Debian's Chromium driven by Playwright.

Screenshots of every step land in tests/e2e/screenshots/<test>/ for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.live import free_port, postgres_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / "tests" / "e2e" / "logs"
SHOTS = Path(os.environ.get("REBOUND_SCREENSHOTS", ROOT / "tests" / "e2e" / "screenshots"))

pytestmark = pytest.mark.e2e




def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


@dataclass
class LiveServer:
    """gunicorn with the production settings, on a loopback port, with its own database."""

    instance: Path
    database_url: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log: Path | None = None
    extra_env: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        env = os.environ.copy()
        env.update(
            REBOUND_INSTANCE_PATH=str(self.instance),
            DATABASE_URL=self.database_url,
            PUBLIC_URL=self.url,
            WEB_CONCURRENCY="2",
            SECRET_KEY="browser-test-secret",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "workshop", *args],
            env=self.env(), cwd=ROOT, check=True, capture_output=True, text=True,
        )

    def query(self, sql: str, *params) -> list[tuple]:
        """Read the server's database directly (for asserting what was really stored)."""
        if self.database_url.startswith("sqlite"):
            import sqlite3

            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as connection:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def start(self) -> LiveServer:
        self.flask("db", "upgrade")
        LOGS.mkdir(parents=True, exist_ok=True)
        self.log = LOGS / f"{self.instance.name}.log"
        handle = self.log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:workshop.serving",
             "--bind", f"127.0.0.1:{self.port}", "workshop:create_app()"],
            env=self.env(), cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(self.url + "/join")
        return self

    def stop(self, hard: bool = False) -> None:
        if self.process and self.process.poll() is None:
            if hard:  # the master and every worker, at once, with no chance to clean up
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None




@pytest.fixture(scope="session")
def live_server_factory(tmp_path_factory):
    started: list[LiveServer] = []

    def make(name: str = "live", **extra_env) -> LiveServer:
        instance = tmp_path_factory.mktemp(name)
        base = os.environ.get("TEST_DATABASE_URL")
        if base:
            url = postgres_database(base, f"rebound_{name}_{os.getpid()}")
        else:
            url = f"sqlite:///{instance / 'rebound.sqlite3'}"
        server = LiveServer(instance=instance, database_url=url, extra_env=extra_env)
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def live_server(live_server_factory) -> LiveServer:
    return live_server_factory()


@pytest.fixture(scope="session")
def playwright_instance():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def shots(request):
    """shots(page, "name") saves a numbered full-page screenshot for this test."""
    folder = SHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(page, name: str, full_page: bool = True) -> Path:
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page, timeout=90_000, animations="disabled")
        return path

    return take


class CspWatcher:
    """Collects console messages about Content-Security-Policy violations."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda msg: self._seen(msg.text))

    def _seen(self, text: str) -> None:
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.violations.append(text)


@pytest.fixture
def csp():
    return CspWatcher()


@pytest.fixture
def phone_context(browser, playwright_instance, csp):
    """new_phone("Pixel 7") -> a page in a fresh context with that phone's viewport."""
    contexts = []

    def new_phone(device: str = "Pixel 7", **options):
        descriptor = dict(playwright_instance.devices[device])
        descriptor.pop("default_browser_type", None)
        descriptor["device_scale_factor"] = 1  # small, fast screenshots; layout is the same
        context = browser.new_context(**descriptor, **options)
        contexts.append(context)
        page = context.new_page()
        csp.attach(page)
        return page

    yield new_phone
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(browser, csp):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    csp.attach(page)
    yield page
    context.close()
