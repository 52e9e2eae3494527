from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from config.celery import app as celery_app
from pathway.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_broker(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"  # serving, but no heartbeat yet
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert body["scheduler"]["ok"] is False


def test_healthz_shows_the_scheduler_once_it_has_run(db, client):
    record_heartbeat()
    assert client.get(reverse("healthz")).json()["scheduler"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_unreachable(db, client, settings):
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("healthz"))
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    """A separate process, pointed at a port where no database listens."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["database"]["ok"] is False
