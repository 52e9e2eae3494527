"""Validation once: the recording service's rules reach the API and the pages alike.

Each test is named after the finding it closes (issues 9, 10 and 11): rules that existed
only in the contact form, duplicate checks that existed only in the wizard, and bad input
that answered 500.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from frontdoor.services.contacts import (
    ContactDetails,
    NewFamily,
    NewPerson,
    contact_record,
)
from pathway.models import Case, Contact, Family, Person, PresentingIssue, ReferralSource
from pathway.validators import validate_nhs_number
from tests.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.frontdoor.test_contact_form import (
    add_child,
    error_for,
    fill_to_family,
    new_family,
    received,
    start,
    step,
    text,
)
from tests.frontdoor.test_contacts_api import body, post


@pytest.fixture
def officer(personas, client):
    client.force_login(personas.contact_officer)
    return client


def nothing_saved() -> bool:
    return not Contact.objects.exists() and not Family.objects.exists()


# --- Rules that lived only in the form now hold for the API too -------------------------


def test_api_refuses_a_contact_received_more_than_a_year_ago(officer):
    long_ago = (timezone.now() - timedelta(days=400)).isoformat()
    response = post(officer, body(received_at=long_ago))
    assert response.status_code == 400
    assert response.json()["received_at"] == [
        "The date received must be within the last year: record older history as a note "
        "on the family's case"
    ]
    assert nothing_saved()


@pytest.mark.parametrize("born", ["0001-01-01", "1800-06-01"])
def test_api_refuses_an_implausible_date_of_birth(officer, born):
    child = {"given_name": "Ada", "family_name": "Quinn", "date_of_birth": born}
    response = post(officer, body(children=[child]))
    assert response.status_code == 400
    message = response.json()["children"]["0"]["date_of_birth"][0]
    assert message.startswith("The date of birth must be a real date of birth, after ")
    assert "no more than 120 years ago" in message
    assert nothing_saved()


def test_the_page_refuses_a_date_of_birth_in_1800(officer):
    draft = start(officer)
    fill_to_family(officer, draft)
    assert new_family(officer, draft).status_code == 302
    response = add_child(officer, draft, date_of_birth_2="1800")
    assert response.status_code == 200
    assert error_for(response, "id_date_of_birth")
    assert "no more than 120 years ago" in text(response)


def test_nhs_number_0000000000_is_refused(officer):
    with pytest.raises(ValidationError):
        validate_nhs_number("0000000000")
    child = {"given_name": "Ada", "family_name": "Quinn", "nhs_number": "000 000 0000"}
    response = post(officer, body(children=[child]))
    assert response.status_code == 400
    assert response.json()["children"]["0"]["nhs_number"] == [
        "Enter the child's real NHS number, or leave it blank if it is not known"
    ]
    assert nothing_saved()


def test_two_thousand_children_in_one_contact_are_refused_with_the_limit(officer):
    children = [{"given_name": f"Child{i}", "family_name": "Quinn"} for i in range(2000)]
    response = post(officer, body(children=children))
    assert response.status_code == 400
    assert response.json()["children"] == [
        "A contact can be about at most 20 children: record a larger group as separate contacts"
    ]
    assert nothing_saved()


def test_the_service_refuses_twenty_one_children_whichever_door(personas):
    details = ContactDetails(
        received_at=timezone.now() - timedelta(minutes=5),
        channel="phone",
        referral_source=ReferralSource.objects.get(code="1C"),
        reason="A school trip incident",
        primary_issue=PresentingIssue.objects.get(code="20"),
        consent_to_share="given",
        children=[NewPerson(f"Child{i}", "Quinn") for i in range(21)],
    )
    with pytest.raises(ValidationError) as refused:
        contact_record(
            recorded_by=personas.contact_officer,
            details=details,
            new_family=NewFamily(postcode="SK1 3AA", confirmed_new=True),
        )
    assert refused.value.message_dict["children"] == [
        "A contact can be about at most 20 children (this one lists 21): record a larger "
        "group as separate contacts"
    ]


def test_the_service_refuses_a_role_that_does_not_record_contacts(personas):
    from django.core.exceptions import PermissionDenied

    details = ContactDetails(
        received_at=timezone.now() - timedelta(minutes=5),
        channel="phone",
        referral_source=ReferralSource.objects.get(code="1C"),
        reason="Asking for help",
        primary_issue=PresentingIssue.objects.get(code="20"),
        consent_to_share="given",
        children=[NewPerson("Ada", "Quinn")],
    )
    with pytest.raises(PermissionDenied):
        contact_record(
            recorded_by=personas.manager, details=details, new_family=NewFamily(postcode="SK1 3AA")
        )
    assert nothing_saved()


# --- An NHS number already on file is a 400 naming the record, never a 500 ----------------


@pytest.mark.parametrize(
    "typed", ["9434765919", "943 476 5919", "943-476-5919", 9434765919], ids=str
)
def test_a_new_child_with_an_nhs_number_on_file_is_a_400_naming_the_record(officer, typed):
    holder = PersonFactory(
        given_name="Mina",
        family_name="Osei",
        nhs_number="9434765919",
        date_of_birth=date(2015, 2, 1),
    )
    child = {
        "given_name": "Zeb",
        "family_name": "Quinn",
        "date_of_birth": "2021-11-09",
        "nhs_number": typed,
    }
    response = post(officer, body(children=[child]))
    assert response.status_code == 400, response.content
    assert response.json()["children"] == [
        f"Child 1 (Zeb Quinn): NHS number 943 476 5919 is already on file for record "
        f"P{holder.pk} (Mina Osei, born 1 February 2015): choose that record, or check the number"
    ]
    assert nothing_saved()
    assert Person.objects.count() == 1


def test_the_same_nhs_number_twice_in_one_request_is_a_400(officer):
    twins = [
        {"given_name": "Zeb", "family_name": "Quinn", "nhs_number": "943 476 5919"},
        {"given_name": "Zac", "family_name": "Quinn", "nhs_number": "9434765919"},
    ]
    response = post(officer, body(children=twins))
    assert response.status_code == 400
    assert response.json()["children"] == [
        "Child 2 (Zac Quinn) has the same NHS number as Child 1 (Zeb Quinn): an NHS number "
        "belongs to one person"
    ]
    assert nothing_saved()


def test_a_new_child_who_is_clearly_the_child_on_file_is_linked_not_copied(officer):
    on_file = PersonFactory(
        given_name="Zeb",
        family_name="Quinn",
        nhs_number="9434765919",
        date_of_birth=date(2021, 11, 9),
    )
    child = {
        "given_name": "Zeb",
        "family_name": "Quinn",
        "date_of_birth": "2021-11-09",
        "nhs_number": "943 476 5919",
    }
    response = post(officer, body(children=[child]))
    assert response.status_code == 201, response.json()
    assert response.json()["children"] == [on_file.pk]
    assert Person.objects.count() == 1


def test_the_page_refuses_an_nhs_number_on_file_even_when_ticked_as_different(officer):
    holder = PersonFactory(given_name="Mina", family_name="Osei", nhs_number="9434765919")
    draft = start(officer)
    fill_to_family(officer, draft)
    assert new_family(officer, draft).status_code == 302
    response = add_child(officer, draft, nhs_number="943 476 5919", not_a_duplicate="on")
    assert response.status_code == 200
    assert error_for(response, "id_nhs_number")
    assert f"already on file for record P{holder.pk} (Mina Osei)" in text(response)
    draft.refresh_from_db()
    assert draft.cleaned("children") in (None, {}, {"existing": [], "new": []})


# --- Duplicate people and families: the API has the wizard's checks ----------------------


def test_api_refuses_a_look_alike_child_with_409_until_confirmed(officer):
    twin = PersonFactory(given_name="Zara", family_name="Quinn", date_of_birth=date(2019, 4, 3))
    response = post(officer, body())
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "possible_duplicates"
    assert answer["confirm_with"] == ["confirm_new_person"]
    assert answer["families"] == []
    assert answer["people"] == [
        {
            "list": "children",
            "index": 0,
            "matches": [
                {
                    "id": twin.pk,
                    "reference": f"P{twin.pk}",
                    "given_name": "Zara",
                    "family_name": "Quinn",
                    "date_of_birth": "2019-04-03",
                }
            ],
        }
    ]
    assert nothing_saved()
    confirmed = post(officer, body(confirm_new_person=True))
    assert confirmed.status_code == 201, confirmed.json()
    assert Person.objects.filter(given_name="Zara").count() == 2


def test_a_misspelt_look_alike_is_caught_too(officer):
    PersonFactory(given_name="Sara", family_name="Quin", date_of_birth=date(2019, 4, 3))
    assert post(officer, body()).status_code == 409


def test_api_refuses_a_new_family_at_an_occupied_postcode_with_409_until_confirmed(officer):
    there = FamilyFactory(postcode="SK1 3AA")
    HouseholdMemberFactory(family=there)
    response = post(officer, body())
    assert response.status_code == 409
    answer = response.json()
    assert answer["families"] == [
        {"id": there.pk, "reference": there.reference, "postcode": "SK1 3AA"}
    ]
    assert answer["confirm_with"] == ["confirm_new_family"]
    assert Family.objects.count() == 1
    confirmed = post(officer, body(confirm_new_family=True))
    assert confirmed.status_code == 201, confirmed.json()
    assert Family.objects.count() == 2


def test_a_look_alike_recorded_while_the_officer_was_on_the_call_sends_them_back(officer):
    draft = start(officer)
    fill_to_family(officer, draft)
    assert new_family(officer, draft).status_code == 302
    assert add_child(officer, draft).status_code == 302
    assert officer.post(step(draft, "children"), {"action": "continue"}).status_code == 302
    assert officer.post(step(draft, "adults"), {"action": "continue"}).status_code == 302
    officer.post(step(draft, "reason"), {"reason": "Worried", "primary_issue": "4B"})
    officer.post(
        step(draft, "consent"), {"consent_to_share": "given", "consent_to_contact": "given"}
    )
    # Meanwhile a colleague records Zara Quinn, born 3 April 2019.
    PersonFactory(given_name="Zara", family_name="Quinn", date_of_birth=date(2019, 4, 3))
    response = officer.post(reverse("contact-draft-check", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url == step(draft, "children")
    assert not Contact.objects.exists()
    page = officer.get(response.url)
    assert "people with these details are already on file" in text(page)


def test_a_repeat_contact_about_a_family_the_officer_chose_keeps_working(officer):
    family = FamilyFactory(postcode="SK1 3AA")
    child = HouseholdMemberFactory(family=family).person
    response = post(officer, body(new_family=None, family=family.pk, children=[child.pk]))
    assert response.status_code == 201, response.json()


def test_api_answers_the_same_for_a_person_that_does_not_exist_or_is_merged(officer):
    kept = PersonFactory()
    merged = PersonFactory(merged_into=kept)
    for pk in (merged.pk, 999_999):
        response = post(officer, body(children=[pk]))
        assert response.status_code == 400
        assert response.json()["children"] == {"0": [f"No person with id {pk}"]}


# --- NUL characters and extreme dates: a form error or a 400, never a 500 ----------------

NUL_STEPS = [
    ("received", {"channel": "phone\x00", "received_time": "10:00\x00"}, "id_received_time"),
    ("referrer", {"referral_source": "6\x00", "referrer_name": "Ann\x00"}, "id_referral_source"),
    (
        "reason",
        {"reason": "x\x00", "primary_issue": "3B\x00", "secondary_issues": ["4B\x00"]},
        "id_primary_issue",
    ),
    (
        "consent",
        {"consent_to_share": "given\x00", "consent_to_contact": "given"},
        "id_consent_to_share",
    ),
]


@pytest.mark.parametrize("name, data, field_id", NUL_STEPS, ids=[s[0] for s in NUL_STEPS])
def test_a_nul_character_on_a_wizard_page_is_an_error_next_to_the_field(
    officer, name, data, field_id
):
    draft = start(officer)
    response = officer.post(step(draft, name), data)
    assert response.status_code == 200
    assert error_for(response, field_id)
    assert "Remove the hidden control character (NUL)" in text(response)
    autosave = officer.post(reverse("contact-draft-autosave", args=[draft.pk, name]), data)
    assert autosave.status_code == 200
    assert autosave.json()["saved"] is True


def test_a_nul_character_in_the_family_step_is_refused_clearly(officer):
    draft = start(officer)
    fill_to_family(officer, draft)
    search = officer.get(step(draft, "family"), {"q": "Quinn\x00"})
    assert search.status_code == 200
    assert "Remove the hidden control character (NUL) from the search" in text(search)
    officer.get(step(draft, "family"), {"q": "Quinn"})
    address = officer.post(
        step(draft, "family"),
        {"action": "new", "address_line_1": "1 Hillgate\x00", "postcode": "SK1 3AA"},
    )
    assert address.status_code == 200
    assert error_for(address, "id_address_line_1")
    choose = officer.post(step(draft, "family"), {"action": "choose", "family": "1\x00"})
    assert choose.status_code == 302
    follow = officer.get(choose.url)
    assert "Select a family from the search results" in text(follow)


def test_a_nul_character_in_the_contact_queue_filter_is_ignored(officer):
    response = officer.get(reverse("contact-queue"), {"issue": "3B\x00"})
    assert response.status_code == 200


@pytest.mark.parametrize("dob", ["0001-01-01", "9999-12-31"])
def test_people_search_api_refuses_extreme_dates_of_birth(officer, dob):
    response = officer.get(
        "/api/v1/people/search/", {"q": "Smith", "date_of_birth": dob, "dob_window_days": 3660}
    )
    assert response.status_code == 400
    assert response.json()["date_of_birth"][0].startswith("Search for a date of birth between ")


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_people_search_page_refuses_extreme_dates_of_birth(officer, year):
    response = officer.get(
        reverse("people-search"),
        {
            "q": "Smith",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": year,
            "dob_window": "366",
        },
    )
    assert response.status_code == 200
    assert error_for(response, "id_date_of_birth")


def test_people_search_free_text_with_an_extreme_date_does_not_fail(officer):
    response = officer.get(reverse("people-search"), {"q": "Smith 01/01/0001"})
    assert response.status_code == 200


def test_the_received_page_refuses_a_date_over_a_year_ago_with_the_services_words(officer):
    draft = start(officer)
    response = received(officer, draft, received_date_2=str(timezone.localdate().year - 2))
    assert response.status_code == 200
    assert error_for(response, "id_received_date")
    assert "must be within the last year" in text(response)
    assert not Case.objects.exists()
