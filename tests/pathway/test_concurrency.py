"""Two people acting on one case at the same moment: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pathway.workflow import WorkflowError
from screening.models import Screening, ScreeningTool
from screening.services import case_screen
from tests.conftest import skip_or_fail
from tests.factories import ContactFactory
from tests.screening.test_scoring import all_answers


def race(*actions):
    """Run the actions in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_officers_screening_one_contact_at_once(personas):
    if connection.vendor != "postgresql":
        skip_or_fail("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")
    tool = ScreeningTool.objects.get(status="active")
    contact = ContactFactory(case__locality=personas.home)
    answers = all_answers(
        tool, domestic_abuse="significant", boundaries="some", parent_substance="some"
    )

    def screen_as(user, decision):
        return lambda: case_screen(
            case=contact.case,
            contact=contact,
            screened_by=user,
            answers=answers,
            decision=decision,
            rationale="On the phone now",
            expected_version=1,
        )

    outcomes = race(
        screen_as(personas.contact_officer, "caf"), screen_as(personas.senior_practitioner, "nfa")
    )
    winners = [o for o in outcomes if isinstance(o, Screening)]
    losers = [o for o in outcomes if isinstance(o, WorkflowError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert Screening.objects.count() == 1
    contact.case.refresh_from_db()
    assert contact.case.version == 2
    # The loser is told what the case is now.
    assert losers[0].as_dict()["stage"] == contact.case.stage
