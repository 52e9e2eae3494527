"""python manage.py benchmark_pages [--runs N] [--output FILE] [--write-docs]

Times every main page and API endpoint as each role uses it, in-process with Django's
test client (middleware, policy, templates, access log: everything but the network), and
compares each with the bare cost of its SQL:

* server time: `time.perf_counter` around `Client.get`, after one warm-up request; p50 and
  p95 over `--runs` requests (default 20);
* queries: how many statements the request ran (captured with `execute_wrapper`);
* bare SQL: the same statements with the same parameters replayed through a separate
  psycopg connection, in a transaction rolled back afterwards (the access-log insert is
  replayed too); p50 over the runs. The ratio server / bare says how much the
  application adds to what the database must do.

Users: the first active user of each role (seed_demo's contact.officer, locality.leader,
practitioner, senior.practitioner, manager, partner). The case opened is the one with the
most contacts among those the role may see. `--write-docs` replaces the block between
the benchmark markers in docs/performance.md with the results, the data size and the
machine. Read-only apart from the access log and session rows the requests write.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from pathway import policy
from pathway.choices import Role
from pathway.models import ChronologyEvent, Contact, Family, Person, User

START = "<!-- benchmark_pages:start -->"
END = "<!-- benchmark_pages:end -->"


@dataclass
class Result:
    role: str
    page: str
    url: str
    status: int
    runs: int
    p50_ms: float
    p95_ms: float
    queries: int
    bare_p50_ms: float

    @property
    def ratio(self) -> float:
        return self.p50_ms / self.bare_p50_ms if self.bare_p50_ms else 0.0


class _Recorder:
    """Collects each statement and its parameters as Django sends them to psycopg."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if not many:
            self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _host() -> str:
    """A host name the settings accept (ALLOWED_HOSTS may hold '*' or '.example.org')."""
    named = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")]
    return named[0] if named else "localhost"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "p50/p95 server time and query count of every main page and API endpoint, per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--output", help="Also write the results as JSON to this file")
        parser.add_argument("--write-docs", action="store_true", help="Update docs/performance.md")
        parser.add_argument("--only", help="Only pages whose name contains this")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("benchmark_pages replays SQL through psycopg: run it on PostgreSQL")
        runs = options["runs"]
        if runs < 2:
            raise CommandError("--runs must be at least 2")
        bare = psycopg.connect(**self._conninfo())
        results: list[Result] = []
        for role, user in self._users().items():
            client = Client(HTTP_HOST=_host())
            client.force_login(user)
            for name, url in self._pages(role, user):
                if options["only"] and options["only"] not in name:
                    continue
                result = self._measure(client, bare, role, name, url, runs)
                results.append(result)
                self.stdout.write(
                    f"{role:<20} {name:<28} {result.status} p50 {result.p50_ms:7.1f} ms "
                    f"p95 {result.p95_ms:7.1f} ms  {result.queries:3d} queries  "
                    f"bare {result.bare_p50_ms:6.1f} ms  x{result.ratio:.1f}"
                )
                self.stdout.flush()
        bare.close()
        if options["output"]:
            Path(options["output"]).write_text(
                json.dumps([{**asdict(r), "ratio": round(r.ratio, 2)} for r in results], indent=2)
            )
        if options["write_docs"]:
            self._write_docs(results, runs)

    # --- what is measured ----------------------------------------------------------------

    def _users(self) -> dict[str, User]:
        users = {}
        for role in (
            Role.CONTACT_OFFICER,
            Role.SENIOR_PRACTITIONER,
            Role.LOCALITY_LEADER,
            Role.PRACTITIONER,
            Role.PARTNER,
            Role.MANAGER,
        ):
            preferred = {Role.CONTACT_OFFICER: "contact.officer"}.get(role, "")
            candidates = User.objects.filter(is_active=True, groups__name=role).order_by("pk")
            user = candidates.filter(username=preferred).first() or candidates.first()
            if user is not None:
                users[str(role)] = user
        if not users:
            raise CommandError("No users: run seed_demo first (it creates one user per role)")
        return users

    def _pages(self, role: str, user: User) -> list[tuple[str, str]]:
        partner = policy.sees_partner_view(user)
        # A partner's home and case page are the partner portal's (the others redirect).
        home = reverse("partner-home") if partner else reverse("home")
        pages = [("home", home), ("notifications", reverse("notifications"))]
        if policy.can_list_cases(user):
            pages += [
                ("case list", reverse("case-list")),
                ("case list page 5", reverse("case-list") + "?page=5"),
                ("API cases", "/api/v1/cases/"),
            ]
        if policy.can_record_contacts(user):
            pages.append(("contact queue", reverse("contact-queue")))
        if policy.can_use_allocation_queue(user):
            pages.append(("allocation queue", reverse("allocation-queue")))
        if policy.can_view_caseloads(user):
            pages.append(("caseloads", reverse("caseloads")))
        if policy.can_search_people(user):
            surname = (
                Person.objects.values("family_name")
                .annotate(n=Count("pk"))
                .order_by("-n")
                .values_list("family_name", flat=True)
                .first()
            )
            if surname:
                pages += [
                    ("people search", f"{reverse('people-search')}?q={surname}"),
                    ("API people search", f"/api/v1/people/search/?q={surname}"),
                ]
        case = self._busiest_case(user)
        if case is not None:
            pages += [
                ("case page", reverse("partner-case" if partner else "case-detail", args=[case])),
                ("API case", f"/api/v1/cases/{case}/"),
                ("API case chronology", f"/api/v1/cases/{case}/chronology/"),
            ]
            contact = Contact.objects.filter(case_id=case).order_by("-received_at").first()
            if contact is not None and role != Role.PARTNER:
                pages.append(("contact page", reverse("contact-detail", args=[contact.pk])))
        return pages

    def _busiest_case(self, user: User) -> int | None:
        """The visible case with the most contacts, among the newest 2,000 the user sees
        (a long history, found without counting every case's contacts)."""
        recent = list(
            policy.cases_visible_to(user)
            .order_by("-opened_at", "-pk")
            .values_list("pk", flat=True)[:2000]
        )
        if not recent:
            return None
        row = (
            Contact.objects.filter(case_id__in=recent)
            .values("case_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "case_id")
            .first()
        )
        return row["case_id"] if row else recent[0]

    def _measure(
        self, client: Client, bare: psycopg.Connection, role: str, name: str, url: str, runs: int
    ) -> Result:
        client.get(url)  # warm: session, caches, the first compile of the templates
        timings: list[float] = []
        recorder = _Recorder()
        status = 0
        for _ in range(runs):
            recorder.statements.clear()
            with connection.execute_wrapper(recorder):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            status = response.status_code
        statements = list(recorder.statements)
        bare_timings = [self._replay(bare, statements) for _ in range(runs)]
        return Result(
            role=role,
            page=name,
            url=url,
            status=status,
            runs=runs,
            p50_ms=round(statistics.median(timings), 1),
            p95_ms=round(_percentile(timings, 0.95), 1),
            queries=len(statements),
            bare_p50_ms=round(statistics.median(bare_timings), 1),
        )

    def _replay(self, bare: psycopg.Connection, statements: list[tuple[str, Any]]) -> float:
        started = time.perf_counter()
        with bare.cursor() as cursor:
            for sql, params in statements:
                if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
                    continue
                cursor.execute(sql, params)  # type: ignore[arg-type]
                if cursor.description is not None:
                    cursor.fetchall()
        elapsed = (time.perf_counter() - started) * 1000
        bare.rollback()
        return elapsed

    def _conninfo(self) -> dict[str, Any]:
        db = settings.DATABASES["default"]
        info = {
            "dbname": db["NAME"],
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
        }
        return {k: v for k, v in info.items() if v}

    # --- docs/performance.md -------------------------------------------------------------

    def _write_docs(self, results: list[Result], runs: int) -> None:
        path = Path(settings.BASE_DIR) / "docs" / "performance.md"
        text = path.read_text()
        if START not in text or END not in text:
            raise CommandError(f"{path} has no {START} … {END} block")
        load = os.getloadavg()
        sizes = (
            f"{Family.objects.count():,} families, {Person.objects.count():,} people, "
            f"{Contact.objects.count():,} contacts, "
            f"{ChronologyEvent.objects.count():,} chronology events"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
        lines = [
            START,
            "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
            f"`manage.py benchmark_pages --runs {runs}`: {sizes}. {platform.machine()}, "
            f"{os.cpu_count()} CPUs, {version}, Python {platform.python_version()}, "
            f"DEBUG={settings.DEBUG}; load average at the end {load[0]:.1f} / {load[1]:.1f} / "
            f"{load[2]:.1f} (a machine shared with other work: times are inflated, the query "
            "counts and ratios are the steadier evidence).",
            "",
            "| role | page | status | p50 ms | p95 ms | queries | bare SQL p50 ms | × bare |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            lines.append(
                f"| {r.role} | {r.page} | {r.status} | {r.p50_ms:,.1f} | {r.p95_ms:,.1f} | "
                f"{r.queries} | {r.bare_p50_ms:,.1f} | {r.ratio:.1f} |"
            )
        lines += ["", END]
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        path.write_text(before + "\n".join(lines) + after)
        self.stdout.write(f"Wrote {len(results)} results to {path}")
