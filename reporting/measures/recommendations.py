"""Measures of recommendations: the 20-working-day limit, and the universal offer (§6, 3–4)."""

from __future__ import annotations

import inspect

from django.db.models import Avg, Count, F, Q

from caf.models import Recommendation
from pathway.models import Case
from reporting.measures.base import Scope, caf_recommendations_due, universal_follow_ups
from reporting.report import DATE, NUMBER, TEXT, Figure, Measure, Table, percent, summary_table

# The report lists the first breaches by due date; the drill-down (paginated, exportable)
# lists every one. Kept short: the list is stored in every snapshot.
BREACHES_LISTED = 100


def caf_compliance(scope: Scope) -> Measure:
    """The 20-working-day limit for CAF recommendations.

    Denominator: CAF recommendations due in the period (`due_on`, the 20th working day after
    the day the recommendation was made, England and Wales bank holidays and the council's
    closure days excluded; fixed when it was made), not withdrawn, whose outcome is known on
    the day the report is built: completed, or still open with the due day passed.
    On time: completed on or before `due_on`. Breach: completed after `due_on`, or still open
    after it. Not yet due (open, due today or later) is shown apart and is in neither.
    The first 100 breaches by due date are listed (case, dates) for those who may see the
    cases; the drill-down from "Breaches" lists them all.
    """
    today = scope.as_of
    due = caf_recommendations_due(scope)
    on_time_q = Q(completed_on__isnull=False, completed_on__lte=F("due_on"))
    late_q = Q(completed_on__isnull=False, completed_on__gt=F("due_on"))
    overdue_q = Q(completed_on__isnull=True, due_on__lt=today)
    pending_q = Q(completed_on__isnull=True, due_on__gte=today)
    counts = due.aggregate(
        on_time=Count("pk", filter=on_time_q),
        late=Count("pk", filter=late_q),
        overdue=Count("pk", filter=overdue_q),
        pending=Count("pk", filter=pending_q),
    )
    decided = counts["on_time"] + counts["late"] + counts["overdue"]
    breaches = counts["late"] + counts["overdue"]
    summary = summary_table()
    summary.add(
        "Due in the period, outcome known",
        "decided",
        value=Figure(decided, drill="caf_due:decided"),
    )
    summary.add(
        "Completed on time", "on_time", value=Figure(counts["on_time"], drill="caf_due:on_time")
    )
    summary.add("On time (%)", "on_time_percent", value=percent(counts["on_time"], decided))
    summary.add("Breaches", "breaches", value=Figure(breaches, drill="caf_due:breach"))
    summary.add("Completed late", "late", value=Figure(counts["late"], drill="caf_due:late"))
    summary.add(
        "Open past the limit", "overdue", value=Figure(counts["overdue"], drill="caf_due:overdue")
    )
    summary.add("Not yet due", "pending", value=Figure(counts["pending"], drill="caf_due:pending"))

    listed = Table(
        "breaches",
        "Breaches of the 20-working-day limit",
        [
            ("case", "Case"),
            ("locality", "Locality"),
            ("made_on", "Made on"),
            ("due_on", "Due on"),
            ("completed_on", "Completed on"),
            ("days_late", "Days late"),
        ],
        personal=True,
    )
    rows = (
        due.filter(late_q | overdue_q)
        .order_by("due_on", "pk")
        .values_list("case_id", "case__locality__name", "made_on", "due_on", "completed_on")[
            :BREACHES_LISTED
        ]
    )
    for case_id, locality, made_on, due_on, completed_on in rows:
        until = completed_on or today
        listed.add(
            Case.reference_for(case_id),
            str(case_id),
            case=Case.reference_for(case_id),
            locality=locality or "",
            made_on=Figure(made_on.isoformat(), DATE),
            due_on=Figure(due_on.isoformat(), DATE),
            completed_on=Figure(
                completed_on.isoformat() if completed_on else "Not completed", TEXT
            ),
            days_late=Figure((until - due_on).days, NUMBER),
        )
    notes = []
    if breaches > BREACHES_LISTED:
        notes.append(
            f"The first {BREACHES_LISTED} breaches by due date are listed; follow Breaches for all."
        )
    return Measure(
        "caf_compliance",
        "20-working-day limit for CAF recommendations",
        inspect.getdoc(caf_compliance) or "",
        [summary, listed],
        notes,
    )


def universal_uptake(scope: Scope) -> Measure:
    """Uptake of the universal offer, and satisfaction.

    Universal recommendations whose follow-up with the family was recorded in the period
    (`completed_on`). Uptake: the share taken up of all followed up (taken up, declined,
    not contactable). Satisfaction: of those with a score, the number at each score from
    1 (very dissatisfied) to 5 (very satisfied) and the mean score.
    """
    follow_ups = universal_follow_ups(scope)
    uptake = dict(follow_ups.order_by().values_list("uptake").annotate(n=Count("pk")))
    total = sum(uptake.values())
    table = Table(
        "uptake",
        "Uptake of the universal offer",
        [("count", "Families"), ("share", "Share (%)")],
        chart="count",
    )
    for choice in Recommendation.Uptake:
        n = uptake.get(choice.value, 0)
        table.add(
            choice.label,
            choice.value,
            count=Figure(n, drill=f"uptake:{choice.value}"),
            share=percent(n, total),
        )
    table.add(
        "All followed up",
        "total",
        count=Figure(total, drill="uptake:all"),
        share=percent(total, total),
    )

    scored = follow_ups.filter(satisfaction__isnull=False)
    scores = dict(scored.order_by().values_list("satisfaction").annotate(n=Count("pk")))
    rated = sum(scores.values())
    satisfaction = Table(
        "satisfaction",
        "Satisfaction (1 very dissatisfied to 5 very satisfied)",
        [("count", "Families"), ("share", "Share (%)")],
        chart="count",
    )
    for score in range(1, 6):
        n = scores.get(score, 0)
        satisfaction.add(
            str(score),
            str(score),
            count=Figure(n, drill=f"satisfaction:{score}"),
            share=percent(n, rated),
        )
    mean = scored.aggregate(mean=Avg("satisfaction"))["mean"]
    summary = summary_table()
    summary.add("Followed up", "followed_up", value=Figure(total, drill="uptake:all"))
    summary.add("Taken up (%)", "taken_up_percent", value=percent(uptake.get("taken_up", 0), total))
    summary.add(
        "Satisfaction scores recorded", "rated", value=Figure(rated, drill="satisfaction:all")
    )
    summary.add(
        "Mean satisfaction (1–5)",
        "mean",
        value=Figure(round(mean, 2) if mean is not None else None, NUMBER, base=rated),
    )
    return Measure(
        "universal_uptake",
        "Universal offer: uptake and satisfaction",
        inspect.getdoc(universal_uptake) or "",
        [summary, table, satisfaction],
    )
