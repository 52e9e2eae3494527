"""Thin tasks: take ids or nothing, call a service, safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from caf.sweep import deadlines_sweep


@shared_task
def sweep_deadlines(today: str | None = None) -> str:
    """The beat-scheduled deadline sweep (see caf.sweep)."""
    return str(deadlines_sweep(today=date.fromisoformat(today) if today else None))
