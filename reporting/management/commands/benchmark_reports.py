"""Time the performance report on whatever data is loaded (generate_data --families N).

Three numbers, as issue 13 asks: a period's full report computed from the records; the
dashboard page served from snapshots (p50/p95 over --runs requests); and the peak memory
(RSS) of the process that streams an export of every case behind the contacts of the whole
data range, against a process that exports nothing. Results go to docs/performance.md by
hand, with the data size and the machine they were measured on.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.test import Client

from caf.models import Recommendation, StepUp
from localities.models import Agency
from pathway.calendar import working_calendar_for
from pathway.choices import Role
from pathway.models import Case, Contact, User
from reporting.exports import CASE_COLUMNS, case_rows, csv_stream
from reporting.measures import drill_cases, report_build
from reporting.measures.base import Scope
from reporting.models import ReportSnapshot
from reporting.report import LONDON, Period, month_of
from reporting.services import snapshot_build, snapshot_request
from screening.models import Screening, ScreeningTool

BENCHMARK_USER = "benchmark.manager"


class Command(BaseCommand):
    help = "Time the performance report, the dashboard from snapshots, and an export's memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--month", help="YYYY-MM for the report and dashboard (default: the busiest month)"
        )
        parser.add_argument("--runs", type=int, default=20, help="Dashboard requests to time")
        parser.add_argument(
            "--add-decisions",
            action="store_true",
            help="First give every unscreened contact an applied screening (and its CAF or "
            "universal recommendation or step-up): generate_data makes none (needs DEBUG)",
        )
        parser.add_argument("--export-only", choices=["all", "none"], help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export_only"]:
            self._export(everything=options["export_only"] == "all")
            return
        if options["add_decisions"]:
            if not settings.DEBUG:
                raise CommandError("--add-decisions writes synthetic records: only with DEBUG=true")
            made = add_decisions()
            self.stdout.write(f"Added {made:,} screenings with their outcomes")
        contacts = Contact.objects.count()
        bounds = Contact.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
        self.stdout.write(f"Data: {contacts:,} contacts, {Case.objects.count():,} cases")
        if not contacts:
            self.stdout.write("Nothing to measure: load data with generate_data --families N")
            return
        month = (
            month_of(date.fromisoformat(f"{options['month']}-01"))
            if options["month"]
            else _busiest_month()
        )
        in_month = Contact.objects.filter(
            received_at__gte=month.start_at, received_at__lt=month.end_at
        ).count()
        self.stdout.write(f"Period: {month.label()} ({in_month:,} contacts received in it)")

        timings = []
        for _ in range(3):
            started = time.perf_counter()
            report_build(Scope(month))
            timings.append(time.perf_counter() - started)
        self.stdout.write(
            f"Full report, computed: best {min(timings):.3f}s, worst {max(timings):.3f}s (3 runs)"
        )
        year = Period(bounds["last"].date().replace(month=1, day=1), bounds["last"].date())
        started = time.perf_counter()
        report_build(Scope(year))
        self.stdout.write(
            f"Full report for {year.label()}, computed: {time.perf_counter() - started:.3f}s"
        )

        for period in (month, month.previous(), month.year_before()):
            snapshot = snapshot_request(period=period, locality_id=None)
            snapshot_build(snapshot_id=snapshot.pk)
        manager = _benchmark_manager()
        client = Client()
        client.force_login(manager)
        url = f"/reports/?from={month.start.isoformat()}&to={month.end.isoformat()}"
        client.get(url, HTTP_HOST="localhost")  # warm
        times = []
        for _ in range(options["runs"]):
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        self.stdout.write(
            f"Dashboard from snapshots: p50 {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms ({options['runs']} requests, "
            f"{ReportSnapshot.objects.filter(status='ready').count()} snapshots ready)"
        )

        baseline = self._child("none")
        full = self._child("all")
        self.stdout.write(
            f"Export of {full['rows']:,} rows (CSV, streamed): peak RSS {full['rss_mb']:.1f} MB, "
            f"against {baseline['rss_mb']:.1f} MB for a process exporting nothing; "
            f"{full['seconds']:.1f}s"
        )

    def _child(self, which: str) -> dict[str, float]:
        output = subprocess.run(  # noqa: S603 - this very command, no user input
            [
                sys.executable,
                str(settings.BASE_DIR / "manage.py"),
                "benchmark_reports",
                "--export-only",
                which,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return {"rows": int(output[0]), "rss_mb": float(output[1]), "seconds": float(output[2])}

    def _export(self, *, everything: bool) -> None:
        """Stream every case behind the contacts of the whole data range to nowhere, as
        the export does (csv_stream over an iterator), and print rows, peak RSS, seconds."""
        started = time.perf_counter()
        rows = 0
        if everything:
            bounds = Contact.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
            period = Period(bounds["first"].date(), bounds["last"].date())
            cases = drill_cases(Scope(period), "received").order_by("pk")
            for _chunk in csv_stream(CASE_COLUMNS, case_rows(cases)):
                rows += 1
            rows -= 1  # the header
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"{rows} {peak_mb:.1f} {time.perf_counter() - started:.2f}")


def _busiest_month() -> Period:
    busiest = (
        Contact.objects.annotate(month=TruncMonth("received_at", tzinfo=LONDON))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return month_of(busiest["month"].date()) if busiest else month_of(date.today())


def _benchmark_manager() -> User:
    user, _ = User.objects.get_or_create(
        username=BENCHMARK_USER, defaults={"first_name": "Benchmark"}
    )
    user.groups.add(Group.objects.get(name=Role.MANAGER))
    return user


# Shares of the screening decisions in the synthetic data (roughly Stockport's first weeks).
DECISIONS = [
    ("caf", 34),
    ("universal", 45),
    ("existing_caf", 1),
    ("step_up", 8),
    ("advice", 7),
    ("nfa", 5),
]


def add_decisions(batch: int = 5000) -> int:
    """Synthetic outcomes for the benchmark: every contact without a screening gets one,
    applied a few hours after it was received, with the recommendation or step-up its
    decision makes (the 20-working-day due date from the calendar; most completed, some
    late). Bulk inserts; no chronology, history or access log (the report reads none)."""
    rng = random.Random(2026)  # noqa: S311 - synthetic data, not a secret
    tool = ScreeningTool.objects.get(status=ScreeningTool.Status.ACTIVE)
    service = Agency.objects.filter(offers_universal_service=True).first()
    calendar = working_calendar_for(date.today(), span_days=4000)
    decisions = [d for d, weight in DECISIONS for _ in range(weight)]
    pending = Contact.objects.filter(screenings__isnull=True).order_by("pk")
    made = 0
    while True:
        rows = list(pending.values_list("pk", "case_id", "recorded_by_id", "received_at")[:batch])
        if not rows:
            return made
        screenings, recommendations, step_ups = [], [], []
        for contact_id, case_id, officer_id, received_at in rows:
            decision = rng.choice(decisions)
            decided_at = received_at + timedelta(hours=rng.uniform(0.5, 72))
            screenings.append(
                Screening(
                    contact_id=contact_id,
                    case_id=case_id,
                    tool=tool,
                    answers={},
                    score=10,
                    computed_level="targeted",
                    decision=decision,
                    rationale="Synthetic",
                    universal_service=service if decision == "universal" else None,
                    status=Screening.Status.APPLIED,
                    screened_by_id=officer_id,
                    screened_at=decided_at,
                )
            )
            made_on = decided_at.date()
            if decision in ("caf", "universal"):
                due_on = calendar.add_working_days(made_on, 20)
                done = rng.random() < 0.85
                completed = made_on + timedelta(days=rng.randint(5, 40)) if done else None
                recommendations.append(
                    Recommendation(
                        case_id=case_id,
                        kind=decision,
                        made_on=made_on,
                        due_on=due_on,
                        status="completed" if completed else "open",
                        completed_on=completed,
                        uptake=rng.choice(["taken_up"] * 7 + ["declined", "not_contactable"])
                        if completed and decision == "universal"
                        else "",
                        satisfaction=rng.randint(2, 5)
                        if completed and decision == "universal"
                        else None,
                    )
                )
            elif decision == "step_up":
                step_ups.append(
                    StepUp(
                        case_id=case_id,
                        reason="Synthetic",
                        from_stage="contact",
                        stepped_up_by_id=officer_id,
                        stepped_up_at=decided_at,
                        outcome=rng.choice(["accepted", "accepted", "nfa", "returned", ""]),
                    )
                )
        Screening.objects.bulk_create(screenings)
        Recommendation.objects.bulk_create(recommendations)
        StepUp.objects.bulk_create(step_ups)
        made += len(screenings)
