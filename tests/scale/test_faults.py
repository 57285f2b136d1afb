"""Faults in the scaled-out topology, injected into a room whose plans are being rendered:
a render worker killed outright, Redis restarted, PostgreSQL restarted. Each test makes
every phone pick other focus areas, so every plan is rendered again while the fault hits.

What must hold: every plan ends up ready, each exactly once; phones keep getting answers
(never a 500); what fails while PostgreSQL is away fails with a clear 503 and works again
by itself afterwards.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time

import pytest
from rq.job import Job

from workshop.services.plans import queue

from .room import JOB_TIMEOUT, EventLoop, Phone, room_of

pytestmark = [pytest.mark.scale, pytest.mark.slow]

PEOPLE = 12


@pytest.fixture(scope="module")
def loop():
    loop = EventLoop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def room(deployment, loop):
    """A room in the plan phase with every plan ready, phones spread over both apps."""
    coach = deployment.coach()
    phones: list[Phone] = []

    async def build():
        await coach.log_in()
        phones.extend(await room_of(coach, deployment.urls, PEOPLE, "Faults"))
        await coach.move_to("plan")
        await asyncio.gather(*(phone.wait_for_pdf() for phone in phones))

    try:
        loop.run(build())
        yield coach, phones
    finally:
        loop.run(close_all(coach, *phones))


def test_a_worker_killed_mid_render_has_its_job_retried_and_nothing_rendered_twice(deployment, room, loop):
    coach, phones = room
    workers = deployment.workers

    async def fault():
        await asyncio.gather(*(phone.swap_focus() for phone in phones))
        killed = await kill_a_work_horse(workers)
        await every_plan_ready(phones, deployment=deployment, coach=coach)
        return killed

    slot = loop.run(fault())
    log = workers.log(slot).read_text(errors="replace")
    killed = re.search(r"job (plan-\d+-\w+) failed \(Work-horse terminated unexpectedly.*\(signal 9\)", log)
    assert killed, log[-2000:]
    job = Job.fetch(killed.group(1), connection=deployment.redis())
    assert job.get_status().value == "finished"  # run again after the kill, to its end
    each_plan_rendered_once(deployment, coach)


def test_a_worker_killed_with_its_job_has_the_job_sent_again(deployment, room, loop):
    """The whole worker dies (its machine, say): nobody records the job's failure. It stays
    "started" in Redis until the app sees it has outlived its timeout and sends it again."""
    coach, phones = room
    workers = deployment.workers
    restarts = workers.restarts

    async def fault():
        await asyncio.gather(*(phone.swap_focus() for phone in phones))
        started = time.monotonic()
        await kill_a_work_horse(workers, whole_worker=True)
        await every_plan_ready(phones, seconds=JOB_TIMEOUT + 60, deployment=deployment, coach=coach)
        return time.monotonic() - started

    took = loop.run(fault())
    assert workers.restarts == restarts + 1  # the supervisor (systemd) started it again
    each_plan_rendered_once(deployment, coach)
    print(f"\n  a job left by a killed worker was rendered again {took:.0f} s later (timeout {JOB_TIMEOUT} s)")


def test_a_redis_restart_loses_no_plan_and_never_fails_a_phone(deployment, room, loop):
    coach, phones = room
    workers = deployment.workers

    async def fault():
        late = deployment.coach()
        await late.log_in()
        late_code = await late.new_workshop("Late arrivals")
        await late.close()
        workers.pause()  # the jobs wait in Redis, to be lost with it
        await asyncio.gather(*(phone.swap_focus() for phone in phones))
        assert jobs_in_redis(deployment, coach) == PEOPLE
        deployment.server("stop-redis")
        try:
            outage = await phones_keep_polling(phones, coach, seconds=4)
            newcomer = Phone(deployment.urls, address="198.51.100.200")
            await newcomer.join(late_code)  # the join limits count in memory meanwhile
            wrong = await newcomer.get("/join?code=ZZZZZQ")
            await newcomer.close()
        finally:
            deployment.server("start-redis")
            workers.resume()
        assert jobs_in_redis(deployment, coach) == 0  # lost with it
        await every_plan_ready(phones, deployment=deployment, coach=coach)
        return outage, wrong.status

    outage, wrong = loop.run(fault())
    assert set(outage) <= {200, 304}, outage
    assert wrong == 404
    each_plan_rendered_once(deployment, coach)


def test_a_postgresql_restart_is_a_clear_503_and_recovers_by_itself(deployment, room, loop):
    coach, phones = room
    phone = phones[0]

    async def fault():
        deployment.server("stop-postgres")
        try:
            page = await phone.get(f"/w/{coach.code}/")
            submit = await phone.post(
                f"/w/{coach.code}/plan/priorities", [("focus", "general:momentum")], phone.csrf,
                headers={"HX-Request": "true"},
            )  # fmt: skip
            poll = await phone.plan_status()
            health = [await phone.get("/healthz", app=n) for n in (0, 1)]
        finally:
            deployment.server("start-postgres")
        # Nothing restarted the apps: within a few seconds every worker thread answers again.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            answers = await asyncio.gather(*(p.get(f"/w/{coach.code}/plan") for p in phones))
            if all(reply.status == 200 for reply in answers):
                break
            await asyncio.sleep(0.5)
        await asyncio.gather(*(p.swap_focus() for p in phones))  # and plans render again
        await every_plan_ready(phones, deployment=deployment, coach=coach)
        return page, submit, poll, health, [reply.status for reply in answers]

    page, submit, poll, health, after = loop.run(fault())
    for reply in (page, submit, poll):
        assert reply.status == 503, reply.status
        assert 1 <= int(reply.headers["Retry-After"]) <= 5  # the rate limiter may round it down
    assert "Rebound is busy for a moment" in page.text and "Reload this page" in page.text
    assert 'id="problem"' in submit.text and "<html" not in submit.text  # for the phone's banner
    assert [reply.status for reply in health] == [503, 503]
    assert set(after) == {200}
    each_plan_rendered_once(deployment, coach)


# ---- helpers -------------------------------------------------------------------------


async def close_all(*clients) -> None:
    await asyncio.gather(*(client.close() for client in clients))


async def kill_a_work_horse(workers, whole_worker: bool = False) -> str:
    """SIGKILL a work horse in the middle of a job (and with `whole_worker` its worker
    too, at the same instant); returns the worker's slot."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for slot in workers.slots:
            horse = workers.horse(slot)
            if horse is not None:
                victims = [horse, workers.pid(slot)] if whole_worker else [horse]
                for pid in victims:
                    os.kill(pid, signal.SIGKILL)
                return slot
        await asyncio.sleep(0.005)
    raise AssertionError("no worker was rendering")


