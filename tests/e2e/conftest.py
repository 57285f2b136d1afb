"""Browser tests: a real gunicorn server on 127.0.0.1 and Debian's Chromium driven by Playwright.

Screenshots of every step land in tests/e2e/screenshots/<test>/ for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import ClassVar

import pytest

from tests.live import ROOT, LoopbackServer, postgres_database

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
LOGS = ROOT / "tests" / "e2e" / "logs"
SHOTS = Path(os.environ.get("REBOUND_SCREENSHOTS", ROOT / "tests" / "e2e" / "screenshots"))

pytestmark = pytest.mark.e2e


class LiveServer(LoopbackServer):
    """The server the browsers talk to; its log stays in tests/e2e/logs/ for people to read."""

    settings: ClassVar[dict[str, str]] = {"WEB_CONCURRENCY": "2"}


@pytest.fixture(scope="session")
def live_server_factory(tmp_path_factory):
    started: list[LiveServer] = []

    def make(name: str = "live", **extra_env) -> LiveServer:
        instance = tmp_path_factory.mktemp(name)
        base = os.environ.get("TEST_DATABASE_URL")
        url = postgres_database(base, f"rebound_{name}_{os.getpid()}") if base else None
        server = LiveServer(instance=instance, database_url=url, extra_env=extra_env, log=LOGS / f"{instance.name}.log")
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


class Shots:
    """shots(page, "name") saves a numbered full-page screenshot; shots.pdf(data, "name")
    saves a PDF's pages as pictures (pdftoppm, 70 dpi), for people to look at."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counter = iter(range(1, 1000))

    def __call__(self, page, name: str, full_page: bool = True) -> Path:
        path = self.folder / f"{next(self.counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page, timeout=90_000, animations="disabled")
        return path

    def pdf(self, data: bytes, name: str) -> None:
        if shutil.which("pdftoppm") is None:
            return
        stem = self.folder / f"{next(self.counter):02d}-{name}"
        stem.with_suffix(".pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(stem.with_suffix(".pdf")), str(stem)], check=True)


@pytest.fixture
def shots(request):
    folder = SHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return Shots(folder)


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
