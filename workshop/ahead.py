"""The renderer that works ahead: plans rendered before the plan phase, while the coach talks
through the themes (services.plans.ahead says which, services.plans.due when).

Every web process runs one small thread (started by gunicorn's worker hook, or by the first
request under any other server) that looks for due plans about once a second:
- PDF_QUEUE=pool: one process per host renders them (whoever holds a lock file in the
  instance folder), one plan at a time, in a render process that only gets CPU time the web
  does not want. A process that dies lets go of the lock; another takes over.
- PDF_QUEUE=rq: every process may send them to the low-priority queue (the database's claim
  decides who sends which); the RQ workers take it only when the plan queue is empty.
RENDER_AHEAD=0 turns it off. Test apps never start it on their own: tests call `tick`.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from pathlib import Path

from flask import Flask

from .extensions import db
from .services.plans import ahead, queue
from .services.plans.pool import ahead_pool, render_bytes

log = logging.getLogger("rebound.ahead")
LOOK_EVERY = 1.0  # seconds between looks while nothing is due
_starting = threading.Lock()


class Renderer:
    """One process's render-ahead thread; `stop()` ends it after the plan under way."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="rebound-ahead", daemon=True)
        self._lock_file: int | None = None

    def run(self) -> None:
        while not self.stopped.wait(LOOK_EVERY):
            while not self.stopped.is_set() and self.tick():
                pass  # more may be due: look again at once

    def tick(self) -> int:
        """Render (or send) the plans due now; how many were taken."""
        with self.app.app_context():
            try:
                rq = self.app.config["PDF_QUEUE"] == "rq"
                if not rq and not self.holds_lock():
                    return 0
                work = ahead.take_due()
                for job in work:
                    if self.stopped.is_set():
                        break
                    self.send(job) if rq else self.render(job)
                return len(work)
            except Exception as error:  # noqa: BLE001 - the plan click asks for anything left out
                db.session.rollback()
                log.error("rendering ahead failed: %s", type(error).__name__)
                return 0
            finally:
                db.session.remove()

    def render(self, job: ahead.Ahead) -> None:
        if not ahead.still_wanted(job):
            return
        if self.app.config["PDF_WORKERS"] <= 0:
            pdf = render_bytes(job.plan_in)
        else:
            pdf = ahead_pool().submit(render_bytes, job.plan_in).result()
        ahead.finish(job, pdf)

    def send(self, job: ahead.Ahead) -> None:
        try:
            ahead.send(job)
        except queue.QueueUnavailable as error:  # the plan stays "ahead": the click asks for it
            log.warning("could not queue a plan ahead, Redis unreachable: %s", error)

    def holds_lock(self) -> bool:
        """One renderer per host: the process holding the lock file renders."""
        if self._lock_file is not None:
            return True
        path = Path(self.app.instance_path) / "render-ahead.lock"
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        self._lock_file = descriptor
        return True

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()
        if self._lock_file is not None:
            os.close(self._lock_file)
            self._lock_file = None


def start(app: Flask) -> Renderer | None:
    """Start this process's render-ahead thread once (again in a forked child); None when off."""
    if not app.config["RENDER_AHEAD"]:
        return None
    with _starting:
        running = app.extensions.get("rebound_ahead")
        if running is not None and running[0] == os.getpid():
            return running[1]
        renderer = Renderer(app)
        app.extensions["rebound_ahead"] = (os.getpid(), renderer)
        renderer.thread.start()
        return renderer


def init_app(app: Flask) -> None:
    if not app.config["RENDER_AHEAD"] or app.testing:
        return
    started: list[int] = []

    @app.before_request
    def start_the_renderer() -> None:
        if not started or started[0] != os.getpid():  # one comparison per request
            started[:] = [os.getpid()]
            start(app)
