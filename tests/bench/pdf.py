"""Benchmark the personal plan PDF.

Run: .venv/bin/python tests/bench/pdf.py [PLANS]   (PLANS defaults to 300)

Prints, in one run:
1. warm wall ms and CPU ms per plan PDF (median of 11 after warm-up) measured side by
   side with a one-line WeasyPrint PDF in the same process, and the ratio of each (budget
   <= 12x); also the same plan's text laid out as unstyled paragraphs, the floor any
   design of this content can reach. CPU time is what sizing the render workers needs,
   and other load on a shared machine distorts it far less than wall time;
2. peak RSS of this process and the plan PDF's size;
3. wall time for PLANS varied, deterministic plans rendered by a 2-worker
   ProcessPoolExecutor (budget <= 40 s for 300 on 2 cores). Workers are started and
   warmed before the clock starts, as the app's pool would be. Submission stops when the
   script nears 48 s, so it stays under a minute; it then says how many it did and
   projects 300 from the CPU time each render took inside the workers (which other load
   on a shared machine distorts far less than wall time).

Figures only: nothing here asserts on time.
"""

from __future__ import annotations

import concurrent.futures
import html
import json
import multiprocessing
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from weasyprint import HTML  # noqa: E402

from workshop.services import plans  # noqa: E402
from workshop.services.plans import pdf  # noqa: E402

RATIO_BUDGET = 12
POOL_BUDGET_S = 40
TOTAL_BUDGET_S = 48  # the whole script stays under a minute
SAMPLE = REPO / "workshop" / "data" / "sample_plan.json"
ADJECTIVES = ("Brave", "Calm", "Bright", "Steady", "Quiet", "Bold", "Kind", "Swift")
ANIMALS = ("Otter", "Heron", "Fox", "Badger", "Wren", "Lynx", "Hare", "Seal")


def one_line_pdf() -> bytes:
    return HTML(string="<p>Hello</p>").write_pdf()


def varied_input(i: int) -> dict:
    """A deterministic, varied participant in the sample workshop's room."""
    rng = random.Random(i)
    data = json.loads(SAMPLE.read_text())
    keys = [stage["key"] for stage in data["workshop"]["stages"]]
    reached = keys[: rng.randint(1, len(keys))]
    themes = sorted(plans.THEME_LABELS)
    participant = data["participant"]
    participant["alias"] = f"{rng.choice(ADJECTIVES)} {rng.choice(ANIMALS)}"
    participant["role"] = rng.choice(["", "Nurse returning to work", "Junior developer", "Sales lead"])
    participant["ratings"] = {
        key: {"score": rng.randint(1, 5), "note": rng.choice(["", "Felt rushed.", "Went well overall."])}
        for key in reached
    }
    participant["themes"] = rng.sample(themes, rng.randint(0, 4))
    participant["priorities"] = rng.choice([[], [f"theme:{t}" for t in participant["themes"][:1]]])
    participant["confidence_before"] = rng.randint(1, 5)
    participant["confidence_after"] = rng.choice([None, rng.randint(1, 5)])
    data["room"]["theme_counts"] = {t: rng.randint(3, 14) for t in rng.sample(themes, 8)}
    data["workshop"]["paper_size"] = "Letter" if i % 4 == 0 else "A4"
    return data


def render_in_worker(data: dict) -> tuple[int, float]:
    """Render one plan; return its size and the CPU seconds this render took."""
    start = time.process_time()
    size = len(pdf.preview_plan(data))
    return size, time.process_time() - start


def warm_worker() -> None:
    pdf.preview_plan(varied_input(0))


def text_floor_html(plan: plans.Plan) -> str:
    """The plan's visible text as plain paragraphs: what the words alone cost."""
    body = pdf.render_plan_html(plan).split("<main>")[1]
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    chunks = [c.strip() for c in re.split(r"<[^>]+>", body) if c.strip()]
    paragraphs = "".join(f"<p>{html.escape(html.unescape(c))}</p>" for c in chunks)
    return f'<html lang="en"><title>floor</title><body>{paragraphs}</body></html>'


