"""The contact wizard for a police domestic-incident notification: referral source 6 chosen
for the officer, each adult's relationship to each child, and the alleged perpetrator."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pathway.models import Contact, ContactSubject, Relationship
from tests.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.frontdoor.test_contact_form import (
    add_child,
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


def test_a_police_domestic_incident_preselects_referral_source_6(officer):
    draft = start(officer)
    assert received(officer, draft, channel="police_domestic_incident").status_code == 302
    page = text(officer.get(step(draft, "referrer")))
    assert re.search(r'<option value="6"[^>]*selected', page), "source 6 should be chosen"


def test_a_phone_call_preselects_no_referral_source(officer):
    draft = start(officer)
    assert received(officer, draft, channel="phone").status_code == 302
    page = text(officer.get(step(draft, "referrer")))
    assert not re.search(r'<option value="[^"]+"[^>]*selected', page)


def police_notification_to_adults(officer):
    draft = start(officer)
    assert received(officer, draft, channel="police_domestic_incident").status_code == 302
    assert officer.post(step(draft, "referrer"), {"referral_source": "6"}).status_code == 302
    assert new_family(officer, draft).status_code == 302
    assert add_child(officer, draft).status_code == 302
    assert add_child(officer, draft, given_name="Zeb", date_of_birth_2="2021").status_code == 302
    assert officer.post(step(draft, "children"), {"action": "continue"}).status_code == 302
    adult = {
        "action": "add",
        "given_name": "Kerry",
        "family_name": "Quinn",
        "sex": "female",
        "date_of_birth_0": "1",
        "date_of_birth_1": "2",
        "date_of_birth_2": "1990",
    }
    assert officer.post(step(draft, "adults"), adult).status_code == 302
    partner = {**adult, "given_name": "Dean", "family_name": "Marsh", "sex": "male"}
    assert officer.post(step(draft, "adults"), partner).status_code == 302
    return draft


def test_adults_are_related_to_each_child_and_the_alleged_perpetrator_is_recorded(officer):
    draft = police_notification_to_adults(officer)
    page = text(officer.get(step(draft, "adults")))
    # The adults added (not the one being typed in, whose boxes are "rel-new-…").
    selects = re.findall(r'<select class="govuk-select" id="(rel-(?!new-)[^"]+)"', page)
    boxes = re.findall(r'name="(perp-(?!new")[^"]+)"', page)
    assert len(selects) == 4  # two adults × two children
    assert len(boxes) == 2
    assert "Kerry Quinn: relationship to Zara Quinn" in page
    kerry_zara, kerry_zeb, dean_zara, dean_zeb = selects
    response = officer.post(
        step(draft, "adults"),
        {
            "action": "continue",
            kerry_zara: "mother",
            kerry_zeb: "mother",
            dean_zara: "parent_partner",
            dean_zeb: "father",
            boxes[1]: "yes",
        },
    )
    assert response.status_code == 302
    officer.post(step(draft, "reason"), {"reason": "Police attended", "primary_issue": "3B"})
    officer.post(
        step(draft, "consent"),
        {
            "consent_to_share": "not_sought",
            "lawful_basis": "public_task",
            "consent_to_contact": "not_sought",
        },
    )
    check = text(officer.get(reverse("contact-draft-check", args=[draft.pk])))
    assert "Kerry Quinn: mother of Zara Quinn, mother of Zeb Quinn" in check
    assert (
        "Dean Marsh: partner of a parent of Zara Quinn, father of Zeb Quinn; named by the "
        "police as the alleged perpetrator" in check
    )
    assert officer.post(reverse("contact-draft-check", args=[draft.pk])).status_code == 302
    contact = Contact.objects.get()
    links = {(r.adult.given_name, r.child.given_name): r.kind for r in Relationship.objects.all()}
    assert links == {
        ("Kerry", "Zara"): "mother",
        ("Kerry", "Zeb"): "mother",
        ("Dean", "Zara"): "parent_partner",
        ("Dean", "Zeb"): "father",
    }
    perpetrators = ContactSubject.objects.filter(contact=contact, alleged_perpetrator=True)
    assert [s.person.given_name for s in perpetrators] == ["Dean"]


def test_the_alleged_perpetrator_is_only_asked_about_on_a_police_notification(officer):
    draft = start(officer)
    assert received(officer, draft, channel="phone").status_code == 302
    assert officer.post(step(draft, "referrer"), {"referral_source": "1C"}).status_code == 302
    assert new_family(officer, draft).status_code == 302
    assert add_child(officer, draft).status_code == 302
    assert officer.post(step(draft, "children"), {"action": "continue"}).status_code == 302
    page = text(officer.get(step(draft, "adults")))
    assert "alleged perpetrator" not in page


def test_the_primary_action_comes_after_what_it_acts_on(officer):
    draft = start(officer)
    received(officer, draft)
    officer.post(step(draft, "referrer"), {"referral_source": "1C"})
    new_family(officer, draft)
    page = text(officer.get(step(draft, "children")))
    assert page.index("Add this child") < page.index("Save and continue")


def test_api_records_relationships_and_the_alleged_perpetrator(officer):
    adults = [
        {"given_name": "Kerry", "family_name": "Quinn", "date_of_birth": "1990-02-01"},
        {"given_name": "Dean", "family_name": "Marsh"},
    ]
    relationships = [
        {"adult": 0, "child": 0, "relationship": "mother"},
        {"adult": 1, "child": 1, "relationship": "step_parent"},
    ]
    response = post(
        officer,
        body(adults=adults, relationships=relationships, alleged_perpetrators=[1]),
    )
    assert response.status_code == 201, response.json()
    links = {(r.adult.given_name, r.child.given_name): r.kind for r in Relationship.objects.all()}
    assert links == {("Kerry", "Zara"): "mother", ("Dean", "Zeb"): "step_parent"}
    dean = ContactSubject.objects.get(person__given_name="Dean")
    assert response.json()["alleged_perpetrators"] == [dean.person_id]


@pytest.mark.parametrize(
    "relationships, perpetrators, field, message",
    [
        (
            [{"adult": 3, "child": 0, "relationship": "mother"}],
            [],
            "relationships",
            "Adult 4 and child 1: there is no such adult or child on this contact",
        ),
        (
            [],
            [5],
            "alleged_perpetrators",
            "Adult 6: there is no such adult on this contact",
        ),
        (
            [
                {"adult": 0, "child": 0, "relationship": "mother"},
                {"adult": 0, "child": 0, "relationship": "father"},
            ],
            [],
            "relationships",
            "Adult 1 (Kerry Quinn) and Child 1 (Zara Quinn): the relationship is given twice",
        ),
    ],
)
def test_api_refuses_relationships_that_do_not_fit_the_contact(
    officer, relationships, perpetrators, field, message
):
    adults = [{"given_name": "Kerry", "family_name": "Quinn"}]
    response = post(
        officer,
        body(adults=adults, relationships=relationships, alleged_perpetrators=perpetrators),
    )
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert not Contact.objects.exists()


def test_api_refuses_an_unknown_relationship(officer):
    adults = [{"given_name": "Kerry", "family_name": "Quinn"}]
    relationships = [{"adult": 0, "child": 0, "relationship": "aunt\x00"}]
    response = post(officer, body(adults=adults, relationships=relationships))
    assert response.status_code == 400


def test_a_later_contact_updates_a_relationship_and_history_keeps_the_old_one(officer):
    family = FamilyFactory(postcode="SK1 3AA")
    child = HouseholdMemberFactory(family=family).person
    adult = PersonFactory(given_name="Sam", family_name="Lowe")
    first = body(
        new_family=None,
        family=family.pk,
        children=[child.pk],
        adults=[adult.pk],
        relationships=[{"adult": 0, "child": 0, "relationship": "parent_partner"}],
    )
    assert post(officer, first).status_code == 201
    second = {**first, "relationships": [{"adult": 0, "child": 0, "relationship": "step_parent"}]}
    assert post(officer, second).status_code == 201
    link = Relationship.objects.get()
    assert link.kind == "step_parent"
    assert [h.kind for h in link.history.order_by("history_date")] == [
        "parent_partner",
        "step_parent",
    ]
