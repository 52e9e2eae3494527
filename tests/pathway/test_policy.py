"""The access-policy matrix: every role × own/other locality × every stage, for list and open.

The expectations are written out as a table here, not derived from the policy, so a
change to the policy that is not also a deliberate change to this table fails.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway import policy
from pathway.choices import Stage
from tests.factories import STAGE_FACTORIES, FamilyFactory

ALL = frozenset(Stage.values)
NONE: frozenset[str] = frozenset()
FRONT_DOOR = frozenset({"contact", "screening", "universal_offer"})
SENIOR = FRONT_DOOR | {"awaiting_allocation", "stepped_up", "closed"}  # closed: never allocated

# role → (stages visible in the user's own locality, stages visible in another locality)
CAN_LIST_AND_OPEN = {
    "contact_officer": (FRONT_DOOR, FRONT_DOOR),
    "senior_practitioner": (SENIOR, SENIOR),
    "locality_leader": (ALL, NONE),
    "practitioner": (ALL, NONE),
    "partner": (NONE, NONE),
    "manager": (ALL, ALL),
    "admin": (NONE, NONE),
    "auditor": (NONE, NONE),
}

CAN_CHANGE = {
    "contact_officer": (FRONT_DOOR, FRONT_DOOR),
    "senior_practitioner": (SENIOR, SENIOR),
    "locality_leader": (ALL, NONE),
    "practitioner": (ALL, NONE),
    "partner": (NONE, NONE),
    "manager": (NONE, NONE),
    "admin": (NONE, NONE),
    "auditor": (NONE, NONE),
}


@pytest.fixture
def cases_by_place(personas):
    """One case at every stage in the personas' home locality and one in the other."""
    cases = {}
    for side, locality in (("own", personas.home), ("other", personas.away)):
        for stage in Stage.values:
            family = FamilyFactory(locality=locality)
            cases[(side, stage)] = STAGE_FACTORIES[stage](family=family, locality=locality)
    return cases


@pytest.mark.parametrize("role", sorted(CAN_LIST_AND_OPEN))
@pytest.mark.parametrize("side", ["own", "other"])
def test_list_and_open_follow_the_matrix(role, side, personas, cases_by_place, client):
    user = personas.for_role(role)
    expected_stages = CAN_LIST_AND_OPEN[role][0 if side == "own" else 1]
    listed = set(policy.cases_visible_to(user).values_list("pk", flat=True))
    client.force_login(user)
    for stage in Stage.values:
        case = cases_by_place[(side, stage)]
        allowed = stage in expected_stages
        assert (case.pk in listed) is allowed, f"{role} list {side}/{stage}"
        assert policy.can_view_case(user, case) is allowed, f"{role} open {side}/{stage}"
        page = client.get(reverse("case-detail", args=[case.pk]))
        assert page.status_code == (200 if allowed else 404), f"{role} page {side}/{stage}"
        api = client.get(reverse("api-case-detail", args=[case.pk]))
        assert api.status_code == (200 if allowed else 404), f"{role} API {side}/{stage}"


@pytest.mark.parametrize("role", sorted(CAN_CHANGE))
@pytest.mark.parametrize("side", ["own", "other"])
def test_change_follows_the_matrix(role, side, personas, cases_by_place):
    user = personas.for_role(role)
    expected_stages = CAN_CHANGE[role][0 if side == "own" else 1]
    changeable = set(policy.cases_changeable_by(user).values_list("pk", flat=True))
    for stage in Stage.values:
        case = cases_by_place[(side, stage)]
        allowed = stage in expected_stages
        assert (case.pk in changeable) is allowed, f"{role} change {side}/{stage}"
        assert policy.can_change_case(user, case) is allowed


def test_case_list_page_and_api_show_only_visible_cases(personas, cases_by_place, client):
    client.force_login(personas.contact_officer)
    page = client.get(reverse("case-list"))
    shown = {case.pk for case in page.context["page"].object_list}
    expected = {c.pk for (side, stage), c in cases_by_place.items() if stage in FRONT_DOOR}
    assert shown == expected
    api = client.get(reverse("api-case-list"))
    assert {row["id"] for row in api.json()["results"]} == expected


def test_a_deactivated_user_sees_nothing(personas, cases_by_place):
    manager = personas.manager
    manager.is_active = False
    manager.save()
    assert not policy.cases_visible_to(manager).exists()


def test_a_user_whose_membership_ended_loses_the_locality(personas, cases_by_place):
    leader = personas.locality_leader
    leader.memberships.update(ended_on=timezone.localdate() - timedelta(days=1))
    leader = type(leader).objects.get(pk=leader.pk)  # fresh: memberships are cached per object
    assert not policy.cases_visible_to(leader).exists()


def test_an_unknown_case_and_a_forbidden_case_answer_alike(personas, cases_by_place, client):
    client.force_login(personas.practitioner)
    forbidden = cases_by_place[("other", "allocated")]
    missing = client.get(reverse("case-detail", args=[999999]))
    hidden = client.get(reverse("case-detail", args=[forbidden.pk]))
    assert missing.status_code == hidden.status_code == 404
    api_missing = client.get(reverse("api-case-detail", args=[999999]))
    api_hidden = client.get(reverse("api-case-detail", args=[forbidden.pk]))
    assert api_missing.status_code == api_hidden.status_code == 404
    assert api_missing.json() == api_hidden.json()


def test_opening_a_case_writes_the_access_log(personas, cases_by_place, client):
    from pathway.models import AccessLogEntry

    case = cases_by_place[("own", "allocated")]
    client.force_login(personas.practitioner)
    client.get(reverse("case-detail", args=[case.pk]))
    entry = AccessLogEntry.objects.get(case=case)
    assert entry.user == personas.practitioner
    assert entry.action == "view"


def test_anonymous_users_are_sent_to_sign_in_and_the_api_answers_401(db, client):
    page = client.get(reverse("case-list"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))
    assert client.get(reverse("api-case-list")).status_code == 401
