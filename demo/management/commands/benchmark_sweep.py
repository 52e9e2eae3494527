"""python manage.py benchmark_sweep [--recommendations N] [--batch-size B]

Times the deadline sweep over N open recommendations (default 100,000) and counts its
SQL queries, to show the cost is per batch, not per row. The rows are synthetic and
marked, and removed again with --clean. Results go in docs/performance.md.
"""

from __future__ import annotations

import os
import time
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caf.models import Recommendation
from caf.sweep import deadlines_sweep
from demo.organisation import ensure_organisation
from localities.models import Locality
from pathway.calendar import WorkingDayCalendar
from pathway.choices import Role, Stage
from pathway.models import Case, ChronologyEvent, Family, Membership, Notification, User

MARKER = "benchmark-sweep"


class Command(BaseCommand):
    help = "Time the deadline sweep over many open recommendations (synthetic, marked rows)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--recommendations", type=int, default=100_000)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--clean", action="store_true", help="Only remove the benchmark's rows")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or os.environ.get("ALLOW_DEMO_DATA", "").lower() == "true"):
            raise CommandError("benchmark_sweep writes synthetic rows: run it with DEBUG=true")
        self._clean()
        if options["clean"]:
            return
        n = options["recommendations"]
        today = timezone.localdate()
        self._create(n, today)
        self.stdout.write(f"{connection.vendor}: {n} open recommendations; sweeping as of {today}")

        for label in ("first run", "second run (nothing left to do)"):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = deadlines_sweep(today=today, batch_size=options["batch_size"])
                elapsed = time.perf_counter() - started
            per_batch = (len(queries.captured_queries) - 10) / max(result.batches, 1)
            self.stdout.write(
                f"{label}: {elapsed:.2f} s, {len(queries.captured_queries)} queries in "
                f"{result.batches} batches (~{per_batch:.1f} per batch); {result}"
            )
        self._clean()

    def _create(self, n: int, today: date) -> None:
        ensure_organisation()
        locality = Locality.objects.order_by("pk").first()
        assert locality is not None
        workers = self._staff(locality)
        calendar = WorkingDayCalendar()
        # A third overdue, a third inside the reminder window, a third later.
        made_on = [calendar.subtract_working_days(today, days) for days in (25, 17, 5)]
        batch = 5_000
        with transaction.atomic():
            for start in range(0, n, batch):
                size = min(batch, n - start)
                families = Family.objects.bulk_create(
                    Family(address_line_1=MARKER, postcode="SK1 3XE", locality=locality)
                    for _ in range(size)
                )
                cases = Case.objects.bulk_create(
                    Case(
                        family=f,
                        stage=Stage.ALLOCATED,
                        locality=locality,
                        lead_professional=workers[(start + i) % len(workers)],
                    )
                    for i, f in enumerate(families)
                )
                recs = []
                for i, case in enumerate(cases):
                    made = made_on[(start + i) % 3]
                    recs.append(
                        Recommendation(
                            case=case,
                            kind="caf",
                            made_on=made,
                            due_on=calendar.add_working_days(made, 20),
                        )
                    )
                Recommendation.objects.bulk_create(recs)

    def _staff(self, locality: Locality) -> list[User]:
        """A locality leader (who hears of every breach) and 50 lead professionals."""
        leader, created = User.objects.get_or_create(
            username=f"{MARKER}-leader", defaults={"email": "leader@example.gov.uk"}
        )
        if created:
            leader.groups.add(Group.objects.get(name=Role.LOCALITY_LEADER))
            Membership.objects.create(user=leader, locality=locality)
        workers = []
        for n in range(50):
            worker, _ = User.objects.get_or_create(
                username=f"{MARKER}-worker-{n}", defaults={"email": f"w{n}@example.gov.uk"}
            )
            workers.append(worker)
        return workers

    def _clean(self) -> None:
        families = Family.objects.filter(address_line_1=MARKER)
        cases = Case.objects.filter(family__in=families)
        with transaction.atomic():
            Notification.objects.filter(case__in=cases).delete()
            # The chronology refuses deletes through the ORM; benchmark rows go in raw SQL.
            event_ids = list(
                ChronologyEvent.objects.filter(Q(case__in=cases)).values_list("pk", flat=True)
            )
            with connection.cursor() as cursor:
                for start in range(0, len(event_ids), 10_000):
                    chunk = event_ids[start : start + 10_000]
                    table = ChronologyEvent._meta.db_table
                    placeholders = ",".join(["%s"] * len(chunk))
                    cursor.execute(
                        f"DELETE FROM {table} WHERE id IN ({placeholders})",  # noqa: S608
                        chunk,
                    )
            Recommendation.history.model.objects.filter(case_id__in=cases.values("pk")).delete()
            Recommendation.objects.filter(case__in=cases).delete()
            Case.history.model.objects.filter(family_id__in=families.values("pk")).delete()
            cases.delete()
            families.delete()
            Membership.objects.filter(user__username__startswith=MARKER).delete()
            User.objects.filter(username__startswith=MARKER).delete()
