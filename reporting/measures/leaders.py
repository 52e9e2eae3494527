"""For leaders: caseload per worker against capacity."""

from __future__ import annotations

import inspect

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from pathway.choices import CASELOAD_STAGES
from pathway.models import Case, Membership
from reporting.measures.base import Scope
from reporting.report import NUMBER, TEXT, Figure, Measure, Table, percent, summary_table


def caseload_against_capacity(scope: Scope) -> Measure:
    """Caseload per worker against capacity (for leaders).

    On the day the report is built (not over the period): every active membership with a
    capacity (a caseholder) in the locality (the team's locality, or the membership's own),
    the worker's open cases as lead professional (stages allocated and Team Around the
    Family, in any locality) against that capacity. Totals: all caseholders' open cases
    against their total capacity; "at or over capacity" counts workers whose open cases are
    at least their capacity.
    """
    open_cases = (
        Case.objects.filter(
            lead_professional_id=OuterRef("user_id"), stage__in=sorted(CASELOAD_STAGES)
        )
        .order_by()
        .values("lead_professional_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = Membership.objects.active(scope.as_of).filter(
        capacity__isnull=False, user__is_active=True
    )
    if scope.locality_id is not None:
        members = members.filter(
            Q(team__locality_id=scope.locality_id) | Q(locality_id=scope.locality_id)
        )
    members = members.annotate(
        open_cases=Coalesce(Subquery(open_cases, output_field=IntegerField()), Value(0))
    )
    rows = members.select_related("user", "team").order_by(
        "team__name", "user__last_name", "user__username"
    )
    table = Table(
        "workers",
        "Caseload per worker",
        [
            ("team", "Team"),
            ("open_cases", "Open cases"),
            ("capacity", "Capacity"),
            ("used", "Used (%)"),
        ],
        chart="used",
    )
    # One row per caseholder (staff, not families): the totals add up the rows.
    totals = {"workers": 0, "open_cases": 0, "capacity": 0}
    over = 0
    for member in rows:
        held: int = member.open_cases  # type: ignore[attr-defined]
        capacity = member.capacity or 0
        totals["workers"] += 1
        totals["open_cases"] += held
        totals["capacity"] += capacity
        if held >= capacity:
            over += 1
        table.add(
            member.user.get_full_name() or member.user.username,
            member.user.username,
            team=Figure(member.team.name if member.team else "", TEXT),
            open_cases=Figure(held, NUMBER),
            capacity=Figure(capacity, NUMBER),
            used=percent(held, capacity),
        )
    summary = summary_table()
    summary.add("Caseholders", "workers", value=Figure(totals["workers"], NUMBER))
    summary.add("Open cases held", "open_cases", value=Figure(totals["open_cases"], NUMBER))
    summary.add("Total capacity", "capacity", value=Figure(totals["capacity"], NUMBER))
    summary.add(
        "Capacity used (%)", "used", value=percent(totals["open_cases"], totals["capacity"])
    )
    summary.add("Workers at or over capacity", "over", value=Figure(over, NUMBER))
    return Measure(
        "caseload",
        "Caseload against capacity",
        inspect.getdoc(caseload_against_capacity) or "",
        [summary, table],
    )
