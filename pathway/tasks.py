"""Scheduled housekeeping. Tasks are thin: they call a service and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from pathway.models import Heartbeat


@shared_task
def record_heartbeat() -> str:
    """Prove the beat schedule and a worker are running (shown by /healthz)."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_beat_at": now})
    return now.isoformat()


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")
