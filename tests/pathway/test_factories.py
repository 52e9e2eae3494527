"""The core's factories build what the core's services would have written."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from pathway.choices import Stage
from pathway.models import ChronologyEvent, Contact, Notification, User
from tests.factories import STAGE_FACTORIES
from tests.pathway.factories import (
    PASSWORD,
    CaseFactory,
    ClosedCaseFactory,
    ContactFactory,
    ContactStageCaseFactory,
    UserFactory,
)


def test_a_user_signs_in_with_the_factory_password(reference_data):
    user = UserFactory(username="fay.factory", role="practitioner")
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert authenticate(username="fay.factory", password=PASSWORD) == user
    assert user.has_role("practitioner")


def test_a_case_is_in_its_familys_locality(reference_data):
    case = CaseFactory()
    assert case.locality is not None and case.locality == case.family.locality
    assert (case.stage, case.version) == (Stage.CONTACT, 1)


def test_a_contact_stage_case_has_its_contact_waiting_to_be_screened(reference_data):
    case = ContactStageCaseFactory()
    assert (case.stage, case.version) == (Stage.CONTACT, 1)
    [contact] = Contact.objects.filter(case=case)
    assert contact.family == case.family
    assert contact.screened_at is None
    assert contact.recorded_by.has_role("contact_officer")


def test_a_contact_names_its_children(reference_data):
    from tests.pathway.factories import PersonFactory

    child = PersonFactory()
    contact = ContactFactory(children=[child])
    assert list(contact.subjects.all()) == [child]


def test_a_closed_case_was_closed_at_the_front_door_with_a_reason(reference_data):
    case = ClosedCaseFactory()
    assert (case.stage, case.version) == (Stage.CLOSED, 2)
    assert case.closure_reason == "no_further_action" and case.closure_note
    assert case.closed_at is not None
    assert case.team is None and case.lead_professional is None  # never allocated
    assert not case.is_open


@pytest.mark.parametrize("stage", Stage.values)
def test_each_stage_has_a_factory_that_builds_a_case_at_it(stage, personas):
    case = STAGE_FACTORIES[stage](locality=personas.home, family__locality=personas.home)
    case.refresh_from_db()
    assert case.stage == stage
    assert STAGE_FACTORIES[stage].__name__ != "CaseFactory"
    assert case.locality == personas.home == case.family.locality
    # Factories write rows, not history: tests of the services count events themselves.
    assert not ChronologyEvent.objects.filter(case=case).exists()
    assert not Notification.objects.exists()
