"""What every measure starts from: the period and locality asked for, and the records of
the pathway in them. Each query here is set-based (one aggregate per table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, F, FloatField, Func, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from caf.models import Recommendation, StepDown, StepUp
from pathway.models import Case, Contact
from reporting.report import Period
from screening.models import Screening


@dataclass(frozen=True)
class Scope:
    """A period, and a locality (None: the whole borough). `today` fixes "overdue" and
    "window elapsed" so a report built twice on one day says the same."""

    period: Period
    locality_id: int | None = None
    today: Any = None

    @property
    def as_of(self) -> Any:
        return self.today or timezone.localdate()

    def in_locality(self, queryset: QuerySet[Any], path: str = "case__locality_id") -> Any:
        if self.locality_id is None:
            return queryset
        return queryset.filter(**{path: self.locality_id})


def decided_screenings(scope: Scope) -> QuerySet[Screening]:
    """Screenings whose decision took effect in the period: status "applied", on the day
    it applied (the sign-off, when it needed one, else the screening), in the case's
    locality. A contact has at most one such screening."""
    screenings = Screening.objects.filter(status=Screening.Status.APPLIED).annotate(
        decided_at=Coalesce("signed_off_at", "screened_at")
    )
    screenings = screenings.filter(
        decided_at__gte=scope.period.start_at, decided_at__lt=scope.period.end_at
    )
    return scope.in_locality(screenings)


def contacts_received(scope: Scope) -> QuerySet[Contact]:
    """Contacts received in the period (`received_at`), in the case's locality."""
    contacts = Contact.objects.filter(
        received_at__gte=scope.period.start_at, received_at__lt=scope.period.end_at
    )
    return scope.in_locality(contacts)


def caf_recommendations_due(scope: Scope) -> QuerySet[Recommendation]:
    """CAF recommendations due (`due_on`) in the period, not withdrawn."""
    recommendations = Recommendation.objects.filter(
        kind=Recommendation.Kind.CAF,
        due_on__gte=scope.period.start,
        due_on__lte=scope.period.end,
    ).exclude(status=Recommendation.Status.WITHDRAWN)
    return scope.in_locality(recommendations)


def universal_follow_ups(scope: Scope) -> QuerySet[Recommendation]:
    """Universal recommendations followed up (`completed_on`) in the period."""
    recommendations = Recommendation.objects.filter(
        kind=Recommendation.Kind.UNIVERSAL,
        completed_on__gte=scope.period.start,
        completed_on__lte=scope.period.end,
    ).exclude(uptake="")
    return scope.in_locality(recommendations)


def step_ups(scope: Scope) -> QuerySet[StepUp]:
    """Step-ups to social care made (`stepped_up_at`) in the period."""
    rows = StepUp.objects.filter(
        stepped_up_at__gte=scope.period.start_at, stepped_up_at__lt=scope.period.end_at
    )
    return scope.in_locality(rows)


def step_downs(scope: Scope) -> QuerySet[StepDown]:
    """Step-downs from social care made (`stepped_down_at`) in the period."""
    rows = StepDown.objects.filter(
        stepped_down_at__gte=scope.period.start_at, stepped_down_at__lt=scope.period.end_at
    )
    return scope.in_locality(rows)


def cases_of(queryset: QuerySet[Any], path: str = "case_id") -> QuerySet[Case]:
    """The cases behind a set of records, as a case queryset (for drill-down)."""
    return Case.objects.filter(pk__in=queryset.values(path))


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of an expression (0.5: the median)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


class EpochHours(Func):
    """The hours in a duration (an interval on PostgreSQL)."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 3600.0)"
    output_field = FloatField()


class PlusMonths(Func):
    """A moment plus a whole number of months (PostgreSQL's interval arithmetic)."""

    template = "(%(expressions)s + make_interval(months => %(months)s))"

    def __init__(self, expression: Any, months: int, **extra: Any) -> None:
        super().__init__(expression, months=int(months), **extra)


def hours_between(later: str, earlier: str) -> EpochHours:
    return EpochHours(F(later) - F(earlier))
