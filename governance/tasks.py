"""Scheduled information-governance work (beat schedule in config/settings.py). Thin: each
calls a service and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from governance.retention import retention_apply
from governance.services import unusual_access_alerts_raise


@shared_task(ignore_result=True)
def raise_unusual_access_alerts() -> int:
    """Report today's unusual access to the auditors (each user once a day)."""
    return len(unusual_access_alerts_raise())


@shared_task(ignore_result=True)
def apply_retention() -> int:
    """Anonymise what the retention schedule says is due tonight (nothing on legal hold)."""
    return len(retention_apply(today=timezone.localdate()))
