"""Report snapshots: asked for (by the nightly schedule, or a manager's rebuild) through the
outbox, then built by Celery, each claimed by one worker at a time.

A snapshot is one row per period and locality (the unique constraint). Asking again for one
that exists queues it again rather than adding a row. Building claims the row with a
conditional UPDATE (status to BUILDING with a fresh claim token, only from a state that is
not already being built, or from a build whose worker died); a second worker's UPDATE
matches no row and it does nothing. The figures are saved only under the claim token, so a
build whose claim was taken over cannot overwrite the newer one.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time as clock
import uuid
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from localities.models import Locality
from pathway.models import User
from pathway.services.outbox import outbox_enqueue
from reporting.measures import definitions_version, report_build
from reporting.measures.base import Scope
from reporting.models import ReportSnapshot
from reporting.report import Period, month_of

logger = logging.getLogger(__name__)

BUILD_TASK = "reporting.tasks.build_report_snapshot"
# A build still "building" after this long is taken to have lost its worker.
STALE_BUILD = timedelta(minutes=30)


@lru_cache(maxsize=1)
def code_version() -> str:
    """The code a snapshot was built with: CODE_VERSION from the deployment, else the
    checkout's git commit, else "unknown"."""
    if os.environ.get("CODE_VERSION"):
        return os.environ["CODE_VERSION"][:40]
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip()[:40] if result.returncode == 0 else "unknown"


def snapshot_request(
    *, period: Period, locality_id: int | None, requested_by: User | None = None
) -> ReportSnapshot:
    """Queue the snapshot of `period` and `locality_id` (None: the whole borough) to be
    built, creating its row if need be. A snapshot being built now is left to finish.
    Atomic; the build is enqueued through the outbox when the transaction commits."""
    with transaction.atomic():
        snapshot = _snapshot_row(period, locality_id)
        ReportSnapshot.objects.filter(pk=snapshot.pk).exclude(
            status=ReportSnapshot.Status.BUILDING
        ).update(status=ReportSnapshot.Status.QUEUED, requested_by=requested_by, last_error="")
        outbox_enqueue(BUILD_TASK, [snapshot.pk])
    snapshot.refresh_from_db()
    return snapshot


def _snapshot_row(period: Period, locality_id: int | None) -> ReportSnapshot:
    lookup = {"period_start": period.start, "period_end": period.end}
    locality = {"locality_id": locality_id} if locality_id else {"locality__isnull": True}
    found = ReportSnapshot.objects.filter(**lookup, **locality).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():  # a savepoint: losing the race is not an error
            return ReportSnapshot.objects.create(**lookup, locality_id=locality_id)
    except IntegrityError:
        return ReportSnapshot.objects.get(**lookup, **locality)


def snapshots_request_month(*, period: Period, requested_by: User | None = None) -> int:
    """Queue the snapshots of `period`: the whole borough and each active locality.
    Returns how many were queued."""
    locality_ids: list[int | None] = [None]
    locality_ids += list(
        Locality.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    for locality_id in locality_ids:
        snapshot_request(period=period, locality_id=locality_id, requested_by=requested_by)
    return len(locality_ids)


def snapshots_schedule(*, today: date | None = None, month_end: bool = False) -> int:
    """The beat's job. Nightly: the month that yesterday was in (the month so far, and on
    the 1st the month just ended). At month end: the month just ended again, once the last
    day's late entries are in. Earlier months are never rebuilt by the schedule, so they
    stay as they were reported; a manager's rebuild is the only way to change one."""
    today = today or timezone.localdate()
    period = (
        month_of(today.replace(day=1) - timedelta(days=1))
        if month_end
        else month_of(today - timedelta(days=1))
    )
    return snapshots_request_month(period=period)


def snapshot_claim(snapshot_id: int, *, now: object = None) -> str | None:
    """Claim the snapshot for this worker: the claim token, or None when another worker
    holds it (or it does not exist). One conditional UPDATE: only one claimer can win."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimable = ~Q(status=ReportSnapshot.Status.BUILDING) | Q(claimed_at__lt=now - STALE_BUILD)  # type: ignore[operator]
    won = ReportSnapshot.objects.filter(claimable, pk=snapshot_id).update(
        status=ReportSnapshot.Status.BUILDING, claim=token, claimed_at=now
    )
    return token if won else None


def snapshot_build(*, snapshot_id: int) -> bool:
    """Build the snapshot's figures now, if this worker can claim it. True when built;
    False when another worker holds it or it is gone. A failure is recorded on the row
    (status FAILED, the error's class) and raised."""
    token = snapshot_claim(snapshot_id)
    if token is None:
        return False
    snapshot = ReportSnapshot.objects.get(pk=snapshot_id)
    scope = Scope(Period(snapshot.period_start, snapshot.period_end), snapshot.locality_id)
    started = clock.monotonic()
    try:
        measures = report_build(scope)
    except Exception as error:
        ReportSnapshot.objects.filter(pk=snapshot_id, claim=token).update(
            status=ReportSnapshot.Status.FAILED, last_error=type(error).__name__[:300]
        )
        raise
    saved = ReportSnapshot.objects.filter(pk=snapshot_id, claim=token).update(
        status=ReportSnapshot.Status.READY,
        measures=measures,
        code_version=code_version(),
        definitions_version=definitions_version(),
        built_at=timezone.now(),
        build_seconds=round(clock.monotonic() - started, 3),
        claim="",
    )
    return bool(saved)
