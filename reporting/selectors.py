"""Reads of the reports, for a user: from a stored snapshot when there is one for a past
period, else computed now; suppressed for anyone who may not drill down."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone

from pathway import policy
from pathway.models import Case, User
from reporting.measures import drill_cases, report_build
from reporting.measures.base import Scope
from reporting.models import ReportSnapshot
from reporting.report import COUNT, Period, month_of

# Counts from 1 to SMALL_NUMBER - 1 are suppressed for those who may not drill down.
SMALL_NUMBER = 5
# The earliest and latest dates a report may be asked for (ten years online, and then some).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
LONGEST_PERIOD_DAYS = 3700


def default_period(today: date | None = None) -> Period:
    """The last complete calendar month: its snapshot is ready, so the page opens at once."""
    today = today or timezone.localdate()
    return month_of(today.replace(day=1) - timedelta(days=1))


def period_check(start: date, end: date) -> Period:
    """The period from `start` to `end`, or ValidationError with field errors."""
    errors: dict[str, str] = {}
    for field, day in (("from", start), ("to", end)):
        if not EARLIEST <= day <= LATEST:
            errors[field] = f"Enter a date from {EARLIEST:%-d %B %Y} to {LATEST:%-d %B %Y}"
    if not errors and start > end:
        errors["to"] = "The end of the period must be the same as or after its start"
    if not errors and (end - start).days >= LONGEST_PERIOD_DAYS:
        errors["to"] = "A report covers at most ten years"
    if errors:
        raise ValidationError(errors)
    return Period(start, end)


@dataclass
class ReportRead:
    """A report as one user may read it."""

    data: dict[str, Any]
    scope: Scope
    may_drill_down: bool
    suppressed: bool
    snapshot: ReportSnapshot | None


def report_data(
    scope: Scope, *, today: date | None = None
) -> tuple[dict[str, Any], ReportSnapshot | None]:
    """The full report (not suppressed) for the scope: the stored snapshot of a whole past
    month when one is ready, else computed now."""
    today = today or timezone.localdate()
    period = scope.period
    if period.is_whole_month and period.end < today:
        snapshot = (
            snapshots_for(scope.locality_id)
            .filter(
                period_start=period.start,
                period_end=period.end,
                status=ReportSnapshot.Status.READY,
            )
            .first()
        )
        if snapshot is not None:
            return snapshot.measures, snapshot
    return report_build(scope), None


def snapshots_for(locality_id: int | None) -> QuerySet[ReportSnapshot]:
    """Snapshots of one locality, or of the whole borough for None."""
    if locality_id is None:
        return ReportSnapshot.objects.filter(locality__isnull=True)
    return ReportSnapshot.objects.filter(locality_id=locality_id)


def report_for_user(*, user: User, scope: Scope) -> ReportRead:
    """The report for `scope` as `user` may read it. The caller has asked
    policy.can_read_reports. Without drill-down, small numbers are suppressed and tables
    naming cases are withheld."""
    data, snapshot = report_data(scope)
    may_drill = policy.can_drill_down_report(user, scope.locality_id)
    if not may_drill:
        data = suppress(data)
    return ReportRead(data, scope, may_drill, not may_drill, snapshot)


def _small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_NUMBER


def suppress(report: dict[str, Any]) -> dict[str, Any]:
    """A copy of `report` safe for someone who may not see the cases: every count from 1
    to 4, and every figure computed from one (a percentage, a mean, a cost), is replaced
    by None and marked suppressed; tables that name cases are emptied and marked withheld;
    drill-down links are removed."""
    safe = copy.deepcopy(report)
    safe["suppressed"] = True
    for measure in safe["measures"]:
        for table in measure["tables"]:
            if table.get("personal"):
                table["rows"] = []
                table["withheld"] = True
                continue
            for row in table["rows"]:
                for cell in row["cells"].values():
                    cell.pop("drill", None)
                    small = (cell["kind"] == COUNT and _small(cell["value"])) or any(
                        _small(cell.get(key)) for key in ("base", "part")
                    )
                    if small:
                        cell["value"] = None
                        cell["suppressed"] = True
    return safe


def report_cases_for_user(*, user: User, scope: Scope, figure: str) -> QuerySet[Case]:
    """The cases behind `figure` that `user` may see, or PermissionError when the user may
    not drill down in this scope. Raises reporting.measures.UnknownFigure."""
    if not policy.can_drill_down_report(user, scope.locality_id):
        raise PermissionError("You may not see the cases behind this report")
    cases = drill_cases(scope, figure)
    return (
        cases.filter(pk__in=policy.cases_visible_to(user).values("pk"))
        .select_related("locality", "family")
        .order_by("pk")
    )


def snapshot_progress(period: Period) -> dict[str, Any]:
    """How far the stored snapshots of `period` are built: one per locality and one for the
    whole borough, by status (for the managers' rebuild panel)."""
    rows = ReportSnapshot.objects.filter(period_start=period.start, period_end=period.end)
    counts = dict.fromkeys(ReportSnapshot.Status.values, 0)
    for status, n in rows.order_by().values_list("status").annotate(n=Count("pk")):
        counts[status] = n
    total = sum(counts.values())
    latest = rows.filter(status=ReportSnapshot.Status.READY).order_by("-built_at").first()
    return {
        "total": total,
        "ready": counts["ready"],
        "busy": counts["queued"] + counts["building"],
        "failed": counts["failed"],
        "latest": latest,
        "whole_month": period.is_whole_month,
    }
