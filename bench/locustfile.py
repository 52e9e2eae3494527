"""A realistic role mix against a local gunicorn, for the load test in docs/performance.md.

Run it only against this machine (it refuses any host but loopback), with seed_demo's
users (password DEMO_PASSWORD) and generate_data's volume:

    DEBUG=false SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \\
      SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \\
      .venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers 3
    .venv/bin/locust -f bench/locustfile.py --headless --host http://127.0.0.1:8000 \\
      --users 20 --spawn-rate 5 --run-time 2m --csv var/locust-20

Bounded on purpose: at most MAX_USERS simulated users; stop it with --run-time.
The mix follows the roles' share of staff at a large authority's front door and
localities: officers and practitioners most, then leaders, senior practitioners,
partners and managers. Each user signs in once, then works with pauses of 1–5 s.
"""

from __future__ import annotations

import os
import random
import re
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

# seed_demo's published password (demo.organisation.DEMO_PASSWORD), written out so that
# locust needs no Django settings.
DEMO_PASSWORD = os.environ.get("PATHWAY_DEMO_PASSWORD", "Pathway-demo-2026")

MAX_USERS = 100
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.init.add_listener
def _only_loopback_and_bounded(environment, **_kwargs):  # type: ignore[no-untyped-def]
    host = urlparse(environment.host or "http://127.0.0.1:8000").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"bench/locustfile.py runs against this machine only, not {host}")
    options = environment.parsed_options
    if options is not None and options.num_users and options.num_users > MAX_USERS:
        raise SystemExit(f"At most {MAX_USERS} users")


class _Staff(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/sign-in/", name="sign-in page")
        token = _CSRF.search(page.text)
        self.client.post(
            "/sign-in/",
            {
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in",
        )
        cases = self.client.get("/api/v1/cases/", name="/api/v1/cases/").json()
        self.case_ids = [c["id"] for c in cases.get("results", [])] or [0]

    def open_a_case(self) -> None:
        case = random.choice(self.case_ids)  # noqa: S311 - which page to open, not a secret
        self.client.get(f"/cases/{case}/", name="/cases/[id]/")


class ContactOfficer(_Staff):
    weight = 4
    username = "contact.officer"

    @task(3)
    def queue(self) -> None:
        self.client.get("/contacts/queue/", name="/contacts/queue/")

    @task(3)
    def search(self) -> None:
        names = ["Smith", "Jones", "Taylor", "Brown", "Khan", "Olivia Smith"]
        name = random.choice(names)  # noqa: S311 - a search to make, not a secret
        self.client.get(f"/api/v1/people/search/?q={name}", name="/api/v1/people/search/")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def case(self) -> None:
        self.open_a_case()


class Practitioner(_Staff):
    weight = 3
    username = "practitioner"

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(3)
    def case(self) -> None:
        self.open_a_case()

    @task(1)
    def notifications(self) -> None:
        self.client.get("/notifications/", name="/notifications/")


class LocalityLeader(_Staff):
    weight = 1
    username = "locality.leader"

    @task(3)
    def queue(self) -> None:
        self.client.get("/allocation/", name="/allocation/")

    @task(1)
    def caseloads(self) -> None:
        self.client.get("/caseloads/", name="/caseloads/")

    @task(2)
    def case(self) -> None:
        self.open_a_case()


class SeniorPractitioner(_Staff):
    weight = 1
    username = "senior.practitioner"

    @task
    def cases(self) -> None:
        self.client.get("/cases/", name="/cases/")

    @task
    def case(self) -> None:
        self.open_a_case()


class Partner(_Staff):
    weight = 1
    username = "partner"

    @task
    def home(self) -> None:
        self.client.get("/", name="/")


class Manager(_Staff):
    weight = 1
    username = "manager"

    @task(2)
    def cases(self) -> None:
        self.client.get("/cases/", name="/cases/")

    @task(1)
    def allocation(self) -> None:
        self.client.get("/allocation/", name="/allocation/")
