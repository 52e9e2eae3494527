"""Real Celery workers: the embedded file-system broker always, Redis when REDIS_URL is set."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from kombu import pools as kombu_pools

from config.celery import app as celery_app
from pathway.models import Heartbeat
from pathway.tasks import record_heartbeat
from tests.conftest import skip_or_fail


def _wait_for_heartbeat(timeout: float = 20.0) -> Heartbeat:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        beat = Heartbeat.objects.filter(name="beat").first()
        if beat is not None:
            return beat
        time.sleep(0.2)
    raise AssertionError("the worker did not run the task in time")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_through_the_configured_broker():
    if not settings.REDIS_URL:
        skip_or_fail(
            "REDIS_URL is not set: no Redis to test against (the embedded broker is tested below)"
        )
    assert celery_app.conf.broker_url.startswith("redis://")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        record_heartbeat.delay()
        beat = _wait_for_heartbeat()
    assert beat.last_beat_at is not None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_embedded_broker_carries_tasks_to_a_worker(tmp_path):
    """With no REDIS_URL, kombu's file-system transport carries tasks to the worker."""
    folder = tmp_path / "queue"
    folder.mkdir()
    original = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.broker_url = settings.EMBEDDED_BROKER_URL
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    _reset_connections()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            record_heartbeat.delay()
            _wait_for_heartbeat()
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = original
        _reset_connections()


def _reset_connections() -> None:
    """Drop pooled broker connections so the next task uses the broker now configured.

    kombu keeps producer pools in a process-wide registry keyed by connection; without
    clearing it, a later test would be handed a producer pool over the closed connections.
    """
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


def test_the_beat_schedule_is_defined_in_code():
    schedule = celery_app.conf.beat_schedule
    assert schedule["heartbeat"]["task"] == "pathway.tasks.record_heartbeat"
    assert "pathway.tasks.record_heartbeat" in celery_app.tasks
