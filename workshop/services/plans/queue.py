"""Plans sent to Redis for RQ workers (PDF_QUEUE=rq): one job per plan input, retried when
its worker dies, and never queued twice.

A job's id names the participant and the input hash, so asking again for the same plan
finds the job already there. A job counts as on its way while it waits in the queue, or
runs for no longer than its timeout; one that vanished (Redis restarted), failed, was left
running by a worker that died, or was taken from the queue by a worker that died before
starting it is sent again. `rq worker` runs workshop/worker.py.

Redis is asked with short timeouts and a single retry: while it is unreachable a plan
simply stays queued, and the phone's next poll sends it again (jobs.waiting), so a Redis
outage never turns into a slow or failed request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis import Redis

QUEUE_NAME = "rebound-plans"
# Plans rendered ahead of the plan phase: workers listen to this one after QUEUE_NAME, so
# they take it only when no plan is waiting there.
AHEAD_QUEUE_NAME = "rebound-plans-ahead"
QUEUES = (QUEUE_NAME, AHEAD_QUEUE_NAME)
JOB_FUNCTION = "workshop.worker.render_plan"  # named, not imported: the worker builds its own app
RETRIES = 2  # a job whose work horse died, or which failed, is run again at once this many times
SENDING_LOCK_SECONDS = 10  # at most this long if the app process sending a plan dies meanwhile
KEEP_RESULTS = 24 * 60 * 60  # what each run returned (and any failure) stays readable for a day
ON_ITS_WAY = {"queued", "deferred", "scheduled"}


class QueueUnavailable(RuntimeError):
    """Redis could not be reached; the plan stays queued and is sent again later."""


@cache
def connection(url: str) -> Redis:
    """One Redis client per URL and process (redis-py reconnects by itself after a fork)."""
    from redis import Redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=3, retry=Retry(NoBackoff(), 1))


def job_id(participant_id: int, input_hash: str, ahead: bool = False) -> str:
    """A render ahead has a name of its own, so the plan click's job for the same input is
    never mistaken for it (and waits on the fast queue, not behind it)."""
    return f"{'ahead' if ahead else 'plan'}-{participant_id}-{input_hash[:16]}"


def on_its_way(url: str, participant_id: int, input_hash: str, timeout: int) -> bool:
    """Is the job for this plan input queued, or running within its timeout?"""
    from redis.exceptions import RedisError

    try:
        return _job_on_its_way(connection(url), job_id(participant_id, input_hash), timeout)
    except RedisError as error:
        raise QueueUnavailable(type(error).__name__) from error


def _job_on_its_way(redis: Redis, name: str, timeout: int) -> bool:
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        return _running_or_waiting(Job.fetch(name, connection=redis), timeout)
    except NoSuchJobError:
        return False


def send(url: str, participant_id: int, input_hash: str, timeout: int, ahead: bool = False) -> bool:
    """Queue the plan unless its job is already on its way; True when a job was queued.
    `ahead` puts it on the low-priority queue.

    Raises QueueUnavailable when Redis cannot be reached.
    """
    from redis.exceptions import RedisError
    from rq import Queue, Retry

    redis = connection(url)
    name = job_id(participant_id, input_hash, ahead)
    lock = f"rebound:sending:{name}"
    try:
        # Two app processes (or a phone and the room's thread) may send the same plan at
        # once: whoever takes this lock sends it; the other finds it on its way.
        if not redis.set(lock, 1, nx=True, ex=SENDING_LOCK_SECONDS):
            return False
        try:
            if _job_on_its_way(redis, name, timeout):
                return False
            Queue(AHEAD_QUEUE_NAME if ahead else QUEUE_NAME, connection=redis).enqueue(
                JOB_FUNCTION,
                participant_id,
                input_hash,
                job_id=name,
                job_timeout=timeout,
                retry=Retry(max=RETRIES),
                result_ttl=KEEP_RESULTS,
                failure_ttl=KEEP_RESULTS,
                description=f"plan {name}",
            )
        finally:
            redis.delete(lock)
    except RedisError as error:
        raise QueueUnavailable(type(error).__name__) from error
    return True


def _running_or_waiting(job, timeout: int) -> bool:
    status = job.get_status(refresh=False)
    status = getattr(status, "value", status)
    if status in ON_ITS_WAY:
        return not (status == "queued" and _taken_and_dropped(job, timeout))
    if status != "started":
        return False  # finished, failed, stopped or cancelled: its plan still wants a PDF
    # A work horse is stopped at its timeout; one "started" for longer lost its worker.
    return _within(job.started_at or job.enqueued_at, timeout)


def _taken_and_dropped(job, timeout: int) -> bool:
    """A job still "queued" that is no longer in its queue: a worker took it and died before
    its work horse marked it started, which leaves it so for good (RQ's clean-up only looks
    at jobs marked started). Taking a job and starting it are milliseconds apart, so one
    queued longer than a job may run, and out of its queue, was dropped. (A worker on a
    single queue parks the job in RQ's intermediate list meanwhile: it counts as taken.)"""
    from rq import Queue

    if _within(job.enqueued_at, timeout):
        return False  # the cheap check first: most queued jobs are young, and no round trip
    return job.connection.lpos(Queue(job.origin, connection=job.connection).key, job.id) is None


def _within(moment: datetime | None, timeout: int) -> bool:
    """Whether `moment` is less than a job's timeout (and a little) ago; True when unknown."""
    if moment is None:
        return True
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return datetime.now(UTC) - moment < timedelta(seconds=timeout + 5)
