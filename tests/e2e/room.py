"""Filling a live workshop with a realistic room of phones, through the real HTTP forms.

Each phone is its own browser context (its own cookies), talking to the server with
Playwright's request API: fast enough for a room of twenty, and every request goes through
CSRF, redaction and the same routes a phone would use.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from ..data import STORIES


@dataclass
class Phone:
    context: object
    base: str

    def csrf(self, path: str) -> tuple[str, str]:
        page = self.context.request.get(self.base + path)
        text = page.text()
        token = re.search(r'name="csrf-token" content="([^"]+)"', text).group(1)
        return token, text

    def post(self, path: str, form: dict, csrf_from: str | None = None):
        token, _ = self.csrf(csrf_from or path)
        return self.context.request.post(self.base + path, form=form | {"csrf_token": token}, max_redirects=0)


def join(browser, base: str, code: str) -> Phone:
    phone = Phone(context=browser.new_context(), base=base)
    response = phone.post(f"/w/{code}/join", {}, csrf_from=f"/w/{code}/")
    assert response.status == 200, response.status
    return phone


def reflect(phone: Phone, code: str, story: tuple, confidence: int) -> None:
    role, ended, themes, ratings, text = story
    phone.post(
        f"/w/{code}/checkin",
        {"moment": "before", "confidence": str(confidence), "submission_id": uuid.uuid4().hex},
        csrf_from=f"/w/{code}/",
    )
    review = phone.post(f"/w/{code}/story", {"role": role, "ended_stage": ended, "text": text, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text()).group(1)
    saved = phone.post(
        f"/w/{code}/story",
        {
            "role": role,
            "ended_stage": ended,
            "text": text,
            "op": "confirm",
            "fingerprint": fingerprint,
            "submission_id": uuid.uuid4().hex,
        },
    )
    assert saved.status == 303, saved.status
    # the form posts repeated "theme" fields; Playwright's form= takes one value per key
    body = "&".join([f"theme={key}" for key in themes] + [f"submission_id={uuid.uuid4().hex}"])
    token, _ = phone.csrf(f"/w/{code}/themes")
    phone.context.request.post(
        phone.base + f"/w/{code}/themes",
        data=body + f"&csrf_token={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    rating_form = {"submission_id": uuid.uuid4().hex}
    for key, score in ratings.items():
        rating_form |= {f"reached-{key}": "yes", f"score-{key}": str(score)}
    phone.post(f"/w/{code}/ratings", rating_form)


def fill_room(browser, base: str, code: str, n: int = 20) -> list[Phone]:
    phones = []
    for i in range(n):
        phone = join(browser, base, code)
        reflect(phone, code, STORIES[i % len(STORIES)], confidence=[2, 3, 2, 1, 3, 4, 2][i % 7])
        phones.append(phone)
    return phones
