"""The in-app render pool (PDF_QUEUE=pool): a few spawned, niced processes that turn a
plan's input into PDF bytes while the web process keeps serving the room.

A render process imports only what rendering needs (the plan builder and the renderer:
neither Flask nor the database), and renders a sample plan once before its first real
one, so the fonts and layout caches are warm and no participant's plan pays for them.
`render_bytes` and `warm_up` also serve the RQ worker (workshop/worker.py).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from .. import DATA_DIR
from .builder import build_plan
from .model import PlanInput

SAMPLE_PLAN = DATA_DIR / "sample_plan.json"

_pool: ProcessPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def render_bytes(plan_in: PlanInput) -> bytes:
    """Build and render one plan: its PDF."""
    from .pdf import render_plan_pdf

    return render_plan_pdf(build_plan(plan_in))


def warm_up() -> None:
    """Parse the stylesheet and fonts and render the sample plan once (about a third of a
    second), so the first participant's plan renders as fast as the rest."""
    from .from_json import plan_input_from_json
    from .pdf import warm_up as load_assets

    load_assets()
    render_bytes(plan_input_from_json(json.loads(SAMPLE_PLAN.read_text())))


def pool(workers: int) -> ProcessPoolExecutor:
    """This process's render pool, created on first use (and again after a fork)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_render_process)
            _pool_pid = os.getpid()
        return _pool


def _start_render_process() -> None:
    """Pool initializer: lower priority, leave with the app process, warm up."""
    try:
        os.nice(10)
    except OSError:
        pass
    threading.Thread(target=_leave_with_parent, args=(os.getppid(),), daemon=True).start()
    warm_up()


def _leave_with_parent(parent: int) -> None:
    """A render process whose app process was killed outright exits instead of lingering."""
    while os.getppid() == parent:
        time.sleep(2)
    os._exit(0)
