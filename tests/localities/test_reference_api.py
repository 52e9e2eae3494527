"""GET /api/v1/localities/, /api/v1/localities/{id}/ and /api/v1/agencies/: what a client
needs to allocate a case or recommend a universal service without reading the database
(issue 11), each answered as the access policy says."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from localities.models import Agency, Team
from pathway.choices import LevelOfNeed, Role
from tests.factories import (
    AgencyFactory,
    AllocatedCaseFactory,
    CaseFactory,
    MembershipFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
)


def as_user(client, user):
    token, _ = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


@pytest.fixture
def staffed(personas):
    """Pat leads two cases in Central (one CAF past the limit, one due today); Priya,
    capacity 1, leads one; a closed-down team is not shown."""
    today = timezone.localdate()
    team = Team.objects.get(code="central-early-help")
    for due_on in (today - timedelta(days=1), today):
        case = AllocatedCaseFactory(
            locality=personas.home,
            family__locality=personas.home,
            team=team,
            lead_professional=personas.practitioner,
        )
        RecommendationFactory(case=case, made_on=due_on - timedelta(days=28), due_on=due_on)
    priya = UserFactory(
        username="priya.practitioner", first_name="Priya", last_name="Shah", role=Role.PRACTITIONER
    )
    MembershipFactory(user=priya, team=team, capacity=1)
    AllocatedCaseFactory(
        locality=personas.home, family__locality=personas.home, team=team, lead_professional=priya
    )
    TeamFactory(code="central-old", name="Old Team", locality=personas.home, is_active=False)
    TeamFactory(code="north-family-support", name="North Family Support", locality=personas.away)
    return personas


def test_staff_list_every_locality_with_its_teams(staffed, client):
    response = as_user(client, staffed.contact_officer).get("/api/v1/localities/")
    assert response.status_code == 200
    assert [(row["code"], [t["code"] for t in row["teams"]]) for row in response.json()] == [
        ("central", ["central-early-help"]),
        ("north", ["north-family-support"]),
    ]
    assert response.json()[0]["teams"][0] == {
        "id": staffed.practitioner.memberships.get().team_id,
        "code": "central-early-help",
        "name": "Central Early Help",
        "kind": "locality",
    }


def test_partners_do_not_list_the_councils_localities(staffed, client):
    assert as_user(client, staffed.partner).get("/api/v1/localities/").status_code == 403


def test_a_leader_sees_their_localitys_workers_with_capacity_and_caseload(
    staffed, client, django_assert_max_num_queries
):
    api = as_user(client, staffed.locality_leader)
    with django_assert_max_num_queries(13):
        response = api.get(f"/api/v1/localities/{staffed.home.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"]) == ("central", "Central")
    [team] = body["teams"]
    assert team["code"] == "central-early-help"
    workers = {w["username"]: w for w in team["workers"]}
    assert workers["pat.practitioner"] == {
        "username": "pat.practitioner",
        "name": staffed.practitioner.get_full_name(),
        "may_lead_cases": True,
        "capacity": 10,
        "open_cases": 2,
        "over_capacity": False,
        "cafs_near_limit": 1,
        "cafs_past_limit": 1,
    }
    assert workers["priya.practitioner"] == {
        "username": "priya.practitioner",
        "name": "Priya Shah",
        "may_lead_cases": True,
        "capacity": 1,
        "open_cases": 1,
        "over_capacity": True,
        "cafs_near_limit": 0,
        "cafs_past_limit": 0,
    }


@pytest.mark.parametrize(
    ("role", "home", "away"),
    [
        ("locality_leader", 200, 404),
        ("manager", 200, 200),
        ("practitioner", 404, 404),
        ("contact_officer", 404, 404),
        ("senior_practitioner", 404, 404),
        ("partner", 404, 404),
        ("admin", 404, 404),
    ],
)
def test_who_sees_a_localitys_workers(staffed, client, role, home, away):
    api = as_user(client, staffed.for_role(role))
    assert api.get(f"/api/v1/localities/{staffed.home.pk}/").status_code == home
    assert api.get(f"/api/v1/localities/{staffed.away.pk}/").status_code == away


def test_agencies_with_their_tier_for_any_role_and_filtered_to_universal_services(personas, client):
    AgencyFactory(
        code="childrens-centre",
        name="Children's Centre",
        kind=Agency.Kind.CHILDRENS_CENTRE,
        tier=LevelOfNeed.UNIVERSAL,
        offers_universal_service=True,
    )
    AgencyFactory(code="closed", name="Closed Service", is_active=False)
    api = as_user(client, personas.partner)
    everything = api.get("/api/v1/agencies/")
    assert everything.status_code == 200
    assert [a["code"] for a in everything.json()] == ["childrens-centre", "health-visiting"]
    assert everything.json()[0] == {
        "id": Agency.objects.get(code="childrens-centre").pk,
        "code": "childrens-centre",
        "name": "Children's Centre",
        "kind": "childrens_centre",
        "tier": "universal",
        "offers_universal_service": True,
    }
    universal = api.get("/api/v1/agencies/", {"offers_universal_service": "true"})
    assert [a["code"] for a in universal.json()] == ["childrens-centre"]
    others = api.get("/api/v1/agencies/", {"offers_universal_service": "false"})
    assert [a["code"] for a in others.json()] == ["health-visiting"]
    bad = api.get("/api/v1/agencies/", {"offers_universal_service": "perhaps"})
    assert bad.status_code == 400
    assert "offers_universal_service" in bad.json()


def test_the_front_door_gives_a_family_the_locality_its_postcode_did_not(personas, client):
    case = CaseFactory(family__locality=None)
    api = as_user(client, personas.contact_officer)
    url = f"/api/v1/families/{case.family_id}/locality/"
    response = api.post(
        url,
        {"locality": "north", "reason": "Lives on the North side of the border"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "family": case.family_id,
        "reference": case.family.reference,
        "locality": "north",
    }
    case.refresh_from_db()
    assert (case.locality.code, case.version) == ("north", 2)
    again = api.post(url, {"locality": "north", "reason": "x"}, content_type="application/json")
    assert again.status_code == 400
    assert again.json() == {"locality": ["The family is already in North"]}
    bad = api.post(url, {"locality": "nowhere"}, content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"locality", "reason"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("locality_leader", 200),
        ("practitioner", 403),
        ("partner", 404),
        ("manager", 404),
        ("admin", 404),
    ],
)
def test_who_changes_a_familys_locality(personas, client, role, status):
    case = CaseFactory(
        stage="awaiting_allocation", locality=personas.home, family__locality=personas.home
    )
    response = as_user(client, personas.for_role(role)).post(
        f"/api/v1/families/{case.family_id}/locality/",
        {"locality": "north", "reason": "Moved across the border"},
        content_type="application/json",
    )
    assert response.status_code == status


def test_an_empty_agency_filter_is_a_400_not_every_agency(personas, client):
    api = as_user(client, personas.partner)
    response = api.get("/api/v1/agencies/?offers_universal_service=")
    assert response.status_code == 400
    assert "offers_universal_service" in response.json()
