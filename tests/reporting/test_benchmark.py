"""The benchmark's synthetic outcomes are well-formed records the measures count."""

from __future__ import annotations

from datetime import date

import pytest

from reporting.management.commands.benchmark_reports import add_decisions
from reporting.measures import report_build
from reporting.measures.base import Scope
from reporting.report import month_of
from screening.models import Screening
from tests.reporting.builders import at, contact, rows

pytestmark = pytest.mark.django_db


def test_every_unscreened_contact_gets_one_applied_screening_and_running_again_adds_none(
    personas,
):
    for day in (2, 9, 16, 23):
        contact(at(date(2026, 3, day), 9), locality=personas.home)
    assert add_decisions() == 4
    assert add_decisions() == 0
    assert Screening.objects.filter(status="applied").count() == 4
    counts = rows(
        report_build(Scope(month_of(date(2026, 3, 1)))), "outcomes", "by_decision", "count"
    )
    # Decided up to 72 hours after receipt: the one of the 23rd may only be decided by the 26th.
    assert counts["total"] == 4
