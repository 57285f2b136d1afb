"""Benchmark: theme matching and emerging phrases (DESIGN.md: 1,000 stories < 1 s; one new
story < 20 ms). Prints figures with the budgets beside them; asserts nothing about time.

    .venv/bin/python tests/bench/themes.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SEED = 20240611
STORIES = 1_000
ROOM = 300
TARGET_WORDS = 150

# Sentence templates: {a}/{b} are filled from the word pools below, so stories share
# structure but not every word (as real rooms do).
OPENINGS = [
    "I applied for a {role} role at [employer] in {month}.",
    "This was my {ordinal} application this {period} and I really wanted it.",
    "A recruiter called [name] found me on LinkedIn for a {role} position.",
    "I saw the advert on a job board and applied the same evening.",
    "A friend referred me to the {team} team at [employer].",
    "i applied to this {role} job because the company do {topic} and i love it",
]
PROCESS = [
    "The first call was with [name], who explained the {team} team and the {topic} work.",
    "Then I had a technical interview about {topic} with two engineers.",
    "They asked me to prepare a short presentation on {topic} for the panel.",
    "The second interview was on a video call and lasted about an hour.",
    "I met the {team} lead and we talked about {topic} and {topic2}.",
    "There was a take-home task about {topic}, which I finished over two evenings.",
    "the interview was in the office near [address], very modern place.",
    "We discussed my last project, a {topic} tool used by {number} people.",
]
THEMED = [
    "After the final round they ghosted me completely.",
    "I never heard back, not even an automated email.",
    "Three weeks later I got a generic rejection with no feedback.",
    "They said I did not have enough experience with {topic}.",
    "The feedback was that I was overqualified for the role.",
    "I failed the coding test, the {topic} part was too hard for me.",
    "They told me I was not the right culture fit for the {team} team.",
    "In the end the job went to an internal candidate.",
    "My salary expectations were too high for their budget.",
    "I was so nervous that my mind went blank on the first question.",
    "I think the ATS filtered my CV out before anyone read it.",
    "The whole process took four months and six interviews.",
    "The interviewer was checking his phone and seemed bored.",
    "Then they told me the role was cancelled because of a hiring freeze.",
    "Honestly I started doubting myself after this one.",
    "They said it was a tough decision and I came second.",
    "Every interviewer asked about the gap in my CV.",
    "I am changing careers from {field} and they wanted someone with a classic background.",
    "They could not sponsor my visa, so it stopped there.",
    "It felt unfair, like the decision was made before I walked in.",
    "I wasn't nervous at all, which surprised me.",
    "To be fair, they did give me feedback on the {topic} part.",
    "It was not because of my salary, they told me that clearly.",
    "nobody answer my emails after the interview, i am still waiting",
]
FEELINGS = [
    "It hurt more than I expected.",
    "I felt disappointed but I also learned something about {topic}.",
    "My partner said I should take a break for a few days.",
    "I spent the weekend walking and trying not to think about it.",
    "I keep a list of every company and what happened at each stage.",
    "Next time I want to prepare better examples about {topic2}.",
    "Honestly i dont know what to do different next time.",
    "I talked to [name] about it and it helped a bit.",
]
ROLES = [
    "data analyst",
    "product designer",
    "backend developer",
    "project manager",
    "nurse",
    "sales lead",
    "teacher",
    "marketing",
    "finance",
    "support engineer",
    "HR advisor",
]
TOPICS = [
    "SQL",
    "Python",
    "budgeting",
    "user research",
    "stakeholder management",
    "Excel",
    "cloud migration",
    "customer onboarding",
    "reporting",
    "scheduling",
    "logistics",
    "accessibility",
    "pricing",
    "data quality",
    "supplier contracts",
    "safeguarding",
]
TEAMS = ["platform", "growth", "payments", "operations", "research", "care", "analytics"]
MONTHS = ["January", "March", "May", "June", "September", "November"]
FIELDS = ["teaching", "hospitality", "retail", "nursing", "the army", "journalism"]


def make_story(rng: random.Random) -> str:
    def fill(template: str) -> str:
        return template.format(
            role=rng.choice(ROLES),
            topic=rng.choice(TOPICS),
            topic2=rng.choice(TOPICS),
            team=rng.choice(TEAMS),
            month=rng.choice(MONTHS),
            field=rng.choice(FIELDS),
            ordinal=rng.choice(["third", "tenth", "twentieth"]),
            period=rng.choice(["month", "year"]),
            number=rng.randint(5, 500),
        )

    sentences = [fill(rng.choice(OPENINGS))]
    themed = rng.sample(THEMED, rng.randint(1, 3))
    pools = [PROCESS, FEELINGS]
    while sum(len(s.split()) for s in sentences) < TARGET_WORDS - 25:
        sentences.append(fill(rng.choice(rng.choice(pools))))
    for sentence in themed:
        sentences.insert(rng.randint(1, len(sentences)), fill(sentence))
    return " ".join(sentences)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def forget_stories(taxonomy) -> None:
    """Drop cached tokens and analyses, so every story is seen for the first time again."""
    from workshop.services.themes.text import tokenize

    tokenize.cache_clear()
    taxonomy.matcher()[0].analyse.cache_clear()


def room_summary(stories: list[str], taxonomy, k: int) -> tuple[list, list]:
    """A room's view as the themes command prints it: shared themes and emerging phrases."""
    from workshop.cli import room_theme_counts
    from workshop.services.themes import emerging_phrases, match_story

    matches = [match_story(text, taxonomy) for text in stories]
    return room_theme_counts(matches, taxonomy, k), emerging_phrases(stories, taxonomy, k)


