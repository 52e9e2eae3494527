from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from frontdoor.services.people import person_merge, person_merge_undo
from pathway.models import ChronologyEvent, ContactSubject, HouseholdMember, Person, PersonAlias
from tests.factories import ContactFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory


@pytest.fixture
def pair(personas):
    kept = PersonFactory(given_name="John", family_name="Smith", date_of_birth=date(2018, 3, 12))
    duplicate = PersonFactory(
        given_name="Jon",
        family_name="Smyth",
        date_of_birth=date(2018, 3, 12),
        nhs_number="9434765919",
    )
    home, other = FamilyFactory(), FamilyFactory()
    HouseholdMemberFactory(family=home, person=kept)
    HouseholdMemberFactory(family=home, person=duplicate)
    HouseholdMemberFactory(family=other, person=duplicate, ended_on=date(2020, 1, 1))
    contact = ContactFactory(case__family=home, children=[duplicate])
    shared = ContactFactory(case=contact.case, children=[kept, duplicate])
    return kept, duplicate, contact, shared


def test_a_merge_moves_everything_and_can_be_undone(personas, pair):
    kept, duplicate, contact, shared = pair
    merge = person_merge(
        kept=kept, merged=duplicate, merged_by=personas.senior_practitioner, reason="Same child"
    )
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert duplicate.merged_into == kept
    assert kept.nhs_number == "9434765919" and duplicate.nhs_number == ""
    assert list(contact.subjects.all()) == [kept]
    assert list(shared.subjects.all()) == [kept]
    assert PersonAlias.objects.filter(person=kept, given_name="Jon", family_name="Smyth").exists()
    assert not HouseholdMember.objects.filter(person=duplicate, ended_on__isnull=True).exists()
    assert ChronologyEvent.objects.filter(action="person.merged").exists()

    person_merge_undo(merge=merge, undone_by=personas.senior_practitioner)
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.nhs_number == "9434765919" and kept.nhs_number == ""
    assert list(contact.subjects.all()) == [duplicate]
    assert set(shared.subjects.all()) == {kept, duplicate}
    assert HouseholdMember.objects.filter(person=duplicate).count() == 2
    assert HouseholdMember.objects.filter(person=duplicate, ended_on__isnull=True).count() == 1
    assert not PersonAlias.objects.filter(person=kept).exists()
    with pytest.raises(ValidationError):
        person_merge_undo(merge=merge, undone_by=personas.senior_practitioner)


def test_people_with_different_nhs_numbers_cannot_be_merged(personas):
    a = PersonFactory(nhs_number="9434765919")
    b = PersonFactory(nhs_number="4010232137")
    with pytest.raises(ValidationError, match="different NHS numbers"):
        person_merge(kept=a, merged=b, merged_by=personas.senior_practitioner, reason="x")


def test_a_record_cannot_be_merged_into_itself_or_twice(personas, pair):
    kept, duplicate, *_ = pair
    with pytest.raises(ValidationError):
        person_merge(kept=kept, merged=kept, merged_by=personas.senior_practitioner, reason="x")
    person_merge(kept=kept, merged=duplicate, merged_by=personas.senior_practitioner, reason="x")
    with pytest.raises(ValidationError, match="already been merged"):
        person_merge(
            kept=kept, merged=duplicate, merged_by=personas.senior_practitioner, reason="x"
        )


def test_only_senior_practitioners_merge(personas, pair, client):
    kept, duplicate, *_ = pair
    client.force_login(personas.contact_officer)
    response = client.post(
        reverse("person-merge", args=[kept.pk]),
        {"duplicate": duplicate.pk, "reason": "x", "confirm": "yes"},
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_the_merge_page_asks_for_confirmation_then_merges(personas, pair, client):
    kept, duplicate, *_ = pair
    client.force_login(personas.senior_practitioner)
    url = reverse("person-merge", args=[kept.pk])
    preview = client.post(url, {"duplicate": duplicate.pk, "reason": "Same DOB and address"})
    assert preview.status_code == 200
    assert f"Merge P{duplicate.pk} into P{kept.pk}" in preview.content.decode()
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
    done = client.post(
        url, {"duplicate": duplicate.pk, "reason": "Same DOB and address", "confirm": "yes"}
    )
    assert done.url == reverse("person-detail", args=[kept.pk])
    assert Person.objects.get(pk=duplicate.pk).merged_into == kept
    merge = kept.merges_kept.get()
    undo = client.post(reverse("person-merge-undo", args=[kept.pk, merge.pk]))
    assert undo.status_code == 302
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
    assert ContactSubject.objects.filter(person=duplicate).exists()
