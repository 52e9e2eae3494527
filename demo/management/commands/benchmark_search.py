"""python manage.py benchmark_search [--queries N] [--output FILE] [--contact-page]

Times the people search as the Contact Centre uses it: a realistic mix of searches run
through the real selector (frontdoor.selectors.people.people_search, access log included)
as a contact officer, with targets sampled from the people in the database:

    exact         "Olivia Smith"             a person's name as recorded
    misspelt      "Olivya Smyth"             vowel and consonant slips, as heard on the phone
    nickname      "Liv Smith"                a usual short form of the recorded first name
    family_name   "Smith"                    one word
    name_dob      "Olivia Smith 12/03/2018"  name and date of birth
    dob_window    date of birth ±31 or ±366 days, nothing else
    postcode      "sk4 2ab"
    nhs_number    "999 000 0018"

Warms up with a separate sample first, then times each search (parse and search, with
time.perf_counter) and reports count, p50, p95, p99 and max per kind and overall, and
how often the person sampled was among the results. --contact-page also counts the SQL
queries that rendering a contact's page and its case's page takes for a family with one
contact and for one with thirty or more, which must be the same. Generate the data first
with generate_data (see docs/performance.md).
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.db.models import Count, Subquery
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from frontdoor.selectors.people import PeopleQuery, parse_people_query, people_search
from pathway import policy
from pathway.choices import Role
from pathway.matching import NICKNAME_GROUPS, fold_name, given_name_variants
from pathway.models import Contact, Family, HouseholdMember, Person, User

# The mix of searches, by share of all searches.
MIX: dict[str, int] = {
    "exact": 20,
    "misspelt": 15,
    "nickname": 10,
    "family_name": 15,
    "name_dob": 15,
    "dob_window": 5,
    "postcode": 10,
    "nhs_number": 10,
}
TARGET_P95_MS = 100.0


@dataclass
class Search:
    kind: str
    text: str
    target: int  # the person the search was made from
    date_of_birth: date | None = None
    dob_window_days: int = 0

    def query(self) -> PeopleQuery:
        return parse_people_query(
            self.text, date_of_birth=self.date_of_birth, dob_window_days=self.dob_window_days
        )

    def describe(self) -> str:
        if self.date_of_birth:
            return f"{self.text} [born {self.date_of_birth:%d/%m/%Y} ±{self.dob_window_days}d]"
        return self.text


@dataclass
class Timing:
    kind: str
    search: str
    ms: float
    found: bool
    results: list[int] = field(default_factory=list)


class Command(BaseCommand):
    help = "Benchmark the people search (and, with --contact-page, the contact page's queries)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", type=int, default=1000, help="Timed searches")
        parser.add_argument("--warmup", type=int, default=200, help="Untimed searches first")
        parser.add_argument("--seed", type=int, default=1, help="Seed for sampling targets")
        parser.add_argument("--output", help="Write the results as JSON to this file")
        parser.add_argument(
            "--contact-page",
            action="store_true",
            help="Also count the SQL queries of the contact and case pages, short vs long history",
        )
        parser.add_argument("--user", help="Contact officer to search as (default: the first)")

    def handle(self, *args: Any, **options: Any) -> None:
        officer = self._officer(options["user"])
        people = Person.objects.count()
        if people < 100:
            raise CommandError("Too few people to benchmark: run generate_data first.")
        rng = random.Random(options["seed"])
        self.stdout.write(
            f"Database: {people:,} people, {Family.objects.count():,} families, "
            f"{Contact.objects.count():,} contacts ({connection.vendor}, {_db_version()}). "
            f"Searching as {officer.username}."
        )

        sampler = _Sampler(rng)
        warmup = sampler.searches(options["warmup"])
        searches = sampler.searches(options["queries"])
        self.stdout.write(f"Warming up with {len(warmup)} searches…")
        for search in warmup:
            people_search(user=officer, query=search.query())
        reset_queries()

        load_before = os.getloadavg()
        self.stdout.write(f"Timing {len(searches)} searches (load average {load_before[0]:.2f})…")
        timings = []
        for n, search in enumerate(searches, start=1):
            started = time.perf_counter()
            matches = people_search(user=officer, query=search.query())
            elapsed = (time.perf_counter() - started) * 1000
            ids = [m.person.pk for m in matches]
            timings.append(
                Timing(search.kind, search.describe(), elapsed, search.target in ids, ids)
            )
            if n % 100 == 0:
                reset_queries()  # DEBUG keeps every query's SQL

        load_after = os.getloadavg()
        summary = _summarise(timings)
        self._print_table(summary)
        self.stdout.write(f"Load average after: {load_after[0]:.2f} (1 min), {_cpus()} CPUs.")
        overall = summary["overall"]
        verdict = "meets" if overall["p95_ms"] < TARGET_P95_MS else "MISSES"
        style = self.style.SUCCESS if verdict == "meets" else self.style.ERROR
        self.stdout.write(
            style(
                f"Overall p95 {overall['p95_ms']:.1f} ms with {people:,} people: {verdict} the "
                f"target of {TARGET_P95_MS:.0f} ms."
            )
        )

        pages = self._contact_page(officer) if options["contact_page"] else None
        if options["output"]:
            report = {
                "at": timezone.now().isoformat(),
                "database": {
                    "vendor": connection.vendor,
                    "version": _db_version(),
                    "people": people,
                    "families": Family.objects.count(),
                    "contacts": Contact.objects.count(),
                    "size": _db_size(),
                },
                "machine": {
                    "cpus": _cpus(),
                    "python": platform.python_version(),
                    "load_average_before": load_before,
                    "load_average_after": load_after,
                },
                "user": officer.username,
                "seed": options["seed"],
                "warmup": len(warmup),
                "mix": MIX,
                "summary": summary,
                "contact_page": pages,
                "searches": [asdict(t) for t in timings],
            }
            with open(options["output"], "w", encoding="utf-8") as out:
                json.dump(report, out, indent=1, default=str)
            self.stdout.write(f"Results written to {options['output']}")

    def _officer(self, username: str | None) -> User:
        officers = User.objects.filter(groups__name=Role.CONTACT_OFFICER, is_active=True)
        officer = (
            officers.filter(username=username).first()
            if username
            else officers.order_by("pk").first()
        )
        if officer is None and username:
            raise CommandError(f"No active contact officer called {username!r}.")
        if officer is None:
            raise CommandError(
                "No contact officer to search as: run generate_data (or seed_demo) first."
            )
        return officer

    def _print_table(self, summary: dict[str, dict[str, float]]) -> None:
        self.stdout.write("")
        self.stdout.write("| kind | searches | p50 ms | p95 ms | p99 ms | max ms | found |")
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|")
        for kind, row in summary.items():
            self.stdout.write(
                f"| {kind} | {row['count']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
                f"| {row['p99_ms']:.1f} | {row['max_ms']:.1f} | {row['found_pct']:.0f}% |"
            )
        self.stdout.write("")

    def _contact_page(self, officer: User) -> dict[str, Any]:
        """SQL queries to render a contact's page and its case's page, short vs long history."""
        visible = policy.contacts_visible_to(officer)
        by_family = Contact.objects.values("family_id").annotate(n=Count("pk")).order_by()
        picks = {
            "1 contact": visible.filter(
                family_id__in=Subquery(by_family.filter(n=1).values("family_id"))
            ),
            "30+ contacts": visible.filter(
                family_id__in=Subquery(by_family.filter(n__gte=30).values("family_id"))
            ),
        }
        client = Client()
        client.force_login(officer)
        results: dict[str, Any] = {}
        self.stdout.write("Queries to render a page (family with 1 contact vs 30 or more):")
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for label, contacts in picks.items():
                contact = contacts.order_by("-received_at", "-pk").first()
                if contact is None:
                    raise CommandError(
                        f"No contact visible to {officer} from a family with {label}."
                    )
                history = Contact.objects.filter(family_id=contact.family_id).count()
                row: dict[str, Any] = {"contact": contact.pk, "family_contacts": history}
                for page, url in (
                    ("contact", reverse("contact-detail", args=[contact.pk])),
                    ("case", reverse("case-detail", args=[contact.case_id])),
                ):
                    client.get(url, secure=True)  # warm
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url, secure=True)
                        ms = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                    row[f"{page}_page_queries"] = len(queries)
                    row[f"{page}_page_ms"] = round(ms, 1)
                results[label] = row
                self.stdout.write(
                    f"  {label:<13} ({history} contacts in the family): contact page "
                    f"{row['contact_page_queries']} queries ({row['contact_page_ms']} ms), case "
                    f"page {row['case_page_queries']} queries ({row['case_page_ms']} ms)"
                )
        counts = [(r["contact_page_queries"], r["case_page_queries"]) for r in results.values()]
        same = len(set(counts)) == 1
        style = self.style.SUCCESS if same else self.style.ERROR
        self.stdout.write(
            style(
                "Query counts do not grow with the family's history."
                if same
                else "Query counts GROW with the family's history."
            )
        )
        results["same_for_both"] = same
        return results


# --- Sampling searches from the people in the database ----------------------------------


class _Sampler:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.person_ids = list(
            Person.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)
        )
        nicknamed = sorted({name.title() for name in _nickname_names()})
        self.nicknamed_ids = list(
            Person.objects.filter(merged_into__isnull=True, given_name__in=nicknamed).values_list(
                "pk", flat=True
            )
        )
        self.makers: dict[str, Callable[[Person], Search | None]] = {
            "exact": self._exact,
            "misspelt": self._misspelt,
            "nickname": self._nickname,
            "family_name": self._family_name,
            "name_dob": self._name_dob,
            "dob_window": self._dob_window,
            "postcode": self._postcode,
            "nhs_number": self._nhs_number,
        }

    def searches(self, n: int) -> list[Search]:
        kinds = self.rng.choices(list(MIX), weights=list(MIX.values()), k=n)
        made = []
        for kind in kinds:
            search = None
            while search is None:
                pool = self.nicknamed_ids if kind == "nickname" else self.person_ids
                person = Person.objects.get(pk=self.rng.choice(pool))
                search = self.makers[kind](person)
            made.append(search)
        return made

    def _named(self, person: Person) -> bool:
        return person.given_name != "Unborn" and bool(person.date_of_birth)

    def _exact(self, p: Person) -> Search | None:
        return Search("exact", f"{p.given_name} {p.family_name}", p.pk) if self._named(p) else None

    def _misspelt(self, p: Person) -> Search | None:
        if not self._named(p):
            return None
        family = misspell(p.family_name, self.rng)
        given = misspell(p.given_name, self.rng) if self.rng.random() < 0.5 else p.given_name
        if family == p.family_name:
            return None
        return Search("misspelt", f"{given} {family}", p.pk)

    def _nickname(self, p: Person) -> Search | None:
        others = sorted(given_name_variants(p.given_name) - {fold_name(p.given_name)})
        if not others or not self._named(p):
            return None
        return Search("nickname", f"{self.rng.choice(others).title()} {p.family_name}", p.pk)

    def _family_name(self, p: Person) -> Search | None:
        return Search("family_name", p.family_name, p.pk) if self._named(p) else None

    def _name_dob(self, p: Person) -> Search | None:
        if not self._named(p) or p.date_of_birth is None:
            return None
        return Search(
            "name_dob", f"{p.given_name} {p.family_name} {p.date_of_birth:%d/%m/%Y}", p.pk
        )

    def _dob_window(self, p: Person) -> Search | None:
        if p.date_of_birth is None:
            return None
        window = 31 if self.rng.random() < 0.75 else 366
        given = p.date_of_birth + timedelta(days=self.rng.randint(-window // 2, window // 2))
        return Search("dob_window", "", p.pk, date_of_birth=given, dob_window_days=window)

    def _postcode(self, p: Person) -> Search | None:
        member = HouseholdMember.objects.current().filter(person=p).select_related("family").first()
        if member is None or not member.family.postcode:
            return None
        postcode = member.family.postcode
        typed = postcode.lower().replace(" ", "") if self.rng.random() < 0.3 else postcode
        return Search("postcode", typed, p.pk)

    def _nhs_number(self, p: Person) -> Search | None:
        if not p.nhs_number:
            return None
        n = p.nhs_number
        typed = f"{n[:3]} {n[3:6]} {n[6:]}" if self.rng.random() < 0.5 else n
        return Search("nhs_number", typed, p.pk)


def _nickname_names() -> set[str]:
    return {name for group in NICKNAME_GROUPS for name in group}


# Slips a caller's spelling or an officer's hearing makes: "Smith" → "Smyth", "John" → "Jon".
_SLIPS = [
    ("i", "y"),
    ("y", "i"),
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("s", "z"),
    ("ee", "ea"),
    ("ou", "ow"),
    ("th", "t"),
    ("oh", "o"),
    ("hn", "n"),
    ("mps", "ms"),
    ("ll", "l"),
    ("tt", "t"),
    ("nn", "n"),
    ("e", "a"),
    ("a", "e"),
    ("o", "u"),
    ("ie", "y"),
    ("ey", "y"),
    ("son", "sen"),
]


def misspell(name: str, rng: random.Random) -> str:
    """One plausible slip in a name, keeping its first letter ("" if none applies)."""
    head, rest = name[:1], name[1:]
    options = [(a, b) for a, b in _SLIPS if a in rest.lower()]
    if not options:
        return name
    a, b = rng.choice(options)
    lowered = rest.lower()
    starts = [i for i in range(len(lowered)) if lowered.startswith(a, i)]
    at = rng.choice(starts)
    return head + rest[:at] + b + rest[at + len(a) :]


# --- Reporting --------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _summarise(timings: list[Timing]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[Timing]] = {kind: [] for kind in MIX}
    for t in timings:
        groups[t.kind].append(t)
    groups["overall"] = timings
    summary = {}
    for kind, rows in groups.items():
        if not rows:
            continue
        ms = [t.ms for t in rows]
        summary[kind] = {
            "count": len(rows),
            "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2),
            "max_ms": round(max(ms), 2),
            "found_pct": round(100 * sum(t.found for t in rows) / len(rows), 1),
        }
    return summary


def _db_version() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"{connection.vendor} {connection.Database.sqlite_version}"


def _db_size() -> str:
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return str(cursor.fetchone()[0])


def _cpus() -> int:
    return os.cpu_count() or 0
