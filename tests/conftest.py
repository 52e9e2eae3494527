"""Shared fixtures: one named persona per role (DESIGN §7), in two localities."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

import pytest

from pathway.choices import Role
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)


def skip_or_fail(reason: str) -> None:
    """Skip with a reason on a laptop; fail in CI (CI_STRICT=1), where nothing may be skipped."""
    if os.environ.get("CI_STRICT"):
        pytest.fail(f"CI_STRICT is set but: {reason}")
    pytest.skip(reason)


@dataclass
class Personas:
    """The cast. Locality leader and practitioner work in `home`; `away` is another locality."""

    home: object
    away: object
    contact_officer: object
    senior_practitioner: object
    locality_leader: object
    practitioner: object
    partner: object
    manager: object
    admin: object
    auditor: object

    def for_role(self, role: str) -> object:
        return getattr(self, role)


def ensure_reference_data() -> None:
    """Re-run the data migrations' loaders.

    Transactional tests (live server, real workers) flush the database afterwards,
    taking the migrations' rows with them; the loaders are idempotent.
    """
    from django.apps import apps

    loaders = [
        ("pathway.migrations.0002_roles", "create_roles"),
        ("pathway.migrations.0003_code_lists", "load"),
        ("pathway.migrations.0013_factor_subjects", "correct"),
        ("reporting.migrations.0002_default_unit_costs", "load"),
        ("reporting.migrations.0002_default_unit_costs", "grant"),
        ("screening.migrations.0002_default_tool", "create_tool"),
        ("screening.migrations.0003_admin_permissions", "grant"),
    ]
    for module_name, function in loaders:
        getattr(importlib.import_module(module_name), function)(apps, None)


@pytest.fixture
def personas(db: None) -> Personas:
    ensure_reference_data()
    home = LocalityFactory(code="central", name="Central")
    away = LocalityFactory(code="north", name="North")
    home_team = TeamFactory(code="central-early-help", name="Central Early Help", locality=home)
    agency = AgencyFactory(code="health-visiting", name="Health Visiting")

    def user(username: str, role: Role, **membership: object) -> object:
        person = UserFactory(username=username, role=role)
        if membership:
            MembershipFactory(user=person, **membership)
        return person

    return Personas(
        home=home,
        away=away,
        contact_officer=user("olivia.officer", Role.CONTACT_OFFICER),
        senior_practitioner=user("sam.senior", Role.SENIOR_PRACTITIONER),
        locality_leader=user("lena.leader", Role.LOCALITY_LEADER, locality=home),
        practitioner=user("pat.practitioner", Role.PRACTITIONER, team=home_team, capacity=10),
        partner=user("pip.partner", Role.PARTNER, agency=agency),
        manager=user("max.manager", Role.MANAGER),
        admin=user("ada.admin", Role.ADMIN),
        auditor=user("aud.auditor", Role.AUDITOR),
    )


@pytest.fixture
def reference_data(db: None) -> None:
    """Roles, code lists and the screening tool, even after a transactional test flushed them."""
    ensure_reference_data()


@pytest.fixture
def tool(reference_data: None) -> object:
    """The active screening tool."""
    from screening.models import ScreeningTool

    return ScreeningTool.objects.get(status="active")
