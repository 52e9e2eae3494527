"""Unit costs are reference data an administrator sets, from a date; nobody else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reporting.measures.social_care import unit_costs_on
from reporting.models import UnitCost

pytestmark = pytest.mark.django_db


def test_the_defaults_are_stockports_figures(reference_data):
    costs = unit_costs_on(date(2026, 3, 31))
    assert {kind: cost.amount for kind, cost in costs.items()} == {
        "social_care_assessment": Decimal("350.00"),
        "family_support": Decimal("1250.00"),
        "child_in_care": Decimal("36653.00"),
    }


def test_an_administrator_adds_a_dated_unit_cost_and_may_not_delete_one(personas, client):
    client.force_login(personas.admin)
    assert client.get("/admin/reporting/unitcost/").status_code == 200
    response = client.post(
        "/admin/reporting/unitcost/add/",
        {
            "kind": "family_support",
            "amount": "1400.00",
            "effective_from": "2027-04-01",
            "source": "Council budget 2027/28",
        },
    )
    assert response.status_code == 302, response.content
    added = UnitCost.objects.get(effective_from=date(2027, 4, 1))
    assert (added.amount, added.recorded_by) == (Decimal("1400.00"), personas.admin)
    assert unit_costs_on(date(2027, 3, 31))["family_support"].amount == Decimal("1250.00")
    assert unit_costs_on(date(2027, 4, 1))["family_support"].amount == Decimal("1400.00")
    delete = client.get(f"/admin/reporting/unitcost/{added.pk}/delete/")
    assert delete.status_code == 403


@pytest.mark.parametrize("role", ["manager", "locality_leader", "auditor"])
def test_no_one_else_sets_unit_costs(personas, client, role):
    client.force_login(personas.for_role(role))
    assert client.get("/admin/reporting/unitcost/add/").status_code in (302, 403)
    assert UnitCost.objects.count() == 3
