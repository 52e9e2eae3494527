"""Beat starts in every documented configuration, and says so when it does not (issue 16).

These start real `celery` processes against the real Redis with an empty VAR_DIR, as a
fresh checkout or a fresh container's data volume would have, and wait for the heartbeat
task that beat sends and a worker runs to reach the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pathway.models import Heartbeat
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


def _process_env(var_dir: Path) -> dict[str, str]:
    """The environment of a separately started process pointed at this test's database."""
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: these tests start beat against a real Redis")
    if connection.vendor != "postgresql":
        skip_or_fail("a separate process needs a shared database server (PostgreSQL)")
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    server = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{auth}@{server}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "VAR_DIR": str(var_dir),
        "HEARTBEAT_SECONDS": "1",
    }


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_for_heartbeat(processes: list[subprocess.Popen], logs: list[Path]) -> Heartbeat:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        beat = Heartbeat.objects.filter(name="beat").first()
        if beat is not None:
            return beat
        for process, log in zip(processes, logs, strict=True):
            if process.poll() is not None:
                raise AssertionError(f"{process.args} exited:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    output = "\n".join(log.read_text()[-2000:] for log in logs)
    raise AssertionError(f"no heartbeat within 60 s:\n{output}")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_with_embedded_beat_runs_the_heartbeat_from_an_empty_var_dir(tmp_path):
    var_dir = tmp_path / "var"  # does not exist yet
    env = _process_env(var_dir)
    log = tmp_path / "worker.log"
    worker = _start(["worker", "-B", "--pool=solo"], env, log)
    try:
        beat = _wait_for_heartbeat([worker], [log])
    finally:
        _stop(worker)
    assert beat.last_beat_at > timezone.now() - timedelta(minutes=2)
    assert (var_dir / "celery").is_dir()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_separate_beat_and_worker_run_the_heartbeat_from_an_empty_var_dir(tmp_path):
    """The compose layout: `celery beat` and `celery worker` in their own processes."""
    var_dir = tmp_path / "var"
    var_dir.mkdir()  # an empty data volume
    env = _process_env(var_dir)
    logs = [tmp_path / "beat.log", tmp_path / "worker.log"]
    beat_process = _start(["beat"], env, logs[0])
    worker = _start(["worker", "--pool=solo"], env, logs[1])
    try:
        _wait_for_heartbeat([beat_process, worker], logs)
    finally:
        _stop(beat_process)
        _stop(worker)
    assert "FileNotFoundError" not in logs[0].read_text()
    assert list((var_dir / "celery").glob("beat-schedule*")), "beat kept no schedule state"


@pytest.mark.celery_worker
def test_the_scheduler_makes_its_state_folder_itself(tmp_path):
    """Even if VAR_DIR's celery folder vanishes after settings were read."""
    from config.celery import ResilientPersistentScheduler
    from config.celery import app as celery_app

    filename = tmp_path / "gone" / "deeper" / "beat-schedule"
    scheduler = ResilientPersistentScheduler(
        app=celery_app, schedule_filename=str(filename), lazy=True
    )
    scheduler.setup_schedule()
    scheduler.close()
    assert filename.parent.is_dir()


def _beat_at(age: timedelta) -> None:
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_beat_at": timezone.now() - age})


def test_healthz_is_degraded_but_serving_when_the_heartbeat_is_stale(db, client):
    _beat_at(settings.HEARTBEAT_STALE_AFTER + timedelta(seconds=30))
    response = client.get(reverse("healthz"))
    assert response.status_code == 200  # pages still work: keep the web instance in service
    assert response.json()["status"] == "degraded"
    assert response.json()["scheduler"]["ok"] is False


def test_healthz_scheduler_is_503_when_the_heartbeat_is_stale(db, client):
    _beat_at(settings.HEARTBEAT_STALE_AFTER + timedelta(seconds=30))
    response = client.get(reverse("healthz-scheduler"))
    assert response.status_code == 503
    assert response.json()["status"] == "stale"


def test_healthz_scheduler_is_503_before_any_heartbeat(db, client):
    assert client.get(reverse("healthz-scheduler")).status_code == 503


def test_healthz_scheduler_is_200_with_a_fresh_heartbeat(db, client):
    _beat_at(timedelta(seconds=5))
    response = client.get(reverse("healthz-scheduler"))
    assert response.status_code == 200
    assert client.get(reverse("healthz")).json()["status"] == "ok"


def test_two_missed_heartbeats_are_not_yet_stale(db, client, settings):
    settings.HEARTBEAT_SECONDS = 60
    settings.HEARTBEAT_STALE_AFTER = timedelta(minutes=3)
    _beat_at(timedelta(seconds=150))
    assert client.get(reverse("healthz-scheduler")).status_code == 200
    _beat_at(timedelta(seconds=190))
    assert client.get(reverse("healthz-scheduler")).status_code == 503


def test_check_health_command_fails_on_a_stale_scheduler(db):
    from django.core.management import CommandError, call_command

    _beat_at(settings.HEARTBEAT_STALE_AFTER + timedelta(seconds=30))
    with pytest.raises(CommandError, match="scheduler"):
        call_command("check_health", "--require", "scheduler")
    _beat_at(timedelta(seconds=1))
    call_command("check_health", "--require", "scheduler")
