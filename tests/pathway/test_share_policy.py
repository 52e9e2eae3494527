"""The partner scope of the access policy: every role × every relation of a case to a
partner agency, for list and open, through the policy, the case API's list and detail.

The expected sets are written out by hand, not derived from the policy.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway import policy
from pathway.choices import Role
from tests.factories import AgencyFactory, AllocatedCaseFactory, FamilyFactory
from tests.partners.factories import ShareFactory, partner_of

RELATIONS = ("mine", "mine_ends_today", "other_agency", "revoked", "expired", "never")
ALL = frozenset(RELATIONS)
NONE: frozenset[str] = frozenset()

# role → the relations whose case the role lists and opens. Every case is allocated in
# the personas' home locality; the partner works for Health Visiting, "womens_aid" for
# Women's Aid (the "other agency").
EXPECTED = {
    "contact_officer": NONE,
    "senior_practitioner": NONE,
    "locality_leader": ALL,
    "practitioner": ALL,
    "partner": frozenset({"mine", "mine_ends_today"}),
    "womens_aid": frozenset({"other_agency"}),
    "manager": ALL,
    "admin": NONE,
    "auditor": NONE,
}
# The exact count of GET /api/v1/cases/ for each role.
API_LIST_COUNTS = {
    "contact_officer": 0,
    "senior_practitioner": 0,
    "locality_leader": 6,
    "practitioner": 6,
    "partner": 2,
    "womens_aid": 1,
    "manager": 6,
    "admin": 0,
    "auditor": 0,
}


@pytest.fixture
def world(personas):
    health_visiting = personas.partner.active_memberships[0].agency
    womens_aid = AgencyFactory(
        code="womens-aid", name="Stockport Women's Aid", kind="domestic_abuse"
    )
    womens_aid_worker = partner_of(womens_aid, "wendy.womensaid")
    today = timezone.localdate()
    cases = {}
    for relation in RELATIONS:
        family = FamilyFactory(locality=personas.home)
        cases[relation] = AllocatedCaseFactory(family=family, locality=personas.home)
    ShareFactory(case=cases["mine"], agency=health_visiting)
    ShareFactory(case=cases["mine_ends_today"], agency=health_visiting, ends_on=today)
    ShareFactory(case=cases["other_agency"], agency=womens_aid)
    ShareFactory(
        case=cases["revoked"],
        agency=health_visiting,
        revoked_at=timezone.now() - timedelta(hours=1),
        revoked_by=personas.locality_leader,
        revoke_reason="Family withdrew consent",
    )
    ShareFactory(case=cases["expired"], agency=health_visiting, ends_on=today - timedelta(days=1))
    return {"cases": cases, "womens_aid": womens_aid_worker}


def _user(personas, world, role):
    return world["womens_aid"] if role == "womens_aid" else personas.for_role(role)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_list_and_open_follow_the_partner_matrix(role, personas, world, client):
    user = _user(personas, world, role)
    cases = world["cases"]
    listed = set(policy.cases_visible_to(user).values_list("pk", flat=True))
    expected = {cases[r].pk for r in EXPECTED[role]}
    assert listed == expected, role
    client.force_login(user)
    for relation in RELATIONS:
        allowed = relation in EXPECTED[role]
        case = cases[relation]
        assert policy.can_view_case(user, case) is allowed, f"{role} open {relation}"
        api = client.get(reverse("api-case-detail", args=[case.pk]))
        assert api.status_code == (200 if allowed else 404), f"{role} API {relation}"
    response = client.get(reverse("api-case-list"))
    assert response.status_code == 200
    assert response.json()["count"] == API_LIST_COUNTS[role]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_a_case_that_does_not_exist_is_404_for_everyone(role, personas, world, client):
    client.force_login(_user(personas, world, role))
    assert client.get(reverse("api-case-detail", args=[987654])).status_code == 404
    assert client.get(reverse("api-case-chronology", args=[987654])).status_code == 404


def test_a_partner_never_sees_the_internals_of_a_shared_case(personas, world):
    """The partner sees the case, but not its contacts, screenings or TAC plan."""
    case = world["cases"]["mine"]
    assert policy.can_view_case(personas.partner, case)
    assert not policy.cases_visible_in_full_to(personas.partner).exists()
    assert not policy.contacts_visible_to(personas.partner).exists()
    assert not policy.can_list_cases(personas.partner)
    assert policy.sees_partner_view(personas.partner)
    assert not policy.sees_partner_view(personas.locality_leader)


def test_a_partner_may_not_act_on_a_shared_case(personas, world):
    case = world["cases"]["mine"]
    for verb in ("close", "reopen", "allocate", "start_caf", "work_on_plan"):
        assert not policy.can_act(personas.partner, case, verb), verb
    assert not policy.can_change_case(personas.partner, case)
    assert not policy.can_share_case(personas.partner, case)


# Who may share (docs/adr/0013): senior practitioners the front door's cases, locality
# leaders their locality's, a practitioner the cases they lead.
def test_who_may_share(personas):
    home = personas.home
    led = AllocatedCaseFactory(
        family=FamilyFactory(locality=home), locality=home, lead_professional=personas.practitioner
    )
    not_led = AllocatedCaseFactory(family=FamilyFactory(locality=home), locality=home)
    away = AllocatedCaseFactory(
        family=FamilyFactory(locality=personas.away), locality=personas.away
    )
    from tests.factories import ContactStageCaseFactory

    front_door = ContactStageCaseFactory(family=FamilyFactory(locality=home), locality=home)
    expected = {
        # role: (led, not_led, away, front_door)
        "contact_officer": (False, False, False, False),
        "senior_practitioner": (False, False, False, True),
        "locality_leader": (True, True, False, True),
        "practitioner": (True, False, False, False),
        "partner": (False, False, False, False),
        "manager": (False, False, False, False),
        "admin": (False, False, False, False),
        "auditor": (False, False, False, False),
    }
    for role, answers in expected.items():
        user = personas.for_role(role)
        got = tuple(policy.can_share_case(user, c) for c in (led, not_led, away, front_door))
        assert got == answers, role
    assert policy.can_share_without_consent(personas.senior_practitioner)
    assert not policy.can_share_without_consent(personas.locality_leader)
    assert not policy.can_share_without_consent(personas.for_role(Role.PRACTITIONER))
