"""Measures at the social-care threshold (§6, 7–8) and the invest-to-save estimate."""

from __future__ import annotations

import inspect
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from caf.models import StepUp
from pathway.choices import Decision
from reporting.measures.base import PlusMonths, Scope, decided_screenings, step_downs, step_ups
from reporting.models import UnitCost
from reporting.report import LONDON, MONEY, Figure, Measure, Table, percent, summary_table


def step_down_window_months() -> int:
    return int(getattr(settings, "REPORT_STEP_DOWN_WINDOW_MONTHS", 12))


def annotated_step_downs(scope: Scope):  # type: ignore[no-untyped-def]
    """Step-downs in the period, each with whether the family was stepped up again within
    the window, and whether the window has ended."""
    months = step_down_window_months()
    rows = step_downs(scope).annotate(window_end=PlusMonths("stepped_down_at", months))
    again = StepUp.objects.filter(
        case__family_id=OuterRef("case__family_id"),
        stepped_up_at__gt=OuterRef("stepped_down_at"),
        stepped_up_at__lte=OuterRef("window_end"),
    )
    now = scope_now(scope)
    return rows.annotate(stepped_up_again=Exists(again)).annotate(
        window_over=Q(window_end__lte=now)
    )


def scope_now(scope: Scope) -> datetime:
    """The moment the report is "as of": now, or the end of the scope's fixed day."""
    if scope.today is None:
        return timezone.now()
    return datetime.combine(scope.today + timedelta(days=1), time.min, tzinfo=LONDON)


def successful_step_down(scope: Scope) -> Measure:
    """Successful step-down from social care via CAF/TAC.

    Step-downs from social care made in the period (`stepped_down_at`, Europe/London days;
    locality: the case's). Successful: the family was not stepped up to social care again
    within the window (REPORT_STEP_DOWN_WINDOW_MONTHS, 12 months by default) after the
    step-down, and the window has ended. Not successful: stepped up again within the window.
    Too soon to tell: not stepped up again, window still running. The rate is successful
    out of successful plus not successful.
    """
    counts = annotated_step_downs(scope).aggregate(
        total=Count("pk"),
        failed=Count("pk", filter=Q(stepped_up_again=True)),
        successful=Count("pk", filter=Q(stepped_up_again=False, window_over=True)),
        too_soon=Count("pk", filter=Q(stepped_up_again=False, window_over=False)),
    )
    known = counts["successful"] + counts["failed"]
    months = step_down_window_months()
    table = summary_table()
    table.add(
        "Step-downs in the period", "total", value=Figure(counts["total"], drill="step_down:all")
    )
    table.add(
        f"Not stepped up again within {months} months",
        "successful",
        value=Figure(counts["successful"], drill="step_down:successful"),
    )
    table.add(
        f"Stepped up again within {months} months",
        "failed",
        value=Figure(counts["failed"], drill="step_down:failed"),
    )
    table.add(
        "Too soon to tell", "too_soon", value=Figure(counts["too_soon"], drill="step_down:too_soon")
    )
    table.add("Successful (%)", "successful_percent", value=percent(counts["successful"], known))
    return Measure(
        "step_down", "Successful step-down", inspect.getdoc(successful_step_down) or "", [table]
    )


def _month_label(month: date) -> str:
    return f"{month:%B %Y}"


def referrals_to_social_care(scope: Scope) -> Measure:
    """Reduction of inappropriate referrals to social care (NI68-style), month by month.

    Step-ups: step-ups to social care made in the period (`stepped_up_at`); "went on to
    assessment" those social care recorded as accepted for assessment; the share is of the
    step-ups whose outcome social care has recorded (no further action, returned, or
    accepted); awaiting an outcome is shown apart. Diverted below the threshold: screenings
    decided in the period (as "Families and contacts screened") with any decision other than
    step-up; the share is of all screenings decided. Months are calendar months in
    Europe/London, the first and last cut to the period.
    """
    ups = step_ups(scope).annotate(month=TruncMonth("stepped_up_at", tzinfo=LONDON))
    up_rows = (
        ups.order_by()
        .values("month")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(outcome=StepUp.Outcome.ACCEPTED)),
            decided=Count("pk", filter=~Q(outcome="")),
        )
    )
    screenings = decided_screenings(scope).annotate(month=TruncMonth("decided_at", tzinfo=LONDON))
    screen_rows = (
        screenings.order_by()
        .values("month")
        .annotate(total=Count("pk"), diverted=Count("pk", filter=~Q(decision=Decision.STEP_UP)))
    )
    by_month: dict[date, dict[str, int]] = {m: {} for m in scope.period.months()}
    for row in up_rows:
        by_month.setdefault(row["month"].date(), {}).update(
            step_ups=row["total"], accepted=row["accepted"], decided=row["decided"]
        )
    for row in screen_rows:
        by_month.setdefault(row["month"].date(), {}).update(
            screened=row["total"], diverted=row["diverted"]
        )
    trend = Table(
        "trend",
        "Month by month",
        [
            ("step_ups", "Step-ups"),
            ("accepted", "Went on to assessment"),
            ("assessed_percent", "Went on to assessment (% of outcomes known)"),
            ("screened", "Screenings decided"),
            ("diverted", "Diverted below the threshold"),
            ("diverted_percent", "Diverted (%)"),
        ],
        chart="diverted_percent",
    )
    totals = dict.fromkeys(["step_ups", "accepted", "decided", "screened", "diverted"], 0)
    for month in sorted(by_month):
        row = by_month[month]
        for key in totals:
            totals[key] += row.get(key, 0)
        trend.add(
            _month_label(month),
            month.isoformat()[:7],
            step_ups=Figure(row.get("step_ups", 0), drill=f"step_up:{month:%Y-%m}"),
            accepted=Figure(row.get("accepted", 0), drill=f"step_up_accepted:{month:%Y-%m}"),
            assessed_percent=percent(row.get("accepted", 0), row.get("decided", 0)),
            screened=Figure(row.get("screened", 0), drill=f"screened:{month:%Y-%m}"),
            diverted=Figure(row.get("diverted", 0), drill=f"diverted:{month:%Y-%m}"),
            diverted_percent=percent(row.get("diverted", 0), row.get("screened", 0)),
        )
    summary = summary_table()
    summary.add("Step-ups", "step_ups", value=Figure(totals["step_ups"], drill="step_up:all"))
    summary.add(
        "Awaiting social care's outcome",
        "awaiting",
        value=Figure(totals["step_ups"] - totals["decided"], drill="step_up:awaiting"),
    )
    summary.add(
        "Went on to assessment",
        "accepted",
        value=Figure(totals["accepted"], drill="step_up_accepted:all"),
    )
    summary.add(
        "Went on to assessment (% of outcomes known)",
        "assessed_percent",
        value=percent(totals["accepted"], totals["decided"]),
    )
    summary.add(
        "Contacts diverted below the threshold",
        "diverted",
        value=Figure(totals["diverted"], drill="diverted:all"),
    )
    summary.add(
        "Diverted (% of screenings)",
        "diverted_percent",
        value=percent(totals["diverted"], totals["screened"]),
    )
    return Measure(
        "social_care_referrals",
        "Referrals to social care (NI68-style)",
        inspect.getdoc(referrals_to_social_care) or "",
        [summary, trend],
    )


