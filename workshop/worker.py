"""The RQ worker's job (PDF_QUEUE=rq): render one queued plan in an app of its own.

`rq worker rebound-plans` runs `render_plan` for each job the app queued. Each worker
process builds the app from the environment once, as the web processes do.
"""

from __future__ import annotations

from functools import cache

from flask import Flask

from . import create_app
from .services.plans import jobs


@cache
def worker_app() -> Flask:
    return create_app()


def render_plan(participant_id: int, input_hash: str) -> bool:
    """Render the plan if the participant's input still has this hash; True when it did."""
    with worker_app().app_context():
        return jobs.render_queued(participant_id, input_hash)
