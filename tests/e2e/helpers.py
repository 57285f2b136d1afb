"""Small steps the browser tests share: a coach account, a prepared and opened workshop, and
axe-core's accessibility check."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..helpers import soon

PASSWORD = "a long coach password"
SERIOUS = {"serious", "critical"}


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def coach_account(server, email: str = "coach@example.org") -> str:
    try:
        server.flask("create-coach", email, "--name", "Maya Coach", "--password", PASSWORD)
    except Exception:  # noqa: BLE001 - already made by an earlier test on this server
        pass
    return email


def log_in(page, server, email: str) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your workshops")).to_be_visible()


def prepare_and_open(page, server, title: str, k: int = 3, employers: str = "Northwind Bank") -> tuple[int, str]:
    """Prepare a workshop, open it; returns (workshop id, join code). Leaves the page on it."""
    prepare(page, server, title, k, employers)
    page.get_by_role("button", name="Open the workshop (phones can join)").click()
    expect(page.get_by_text("The workshop is now in: Lobby")).to_be_visible()
    workshop_id = int(re.search(r"/workshops/(\d+)", page.url).group(1))
    code = page.locator(".code.big").first.inner_text().strip()
    return workshop_id, code


def prepare(page, server, title: str, k: int = 3, employers: str = "Northwind Bank") -> int:
    """Prepare a workshop and leave it being prepared; returns its id. Leaves the page on it."""
    page.goto(server.url + "/workshops/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date").fill(soon())  # a fixed date would one day be past its erase date
    page.get_by_label("Employer names to redact").fill(employers)
    page.get_by_label("Minimum group size (k)").fill(str(k))
    page.get_by_label("Your closing note (printed in every plan)").fill(
        "Rejection is information, not a verdict. Be as kind to yourself as you were to each other today."
    )
    page.get_by_role("button", name="Prepare workshop").click()
    expect(page.get_by_text("Workshop prepared.")).to_be_visible()
    return int(re.search(r"/workshops/(\d+)", page.url).group(1))


def review_story(phone, base: str, code: str, text: str) -> None:
    """Join on a phone, write a story and go to its review ("Is this safe to share?")."""
    phone.goto(f"{base}/w/{code}/")
    phone.get_by_role("button", name="Join anonymously").click()
    phone.get_by_role("link", name="I have noted it, continue").click()
    phone.goto(f"{base}/w/{code}/story")
    phone.get_by_label("What happened?").fill(text)
    phone.get_by_role("button", name="Next: see what others would see").click()


def move_to(page, server, workshop_id: int, button: str) -> None:
    page.goto(f"{server.url}/workshops/{workshop_id}")
    page.get_by_role("button", name=button).click()
    expect(page.locator(".flash")).to_contain_text("The workshop is now in")


def until(condition: Callable[[], bool], timeout: float = 15.0, what: str = "the condition") -> None:
    """Wait for something the server does by itself (a booked board release, a render),
    checking it every quarter second: the test moves on as soon as it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.25)
