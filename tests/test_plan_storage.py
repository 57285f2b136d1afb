"""A built plan kept as JSON reads back exactly; a plan input that holds only the room's
figures of the participant's own themes builds the same plan as the whole room would."""

from __future__ import annotations

import dataclasses
import json
import random

from workshop.services import DATA_DIR, plans
from workshop.services.languages import LANGUAGES
from workshop.services.plans import stored
from workshop.services.plans.inputs import input_from
from workshop.services.plans.model import Rating, RoomInfo

SAMPLE = json.loads((DATA_DIR / "sample_plan.json").read_text())


def varied(seed: int) -> dict:
    rng = random.Random(seed)
    data = json.loads(json.dumps(SAMPLE))
    keys = [stage["key"] for stage in data["workshop"]["stages"]]
    themes = sorted(plans.THEME_LABELS)
    person = data["participant"]
    person["ratings"] = {
        k: {"score": rng.randint(1, 5), "note": rng.choice(["", "Rushed."])} for k in keys[: rng.randint(0, 6)]
    }
    person["themes"] = rng.sample(themes, rng.randint(0, 4))
    person["confidence_after"] = rng.choice([None, 4])
    data["room"]["theme_counts"] = {t: rng.randint(2, 14) for t in rng.sample(themes, 8)}
    data["room"]["theme_labels"] = {t: f"Room label {t}" for t in rng.sample(themes, 3)}
    data["workshop"]["paper_size"] = rng.choice(["A4", "Letter"])
    return data


def test_a_stored_plan_reads_back_exactly():
    for seed in range(40):
        plan = plans.build_plan(plans.plan_input_from_json(varied(seed)))
        assert stored.load(stored.dump(plan)) == plan


def test_a_stored_plan_keeps_its_language():
    """A plan rendered ahead and read back for the plan page speaks the workshop's language,
    not English."""
    for language in sorted(LANGUAGES):
        plan_input = dataclasses.replace(plans.plan_input_from_json(varied(7)), language=language)
        plan = plans.build_plan(plan_input)
        back = stored.load(stored.dump(plan))
        assert back.language == language
        assert back.title == plan.title


class Row:
    """What input_from reads from a participant row."""

    def __init__(self, person: dict) -> None:
        self.alias, self.priorities = person["alias"], json.dumps(person.get("priorities", []))
        self.confidence_before, self.confidence_after = person.get("confidence_before"), person.get("confidence_after")


def test_the_room_of_a_plan_input_is_only_what_that_plan_shows():
    for seed in range(40):
        full = plans.plan_input_from_json(varied(seed))
        person = full.participant
        labels = {t: f"Coach label {t}" for t in sorted(plans.THEME_LABELS)[:5]}
        mine = tuple(sorted(person.themes))  # the database gives them sorted
        whole = dataclasses.replace(full, participant=dataclasses.replace(person, themes=mine, theme_labels=labels))
        ratings = {k: Rating(r.score, r.note) for k, r in person.ratings.items()}
        own = input_from(
            Row(varied(seed)["participant"]),
            person.role,
            ratings,
            person.themes,
            (full.workshop, full.room, labels),
            full.language,
        )
        assert set(own.room.theme_counts) <= set(person.themes)
        expected = dataclasses.asdict(plans.build_plan(whole)) | {"input_hash": None}
        assert dataclasses.asdict(plans.build_plan(own)) | {"input_hash": None} == expected
        other = dataclasses.replace(full.room, theme_counts={**full.room.theme_counts, "not_theirs": 9})
        moved = input_from(
            Row(varied(seed)["participant"]),
            person.role,
            ratings,
            person.themes,
            (full.workshop, other, labels),
            full.language,
        )
        assert plans.plan_input_hash(moved) == plans.plan_input_hash(own)  # a theme they do not hold moved
        assert isinstance(own.room, RoomInfo)
