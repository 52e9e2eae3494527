"""The sweep with real processes: two at once, one killed mid-run, and a Celery worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from caf.models import Recommendation
from caf.sweep import deadlines_sweep
from caf.tasks import sweep_deadlines
from config.celery import app as celery_app
from pathway.models import Notification
from tests.conftest import skip_or_fail
from tests.factories import AllocatedCaseFactory
from tests.pathway.test_concurrency import race

ROOT = Path(__file__).resolve().parents[2]
BREACH_DAY = date(2027, 1, 4)


def open_recommendations(personas, n):
    for _ in range(n):
        case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
        Recommendation.objects.create(
            case=case, kind="caf", made_on=date(2026, 12, 1), due_on=date(2026, 12, 31)
        )


def assert_each_breached_once(n):
    assert Recommendation.objects.filter(breached_on__isnull=False).count() == n
    holders = Notification.objects.filter(kind="breach")
    assert holders.count() == n
    assert Notification.objects.filter(kind="escalation").count() == n  # one leader


def require_postgresql():
    if connection.vendor != "postgresql":
        skip_or_fail(
            "needs PostgreSQL: other processes cannot see an in-memory SQLite test database"
        )


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_everything_exactly_once(personas):
    require_postgresql()
    open_recommendations(personas, 60)
    results = race(
        lambda: deadlines_sweep(today=BREACH_DAY, batch_size=5),
        lambda: deadlines_sweep(today=BREACH_DAY, batch_size=5),
    )
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(r.breaches for r in results) == 60
    assert_each_breached_once(60)


@pytest.mark.django_db(transaction=True)
def test_a_sweep_killed_mid_run_loses_nothing_and_doubles_nothing(personas):
    require_postgresql()
    open_recommendations(personas, 40)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _test_database_url(),
    }
    command = [
        sys.executable,
        "manage.py",
        "sweep_deadlines",
        "--today",
        BREACH_DAY.isoformat(),
        "--batch-size",
        "2",
        "--pause-ms",
        "150",
    ]
    sweeper = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline:
        done = Recommendation.objects.filter(breached_on__isnull=False).count()
        if done >= 6:
            break
        time.sleep(0.05)
    sweeper.send_signal(signal.SIGKILL)
    sweeper.wait(timeout=30)
    partway = Recommendation.objects.filter(breached_on__isnull=False).count()
    assert 0 < partway < 40, f"the sweep was not caught mid-run ({partway} done)"
    # Every claimed row has its notifications: a batch commits whole or not at all.
    assert Notification.objects.filter(kind="breach").count() == partway

    rerun = subprocess.run(
        command[:-2], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert rerun.returncode == 0, rerun.stderr
    assert_each_breached_once(40)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_through_redis(personas):
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: no Redis to test the worker against")
    open_recommendations(personas, 5)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sweep_deadlines.delay(BREACH_DAY.isoformat())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if Recommendation.objects.filter(breached_on__isnull=False).count() == 5:
                break
            time.sleep(0.2)
    assert_each_breached_once(5)


def test_the_sweep_is_on_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["sweep-deadlines"]
    assert entry["task"] == "caf.tasks.sweep_deadlines"
    assert "caf.tasks.sweep_deadlines" in celery_app.tasks


def _test_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
