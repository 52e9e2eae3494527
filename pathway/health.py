"""Checks behind /healthz. Each answers within a few seconds and never raises."""

from __future__ import annotations

from typing import Any

from celery import current_app as celery_app
from django.conf import settings
from django.db import connection
from django.utils import timezone


def database_status() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}


def broker_status() -> dict[str, Any]:
    transport = "redis" if settings.REDIS_URL else "filesystem"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return {"ok": True, "transport": transport}
    except Exception as exc:
        return {"ok": False, "transport": transport, "error": exc.__class__.__name__}


def scheduler_status() -> dict[str, Any]:
    """Whether beat and a worker are running: the heartbeat task ran recently enough.

    Stale means older than HEARTBEAT_STALE_AFTER (three heartbeat intervals by default),
    or never run at all: then no deadline sweep, reminder or escalation is running either.
    """
    from pathway.models import Heartbeat

    stale_after = int(settings.HEARTBEAT_STALE_AFTER.total_seconds())
    try:
        beat = Heartbeat.objects.filter(name="beat").first()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__, "stale_after_seconds": stale_after}
    if beat is None:
        return {"ok": False, "last_heartbeat": None, "stale_after_seconds": stale_after}
    age = (timezone.now() - beat.last_beat_at).total_seconds()
    return {
        "ok": age <= stale_after,
        "last_heartbeat": beat.last_beat_at.isoformat(),
        "seconds_ago": int(age),
        "stale_after_seconds": stale_after,
    }
