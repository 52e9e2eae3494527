"""The front door's scheduled housekeeping."""

from __future__ import annotations

from celery import shared_task

from frontdoor.services.drafts import contact_drafts_purge


@shared_task
def purge_stale_contact_drafts() -> int:
    return contact_drafts_purge()
