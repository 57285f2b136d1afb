"""Property: whatever a room and its coach do, every screen shows released figures only, no
figure is about fewer than k people, and two readings differ by nobody's data or by at
least k people's.

A Hypothesis state machine plays a room through the real services: participants join,
check in, write and rewrite stories, rate stages, pick themes, say "me too", save the same
thing again, change an answer and back, and delete their data; the coach renames, hides,
merges and un-merges themes, promotes phrases and moves between phases. The machine keeps
its own model of what every participant said. After each step it reads the real pages
through the Flask test client (projector fragment, a phone's board, the moderation page,
the cohort report and its CSV) and checks, for each view:

- every count shown is at least k (a check-in band beside shown ones may hold nobody);
- every figure equals what the model's data gives for the release it comes from, and a
  combined theme shows a number only if every cell of its Venn diagram holds k people;
- when a figure moved since the view's previous reading, the model's data of its kind
  differs between the two releases for nobody or for at least k people.

A release's data, in the model, is the model's data at the step that made it: the machine
sees a release being made, and which kinds it took in afresh, from the releases table.

The suite runs a bounded number of examples; REBOUND_HYPOTHESIS_EXAMPLES=500 runs more.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from workshop.extensions import db
from workshop.models import Coach, Participant, Phase, Release, Workshop
from workshop.services import moderation, participants, reflection, releases
from workshop.services import workshops as ops
from workshop.services.stages import DEFAULT_STAGES
from workshop.services.themes import emerging_phrases
from workshop.services.workshop_themes import custom_themes, taxonomy

from .abuse.helpers import holding_token, signed_in
from .helpers import password_hash, sid, wipe

EXAMPLES = int(os.environ.get("REBOUND_HYPOTHESIS_EXAMPLES") or 25)
STEPS = 30
POOL = ("no_feedback", "self_doubt", "salary_mismatch")  # few themes: merges overlap often
STAGES = ("screen", "first_interview", "offer")
STAGE_KEY = {label: key for key, label in DEFAULT_STAGES}
TEXTS = (
    "They gave us a group exercise with lego and I hated it.",
    "The group exercise felt like a game show.",
    "I went blank in the group exercise while others talked.",
    "They ghosted me after the final round.",
    "Radio silence for weeks after the final round.",
)
MAX_PEOPLE = 8
CATEGORIES = releases.CATEGORIES
EDITABLE = ("reflect", "themes")
BOARD = ("themes", "plan", "closed")
MOVES = {"reflect": ("themes",), "themes": ("plan", "reflect"), "plan": ("closed",), "closed": ()}
BANDS = {"low": (1, 2), "middle": (3,), "high": (4, 5)}


@dataclass
class Person:
    """What one participant said, as the model remembers it."""

    phone: object
    before: int | None = None
    after: int | None = None
    story: str | None = None
    ratings: dict[str, int] = field(default_factory=dict)
    themes: set[str] = field(default_factory=set)
    kept: bool = False  # took the themes step (keeping none is a step too)
    follow_up: None = None  # this room never reaches its follow-up date (tests/test_releases.py does)

    @property
    def counted(self) -> bool:
        """A story counts once its themes step is taken; ratings count on their own."""
        return (self.story is not None and self.kept) or bool(self.ratings)


KEPT = "\0kept"  # in the model's themes of a person who took the themes step


def differing(old: dict, new: dict) -> int:
    """How many people's data differ between two states of one kind (absent counts as different)."""
    return sum(1 for pid in old.keys() | new.keys() if old.get(pid) != new.get(pid))


def one_decimal(values: list[int]) -> str:
    return f"{round(sum(values) / len(values), 1):.1f}"


# ---- reading the pages ----------------------------------------------------------------------