class Timings:
    """Wall and CPU seconds of each run of a `with` block."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> Timings:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc) -> None:
        self.wall.append(time.perf_counter() - self._wall)
        self.cpu.append(time.process_time() - self._cpu)

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.wall) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000


def main() -> None:
    script_start = time.perf_counter()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    plan = plans.build_plan(plans.plan_input_from_json(json.loads(SAMPLE.read_text())))
    floor_html = text_floor_html(plan)

    for _ in range(3):  # warm-up: stylesheet, fonts, Pango caches
        pdf.render_plan_pdf(plan)
        one_line_pdf()
        HTML(string=floor_html).write_pdf()
    timed = {"one-line": Timings(), "plan": Timings(), "floor": Timings()}
    for _ in range(11):  # interleaved, so machine noise hits all three alike
        with timed["one-line"]:
            one_line_pdf()
        with timed["plan"]:
            document = pdf.render_plan_pdf(plan)
        with timed["floor"]:
            HTML(string=floor_html).write_pdf()

    base, plan_t, floor_t = timed["one-line"], timed["plan"], timed["floor"]
    print("Personal plan PDF (sample plan, warm process, median of 11)")
    print("                                  wall ms    CPU ms   ratio (wall / CPU)")
    print(f"  one-line WeasyPrint PDF      {base.wall_ms:9.1f} {base.cpu_ms:9.1f}")
    print(
        f"  plan PDF                     {plan_t.wall_ms:9.1f} {plan_t.cpu_ms:9.1f}   "
        f"{plan_t.wall_ms / base.wall_ms:5.1f}x / {plan_t.cpu_ms / base.cpu_ms:5.1f}x  (budget <= {RATIO_BUDGET}x)"
    )
    print(
        f"  same text, plain paragraphs  {floor_t.wall_ms:9.1f} {floor_t.cpu_ms:9.1f}   "
        f"{floor_t.wall_ms / base.wall_ms:5.1f}x / {floor_t.cpu_ms / base.cpu_ms:5.1f}x  (floor for this much text)"
    )
    print(
        f"  fastest runs: one-line {min(base.wall) * 1000:.1f} ms, plan {min(plan_t.wall) * 1000:.1f} ms, "
        f"ratio {min(plan_t.wall) / min(base.wall):.1f}x; CPU ratio {min(plan_t.cpu) / min(base.cpu):.1f}x"
    )
    print(f"  CPU ms per plan              {plan_t.cpu_ms:9.1f}    (what sizing the render workers uses)")
    print(f"  plan PDF size                {len(document) / 1024:8.1f} KB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS (this process)      {peak:8.1f} MB")

    context = multiprocessing.get_context("spawn")
    inputs = [varied_input(i) for i in range(count)]
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        list(pool.map(warm_worker_task, range(2)))  # start and warm both workers
        deadline = script_start + TOTAL_BUDGET_S
        start = time.perf_counter()
        results: list[tuple[int, float]] = []
        pending: set[concurrent.futures.Future[tuple[int, float]]] = set()
        for data in inputs:  # a short queue, so the deadline can stop submission
            if time.perf_counter() > deadline:
                break
            pending.add(pool.submit(render_in_worker, data))
            if len(pending) >= 6:
                finished, pending = concurrent.futures.wait(pending, return_when="FIRST_COMPLETED")
                results += [f.result() for f in finished]
        results += [f.result() for f in concurrent.futures.as_completed(pending)]
        wall = time.perf_counter() - start
    done = len(results)
    cpu_per_plan = sum(cpu for _, cpu in results) / max(done, 1)
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n{done} varied plans, ProcessPoolExecutor(2 workers, warm)")
    print(f"  wall time                    {wall:8.1f} s    (budget <= {POOL_BUDGET_S} s for 300 on 2 cores)")
    print(
        f"  per plan                     {wall / max(done, 1) * 1000:8.1f} ms wall, "
        f"{sum(size for size, _ in results) / max(done, 1) / 1024:.1f} KB average"
    )
    if done < count:
        print(
            f"  stopped near {TOTAL_BUDGET_S} s of script time; at this pace 300 would take "
            f"{wall / max(done, 1) * 300:.0f} s"
        )
    print(f"  CPU per render in a worker   {cpu_per_plan * 1000:8.1f} ms")
    print(f"  300 plans on 2 free cores    {cpu_per_plan * 300 / 2:8.1f} s    projected from that CPU time")
    print(f"  peak RSS (largest worker)    {workers_peak:8.1f} MB")


def warm_worker_task(_: int) -> None:
    warm_worker()
    time.sleep(0.2)  # keep this worker busy so the other one takes the second warm-up


if __name__ == "__main__":
    main()
