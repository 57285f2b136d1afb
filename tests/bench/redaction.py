"""Benchmark: story redaction over 1,000 synthetic stories of about 150 words.

Run: .venv/bin/python tests/bench/redaction.py [--stories N] [--seed S]

Prints the one-time cost of importing the service and loading its name lists (measured in a
fresh interpreter), then warm timings of `redact` over every story (total, mean and p95 per
story, stories per second), how many of the planted personal details were hidden, and beside
them the review's "might be a name" hint on the same stories (`might_be_names`, the learned
name signs; loading the signs once is timed apart) with its cost as a share of redaction.
Figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIRST = [
    "Sarah",
    "Tom",
    "Priya",
    "Wei Ling",
    "José",
    "Zoë",
    "Kwame",
    "Siti",
    "Marites",
    "Olumide",
    "Aisha",
    "Ben",
    "Hannah",
    "Rahul",
    "Nurul",
    "Jericho",
    "Mei",
    "Lukas",
    "Fatima",
    "Diego",
]
LAST = ["Lee", "Okafor", "Santos", "Tan", "Müller", "Sharma", "Nguyen", "Brown", "Abdullah", "Reyes"]
TITLES = ["Dr", "Mr", "Ms", "Pak", "Puan", "Herr", "Ate"]
ROLES = ["the recruiter", "the hiring manager", "my interviewer", "the HR lady", "the team lead"]
EMPLOYERS = [
    "Acme",
    "Globex",
    "Initech",
    "Hooli",
    "Umbrella Health",
    "Vandelay Imports",
    "Stark Analytics",
    "Wayne Logistics",
    "Cyberdyne",
    "Soylent Foods",
]
SUFFIXES = ["Ltd", "Sdn Bhd", "Inc", "GmbH", "Pte Ltd", "PLC"]
SKILLS = ["Python", "Excel", "SQL", "Tableau", "Figma", "AWS", "Agile", "Power BI", "Salesforce"]
PLACES = ["London", "Manila", "Kuala Lumpur", "Sydney", "Berlin", "Mumbai"]
MONTHS = ["January", "March", "May", "June", "September", "November"]
FEELINGS = ["anxious", "gutted", "numb", "angry", "hopeful", "tired"]
FILLER = [
    "I had prepared for weeks and practised my answers out loud every evening.",
    "The questions were mostly about stakeholder management and handling pressure.",
    "Looking back, I think I rushed my answers when I was nervous.",
    "I keep wondering whether my career gap counted against me.",
    "They said the other candidate had slightly more experience.",
    "Honestly, the waiting was worse than the rejection itself.",
    "Maybe I should ask for feedback more directly next time.",
    "I was told the salary band was 45,000 to 52,000, which was fine for me.",
    "It took 3 interviews and a take-home task over 6 weeks.",
    "My friends told me not to take it personally, but I did.",
]


def _person(rng: random.Random) -> str:
    name = rng.choice(FIRST)
    roll = rng.random()
    if roll < 0.3:
        return f"{name} {rng.choice(LAST)}"
    if roll < 0.45:
        return f"{rng.choice(TITLES)} {name}"
    return name


def _phone(rng: random.Random) -> str:
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    return rng.choice(
        [
            f"+44 20 7946 {digits(4)}",
            f"07700 900{digits(3)}",
            f"(415) 555-01{digits(2)}",
            f"+60 12-{digits(3)} {digits(4)}",
            f"0917 {digits(3)} {digits(4)}",
            f"+61 412 {digits(3)} {digits(3)}",
        ]
    )


def make_story(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """One story and the personal details planted in it as (text, kind)."""
    person, other = _person(rng), _person(rng)
    employer = rng.choice(EMPLOYERS)
    legal = f"{rng.choice(EMPLOYERS)} {rng.choice(SUFFIXES)}"
    handle = f"{person.split()[-1].lower()}_{rng.randint(1, 99)}"
    email = rng.choice([f"{handle}@gmail.com", f"{handle} at gmail dot com", f"{handle}[at]outlook[dot]com"])
    site = employer.split()[0].lower()
    link = rng.choice([f"linkedin.com/in/{handle}", f"https://www.{site}.io/jobs", f"www.{handle}.dev"])
    phone = _phone(rng)
    sentences = [
        f"In {rng.choice(MONTHS)} I applied for a Data Analyst role at {employer} in {rng.choice(PLACES)}.",
        f"The first call was with {rng.choice(ROLES)}, {person}, who was friendly"
        f" and asked about my {rng.choice(SKILLS)} work.",
        f"Then I had a panel interview with {other} and two engineers from the platform team.",
        f"I also interviewed with {legal} the same month, so I was juggling two processes.",
        f"I followed up by email from {email} and gave my number {phone} in case they wanted to call.",
        f"My portfolio is at {link} and I had updated it the week before.",
        f"{employer} rejected me after the final round and I felt {rng.choice(FEELINGS)} for days.",
    ]
    filler = rng.sample(FILLER, 4)
    story = " ".join(sentences[:3] + filler[:2] + sentences[3:] + filler[2:])
    planted = [
        (person, "name"),
        (other, "name"),
        (employer, "employer"),
        (legal, "employer"),
        (email, "email"),
        (phone, "phone"),
        (link, "link"),
    ]
    return story, planted


def _cold_costs() -> tuple[float, float]:
    """Import time of the service alone (without the Flask app package) and of its name lists."""
    code = (
        "import sys, time, types;"
        "package = types.ModuleType('workshop'); package.__path__ = ['workshop'];"
        "sys.modules['workshop'] = package;"  # skip workshop/__init__.py (Flask, SQLAlchemy, ...)
        "t0 = time.perf_counter(); import workshop.services.redaction as r; t1 = time.perf_counter();"
        "import workshop.services.redaction.lexicon as lexicon; lexicon.name_lexicon(); r.redact('warm up'); t2 = time.perf_counter();"
        "print(t1 - t0, t2 - t1)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    service, lists = (float(x) for x in out.stdout.split())
    return service, lists


def _hidden(story: str, spans, text: str, kind: str) -> bool:
    start = story.find(text)
    return any(s.start <= start and start + len(text) <= s.end for s in spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()

    service, lists = _cold_costs()
    print(
        f"cold: import the redaction service (incl. phonenumbers) {service * 1000:.0f} ms;"
        f" load name lists + first call {lists * 1000:.0f} ms"
    )

    from workshop.services.redaction import might_be_names, redact
    from workshop.services.redaction.name_signs import name_signs

    rng = random.Random(args.seed)
    stories = [make_story(rng) for _ in range(args.stories)]
    words = statistics.mean(len(story.split()) for story, _ in stories)
    coach_list = EMPLOYERS[:5]
    for story, _ in stories:  # one warm-up pass
        redact(story, coach_list)

    timings: list[float] = []
    results = []
    started = time.perf_counter()
    for story, _ in stories:
        t0 = time.perf_counter()
        results.append(redact(story, coach_list))
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - started

    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"stories: {len(stories)} (mean {words:.0f} words, {statistics.mean(len(s) for s, _ in stories):.0f} chars)")
    print(
        f"warm redact: total {total:.3f} s; per story mean {statistics.mean(timings) * 1000:.2f} ms,"
        f" p95 {p95 * 1000:.2f} ms, max {timings[-1] * 1000:.2f} ms; {len(stories) / total:.0f} stories/s"
    )

    by_kind: dict[str, list[int]] = {}
    for (story, planted), result in zip(stories, results, strict=True):
        for text, kind in planted:
            hit = _hidden(story, result.spans, text, kind)
            by_kind.setdefault(kind, [0, 0])[0] += hit
            by_kind[kind][1] += 1
    summary = ", ".join(f"{kind} {hit}/{count}" for kind, (hit, count) in sorted(by_kind.items()))
    print(f"planted details hidden: {summary}")

    t0 = time.perf_counter()
    signs = len(name_signs().weights)
    loaded = time.perf_counter() - t0
    hint_times: list[float] = []
    offered = 0
    for result in results:
        t0 = time.perf_counter()
        offered += len(might_be_names(result))
        hint_times.append(time.perf_counter() - t0)
    hint_times.sort()
    hint_p95 = hint_times[int(0.95 * (len(hint_times) - 1))]
    print(
        f"review hint: load {signs} name signs once {loaded * 1000:.0f} ms; per story mean"
        f" {statistics.mean(hint_times) * 1000:.2f} ms, p95 {hint_p95 * 1000:.2f} ms"
        f" ({statistics.mean(hint_times) / statistics.mean(timings):.2f}x redaction); {offered} words offered"
    )


if __name__ == "__main__":
    main()
