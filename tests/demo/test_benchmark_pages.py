"""benchmark_pages runs every page as each role and writes its table (a smoke test: the
numbers it prints are never asserted, only that it measured what it says)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from caf.models import Recommendation
from tests.factories import AllocatedCaseFactory, ContactFactory
from tests.pathway.test_page_query_budgets import DUE


@pytest.mark.django_db(transaction=True)  # the bare replay reads through its own connection
def test_it_measures_every_page_for_each_role(personas, tmp_path):
    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    Recommendation.objects.create(case=case, kind="caf", **DUE)
    ContactFactory(case=case, family=case.family)
    out, results = io.StringIO(), tmp_path / "results.json"
    call_command("benchmark_pages", "--runs", "2", "--output", str(results), stdout=out)
    rows = json.loads(results.read_text())
    pages = {(r["role"], r["page"]) for r in rows}
    assert {("contact_officer", "contact queue"), ("locality_leader", "allocation queue")} <= pages
    assert ("practitioner", "case page") in pages and ("manager", "API cases") in pages
    assert all(r["status"] == 200 and r["queries"] > 0 and r["runs"] == 2 for r in rows)
    assert all(r["bare_p50_ms"] > 0 for r in rows)
