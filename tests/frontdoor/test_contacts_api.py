"""POST /api/v1/contacts/: the same service as the form, and a 400 with field errors for
every kind of bad input, with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import Case, Contact, Family, Person
from tests.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory

URL = "/api/v1/contacts/"


def body(**overrides):
    data = {
        "received_at": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "channel": "police_domestic_incident",
        "referral_source": "6",
        "reason": "Police attended a verbal argument at the home; two children present.",
        "primary_issue": "3B",
        "secondary_issues": ["4B"],
        "consent": "not_sought",
        "lawful_basis": "public_task",
        "new_family": {"address": "12 Hillgate", "postcode": "sk1 3aa"},
        "children": [
            {"given_name": "Zara", "family_name": "Quinn", "date_of_birth": "2019-04-03"},
            {
                "given_name": "Zeb",
                "family_name": "Quinn",
                "date_of_birth": "2021-11-09",
                "nhs_number": "943 476 5919",
            },
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(personas, client):
    client.force_login(personas.contact_officer)
    return client


def post(client, data):
    return client.post(URL, data, content_type="application/json")


def test_a_contact_about_a_new_family_opens_a_case(officer_client):
    response = post(officer_client, body())
    assert response.status_code == 201, response.json()
    contact = response.json()
    case = Case.objects.get(pk=contact["case"])
    assert case.stage == "contact"
    assert contact["case_reference"] == case.reference
    assert contact["referral_source"] == "6"
    assert contact["primary_issue"] == "3B"
    assert contact["secondary_issues"] == ["4B"]
    assert contact["consent"] == "not_sought"
    assert len(contact["children"]) == 2
    assert case.family.postcode == "SK1 3AA"
    assert Person.objects.get(nhs_number="9434765919").given_name == "Zeb"


def test_a_repeat_contact_by_family_id_joins_the_open_case(officer_client):
    first = post(officer_client, body()).json()
    child = first["children"][0]
    second = post(officer_client, body(new_family=None, family=first["family"], children=[child]))
    assert second.status_code == 201, second.json()
    assert second.json()["case"] == first["case"]


def test_an_existing_child_is_linked_not_copied(officer_client):
    family = FamilyFactory()
    child = PersonFactory(given_name="Ivy")
    HouseholdMemberFactory(family=family, person=child)
    response = post(officer_client, body(new_family=None, family=family.pk, children=[child.pk]))
    assert response.status_code == 201
    assert response.json()["children"] == [child.pk]
    assert Person.objects.filter(given_name="Ivy").count() == 1


BAD_INPUT = [
    (
        "bad NHS number",
        {"children": [{"given_name": "A", "family_name": "B", "nhs_number": "9434765918"}]},
        ("children",),
    ),
    (
        "short NHS number",
        {"children": [{"given_name": "A", "family_name": "B", "nhs_number": "12345"}]},
        ("children",),
    ),
    ("bad postcode", {"new_family": {"address": "1 Road", "postcode": "SK1"}}, ("new_family",)),
    (
        "future date of birth",
        {
            "children": [
                {
                    "given_name": "A",
                    "family_name": "B",
                    "date_of_birth": (timezone.localdate() + timedelta(days=3)).isoformat(),
                }
            ]
        },
        ("children",),
    ),
    (
        "birth date and expected date",
        {
            "children": [
                {
                    "given_name": "A",
                    "family_name": "B",
                    "date_of_birth": "2020-01-01",
                    "expected_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
                }
            ]
        },
        ("children",),
    ),
    (
        "no lawful basis without consent",
        {"consent": "refused", "lawful_basis": ""},
        ("lawful_basis",),
    ),
    ("unknown referral source", {"referral_source": "99"}, ("referral_source",)),
    ("unknown primary issue", {"primary_issue": "7B"}, ("primary_issue",)),
    ("secondary repeats primary", {"secondary_issues": ["3B"]}, ("secondary_issues",)),
    (
        "received in the future",
        {"received_at": (timezone.now() + timedelta(hours=2)).isoformat()},
        ("received_at",),
    ),
    ("no family at all", {"new_family": None}, ("family",)),
    ("no children", {"children": []}, ("children",)),
    ("unknown child id", {"children": [999999]}, ("children",)),
    ("unknown channel", {"channel": "carrier_pigeon"}, ("channel",)),
    ("missing reason", {"reason": ""}, ("reason",)),
    ("child without a name", {"children": [{"date_of_birth": "2019-01-01"}]}, ("children",)),
]


@pytest.mark.parametrize("label, overrides, fields", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_a_400_with_field_errors_and_nothing_is_saved(
    officer_client, label, overrides, fields
):
    response = post(officer_client, body(**overrides))
    assert response.status_code == 400, response.json()
    assert set(fields) <= set(response.json()), response.json()
    assert not Contact.objects.exists()
    assert not Family.objects.exists()


def test_both_a_family_and_a_new_family_is_refused(officer_client):
    family = FamilyFactory()
    response = post(officer_client, body(family=family.pk))
    assert response.status_code == 400
    assert "family" in response.json()


def test_only_the_front_door_records_contacts(personas, client):
    client.force_login(personas.manager)
    assert post(client, body()).status_code == 403
    client.force_login(personas.partner)
    assert post(client, body()).status_code == 403
    assert not Contact.objects.exists()


def test_a_recorded_contact_can_be_read_back_through_the_policy(officer_client, personas, client):
    contact_id = post(officer_client, body()).json()["id"]
    assert officer_client.get(reverse("api-contact-detail", args=[contact_id])).status_code == 200
    client.force_login(personas.practitioner)  # a new case is not in their locality yet
    assert client.get(reverse("api-contact-detail", args=[contact_id])).status_code == 404


def test_people_search_api_ranks_and_explains(officer_client):
    post(officer_client, body())
    response = officer_client.get("/api/v1/people/search/", {"q": "Zarah Quin"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert (first["given_name"], first["family_name"]) == ("Zara", "Quinn")
    assert first["score"] > 0 and first["reasons"]
    assert first["household"]["postcode"] == "SK1 3AA"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": ""}, "q"),
        ({"date_of_birth": "31/02/2020"}, "date_of_birth"),
        ({"postcode": "ZZZ"}, "postcode"),
        ({"q": "x", "dob_window_days": "-3"}, "dob_window_days"),
    ],
)
def test_people_search_api_bad_parameters(officer_client, params, field):
    response = officer_client.get("/api/v1/people/search/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_people_search_hides_a_confidential_postcode_from_those_without_need(personas, client):
    family = FamilyFactory(postcode="SK2 6AB", address_confidential=True)
    HouseholdMemberFactory(
        family=family, person=PersonFactory(given_name="Kit", family_name="Rowe")
    )
    client.force_login(personas.manager)
    row = client.get("/api/v1/people/search/", {"q": "Kit Rowe"}).json()["results"][0]
    assert row["household"]["postcode"] is None
    assert row["household"]["address_confidential"] is True
    client.force_login(personas.contact_officer)
    row = client.get("/api/v1/people/search/", {"q": "Kit Rowe"}).json()["results"][0]
    assert row["household"]["postcode"] == "SK2 6AB"


@pytest.mark.parametrize(
    "new_family, child",
    [
        ({"address": "12 Hillgate", "postcode": "sk1 3aa", "town": 12}, None),
        ({"address": ["12 Hillgate"], "postcode": "sk1 3aa"}, None),
        (None, {"given_name": True, "family_name": "Quinn"}),
    ],
)
def test_text_sent_as_another_json_type_is_refused_not_saved_as_text(
    officer_client, new_family, child
):
    data = body()
    if new_family:
        data["new_family"] = new_family
    if child:
        data["children"] = [child]
    response = post(officer_client, data)
    assert response.status_code == 400
    errors = response.json()
    field = "new_family" if new_family else "children"
    assert field in errors, errors
    assert "Enter text (a JSON string)" in str(errors[field])
    assert Contact.objects.count() == 0
