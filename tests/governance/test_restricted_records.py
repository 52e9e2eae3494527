"""Issue 14: a restricted person or family can be listed and opened only by the users
named on it; everyone else gets 404, and the attempt is logged and reported to the
information-governance auditors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.services import record_restrict, record_restriction_lift
from pathway import policy
from pathway.models import AccessLogEntry, Notification, RecordRestriction
from tests.factories import HouseholdMemberFactory, TacCaseFactory


@pytest.fixture
def restricted(personas):
    """A family in `home` with a TAC case led by the practitioner, restricted so that only
    the practitioner (and the senior practitioner who restricted it) may open it."""
    case = TacCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        lead_professional=personas.practitioner,
    )
    child = HouseholdMemberFactory(family=case.family).person
    restriction = record_restrict(
        actor=personas.senior_practitioner,
        family=case.family,
        allowed_users=[personas.practitioner],
        reason="A member of staff's family",
    )
    return {"case": case, "child": child, "restriction": restriction}


def test_a_user_named_on_it_opens_it(restricted, personas, client):
    client.force_login(personas.practitioner)
    assert client.get(reverse("case-detail", args=[restricted["case"].pk])).status_code == 200
    assert not AccessLogEntry.objects.filter(action="refused").exists()


@pytest.mark.parametrize("role", ["locality_leader", "manager"])
def test_anyone_else_gets_404_on_every_door(role, restricted, personas, client):
    user = personas.for_role(role)
    case, child = restricted["case"], restricted["child"]
    client.force_login(user)
    for url in (
        reverse("case-detail", args=[case.pk]),
        reverse("tac", args=[case.pk]),
        reverse("api-case-detail", args=[case.pk]),
        reverse("person-detail", args=[child.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # Lists agree with opening: the case is in neither list.
    assert case.pk not in [c.pk for c in client.get(reverse("case-list")).context["page"]]
    assert case.pk not in [c["id"] for c in client.get(reverse("api-case-list")).json()["results"]]
    assert not policy.cases_visible_to(user).filter(pk=case.pk).exists()
    assert not policy.people_visible_to(user).filter(pk=child.pk).exists()


def test_a_refused_attempt_is_logged_and_reported_once_a_day(restricted, personas, client):
    case = restricted["case"]
    client.force_login(personas.locality_leader)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("api-case-detail", args=[case.pk])).status_code == 404
    refused = AccessLogEntry.objects.filter(user=personas.locality_leader, action="refused")
    assert [(r.what, r.case_id) for r in refused.order_by("pk")] == [
        (f"Refused: restricted case {case.reference}", case.pk),
        (f"Refused: restricted case {case.reference}", case.pk),
    ]
    told = Notification.objects.filter(kind="restricted_access")
    leader = personas.locality_leader
    assert [(n.user_id, n.message) for n in told] == [
        (
            personas.auditor.pk,
            f"{leader.get_full_name()} (lena.leader) tried to open restricted case "
            f"{case.reference} and was refused.",
        )
    ]


def test_a_record_that_does_not_exist_is_an_ordinary_404(personas, client):
    client.force_login(personas.locality_leader)
    assert client.get(reverse("case-detail", args=[999999])).status_code == 404
    assert not AccessLogEntry.objects.filter(action="refused").exists()


def test_a_restricted_person_hides_their_family_case(personas, client):
    case = TacCaseFactory(locality=personas.home, family__locality=personas.home)
    child = HouseholdMemberFactory(family=case.family).person
    record_restrict(
        actor=personas.senior_practitioner, person=child, allowed_users=[], reason="High profile"
    )
    assert not policy.cases_visible_to(personas.manager).filter(pk=case.pk).exists()
    assert not policy.people_visible_to(personas.contact_officer).filter(pk=child.pk).exists()
    assert policy.people_visible_to(personas.senior_practitioner).filter(pk=child.pk).exists()
    client.force_login(personas.contact_officer)
    assert client.get(reverse("person-detail", args=[child.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=personas.contact_officer, action="refused", person=child
    ).exists()


def test_lifting_a_restriction_opens_it_again(restricted, personas):
    case = restricted["case"]
    assert not policy.cases_visible_to(personas.locality_leader).filter(pk=case.pk).exists()
    record_restriction_lift(
        actor=personas.senior_practitioner, restriction=restricted["restriction"]
    )
    assert policy.cases_visible_to(personas.locality_leader).filter(pk=case.pk).exists()


def test_a_senior_practitioner_restricts_from_the_page(personas, client):
    case = TacCaseFactory(locality=personas.home, family__locality=personas.home)
    client.force_login(personas.senior_practitioner)
    response = client.post(
        reverse("restrictions"),
        {"record": case.family.reference, "allowed": "pat.practitioner", "reason": "Inquiry"},
    )
    assert response.status_code == 302
    restriction = RecordRestriction.objects.get()
    assert restriction.family_id == case.family_id
    assert sorted(u.username for u in restriction.allowed_users.all()) == [
        "pat.practitioner",
        "sam.senior",
    ]
    bad = client.post(reverse("restrictions"), {"record": "X1", "allowed": "nobody", "reason": ""})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"record", "reason"}


@pytest.mark.parametrize("role", ["locality_leader", "contact_officer", "manager"])
def test_only_senior_practitioners_restrict(role, personas, client):
    client.force_login(personas.for_role(role))
    assert client.get(reverse("restrictions")).status_code == 403
