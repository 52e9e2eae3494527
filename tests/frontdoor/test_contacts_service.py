"""The one write path for contacts: cases opened, repeat contacts joined, chronology written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from frontdoor.services.contacts import ContactDetails, NewFamily, NewPerson, contact_record
from pathway.choices import Stage
from pathway.models import Case, ChronologyEvent, PresentingIssue, ReferralSource
from tests.factories import CaseFactory, FamilyFactory, PostcodeAreaFactory


def details(**overrides):
    values = dict(
        received_at=timezone.now() - timedelta(minutes=10),
        channel="police_domestic_incident",
        referral_source=ReferralSource.objects.get(code="6"),
        reason="Police attended a verbal argument; children present.",
        primary_issue=PresentingIssue.objects.get(code="3B"),
        consent_to_share="given",
        children=[
            NewPerson("Amelia", "Holt", date_of_birth=timezone.localdate() - timedelta(days=2000))
        ],
    )
    values.update(overrides)
    return ContactDetails(**values)


def test_a_contact_about_a_new_family_opens_a_case_in_the_suggested_locality(personas):
    PostcodeAreaFactory(prefix="SK4", locality=personas.away)
    contact = contact_record(
        recorded_by=personas.contact_officer,
        details=details(),
        new_family=NewFamily(postcode="sk4 2ab", address_line_1="1 Heaton Moor Road"),
    )
    case = contact.case
    assert case.stage == Stage.CONTACT
    assert case.family.postcode == "SK4 2AB"
    assert case.locality == personas.away
    assert [e.action for e in ChronologyEvent.objects.filter(case=case)] == [
        "case.opened",
        "contact.recorded",
    ]
    assert list(contact.subjects.values_list("given_name", flat=True)) == ["Amelia"]


def test_a_repeat_contact_joins_the_open_case(personas):
    first = contact_record(
        recorded_by=personas.contact_officer,
        details=details(),
        new_family=NewFamily(postcode="SK1 3XE"),
    )
    second = contact_record(
        recorded_by=personas.contact_officer,
        details=details(children=list(first.subjects.all())),
        family=first.family,
    )
    assert second.case == first.case
    assert Case.objects.filter(family=first.family).count() == 1
    event = ChronologyEvent.objects.filter(case=first.case, action="contact.recorded").last()
    assert event.data["joined_open_case"] is True


def test_a_contact_after_the_case_closed_opens_a_new_case(personas):
    family = FamilyFactory()
    closed = CaseFactory(family=family, stage=Stage.CLOSED)
    contact = contact_record(recorded_by=personas.contact_officer, details=details(), family=family)
    assert contact.case != closed


def test_the_database_refuses_a_second_open_case_for_a_family(personas):
    family = FamilyFactory()
    CaseFactory(family=family, stage=Stage.ALLOCATED)
    with pytest.raises(IntegrityError):
        CaseFactory(family=family, stage=Stage.CONTACT)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"received_at": timezone.now() + timedelta(hours=2)}, "received_at"),
        ({"consent_to_share": "refused"}, "lawful_basis"),
        ({"children": []}, "children"),
        ({"reason": "  "}, "reason"),
        (
            {
                "children": [
                    NewPerson(
                        "Baby", "Holt", date_of_birth=timezone.localdate() + timedelta(days=30)
                    )
                ]
            },
            "children",
        ),
    ],
)
def test_business_rules_are_field_errors_and_nothing_is_saved(personas, overrides, field):
    with pytest.raises(ValidationError) as error:
        contact_record(
            recorded_by=personas.contact_officer,
            details=details(**overrides),
            new_family=NewFamily(postcode="SK1 3XE"),
        )
    assert field in error.value.message_dict
    assert not Case.objects.exists()


def test_the_chronology_is_append_only(personas):
    contact = contact_record(
        recorded_by=personas.contact_officer,
        details=details(),
        new_family=NewFamily(postcode="SK1 3XE"),
    )
    event = ChronologyEvent.objects.filter(case=contact.case).first()
    event.summary = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ChronologyEvent.objects.filter(case=contact.case).update(summary="x")
    with pytest.raises(TypeError):
        ChronologyEvent.objects.filter(case=contact.case).delete()


def test_changes_to_case_records_are_kept_in_history(personas):
    contact = contact_record(
        recorded_by=personas.contact_officer,
        details=details(),
        new_family=NewFamily(postcode="SK1 3XE"),
    )
    family = contact.family
    family.address_line_1 = "2 New Street"
    family.save()
    assert family.history.count() == 2
    assert family.history.earliest().address_line_1 == ""
