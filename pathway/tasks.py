"""Scheduled housekeeping. Tasks are thin: they call a service and are safe to run twice."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from pathway.models import Heartbeat
from pathway.services.notifications import notification_email_send
from pathway.services.outbox import outbox_relay


@shared_task
def record_heartbeat() -> str:
    """Prove the beat schedule and a worker are running (shown by /healthz)."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_beat_at": now})
    return now.isoformat()


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the emails for these notifications; each is claimed first, so never twice."""
    return sum(notification_email_send(pk) for pk in notification_ids)


@shared_task(ignore_result=True)
def relay_outbox() -> str:
    """Publish the outbox's pending work (beat, every 15 s): delivers what waited out an outage."""
    return str(outbox_relay())
