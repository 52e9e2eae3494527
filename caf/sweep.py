"""The deadline sweep: reminders, breaches, escalations and overdue reviews.

The database is the source of truth: nothing waits in the broker for 20 days. Each run
works out, for "today", which open recommendations need a reminder (REMINDER_WORKING_DAYS
working days before they are due), which are overdue (from the working day after they
were due) and which Team Around the Family reviews are overdue, and acts on each once.

Once means once: every step claims its rows inside a transaction (rows another worker
holds are skipped, and a claimed row no longer matches), the notification has a unique
key, and each batch commits on its own. A worker killed mid-run loses only its current
batch's uncommitted work, which the next run redoes; a run missed for days catches up,
because every condition is "on or before today", not "exactly today".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from caf.models import Recommendation, TacPlan
from pathway import policy
from pathway.actors import DEADLINE_SWEEP
from pathway.calendar import WorkingDayCalendar, working_calendar_for
from pathway.formatting import govuk_date
from pathway.models import Case, ChronologyEvent, Notification
from pathway.services.chronology import chronology_record_many
from pathway.services.notifications import (
    NewNotification,
    notifications_create,
    notifications_requeue_unsent,
)


@dataclass
class SweepResult:
    today: date
    reminders: int = 0
    breaches: int = 0
    escalations: int = 0
    reviews_overdue: int = 0
    batches: int = 0
    notifications: int = 0
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Sweep for {govuk_date(self.today)}: {self.reminders} reminders, "
            f"{self.breaches} breaches, "
            f"{self.escalations} escalations, {self.reviews_overdue} overdue reviews "
            f"({self.batches} batches)"
        )


class Recipients:
    """Who hears about what, loaded once per sweep (not once per row)."""

    def __init__(self) -> None:
        self.leaders = policy.leaders_by_locality()
        self.seniors = policy.senior_practitioners()
        self.managers = policy.managers()

    def holders(self, rec: Due) -> list[int]:
        """Whoever must act on the recommendation."""
        if rec.kind == Recommendation.Kind.CAF:
            if rec.lead_professional_id:
                return [rec.lead_professional_id]
            return self.leaders.get(rec.locality_id or 0, []) or self.managers
        if rec.created_by_id is not None and rec.created_by_active:
            return [rec.created_by_id]
        return self.seniors

    def escalate_to(self, rec: Due) -> list[int]:
        if rec.kind == Recommendation.Kind.CAF:
            return self.leaders.get(rec.locality_id or 0, []) or self.managers
        return self.seniors or self.managers


@dataclass(frozen=True, slots=True)
class Due:
    """What the sweep needs of one recommendation: read as a plain row, not a model."""

    pk: int
    kind: str
    due_on: date
    case_id: int
    family_id: int
    lead_professional_id: int | None
    locality_id: int | None
    created_by_id: int | None
    created_by_active: bool | None

    ORDER = ("due_on", "pk")
    FIELDS = (
        "pk",
        "kind",
        "due_on",
        "case_id",
        "case__family_id",
        "case__lead_professional_id",
        "case__locality_id",
        "created_by_id",
        "created_by__is_active",
    )

    @property
    def case_reference(self) -> str:
        return Case.reference_for(self.case_id)

    @property
    def kind_label(self) -> str:
        return str(Recommendation.Kind(self.kind).label)


@dataclass(frozen=True, slots=True)
class DueReview:
    pk: int
    case_id: int
    lead_professional_id: int
    next_review_due: date

    ORDER = ("next_review_due", "pk")
    FIELDS = ("pk", "case_id", "lead_professional_id", "next_review_due")


def last_working_day(day: date, calendar: WorkingDayCalendar) -> date:
    """`day` if it is a working day, else the working day before it."""
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def deadlines_sweep(
    *, today: date | None = None, batch_size: int = 500, pause_seconds: float = 0.0
) -> SweepResult:
    """Send due reminders, mark and escalate breaches, flag overdue reviews. Idempotent."""
    today = today or timezone.localdate()
    calendar = working_calendar_for(today, span_days=60)
    anchor = last_working_day(today, calendar)
    result = SweepResult(today=today)
    recipients = Recipients()

    # Reminders: due within REMINDER_WORKING_DAYS working days and not yet overdue.
    horizon = calendar.add_working_days(anchor, settings.REMINDER_WORKING_DAYS)
    reminders = Recommendation.objects.filter(
        status=Recommendation.Status.OPEN,
        reminder_sent_on__isnull=True,
        breached_on__isnull=True,
        due_on__gte=anchor,
        due_on__lte=horizon,
    )
    _in_batches(
        reminders,
        Due,
        batch_size,
        pause_seconds,
        result,
        lambda recs: _remind(recs, today, recipients, result),
    )

    # Breaches: overdue from the working day after the due date.
    breaches = Recommendation.objects.filter(
        status=Recommendation.Status.OPEN, breached_on__isnull=True, due_on__lt=anchor
    )
    _in_batches(
        breaches,
        Due,
        batch_size,
        pause_seconds,
        result,
        lambda recs: _breach(recs, today, recipients, result),
    )

    # Team Around the Family reviews past their date.
    reviews = TacPlan.objects.filter(
        ended_on__isnull=True, review_overdue_flagged_on__isnull=True, next_review_due__lt=today
    )
    _in_batches(
        reviews,
        DueReview,
        batch_size,
        pause_seconds,
        result,
        lambda plans: _review_overdue(plans, today, result),
    )

    notifications_requeue_unsent()
    return result


def _in_batches(
    queryset: QuerySet[Any],
    row: type[Due] | type[DueReview],
    size: int,
    pause: float,
    result: SweepResult,
    act: Callable[[list[Any]], None],
) -> None:
    """Claim and act on `size` rows at a time, each batch in its own transaction.

    Rows are locked as they are read; rows another worker holds are skipped (it will
    act on them), and a row acted on no longer matches the query.
    """
    while True:
        with transaction.atomic():
            batch = queryset.order_by(*row.ORDER)
            if connection.features.has_select_for_update_skip_locked:
                batch = batch.select_for_update(skip_locked=True, of=("self",))
            rows = [row(*values) for values in batch.values_list(*row.FIELDS)[:size]]
            if not rows:
                return
            act(rows)
            result.batches += 1
        if pause:
            time.sleep(pause)


def _remind(recs: list[Due], today: date, who: Recipients, result: SweepResult) -> None:
    Recommendation.objects.filter(pk__in=[r.pk for r in recs]).update(reminder_sent_on=today)
    items: list[NewNotification] = []
    for rec in recs:
        task = (
            "CAF to complete"
            if rec.kind == Recommendation.Kind.CAF
            else "follow-up with the family"
        )
        message = (
            f"Case {rec.case_reference}: the {rec.kind_label} recommendation is due on "
            f"{govuk_date(rec.due_on)} ({task})"
        )
        items.extend(
            NewNotification(
                user_id=user_id,
                key=f"reminder:rec:{rec.pk}:user:{user_id}",
                kind=Notification.Kind.REMINDER,
                case_id=rec.case_id,
                message=message,
            )
            for user_id in who.holders(rec)
        )
    notifications_create(items)
    result.reminders += len(recs)
    result.notifications += len(items)


def _breach(recs: list[Due], today: date, who: Recipients, result: SweepResult) -> None:
    Recommendation.objects.filter(pk__in=[r.pk for r in recs]).update(
        breached_on=today, escalated_on=today
    )
    items: list[NewNotification] = []
    for rec in recs:
        message = (
            f"Case {rec.case_reference}: the {rec.kind_label} recommendation passed its "
            f"20-working-day limit on {govuk_date(rec.due_on)}"
        )
        items.extend(
            NewNotification(
                user_id=user_id,
                key=f"breach:rec:{rec.pk}:user:{user_id}",
                kind=Notification.Kind.BREACH,
                case_id=rec.case_id,
                message=message,
            )
            for user_id in who.holders(rec)
        )
        items.extend(
            NewNotification(
                user_id=user_id,
                key=f"escalation:rec:{rec.pk}:user:{user_id}",
                kind=Notification.Kind.ESCALATION,
                case_id=rec.case_id,
                message=f"Escalated to you: {message}",
            )
            for user_id in who.escalate_to(rec)
        )
        result.escalations += 1
    notifications_create(items)
    # The breach goes on the family's chronology too, in one insert for the batch.
    chronology_record_many(
        ChronologyEvent(
            family_id=rec.family_id,
            case_id=rec.case_id,
            action="recommendation.breached",
            summary=f"{rec.kind_label} recommendation overdue (due {govuk_date(rec.due_on)})",
            data={"recommendation": rec.pk, "system_actor": DEADLINE_SWEEP.code},
        )
        for rec in recs
    )
    result.breaches += len(recs)
    result.notifications += len(items)


def _review_overdue(plans: list[DueReview], today: date, result: SweepResult) -> None:
    TacPlan.objects.filter(pk__in=[p.pk for p in plans]).update(review_overdue_flagged_on=today)
    items = [
        NewNotification(
            user_id=plan.lead_professional_id,
            key=f"review:plan:{plan.pk}:due:{plan.next_review_due.isoformat()}",
            kind=Notification.Kind.REVIEW_OVERDUE,
            case_id=plan.case_id,
            message=f"Case {Case.reference_for(plan.case_id)}: the Team Around the Family review "
            f"was due on {govuk_date(plan.next_review_due)}",
        )
        for plan in plans
    ]
    notifications_create(items)
    result.reviews_overdue += len(plans)
    result.notifications += len(items)
