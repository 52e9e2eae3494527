"""Thin tasks: take ids or nothing, call a service, safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from reporting.services import snapshot_build, snapshots_schedule


@shared_task
def build_report_snapshot(snapshot_id: int) -> bool:
    """Build one report snapshot (claimed: a second worker does nothing)."""
    return snapshot_build(snapshot_id=snapshot_id)


@shared_task
def schedule_report_snapshots(today: str | None = None, month_end: bool = False) -> int:
    """The nightly (and month-end) request for snapshots; the builds go through the outbox."""
    return snapshots_schedule(
        today=date.fromisoformat(today) if today else None, month_end=month_end
    )
