"""Where plans are rendered: the in-app process pool (default) and Redis + RQ workers."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from workshop import worker
from workshop.extensions import db
from workshop.models import Phase, Plan, PlanFile
from workshop.services.plans import jobs

from .helpers import sid


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


class TestRq:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"PDF_QUEUE": "rq", "REDIS_URL": "redis://redis.invalid:6379/0", "PDF_WORKERS": 2}

    @pytest.fixture
    def fake_redis(self, app, monkeypatch):
        import fakeredis
        import redis

        server = fakeredis.FakeStrictRedis()
        monkeypatch.setattr(redis.Redis, "from_url", classmethod(lambda cls, url, **kw: server))
        monkeypatch.setattr(worker, "worker_app", lambda: app)
        return server

    def test_plans_go_to_the_queue_and_a_worker_renders_them(self, room, fake_redis):
        from rq import Queue, SimpleWorker

        workshop, phones, coach = room
        response = coach.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        assert response.status_code == 303
        queue = Queue(jobs.QUEUE_NAME, connection=fake_redis)
        wait_for_queue(queue, 2)
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 0
        status = phones[0].get(f"/w/{workshop.join_code}/plan/status", headers={"HX-Request": "true"})
        assert "being prepared" in status.text

        SimpleWorker([queue], connection=fake_redis).work(burst=True)
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 2
        assert phones[1].get(f"/w/{workshop.join_code}/plan.pdf").data.startswith(b"%PDF")

    def test_a_job_for_outdated_input_renders_nothing(self, room, fake_redis):
        from rq import Queue, SimpleWorker

        workshop, phones, coach = room
        coach.post(f"/workshops/{workshop.id}/phase", data={"to": "plan"})
        wait_for_queue(Queue(jobs.QUEUE_NAME, connection=fake_redis), 2)
        page = phones[0].get(f"/w/{workshop.join_code}/plan")
        focus = re.findall(r'name="focus" value="([^"]+)"', page.text)[-1]
        phones[0].post(f"/w/{workshop.join_code}/plan/priorities", data={"focus": focus})
        queue = Queue(jobs.QUEUE_NAME, connection=fake_redis)
        assert queue.count == 3  # two plans, and one again after the swap
        SimpleWorker([queue], connection=fake_redis).work(burst=True)
        assert db.session.scalar(select(func.count()).select_from(PlanFile)) == 2  # not 3
