"""What the app does by itself: erase expired workshops, at start and then on a timer.

Every web process runs a small timer thread (started by gunicorn's worker hook in
workshop/serving.py, or by the first request under any other server). Each tick asks
services.retention to erase expired workshops; a row in the database decides which process,
on which host, does it, so they never collide and the job runs about once per
ERASE_EXPIRED_EVERY seconds across them all. 0 turns the timer off (cron can run
`flask --app workshop purge-expired` instead). Test apps never start it on their own.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask

from .extensions import db
from .services.retention import erase_expired_when_due

log = logging.getLogger("rebound.chores")
TICKS_PER_INTERVAL = 4  # look more often than the interval, so no process waits two intervals
_starting = threading.Lock()  # two first requests at once still start one timer


def utc_now() -> datetime:
    return datetime.now(UTC)


class Timer:
    """One process's timer thread; `stop()` ends it after the tick under way."""

    def __init__(self, app: Flask, every: int, clock: Callable[[], datetime] = utc_now) -> None:
        self.app, self.every, self.clock = app, timedelta(seconds=every), clock
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="rebound-chores", daemon=True)

    def run(self) -> None:
        self.tick()
        while not self.stopped.wait(max(1.0, self.every.total_seconds() / TICKS_PER_INTERVAL)):
            self.tick()

    def tick(self) -> int | None:
        """Erase expired workshops if it is this process's turn; how many, or None."""
        with self.app.app_context():
            try:
                erased = erase_expired_when_due(self.clock(), self.every)
                if erased:
                    log.info("erased %s workshop(s) past their retention date", erased)
                return erased
            except Exception as error:  # noqa: BLE001 - the next tick tries again
                db.session.rollback()
                log.error("erasing expired workshops failed: %s", type(error).__name__)
                return None
            finally:
                db.session.remove()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()


def start(app: Flask) -> Timer | None:
    """Start this process's timer once (again in a forked child); None when it is off."""
    every = app.config["ERASE_EXPIRED_EVERY"]
    if every <= 0:
        return None
    with _starting:
        running = app.extensions.get("rebound_chores")
        if running is not None and running[0] == os.getpid():
            return running[1]
        timer = Timer(app, every)
        app.extensions["rebound_chores"] = (os.getpid(), timer)
        timer.thread.start()
        return timer


def init_app(app: Flask) -> None:
    if app.config["ERASE_EXPIRED_EVERY"] <= 0 or app.testing:
        return
    started: list[int] = []  # the process this app's timer runs in

    @app.before_request
    def start_the_timer() -> None:
        if not started or started[0] != os.getpid():  # one comparison per request
            started[:] = [os.getpid()]
            start(app)