THEME_ROW = re.compile(
    r'<span class="theme-label">(.*?)</span>\s*(?:<span class="theme-count"><strong>(\d+)</strong> of (\d+) of you'
    r'|<span class="theme-count waiting">)'
)
STAGE_ROW = re.compile(
    r'<th scope="row">(.*?)(?: <span class="weakest-tag">[^<]*</span>)?</th>\s*'
    r'(?:<td>(\d+)</td>\s*<td><span class="heat-cell heat-\d+">([\d.]+)</span></td>|<td colspan="2")'
)
CHECK_IN = re.compile(
    r'<p class="confidence-title">(At the start|At the end): <strong>([\d.]+)</strong> of 5 '
    r'<span class="muted">\((\d+) answers\)</span></p>\s*(?:<ul class="bands">(.*?)</ul>)?',
    re.S,
)
BAND = re.compile(r'class="band band-(\w+)">.*?<span class="band-count">([^<]+)</span>', re.S)
PHRASE = re.compile(r'<span class="phrase">“(.*?)”</span> <span class="muted">in (\d+) stories</span>')


def read_board(page: str) -> dict:
    """The figures of a page built on board/_board.html, by kind."""
    themes, people = {}, set()
    for label, count, out_of in THEME_ROW.findall(page):
        themes[html.unescape(label)] = int(count) if count else None
        if out_of:
            people.add(int(out_of))
    stages = {
        html.unescape(label): (int(n), avg) for label, n, avg in STAGE_ROW.findall(page) if n
    }  # only rows with figures
    checkins = {}
    for title, average, total, bands in CHECK_IN.findall(page):
        moment = "before" if title == "At the start" else "after"
        checkins[moment] = (int(total), average, tuple(BAND.findall(bands or "")))
    return {
        "themes": (themes, people),
        "ratings": stages,
        "before": checkins.get("before"),
        "after": checkins.get("after"),
        "story": dict((html.unescape(t), int(n)) for t, n in PHRASE.findall(page)),
        "follow_up": None,
    }


def read_sheet(text: str) -> dict:
    """The figures of the cohort CSV, by kind, in the shape read_board gives."""
    themes, people, stages, checkins = {}, set(), {}, {}
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        section, item, value, out_of = row
        if section == "shared theme":
            themes[item] = int(value)
            people.add(int(out_of))
        elif section == "stage average (1-5)":
            stages[item] = (int(out_of), value)
        elif section == "confidence average (1-5)":
            checkins[item] = (int(out_of), value, ())
        elif section == "room" and item == "participants" and value:
            people.add(int(value))
    return {
        "themes": (themes, people),
        "ratings": stages,
        "before": checkins.get("before"),
        "after": checkins.get("after"),
        "story": {},
        "follow_up": None,
    }


