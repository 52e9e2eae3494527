"""Reads for the information-governance auditor. Callers ask the policy first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from pathway.models import AccessLogEntry, Membership


@dataclass(frozen=True)
class OutsideLocalityCount:
    user_id: int
    records: int


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def access_outside_locality(*, day: date, more_than: int) -> list[OutsideLocalityCount]:
    """Users who opened more than `more_than` different cases outside every locality they
    work in (directly or through a locality team) on `day`. Users who work in no locality
    (the front door, managers, who work across the borough) are not counted. One query."""
    start, end = _day_bounds(day)
    active = Membership.objects.active(day)
    own_locality = active.filter(
        user_id=OuterRef("user_id"), locality_id=OuterRef("case__locality_id")
    )
    own_team_locality = active.filter(
        user_id=OuterRef("user_id"), team__locality_id=OuterRef("case__locality_id")
    )
    works_in_a_locality = active.filter(user_id=OuterRef("user_id")).exclude(
        locality__isnull=True, team__locality__isnull=True
    )
    rows = (
        AccessLogEntry.objects.filter(
            at__gte=start, at__lt=end, action=AccessLogEntry.Action.VIEW, case__isnull=False
        )
        .filter(Exists(works_in_a_locality))
        .exclude(Exists(own_locality))
        .exclude(Exists(own_team_locality))
        .values("user_id")
        .annotate(records=Count("case_id", distinct=True))
        .filter(records__gt=more_than)
        .order_by("user_id")
    )
    return [OutsideLocalityCount(row["user_id"], row["records"]) for row in rows]


def access_log_page_rows(entries: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
    """The access log as the search page and export show it (user and records joined)."""
    return entries.select_related("user", "case", "person", "family")
