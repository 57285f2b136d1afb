"""Where plans are rendered: the in-app process pool (default) and Redis + RQ workers."""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from workshop import worker
from workshop.extensions import db
from workshop.models import Phase, Plan, PlanFile, utcnow
from workshop.services.plans import jobs, queue

from .helpers import sid, tell


@pytest.fixture
def room(make_coach, make_workshop, join, client, login):
    coach = make_coach()
    login(client)
    workshop = make_workshop(coach, phase=Phase.THEMES)
    phones = []
    for score in ("2", "4"):
        phone, _ = join(workshop)
        phone.post(
            f"/w/{workshop.join_code}/ratings",
            data={"submission_id": sid(), "reached-screen": "yes", "score-screen": score},
        )
        phones.append(phone)
    return workshop, phones, client


def wait_for_queue(queue, count: int, seconds: float = 30) -> None:
    """The room's plans are queued by a background thread after the coach's click returns."""
    deadline = time.monotonic() + seconds
    while queue.count < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert queue.count == count


def wait_for_plans(count: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.scalar(select(func.count()).select_from(PlanFile)) == count:
            return
        time.sleep(0.3)
    raise AssertionError("plans were not rendered in time")


class TestPool:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"PDF_WORKERS": 1}

    def test_plans_render_in_the_background_pool(self, room):
        workshop, phones, coach = room
        response = coach.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        assert response.status_code == 303  # the request does not wait for the PDFs
        wait_for_plans(2)
        assert set(db.session.scalars(select(Plan.status))) == {"ready"}
        pdf = phones[0].get(f"/w/{workshop.join_code}/plan.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    def test_the_clicks_room_work_is_waited_for_before_a_test_wipes_its_rows(self, room, monkeypatch):
        # On PostgreSQL the next test's participants get the same ids again: a click's thread
        # left running would render their plans in the middle of that test.
        workshop, _, coach = room
        worked = []

        def slow(workshop, ids=None):
            time.sleep(0.5)
            worked.append(workshop.id)
            return 0

        monkeypatch.setattr(jobs, "request_room", slow)
        coach.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        jobs.wait_for_background()
        assert worked == [workshop.id]


class TestRq:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"PDF_QUEUE": "rq", "REDIS_URL": "redis://redis.invalid:6379/0", "PDF_WORKERS": 2}

    @pytest.fixture
    def fake_redis(self, app, monkeypatch):
        import fakeredis
        import redis

        server = fakeredis.FakeStrictRedis()
        queue.connection.cache_clear()
        monkeypatch.setattr(redis.Redis, "from_url", classmethod(lambda cls, url, **kw: server))
        monkeypatch.setattr(worker, "worker_app", lambda: app)
        yield server
        queue.connection.cache_clear()

    @pytest.fixture
    def rq_queue(self, fake_redis):
        from rq import Queue

        return Queue(queue.QUEUE_NAME, connection=fake_redis)

    def work(self, fake_redis) -> list[str]:
        """Run the queue dry in this process; what each run of each job said it did."""
        from rq import Queue, SimpleWorker
        from rq.job import Job

        queues = [Queue(name, connection=fake_redis) for name in queue.QUEUES]  # as `rq worker` takes them
        ids = dict.fromkeys(i for q in queues for i in q.job_ids)
        SimpleWorker(queues, connection=fake_redis).work(burst=True)
        return [r.return_value for i in ids for r in Job.fetch(i, connection=fake_redis).results()]

    def plans_clicked(self, room, rq_queue):
        workshop, phones, coach = room
        response = coach.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        assert response.status_code == 303  # the request does not wait for the PDFs
        wait_for_queue(rq_queue, 2)
        return workshop, phones

    def test_plans_go_to_the_queue_and_a_worker_renders_them(self, room, fake_redis, rq_queue):
        workshop, phones = self.plans_clicked(room, rq_queue)
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 0
        status = phones[0].get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert "being prepared" in status.text
        assert self.work(fake_redis) == ["rendered", "rendered"]
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 2
        assert phones[1].get(f"/w/{workshop.join_code}/plan.pdf").data.startswith(b"%PDF")

    def test_asking_again_for_a_plan_on_its_way_queues_nothing(self, room, fake_redis, rq_queue):
        workshop, phones = self.plans_clicked(room, rq_queue)
        for phone in phones:
            phone.get(f"/w/{workshop.join_code}/plan")
            phone.get(f"/w/{workshop.join_code}/plan.pdf")
        with jobs_aged(seconds=30):  # old enough to be checked in Redis: still there
            for phone in phones:
                phone.get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert rq_queue.count == 2

    def test_a_job_for_outdated_input_renders_nothing(self, room, fake_redis, rq_queue):
        workshop, phones = self.plans_clicked(room, rq_queue)
        page = phones[0].get(f"/w/{workshop.join_code}/plan")
        focus = re.findall(r'name="focus" value="([^"]+)"', page.text)[-1]
        phones[0].post(f"/w/{workshop.join_code}/plan/priorities", data={"focus": focus})
        assert rq_queue.count == 3  # two plans, and one again after the swap
        assert sorted(self.work(fake_redis)) == ["outdated", "rendered", "rendered"]
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 2  # not 3

    def test_jobs_lost_with_redis_are_sent_again_when_the_phone_asks(self, room, fake_redis, rq_queue):
        workshop, phones = self.plans_clicked(room, rq_queue)
        fake_redis.flushall()  # Redis restarted without its data
        poll = {"HX-Request": "true"}
        phones[0].get(f"/w/{workshop.join_code}/plan/status", headers=poll)
        assert rq_queue.count == 0  # queued a moment ago: not looked for yet
        with jobs_aged(seconds=30):
            for phone in phones:
                assert phone.get(f"/w/{workshop.join_code}/plan/status", headers=poll).status_code == 200
        assert rq_queue.count == 2
        assert self.work(fake_redis) == ["rendered", "rendered"]

    def test_a_job_left_running_by_a_dead_worker_is_sent_again(self, app, room, fake_redis, rq_queue):
        from rq.job import Job, JobStatus

        workshop, phones = self.plans_clicked(room, rq_queue)
        dead, alive = (Job.fetch(i, connection=fake_redis) for i in rq_queue.job_ids)
        rq_queue.remove(dead)
        rq_queue.remove(alive)
        long_ago = datetime.now(UTC) - timedelta(seconds=app.config["PDF_JOB_TIMEOUT"] + 30)
        for job, started in ((dead, long_ago), (alive, datetime.now(UTC))):
            job.set_status(JobStatus.STARTED)
            job.started_at = started
            job.save()
        with jobs_aged(seconds=30):
            for phone in phones:
                phone.get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert rq_queue.job_ids == [dead.id]  # the one still rendering is left alone
        assert self.work(fake_redis) == ["rendered"]

    def test_a_job_taken_by_a_worker_that_died_before_starting_it_is_sent_again(self, app, room, fake_redis, rq_queue):
        """A worker takes a job from the queue, then dies (its machine, say) before its work
        horse marks the job started: the job stays "queued" in no queue, for good."""
        from rq.job import Job

        workshop, phones = self.plans_clicked(room, rq_queue)
        dropped, waiting = (Job.fetch(i, connection=fake_redis) for i in rq_queue.job_ids)
        rq_queue.remove(dropped)  # what the worker's BLPOP did; its status still says "queued"
        long_ago = datetime.now(UTC) - timedelta(seconds=app.config["PDF_JOB_TIMEOUT"] + 30)
        for job in (dropped, waiting):  # both queued long ago: a big room's plans wait too
            job.enqueued_at = long_ago
            job.save()
        assert dropped.get_status().value == "queued"
        with jobs_aged(seconds=30):
            for phone in phones:
                phone.get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert rq_queue.job_ids == [waiting.id, dropped.id]  # the one still in the queue waits its turn
        assert self.work(fake_redis) == ["rendered", "rendered"]

    def test_a_job_a_worker_has_just_taken_is_left_to_it(self, room, fake_redis, rq_queue):
        """Between taking a job and marking it started a worker needs a moment: a job queued
        recently and in no queue is that worker's, not lost."""
        from rq.job import Job

        workshop, phones = self.plans_clicked(room, rq_queue)
        taken = Job.fetch(rq_queue.job_ids[0], connection=fake_redis)
        rq_queue.remove(taken)
        with jobs_aged(seconds=30):
            for phone in phones:
                phone.get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert taken.id not in rq_queue.job_ids
        assert len(rq_queue.job_ids) == 1

    def test_a_job_sent_twice_renders_once(self, room, fake_redis, rq_queue):
        from rq.job import Job

        workshop, phones = self.plans_clicked(room, rq_queue)
        first = Job.fetch(rq_queue.job_ids[0], connection=fake_redis)
        rq_queue.enqueue_job(first)  # as if a worker died just after storing its PDF
        assert sorted(self.work(fake_redis)) == ["ready already", "rendered", "rendered"]
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 2

    def test_plans_asked_for_while_redis_is_away_are_queued_once_it_is_back(self, room, monkeypatch, fake_redis):
        import redis

        workshop, phones, coach = room
        down = redis.Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
        queue.connection.cache_clear()
        monkeypatch.setattr(redis.Redis, "from_url", classmethod(lambda cls, url, **kw: down))
        coach.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        page = phones[0].get(f"/w/{workshop.join_code}/plan")
        assert page.status_code == 200 and "Your action plan" in page.text
        with jobs_aged(seconds=30):
            status = phones[0].get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert status.status_code == 200 and "being prepared" in status.text
        assert set(db.session.scalars(select(Plan.status))) == {"queued"}

        queue.connection.cache_clear()
        monkeypatch.setattr(redis.Redis, "from_url", classmethod(lambda cls, url, **kw: fake_redis))
        with jobs_aged(seconds=30):
            for phone in phones:
                phone.get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert self.work(fake_redis) == ["rendered", "rendered"]

    def test_plans_rendered_ahead_go_through_the_low_priority_queue(
        self, app, make_coach, make_workshop, join, client, login, fake_redis, rq_queue
    ):
        from rq import Queue

        from workshop.ahead import Renderer

        app.config["RENDER_AHEAD_DELAY"] = 0
        coach = make_coach()
        login(client)
        workshop = make_workshop(coach, phase=Phase.THEMES)
        phones = []
        for score in (2, 3, 4):
            phone, _ = join(workshop)
            tell(phone, workshop, "They never gave me any feedback at all.", ["no_feedback"], {"screen": score})
            phones.append(phone)
        renderer = Renderer(app)
        try:
            assert renderer.tick() == 3
        finally:
            renderer.stop()
        assert Queue(queue.AHEAD_QUEUE_NAME, connection=fake_redis).count == 3 and rq_queue.count == 0
        assert self.work(fake_redis) == ["rendered"] * 3

        client.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        for phone in phones:
            assert "Download my plan (PDF)" in phone.get(f"/w/{workshop.join_code}/plan").text
        assert rq_queue.count == 0  # nothing to render at the click


@contextmanager
def jobs_aged(seconds: int):
    """Every plan as if it had been queued `seconds` ago."""
    db.session.execute(update(Plan).values(updated_at=utcnow() - timedelta(seconds=seconds)))
    db.session.commit()
    yield