def jobs_in_redis(deployment, coach) -> int:
    """How many of the room's queued plans have their job in Redis."""
    queued = deployment.query(
        "SELECT participant_id, input_hash FROM plans WHERE workshop_id = %s AND status = 'queued'", coach.workshop_id
    )
    assert len(queued) == PEOPLE
    redis = deployment.redis()
    return sum(bool(redis.exists(f"rq:job:{queue.job_id(*plan)}")) for plan in queued)


async def every_plan_ready(phones, seconds: float = 90, *, deployment=None, coach=None) -> None:
    """Every phone downloads its plan within `seconds`; if one does not, the failure says what
    each plan row and its job in Redis were doing, and what the workers last logged."""
    try:
        pdfs = await asyncio.gather(*(phone.wait_for_pdf(seconds) for phone in phones))
    except AssertionError as error:
        if deployment is None:
            raise
        raise AssertionError(f"{error}\n{what_the_plans_wait_for(deployment, coach)}") from error
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)


def what_the_plans_wait_for(deployment, coach) -> str:
    """The room's plan rows, their jobs' state in Redis and the tail of each worker's log."""
    lines = []
    plans = deployment.query(
        "SELECT participant_id, input_hash, status, updated_at FROM plans WHERE workshop_id = %s", coach.workshop_id
    )
    redis = deployment.redis()
    for participant_id, input_hash, status, updated_at in plans:
        name = queue.job_id(participant_id, input_hash)
        try:
            job = Job.fetch(name, connection=redis)
            state = (
                f"job {job.get_status().value}, enqueued {job.enqueued_at}, started {job.started_at}, "
                f"ended {job.ended_at}, retries left {job.retries_left}, "
                f"results {[r.return_value for r in job.results()]}"
            )
        except Exception as error:  # noqa: BLE001 - a diagnosis must not hide the failure
            state = f"job {name}: {type(error).__name__}"
        lines.append(f"plan {participant_id} {status} (updated {updated_at}): {state}")
    for slot in deployment.workers.slots:
        tail = deployment.workers.log(slot).read_text(errors="replace").splitlines()[-25:]
        lines += [f"--- {slot} log, last lines", *tail]
    return "\n".join(lines)


async def phones_keep_polling(phones, coach, seconds: float) -> list[int]:
    """Every phone polls its home and its plan status, on both apps, for `seconds`."""
    statuses = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        replies = await asyncio.gather(*(p.poll_home() for p in phones), *(p.plan_status() for p in phones))
        statuses += [reply.status for reply in replies]
        board = await coach.projector(app=len(statuses) % 2)
        assert "of you" in board
        await asyncio.sleep(0.5)
    return statuses


def each_plan_rendered_once(deployment, coach) -> None:
    """Every participant's current plan is ready with one file, and its job rendered it
    once: any other run of it rendered nothing (found the plan ready already, or its input
    changed)."""
    plans = deployment.query(
        "SELECT participant_id, input_hash, status FROM plans WHERE workshop_id = %s", coach.workshop_id
    )
    assert len(plans) == PEOPLE and {status for _, _, status in plans} == {"ready"}
    files = deployment.query("SELECT count(*) FROM plan_files WHERE workshop_id = %s", coach.workshop_id)
    assert files == [(PEOPLE,)]
    redis = deployment.redis()
    for participant_id, input_hash, _ in plans:
        job = Job.fetch(queue.job_id(participant_id, input_hash), connection=redis)
        runs = [(run.return_value, run.worker_name, str(run.created_at)) for run in job.results()]
        said = [value for value, _, _ in runs]
        assert said.count("rendered") == 1 and set(said) <= {"rendered", "ready already", "outdated"}, runs
