"""Filling a live workshop with a realistic room of phones, through the real HTTP forms.

Each phone is its own browser context (its own cookies), talking to the server with
Playwright's request API: fast enough for a room of twenty, and every request goes through
CSRF, redaction and the same routes a phone would use.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

STORIES = [
    ("Data analyst", "final_interview", ["no_feedback", "narrow_loss"], {"screen": 4, "first_interview": 4, "final_interview": 3},
     "Four rounds with Northwind Bank, then a two-line automated email. I asked Priya Shah for feedback twice and heard nothing back."),
    ("Nurse educator", "first_interview", ["interview_nerves", "self_doubt"], {"application": 4, "first_interview": 2},
     "My mind went blank when the panel asked about conflict. I rambled and I could see them lose interest."),
    ("Junior developer", "assessment", ["skills_test", "long_process"], {"application": 3, "screen": 4, "assessment": 2},
     "The take-home test took my whole weekend and they rejected it in one sentence. Nobody looked at my README."),
    ("Project coordinator", "final_interview", ["internal_candidate", "no_feedback"], {"screen": 5, "first_interview": 4, "final_interview": 4},
     "After the final interview they gave the job to someone already on the team. I suspect it was never really open."),
    ("Marketing manager", "screen", ["overqualified", "salary_mismatch"], {"application": 4, "screen": 2},
     "The recruiter said I was overqualified and that my salary expectations were too high for the band."),
    ("Teacher moving into UX", "application", ["career_change", "cv_filtered"], {"targeting": 3, "application": 1},
     "Forty applications and no replies. I think the software filters my CV out because my titles say teacher."),
    ("Logistics planner", "first_interview", ["no_feedback", "rapport"], {"screen": 4, "first_interview": 3},
     "The hiring manager barely looked up from his laptop. Then radio silence for three weeks."),
    ("Accountant", "offer", ["role_cancelled"], {"screen": 5, "first_interview": 4, "final_interview": 5, "offer": 3},
     "They had the offer ready, then a hiring freeze cancelled the role the day before I was due to sign."),
    ("Graduate engineer", "first_interview", ["experience_gap", "self_doubt"], {"application": 3, "first_interview": 3},
     "They told me they wanted someone with more experience. It is an entry-level job! I started doubting myself."),
    ("Designer", "final_interview", ["culture_fit", "no_feedback"], {"first_interview": 4, "final_interview": 3},
     "I was told I was not a culture fit and they would not say what that meant. No further feedback."),
    ("Support lead", "first_interview", ["career_gap", "interview_nerves"], {"screen": 3, "first_interview": 2},
     "They kept asking about the two years I spent caring for my dad. I got flustered and over-explained."),
    ("Researcher", "assessment", ["skills_test", "long_process"], {"application": 4, "assessment": 2},
     "Six stages over two months, including a presentation, and then a rejection by email at midnight."),
    ("Sales executive", "screen", ["salary_mismatch", "no_feedback"], {"screen": 2},
     "When I said my number the recruiter went quiet and never called back. Call me on 07700 900123 if you know why."),
    ("Operations analyst", "final_interview", ["narrow_loss", "no_feedback"], {"first_interview": 4, "final_interview": 4},
     "They said it was very close between me and one other candidate. That almost hurts more."),
    ("Paralegal", "first_interview", ["interview_nerves", "self_doubt"], {"application": 4, "first_interview": 2},
     "I practised for days and still froze at the first question. I feel like I am not good enough."),
    ("Product owner", "final_interview", ["internal_candidate", "rapport"], {"first_interview": 5, "final_interview": 3},
     "Great chemistry in the first round, awkward panel in the final, and then an internal hire."),
    ("HR assistant", "application", ["cv_filtered", "experience_gap"], {"targeting": 2, "application": 2},
     "Rejected within an hour of applying, every time. No human could have read it that quickly."),
    ("Chef moving to events", "screen", ["career_change", "location_visa"], {"targeting": 3, "screen": 3},
     "They liked my background but needed someone who could relocate next month, and my visa would not allow it."),
    ("Copywriter", "first_interview", ["no_feedback", "self_doubt"], {"application": 4, "first_interview": 3},
     "Ghosted after saying they would decide by Friday. Every week since I have checked my email less hopefully."),
    ("Civil servant", "final_interview", ["long_process", "narrow_loss"], {"screen": 4, "first_interview": 4, "final_interview": 3},
     "Three months of process and a reserve list. I was told I was appointable but second."),
]


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
        return self.context.request.post(self.base + path, form=form | {"csrf_token": token},
                                         max_redirects=0)


def join(browser, base: str, code: str) -> Phone:
    phone = Phone(context=browser.new_context(), base=base)
    response = phone.post(f"/w/{code}/join", {}, csrf_from=f"/w/{code}/")
    assert response.status == 200, response.status
    return phone


def reflect(phone: Phone, code: str, story: tuple, confidence: int) -> None:
    role, ended, themes, ratings, text = story
    phone.post(f"/w/{code}/checkin", {"moment": "before", "confidence": str(confidence), "submission_id": uuid.uuid4().hex}, csrf_from=f"/w/{code}/")
    review = phone.post(f"/w/{code}/story", {"role": role, "ended_stage": ended, "text": text, "op": "review"})
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', review.text()).group(1)
    saved = phone.post(f"/w/{code}/story", {"role": role, "ended_stage": ended, "text": text, "op": "confirm",
                                            "fingerprint": fingerprint, "submission_id": uuid.uuid4().hex})
    assert saved.status == 303, saved.status
    # the form posts repeated "theme" fields; Playwright's form= takes one value per key
    body = "&".join([f"theme={key}" for key in themes] + [f"submission_id={uuid.uuid4().hex}"])
    token, _ = phone.csrf(f"/w/{code}/themes")
    phone.context.request.post(phone.base + f"/w/{code}/themes", data=body + f"&csrf_token={token}",
                               headers={"Content-Type": "application/x-www-form-urlencoded"}, max_redirects=0)
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
