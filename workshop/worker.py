"""The RQ worker (PDF_QUEUE=rq): `rq worker --worker-class workshop.worker.PlanWorker
rebound-plans` renders the plans the app queued, with the app's own environment.

PlanWorker builds the app, loads the stylesheet and fonts and renders a sample plan once,
before it takes its first job. RQ then forks a work horse per job from that warm process,
so every plan starts warm (a cold start costs several times the render itself), and a
horse that dies mid-render is noticed by its worker at once: the job is retried.
"""

from __future__ import annotations

import os
from functools import cache

from flask import Flask
from rq.worker import Worker

from . import create_app
from .services.plans import jobs, pool


@cache
def worker_app() -> Flask:
    return create_app()


def render_plan(participant_id: int, input_hash: str) -> str:
    """Render the plan if the participant's input still has this hash; says what happened
    ("rendered", "ready already", "outdated", ...), which `rq` keeps as the job's result."""
    from .extensions import db

    with worker_app().app_context():
        try:
            return jobs.render_queued(participant_id, input_hash)
        finally:
            db.session.remove()


class PlanWorker(Worker):
    """An RQ worker whose work horses start with the app built and the renderer warm."""

    def bootstrap(self, *args, **kwargs) -> None:
        worker_app()
        pool.warm_up()
        self.log.info("Rebound: the plan renderer is warm")
        super().bootstrap(*args, **kwargs)

    def perform_job(self, job, queue, execution) -> bool:
        try:
            return super().perform_job(job, queue, execution)
        finally:
            if os.getpid() != self.pid:  # a work horse, about to exit: close the database politely
                from .extensions import db

                with worker_app().app_context():
                    db.engine.dispose()