def unit_costs_on(day: date) -> dict[str, UnitCost]:
    """For each kind, the unit cost in force on `day` (latest effective_from not after it)."""
    rows = (
        UnitCost.objects.filter(effective_from__lte=day)
        .order_by("kind", "-effective_from")
        .distinct("kind")
    )
    return {row.kind: row for row in rows}


def _smallest_nonzero(*counts: int) -> int:
    """The count a figure made from several is most revealing of (for suppression)."""
    return min((c for c in counts if c), default=0)


def invest_to_save(scope: Scope) -> Measure:
    """Invest to save: an ESTIMATE of the cost avoided, not a measured saving.

    Method: each contact diverted below the social-care threshold in the period (as in
    "Referrals to social care") is assumed to have avoided one social-care family
    assessment, at the unit cost in force on the period's last day. The early help given
    instead is costed as one package of family support (10 × 1 hour) for each CAF
    recommendation made at screening in the period (as in "Screening outcomes"). The net
    estimate is the first less the second. The cost of a child taken into care is shown
    for reference; it is not in the estimate (the service does not record care avoided).
    Unit costs are set by an administrator as dated reference data.
    """
    costs = unit_costs_on(scope.period.end)
    counts = decided_screenings(scope).aggregate(
        diverted=Count("pk", filter=~Q(decision=Decision.STEP_UP)),
        caf=Count("pk", filter=Q(decision=Decision.CAF)),
    )

    def amount(kind: str) -> Decimal | None:
        return costs[kind].amount if kind in costs else None

    assessment = amount(UnitCost.Kind.SOCIAL_CARE_ASSESSMENT)
    support = amount(UnitCost.Kind.FAMILY_SUPPORT)
    avoided = assessment * counts["diverted"] if assessment is not None else None
    spent = support * counts["caf"] if support is not None else None
    net = avoided - spent if avoided is not None and spent is not None else None

    def money(value: Decimal | None, count: int | None = None) -> Figure:
        return Figure(float(value) if value is not None else None, MONEY, base=count)

    table = summary_table("Estimate")
    table.add(
        "Contacts diverted below the threshold",
        "diverted",
        value=Figure(counts["diverted"], drill="diverted:all"),
    )
    table.add(
        "Estimated social-care assessments avoided (£)",
        "avoided",
        value=money(avoided, counts["diverted"]),
    )
    table.add("CAF recommendations made", "caf", value=Figure(counts["caf"], drill="outcome:caf"))
    table.add(
        "Estimated cost of family support given (£)", "support", value=money(spent, counts["caf"])
    )
    table.add(
        "Estimated net cost avoided (£)",
        "net",
        value=money(net, _smallest_nonzero(counts["diverted"], counts["caf"])),
    )
    units = Table(
        "unit_costs",
        "Unit costs used",
        [("amount", "Amount (£)"), ("effective_from", "From"), ("source", "Source")],
    )
    for kind in UnitCost.Kind:
        cost = costs.get(kind.value)
        units.add(
            kind.label,
            kind.value,
            amount=money(cost.amount if cost else None),
            effective_from=cost.effective_from.isoformat() if cost else "Not set",
            source=cost.source if cost else "",
        )
    notes = [
        "This is an estimate, not a measured saving. "
        + (inspect.getdoc(invest_to_save) or "").split("\n\n", 1)[1]
    ]
    return Measure(
        "invest_to_save",
        "Invest to save (estimate)",
        inspect.getdoc(invest_to_save) or "",
        [table, units],
        notes,
        estimate=True,
    )