def timed(action) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    t0 = time.perf_counter()
    from workshop.services import themes

    import_time = time.perf_counter() - t0

    load_wall, load_cpu = timed(themes.load_taxonomy)
    taxonomy = themes.load_taxonomy()

    rng = random.Random(SEED)
    corpus = [make_story(rng) for _ in range(STORIES)]
    words = statistics.mean(len(s.split()) for s in corpus)

    # Matching: three rounds, each seeing every story for the first time; median round.
    rounds = []
    for _ in range(3):
        forget_stories(taxonomy)
        per_story = []
        wall, cpu = time.perf_counter(), time.process_time()
        for text in corpus:
            start = time.perf_counter()
            themes.match_story(text, taxonomy)
            per_story.append(time.perf_counter() - start)
        rounds.append((time.perf_counter() - wall, time.process_time() - cpu, sorted(per_story)))
    rounds.sort(key=lambda r: r[0])
    match_wall, match_cpu, per_story = rounds[1]
    p95 = per_story[int(len(per_story) * 0.95)]

    fresh_rng = random.Random(SEED + 1)
    new_times = []
    for _ in range(20):
        story = make_story(fresh_rng) + f" A word never seen: zyx{fresh_rng.randint(0, 10**9)}q."
        new_times.append(timed(lambda s=story: themes.match_story(s, taxonomy))[0])

    # Emerging phrases: the board's case (stories already matched, analyses cached) and a
    # cold case (unseen stories: includes matching them).
    warm_all = timed(lambda: themes.emerging_phrases(corpus, taxonomy, k=3))
    warm_room = timed(lambda: themes.emerging_phrases(corpus[:ROOM], taxonomy, k=3))
    forget_stories(taxonomy)
    cold_all = timed(lambda: themes.emerging_phrases(corpus, taxonomy, k=3))
    forget_stories(taxonomy)
    cold_room = timed(lambda: themes.emerging_phrases(corpus[:ROOM], taxonomy, k=3))
    forget_stories(taxonomy)
    summary = timed(lambda: room_summary(corpus[:ROOM], taxonomy, k=3))
    top = themes.emerging_phrases(corpus, taxonomy, k=3, limit=5)

    def row(label: str, figures: tuple[float, float], budget: str = "") -> None:
        print(f"{label:<52}{ms(figures[0])} wall {ms(figures[1])} cpu   {budget}")

    print(f"corpus: {STORIES} synthetic stories, mean {words:.0f} words, seed {SEED}")
    print(f"{'import workshop.services.themes (incl. the package)':<52}{ms(import_time)} wall")
    row("load_taxonomy, cold (read + compile the file)", (load_wall, load_cpu))
    row(f"match_story x {STORIES}, first sight (median of 3)", (match_wall, match_cpu), "budget < 1000 ms")
    print(
        f"{'  per story':<52}mean {statistics.mean(per_story) * 1000:.3f} ms, "
        f"p95 {p95 * 1000:.3f} ms, max {per_story[-1] * 1000:.2f} ms"
    )
    print(
        f"{'one new story, warm process (median of 20)':<52}{ms(statistics.median(new_times))} wall"
        f"   budget < 20 ms (max {max(new_times) * 1000:.2f} ms)"
    )
    row(f"emerging_phrases, {STORIES} matched stories", warm_all, "budget < 1000 ms")
    row(f"emerging_phrases, {ROOM}-story room, matched", warm_room)
    row(f"emerging_phrases, {STORIES} unseen stories", cold_all, "(match + emerging)")
    row(f"emerging_phrases, {ROOM}-story room, unseen", cold_room, "(match + emerging)")
    row(f"room_summary, {ROOM} unseen stories", summary, "(themes + emerging)")
    print("top emerging:", ", ".join(f"{p.text} ({p.count})" for p in top))


if __name__ == "__main__":
    main()
