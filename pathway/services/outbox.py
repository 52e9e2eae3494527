"""The transactional outbox: work for Celery is saved with the change, then relayed.

A service that wants a task run calls `outbox_enqueue(task_name, args)` inside its
transaction. The row commits (or rolls back) with the change it belongs to, so a
committed change always has its work recorded and a rolled-back one never does, whether or
not the broker is up. After the commit, one quick attempt publishes the row at once; if the
broker is down the attempt is logged and the user's request carries on. The beat-scheduled
relay (`pathway.tasks.relay_outbox`, every 15 seconds; also `manage.py relay_outbox`)
publishes whatever is still pending once the broker is back (docs/adr/0010).

Each row is published by task name (`send_task`), so the core needs no import of the
feature app that owns the task. A row is claimed and marked sent in one short transaction:
locked with `FOR UPDATE SKIP LOCKED` on PostgreSQL (another relay skips it), and marked
with a conditional UPDATE that only one claimer can win on any database (SQLite has no row
locks: its single writer decides). If the publish fails the transaction rolls back and the
row stays pending. A row the broker has accepted is therefore never published again; the
one window left (published, then the process dies before its commit) is why every task
that receives outbox work is idempotent, as every task here already is (ADR 0003).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from pathway.models import OutboxMessage

logger = logging.getLogger(__name__)

# One retry, no waiting: a broker that refuses connections fails the attempt in
# milliseconds, so a request is never held up by an outage (kombu's defaults without a
# policy take seconds). The relay's next tick is the real retry.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
RELAY_BATCH_SIZE = 500
# Sent rows are kept this long (to answer "was it sent, and when?"), then purged.
SENT_KEPT_FOR = timedelta(days=7)
PURGE_BATCH_SIZE = 1000


@dataclass
class RelayResult:
    sent: int = 0
    failed: int = 0
    pending: int = 0
    purged: int = 0

    def __str__(self) -> str:
        return (
            f"sent {self.sent}, failed {self.failed}, still pending {self.pending}, "
            f"purged {self.purged}"
        )


def outbox_enqueue(task_name: str, args: list[Any] | None = None) -> OutboxMessage:
    """Record a task to run, in the caller's transaction; publish it once that commits.

    `args` are the task's positional arguments: ids and plain values, never personal data.
    Never raises because the broker is down: the row waits for the relay.
    """
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args or []))
    pk = message.pk
    # robust: even an unexpected error in the attempt cannot fail the caller's request.
    transaction.on_commit(lambda: _publish_after_commit(pk), robust=True)
    return message


def outbox_relay(*, batch_size: int = RELAY_BATCH_SIZE) -> RelayResult:
    """Publish the pending rows, oldest first; stop at the first sign the broker is down.

    Safe to run twice, or on two workers at once: each row is published by whoever claims
    it, and only once.
    """
    result = RelayResult()
    pending = list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    for pk in pending:
        outcome = _send_one(pk)
        if outcome is None:
            continue  # sent by someone else meanwhile, or held by another relay right now
        if outcome is True:
            result.sent += 1
            continue
        result.failed += 1
        if isinstance(outcome, OperationalError | OSError):
            break  # the broker is unreachable: the rest would fail too; next tick
    result.pending = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    result.purged = _purge_sent()
    if result.failed:
        logger.warning("outbox relay: %s", result)
    return result


def _publish_after_commit(pk: int) -> None:
    try:
        _send_one(pk)
    except Exception:
        # Not even the database answered; the relay will find the row.
        logger.exception("outbox: could not attempt to publish message %s", pk)


def _send_one(pk: int) -> bool | Exception | None:
    """Claim, publish and mark one row sent. True if sent now, None if not ours to send,
    otherwise the exception that stopped the publish (recorded on the row)."""
    now = timezone.now()
    task_name = "?"
    try:
        with transaction.atomic():
            row = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if row is None:
                return None
            task_name = row.task_name
            won = OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(
                sent_at=now, attempts=F("attempts") + 1, last_attempt_at=now, last_error=""
            )
            if not won:
                return None
            # Raising here rolls the mark back: the row stays pending.
            current_app.send_task(
                task_name,
                args=row.args,
                task_id=f"outbox-{pk}",
                retry=True,
                retry_policy=PUBLISH_RETRY_POLICY,
            )
    except Exception as exc:
        _record_failure(pk, task_name, exc, now)
        return exc
    return True


def _record_failure(pk: int, task_name: str, exc: Exception, at: datetime) -> None:
    # The error names the broker's host and what went wrong, never the task's arguments.
    error = f"{type(exc).__name__}: {exc}"[:300]
    OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(
        attempts=F("attempts") + 1, last_attempt_at=at, last_error=error
    )
    logger.warning(
        "outbox: message %s (%s) not published, will retry: %s",
        pk,
        task_name,
        type(exc).__name__,
    )


def _purge_sent() -> int:
    """Delete sent rows older than SENT_KEPT_FOR, from the oldest, a batch at a time.

    Rows are added in id order, so the oldest ids are the candidates: reading them from
    the primary key costs the same however large the table is.
    """
    oldest = list(
        OutboxMessage.objects.order_by("pk").values_list("pk", flat=True)[:PURGE_BATCH_SIZE]
    )
    if not oldest:
        return 0
    cutoff = timezone.now() - SENT_KEPT_FOR
    deleted, _ = OutboxMessage.objects.filter(
        pk__in=oldest, sent_at__isnull=False, created_at__lt=cutoff
    ).delete()
    return deleted
