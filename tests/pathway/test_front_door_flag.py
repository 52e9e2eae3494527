"""Case.has_unscreened_contact: the column the front door's access rule reads (ADR 0019)."""

from __future__ import annotations

from django.utils import timezone

from pathway import policy
from pathway.models import Case, Contact
from pathway.services.cases import case_awaiting_screening_refresh
from tests.factories import AllocatedCaseFactory, ContactFactory
from tests.pathway.test_query_budget import record


def flag(case: Case) -> bool:
    return Case.objects.values_list("has_unscreened_contact", flat=True).get(pk=case.pk)


def test_recording_a_contact_sets_it_and_screening_it_clears_it(personas):
    contact = record(personas.contact_officer, days_ago=1)
    assert flag(contact.case) is True
    contact.screened_at = timezone.now()
    contact.save(update_fields=["screened_at"])
    assert flag(contact.case) is False


def test_a_repeat_contact_on_an_allocated_case_sets_it_until_screened(personas):
    case = AllocatedCaseFactory(locality=personas.away)
    assert flag(case) is False
    first = ContactFactory(case=case, family=case.family)
    second = ContactFactory(case=case, family=case.family)
    assert flag(case) is True
    assert policy.can_view_case(personas.contact_officer, case)
    Contact.objects.filter(pk=first.pk).update(screened_at=timezone.now())
    case_awaiting_screening_refresh(case_ids=[case.pk])
    assert flag(case) is True  # the second still waits
    second.delete()
    assert flag(case) is False
    assert not policy.can_view_case(personas.contact_officer, case)
    assert case not in policy.cases_visible_to(personas.contact_officer)


def test_refreshing_writes_no_history_and_keeps_the_version(personas):
    case = AllocatedCaseFactory(locality=personas.home)
    versions, history = case.version, case.history.count()
    ContactFactory(case=case, family=case.family)
    case.refresh_from_db()
    assert (case.version, case.history.count(), case.has_unscreened_contact) == (
        versions,
        history,
        True,
    )
