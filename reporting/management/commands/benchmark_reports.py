"""Time the performance report on whatever data is loaded (generate_data --families N).

Three numbers, as issue 13 asks: a period's full report computed from the records; the
dashboard page served from snapshots (p50/p95 over --runs requests); and the peak memory
(RSS) of the process that streams an export of every case behind the contacts of the whole
data range, against a process that exports nothing. Results go to docs/performance.md by
hand, with the data size and the machine they were measured on.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.test import Client

from pathway.choices import Role
from pathway.models import Case, Contact, User
from reporting.exports import CASE_COLUMNS, case_rows, csv_stream
from reporting.measures import drill_cases, report_build
from reporting.measures.base import Scope
from reporting.models import ReportSnapshot
from reporting.report import LONDON, Period, month_of
from reporting.services import snapshot_build, snapshot_request

BENCHMARK_USER = "benchmark.manager"


class Command(BaseCommand):
    help = "Time the performance report, the dashboard from snapshots, and an export's memory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--month", help="YYYY-MM for the report and dashboard (default: the busiest month)"
        )
        parser.add_argument("--runs", type=int, default=20, help="Dashboard requests to time")
        parser.add_argument("--export-only", choices=["all", "none"], help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export_only"]:
            self._export(everything=options["export_only"] == "all")
            return
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
        client.get(url)  # warm
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