class Room(RuleBasedStateMachine):
    """One workshop, its coach and up to MAX_PEOPLE participants."""

    app = None  # the Flask app under test, set by the test function

    def __init__(self):
        super().__init__()
        db.session.remove()
        wipe()
        self.k = 0
        self.people: dict[int, Person] = {}

    # ---- the model's view of the release -----------------------------------------------

    def data(self, category: str) -> dict:
        """The model's data of one kind, for counted participants only (as releases see it)."""
        counted = {pid: p for pid, p in self.people.items() if p.counted}
        if category == "themes":
            # Taking the step is news even with no theme kept: the marker is never a theme key.
            return {pid: frozenset(p.themes) | ({KEPT} if p.kept else set()) for pid, p in counted.items()}
        if category == "ratings":
            return {pid: frozenset(p.ratings.items()) for pid, p in counted.items() if p.ratings}
        if category == "story":
            return {pid: p.story for pid, p in counted.items() if p.story is not None}
        return {pid: getattr(p, category) for pid, p in counted.items() if getattr(p, category) is not None}

    @initialize(k=st.sampled_from([2, 3]), data=st.data())
    def open_workshop(self, k, data):
        coach = Coach(email="coach@example.org", name="Coach", password_hash=password_hash())
        db.session.add(coach)
        db.session.commit()
        fields = {"title": "Property room", "date": date(2026, 12, 3), "min_group_size": k, "retention_days": 30}
        workshop = ops.create_workshop(coach, fields, ops.default_stage_rows())
        workshop.phase = Phase.REFLECT
        db.session.commit()
        self.k, self.workshop_id, self.code, self.phase = k, workshop.id, workshop.join_code, "reflect"
        self.coach = signed_in(self.app, coach.id)
        self.labels = {theme.id: theme.label for theme in taxonomy().themes}
        self.renamed: dict[str, str] = {}
        self.hidden: set[str] = set()
        self.merged: dict[str, str] = {}
        self.customs: list[str] = []
        self.seq, self.covered, self.departed = 0, {}, 0
        self.released = {c: {} for c in CATEGORIES}
        self.phrases: list[dict] = []  # the emerging phrases the model's released stories give
        self.previous: dict[str, tuple[dict, dict]] = {}
        self.coached = True  # the coach changed something since the moderation page was read
        for _ in range(data.draw(st.integers(k, MAX_PEOPLE - 2), label="people at the start")):
            self.join_and_reflect(data)

    def workshop(self) -> Workshop:
        return db.session.get(Workshop, self.workshop_id)

    def release(self, seq: int) -> Release:
        return db.session.scalars(
            select(Release).where(Release.workshop_id == self.workshop_id, Release.seq == seq)
        ).one()

    def participant(self, pid: int) -> Participant:
        return db.session.get(Participant, pid)

    def someone(self, data) -> tuple[int, Person]:
        pid = data.draw(st.sampled_from(sorted(self.people)))
        return pid, self.people[pid]

    def choosable(self) -> list[str]:
        return [key for key in (*POOL, *self.customs) if key not in self.hidden and key not in self.merged]

    def some_themes(self, data) -> set[str]:
        """Themes a participant may pick now (the themes step offers no hidden or merged one)."""
        offered = self.choosable()
        return set(data.draw(st.sets(st.sampled_from(offered), max_size=3))) if offered else set()

    # ---- participants: each change goes through the real service, then into the model ------

    def check_in_as(self, pid: int, moment: str, value: int) -> None:
        reflection.save_checkin(self.participant(pid), moment, value, sid())
        setattr(self.people[pid], moment, value)
        self.sync_release()

    def tell_as(self, pid: int, text: str) -> None:
        review = reflection.review_story(self.workshop(), reflection.StoryDraft("", "", text))
        reflection.save_story(self.participant(pid), review, review.fingerprint, sid())
        self.people[pid].story = review.story.redacted
        self.sync_release()

    def rate_as(self, pid: int, scores: dict[str, int], note: str = "") -> None:
        ratings = [reflection.Rating(key, score, note) for key, score in scores.items()]
        reflection.save_ratings(self.participant(pid), ratings, sid())
        self.people[pid].ratings = dict(scores)
        self.sync_release()

    def pick_as(self, pid: int, keys: set[str]) -> None:
        reflection.save_themes(self.participant(pid), set(keys), sid())
        self.people[pid].themes, self.people[pid].kept = set(keys), True
        self.sync_release()

    SCORES = st.dictionaries(st.sampled_from(STAGES), st.integers(1, 5), max_size=3)

    @precondition(lambda self: self.k and len(self.people) < MAX_PEOPLE and self.phase != "closed")
    @rule(data=st.data())
    def join_and_reflect(self, data):
        """Someone joins; in the reflect phases they may go through the steps at once."""
        participant, token, _ = participants.join(self.workshop())
        pid = participant.id
        self.people[pid] = Person(phone=holding_token(self.app, self.code, token))
        if self.phase not in EDITABLE:
            return
        if data.draw(st.booleans(), label="checks in"):
            self.check_in_as(pid, "before", data.draw(st.integers(1, 5)))
        if data.draw(st.booleans(), label="writes a story"):
            self.tell_as(pid, data.draw(st.sampled_from(TEXTS)))
        if data.draw(st.booleans(), label="keeps themes"):
            self.pick_as(pid, self.some_themes(data))
        if data.draw(st.booleans(), label="rates stages"):
            self.rate_as(pid, data.draw(self.SCORES))

    @precondition(lambda self: self.people and self.phase in EDITABLE)
    @rule(data=st.data(), value=st.integers(1, 5))
    def check_in(self, data, value):
        self.check_in_as(self.someone(data)[0], "before", value)

    @precondition(lambda self: self.people and self.phase == "plan")
    @rule(data=st.data(), value=st.integers(1, 5))
    def check_in_at_the_end(self, data, value):
        self.check_in_as(self.someone(data)[0], "after", value)

    @precondition(lambda self: self.people and self.phase in EDITABLE)
    @rule(data=st.data(), text=st.sampled_from(TEXTS))
    def write_story(self, data, text):
        self.tell_as(self.someone(data)[0], text)

    @precondition(lambda self: self.people and self.phase in EDITABLE)
    @rule(data=st.data(), scores=SCORES, note=st.sampled_from(["", "I rushed it"]))
    def rate(self, data, scores, note):
        self.rate_as(self.someone(data)[0], scores, note)

    @precondition(lambda self: self.people and self.phase in EDITABLE)
    @rule(data=st.data())
    def pick_themes(self, data):
        self.pick_as(self.someone(data)[0], self.some_themes(data))

    @precondition(lambda self: self.people and self.phase in EDITABLE)
    @rule(data=st.data(), kind=st.sampled_from(["before", "story", "ratings", "themes"]), note=st.booleans())
    def save_the_same_again(self, data, kind, note):
        """A re-save of identical content (a rating's note may change: notes are not shown)."""
        pid, person = self.someone(data)
        if kind == "before" and person.before is not None:
            self.check_in_as(pid, "before", person.before)
        elif kind == "story" and person.story is not None:
            review = reflection.review_story(self.workshop(), reflection.StoryDraft("", "", person.story))
            if review.story.redacted == person.story:
                self.tell_as(pid, person.story)
        elif kind == "ratings" and person.ratings:
            self.rate_as(pid, dict(person.ratings), "a new note" if note else "")
        elif kind == "themes":
            self.pick_as(pid, set(person.themes))

    @precondition(lambda self: self.people and self.phase in EDITABLE)
    @rule(data=st.data(), value=st.integers(1, 5))
    def change_and_change_back(self, data, value):
        """An answer changed and changed back: no net change."""
        pid, person = self.someone(data)
        if person.before is not None and value != person.before:
            was = person.before
            self.check_in_as(pid, "before", value)
            self.check_in_as(pid, "before", was)

    @precondition(lambda self: self.people and self.phase in BOARD)
    @rule(data=st.data())
    def me_too(self, data):
        pid, person = self.someone(data)
        shown = [t["key"] for t in (releases.board(self.workshop()) or {}).get("themes", [])]
        offered = [key for key in shown if key not in person.themes]
        if offered:
            key = data.draw(st.sampled_from(offered))
            reflection.me_too(self.participant(pid), key)
            person.themes.add(key)
            person.kept = True
            self.sync_release()

    @precondition(lambda self: self.people)
    @rule(data=st.data())
    def delete_my_data(self, data):
        pid, _ = self.someone(data)
        seq = self.seq
        participants.forget(self.participant(pid))
        del self.people[pid]
        # The database may give this id to the next phone that joins (SQLite does, once the
        # highest id is gone): in the model, as in the release, what was released of the person
        # who left stays under a key of its own, so a newcomer under their id is someone new.
        self.departed += 1
        for released in self.released.values():
            if pid in released:
                released[("gone", self.departed)] = released.pop(pid)
        if seq:  # the release as the model knew it, its departed person renamed as well
            self.covered = releases.covered_by(self.release(seq))
        self.sync_release()

    # ---- the coach -----------------------------------------------------------------------------

    @precondition(lambda self: self.k)
    @rule(data=st.data(), op=st.sampled_from(["rename", "hide", "show"]), n=st.integers(1, 3))
    def moderate_a_theme(self, data, op, n):
        self.coached = True
        key = data.draw(st.sampled_from((*POOL, *self.customs)))
        if op == "rename":
            self.renamed[key] = f"Renamed {key} {n}"
            moderation.rename_theme(self.workshop(), key, self.renamed[key])
        else:
            moderation.hide_theme(self.workshop(), key, op == "hide")
            (self.hidden.add if op == "hide" else self.hidden.discard)(key)

    @precondition(lambda self: self.k)
    @rule(data=st.data())
    def merge_or_separate(self, data):
        self.coached = True
        keys = (*POOL, *self.customs)
        key = data.draw(st.sampled_from(keys))
        if key in self.merged and data.draw(st.booleans(), label="separates"):
            moderation.merge_theme(self.workshop(), key, None)
            del self.merged[key]
            return
        into = data.draw(st.sampled_from([other for other in keys if other != key]))
        if self.final(into, {**self.merged, key: into}) == key:
            return  # a loop: the coach's page would offer it, but nothing sensible follows
        moderation.merge_theme(self.workshop(), key, into)
        self.merged[key] = into

    @precondition(lambda self: self.k and len(self.customs) < 2)
    @rule(data=st.data())
    def promote_a_phrase(self, data):
        self.coached = True
        phrases = moderation.emerging(self.workshop(), limit=50)
        if phrases:
            text = data.draw(st.sampled_from([p["text"] for p in phrases]))
            key = moderation.promote_phrase(self.workshop(), text)
            self.customs.append(key)
            self.labels[key] = text

    @precondition(lambda self: self.k and MOVES[self.phase])
    @rule(data=st.data())
    def move_phase(self, data):
        self.coached = True
        to = data.draw(st.sampled_from(MOVES[self.phase]))
        ops.change_phase(self.workshop(), to)
        self.phase = to

    # ---- what the screens show ---------------------------------------------------------------

    def final(self, key: str, merged: dict[str, str] | None = None) -> str:
        merged, seen = self.merged if merged is None else merged, {key}
        while (target := merged.get(key)) and target not in seen:
            seen.add(target)
            key = target
        return key

    def group(self, target: str) -> set[str]:
        return {key for key in self.labels if self.final(key) == target}

    def label(self, key: str) -> str:
        return self.renamed.get(key) or self.labels[key]

    def holders(self, keys: set[str]) -> dict[int, frozenset[str]]:
        """Released people holding any of `keys`, with which of them they hold (their Venn cell)."""
        cells = {pid: themes & keys for pid, themes in self.released["themes"].items()}
        return {pid: cell for pid, cell in cells.items() if cell}

    def sync_release(self) -> None:
        """Follow the releases table: a new release took in some kinds afresh; the model's data of
        those kinds at this step is what it took in. Consecutive releases of a kind must differ
        by nobody or by at least k people."""
        release = releases.current(self.workshop())
        if release is None or release.seq == self.seq:
            return
        assert release.seq == self.seq + 1, "one step made two releases"
        covered = releases.covered_by(release)
        for category in CATEGORIES:
            if covered.get(category, {}) != self.covered.get(category, {}):
                new = self.data(category)
                moved = differing(self.released[category], new)
                assert moved == 0 or moved >= self.k, f"a release of {category} moved {moved} people's data"
                self.released[category] = new
                if category == "story":
                    workshop = self.workshop()
                    found = emerging_phrases(
                        list(new.values()), taxonomy(), self.k, extra=custom_themes(workshop), limit=50
                    )
                    self.phrases = [{"text": p.text, "count": p.count} for p in found]
        self.seq, self.covered, self.coached = release.seq, covered, True

    def check(self, view: str, shown: dict, complete: bool) -> None:
        k, released = self.k, self.released
        by_label = {self.label(key): key for key in self.labels}
        themes, people = shown["themes"]
        assert people <= {len(released["themes"])}, (view, people)
        for label, count in themes.items():
            target = by_label[label]
            members = self.group(target)
            cells = self.holders(members)
            if count is None:
                assert len(members) > 1 and any(len(self.holders({m})) >= k for m in members), (view, label)
                continue
            assert count >= k and count == len(cells), (view, label, count, len(cells))
            for cell in set(cells.values()):
                assert sum(1 for c in cells.values() if c == cell) >= k, (view, label, "a small Venn cell")
        if complete:
            for target in {self.final(key) for key in self.labels} - self.hidden:
                members = self.group(target)
                if target in members and len(members) == 1 and len(self.holders(members)) >= k:
                    assert self.label(target) in themes, (view, target, "missing")
        stages = dict(DEFAULT_STAGES)
        for label, (reached, average) in shown["ratings"].items():
            scores = [dict(r)[STAGE_KEY[label]] for r in released["ratings"].values() if STAGE_KEY[label] in dict(r)]
            assert reached >= k and (reached, average) == (len(scores), one_decimal(scores)), (view, label)
        if complete:
            for key in STAGES:
                n = sum(1 for r in released["ratings"].values() if key in dict(r))
                assert (n >= k) == (stages[key] in shown["ratings"]), (view, key, n)
        for moment in ("before", "after"):
            values = list(released[moment].values())
            if shown[moment] is None:
                assert len(values) < k or not complete, (view, moment)
                continue
            total, average, bands = shown[moment]
            assert total >= k and (total, average) == (len(values), one_decimal(values)), (view, moment)
            counts = {band: count for band, count in bands if count.isdigit()}
            for band, count in counts.items():
                assert int(count) >= k and int(count) == sum(1 for v in values if v in BANDS[band]), (view, band)
            if counts:  # nobody hides behind the bands that show no number
                assert total == sum(int(c) for c in counts.values()), (view, moment, bands)
        if shown["story"]:
            offered = [p for p in self.phrases if p["text"] not in {self.labels[key] for key in self.customs}]
            assert shown["story"] == {p["text"]: p["count"] for p in offered[:12]}, (view, shown["story"])
            assert all(count >= k for count in shown["story"].values())

    def compare(self, view: str, shown: dict) -> None:
        """Against the view's previous reading: a moved figure moved with 0 or >= k people's data."""
        previous = self.previous.get(view)
        self.previous[view] = (shown, dict(self.released))
        if previous is None:
            return
        seen, data = previous
        for category in CATEGORIES:
            if shown[category] != seen[category]:
                moved = differing(data[category], self.released[category])
                assert moved == 0 or moved >= self.k, (view, category, moved)

    @invariant()
    def screens_show_the_release_and_nothing_below_k(self):
        if not self.k:
            return
        db.session.expire_all()
        self.sync_release()
        pages = {
            "report": (read_board(self.coach.get(f"/workshops/{self.workshop_id}/report").text), True),
            "csv": (read_sheet(self.coach.get(f"/workshops/{self.workshop_id}/report.csv").text), False),
        }
        if self.coached:  # the slowest page: read again whenever a release or the coach could change it
            page = self.coach.get(f"/workshops/{self.workshop_id}/themes").text
            pages["moderation page"] = (read_board(page), True)
            self.coached = False
        if self.phase in BOARD:
            projector = self.coach.get(f"/workshops/{self.workshop_id}/projector", headers={"HX-Request": "true"})
            pages["projector"] = (read_board(projector.text), False)
            if self.people:
                phone = self.people[min(self.people)].phone
                pages["phone"] = (read_board(phone.get(f"/w/{self.code}/", headers={"HX-Request": "true"}).text), True)
        else:  # a board nobody can see: its next reading starts afresh
            self.previous.pop("projector", None)
            self.previous.pop("phone", None)
        for view, (shown, complete) in pages.items():
            self.check(view, shown, complete)
            self.compare(view, shown)


def test_no_screen_ever_gives_away_fewer_than_k_people(app):
    Room.app = app
    run_state_machine_as_test(
        Room,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
