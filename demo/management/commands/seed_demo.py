"""python manage.py seed_demo — a demo council with users and a few hundred families.

Safe to run again: organisation and users are updated in place, and case data is only
generated into a database that has no families yet. Refuses to run with DEBUG off
unless ALLOW_DEMO_DATA=true, so it cannot put demo logins into production by accident.
"""

from __future__ import annotations

import os
import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from demo.cases import demo_cases_create
from demo.organisation import DEMO_PASSWORD, DEMO_USERS, ensure_organisation
from localities.models import Agency, School
from pathway import policy
from pathway.models import Case, Family, Membership, Notification, Share, User
from pathway.services.accounts import user_create
from pathway.services.mfa import mfa_enrol_with_recovery_codes
from pathway.services.shares import share_create


class Command(BaseCommand):
    help = "Load demo localities, agencies, one user per role and a few hundred families."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        allowed = settings.DEBUG or os.environ.get("ALLOW_DEMO_DATA", "").lower() == "true"
        if not allowed:
            raise CommandError(
                "seed_demo creates users with a published password. It runs only with "
                "DEBUG=true, or with ALLOW_DEMO_DATA=true for a demo environment."
            )
        ensure_organisation()
        self._users()
        if Family.objects.exists():
            self.stdout.write("Families already exist: no demo cases generated.")
        else:
            rng = random.Random(options["seed"])
            summary = demo_cases_create(rng=rng, families=options["families"])
            self.stdout.write(f"Generated {summary}")
        self._partner_share()
        self._print_logins()

    @transaction.atomic
    def _users(self) -> None:
        for demo in DEMO_USERS:
            user = User.objects.filter(username=demo.username).first()
            if user is None:
                user = user_create(
                    username=demo.username,
                    password=DEMO_PASSWORD,
                    role=demo.role,
                    locality_code=demo.locality,
                    team_code=demo.team,
                    agency_code=demo.agency,
                    first_name=demo.first_name,
                    last_name=demo.last_name,
                    email=f"{demo.username}@example.gov.uk",
                    capacity=demo.capacity,
                    check_password=False,
                )
            user.job_title = demo.job_title
            user.save(update_fields=["job_title"])
        # Every school has a named early-help link worker from its locality.
        for school in School.objects.filter(link_worker__isnull=True):
            school.link_worker = (
                User.objects.filter(
                    groups__name="practitioner", memberships__team__locality=school.locality_id
                )
                .order_by("username")
                .first()
            )
            school.save(update_fields=["link_worker"])
        # The demo's history goes back months; its staff were in post throughout.
        Membership.objects.filter(
            user__username__in=[d.username for d in DEMO_USERS],
            started_on__gt=timezone.localdate() - timedelta(days=365),
        ).update(started_on=timezone.localdate() - timedelta(days=365))

    def _partner_share(self) -> None:
        """One case shared with health visiting, so the partner demo login sees a case
        (through the real service: consent given, a locality leader of the case's locality)."""
        agency = Agency.objects.filter(code="health-visiting").first()
        if agency is None or Share.objects.filter(agency=agency).exists():
            return
        candidates = Case.objects.filter(stage__in=["allocated", "tac"]).order_by("pk")[:50]
        for case in candidates:
            leaders = policy.locality_leaders(case.locality_id)
            if not leaders:
                continue
            try:
                share = share_create(
                    case=case,
                    shared_by=User.objects.get(pk=leaders[0]),
                    agency=agency,
                    purpose="Health visitor to support the family with the baby's routines",
                    lawful_basis="consent",
                    protocol_reference="Stockport ISP 2026/03",
                )
            except ValidationError:
                continue  # e.g. the family did not consent: try the next case
            # Demo history, like the rest: its email went in its day.
            Notification.objects.filter(key__startswith=f"share:{share.pk}:").update(
                emailed_at=timezone.now()
            )
            self.stdout.write(f"Shared case {case.reference} with {agency.name}")
            return

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for demo in DEMO_USERS[:8]:
            self.stdout.write(f"  {demo.username:<22} {demo.role.label}")
            user = User.objects.get(username=demo.username)
            if policy.mfa_required(user):
                # Two-step verification (docs/adr/0014): the demo login signs in with one of
                # these single-use recovery codes, made afresh each time seed_demo runs.
                codes = [f"demo{n:04d}" for n in range(1, 11)]
                mfa_enrol_with_recovery_codes(user=user, codes=codes)
                self.stdout.write(
                    f"  {'':<22} two-step verification: enter a recovery code, each once: "
                    f"{', '.join(codes)}"
                )
        self.stdout.write("  (more practitioners and locality leaders: see demo/organisation.py)")
