"""A room across two app processes that share PostgreSQL and Redis, with plans rendered by
separate RQ workers (README, Deploying: the scaled-out topology), proved on real servers.

Every phone spreads its requests over both apps, as a proxy without sticky sessions does.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter

import pytest

from tests.helpers import pdf_text
from workshop.services.plans import queue

from .room import Client, command_line, room_of, run

pytestmark = [pytest.mark.scale, pytest.mark.slow]

PEOPLE = 24
CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]+"')
PHONE_BOARD = re.compile(r'<section class="board board-phone".*?</section>', re.S)


def test_a_room_across_two_app_processes_and_separate_render_workers(deployment):
    run(room_across_two_apps(deployment))


async def room_across_two_apps(deployment) -> None:
    coach = deployment.coach()
    phones = []
    try:
        await coach.log_in()
        phones = await room_of(coach, deployment.urls, PEOPLE, "Two apps, one room")

        # The board is the same whichever app draws it, for the projector and for phones.
        board = await coach.settled_board()
        counted = int(re.search(r"of (\d+) of you", board).group(1))
        assert PEOPLE - 2 <= counted <= PEOPLE  # a release waits for k (3) new people
        assert board == await coach.projector(app=0) == await coach.projector(app=1)
        poll = {"HX-Request": "true"}
        on_one, on_other = [await phones[0].get(f"/w/{coach.code}/", app=n, headers=poll) for n in (0, 1)]
        assert on_one.status == on_other.status == 200
        boards = [CSRF_VALUE.sub("", PHONE_BOARD.search(reply.text).group(0)) for reply in (on_one, on_other)]
        assert boards[0] == boards[1] and f"of {counted} of you" in boards[0]

        await wrong_codes_count_on_both_apps(deployment)

        # The plans: queued by the click, rendered by the workers, downloaded from either app.
        await coach.move_to("plan")
        pdfs = await asyncio.gather(*(phone.wait_for_pdf() for phone in phones))
        for pdf in pdfs:
            assert pdf.startswith(b"%PDF") and "Action plan for" in pdf_text(pdf)
    finally:
        await asyncio.gather(coach.close(), *(phone.close() for phone in phones))

    plans = deployment.query(
        "SELECT participant_id, input_hash, status FROM plans WHERE workshop_id = %s", coach.workshop_id
    )
    assert len(plans) == PEOPLE and {status for _, _, status in plans} == {"ready"}
    files = deployment.query("SELECT count(*) FROM plan_files WHERE workshop_id = %s", coach.workshop_id)
    assert files == [(PEOPLE,)]
    every_pdf_was_rendered_once_by_a_worker(deployment, plans)


async def wrong_codes_count_on_both_apps(deployment) -> None:
    """The wrong-code budget (JOIN_RATE_LIMIT, 5 a minute here) lives in Redis: attempts
    made on one app count on the other. Another address keeps its own budget."""
    guesser = Client(deployment.urls, address="203.0.113.9")
    try:
        for n, app in enumerate((0, 1, 0, 1, 1)):
            wrong = await guesser.get(f"/join?code=ZZZZZ{'ABCDE'[n]}", app=app)
            assert wrong.status == 404, wrong.status
        for app in (0, 1):
            assert (await guesser.get("/join?code=ZZZZZF", app=app)).status == 429
    finally:
        await guesser.close()
    someone_else = Client(deployment.urls, address="203.0.113.77")
    try:
        assert (await someone_else.get("/join?code=ZZZZZG")).status == 404
    finally:
        await someone_else.close()


def every_pdf_was_rendered_once_by_a_worker(deployment, plans) -> None:
    """RQ keeps what every run of every job returned, and which worker ran it."""
    from rq.job import Job

    redis = deployment.redis()
    rendered_by = Counter()
    for participant_id, input_hash, _ in plans:
        job = Job.fetch(queue.job_id(participant_id, input_hash), connection=redis)
        runs = job.results()
        assert [run.return_value for run in runs] == ["rendered"], runs  # one job, run once
        assert runs[0].worker_name in deployment.workers.names
        rendered_by[runs[0].worker_name] += 1
    assert sum(rendered_by.values()) == len(plans)
    assert len(rendered_by) == len(deployment.workers.slots), rendered_by  # both workers took part
    # The app processes never rendered: no render pool was ever started under gunicorn.
    for app in deployment.apps:
        processes = app.gunicorn_pids()
        assert len(processes) == 3, [command_line(pid) for pid in processes]  # master + 2 workers
        assert not any("multiprocessing" in command_line(pid) for pid in processes)
