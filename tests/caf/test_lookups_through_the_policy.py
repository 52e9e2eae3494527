"""Issue 10 (medium): referenced objects are looked up through the access policy, and an
object the caller may not see answers exactly as one that does not exist."""

from __future__ import annotations

from django.urls import reverse

from pathway.models import Case
from tests.factories import CaseFactory, ContactFactory, MembershipFactory, TeamFactory

MISSING_FAMILY = 987654321


def _step_down_api(client, family_id):
    return client.post(
        reverse("api-step-downs"),
        {"family": family_id, "reason": "Social care closed", "plan": "CAF with the school"},
        content_type="application/json",
    )


def test_step_down_finding_a_leader_cannot_reach_another_localitys_family(personas, client):
    """The probe: a Central leader reopened a South and East family's stepped-up case."""
    stepped_up = CaseFactory(
        stage="stepped_up", locality=personas.away, family__locality=personas.away
    )
    with_open_case = CaseFactory(
        stage="allocated", locality=personas.away, family__locality=personas.away
    )
    client.force_login(personas.locality_leader)  # leads `home`
    hidden = _step_down_api(client, stepped_up.family_id)
    hidden_open = _step_down_api(client, with_open_case.family_id)
    missing = _step_down_api(client, MISSING_FAMILY)
    assert hidden.status_code == hidden_open.status_code == missing.status_code == 400
    expected = missing.json()["family"][0].replace(str(MISSING_FAMILY), "{id}")
    assert hidden.json()["family"][0].replace(str(stepped_up.family_id), "{id}") == expected
    assert (
        hidden_open.json()["family"][0].replace(str(with_open_case.family_id), "{id}") == expected
    )
    stepped_up.refresh_from_db()
    assert stepped_up.stage == "stepped_up"


def test_step_down_page_answers_alike_for_hidden_and_missing_families(personas, client):
    stepped_up = CaseFactory(
        stage="stepped_up", locality=personas.away, family__locality=personas.away
    )
    client.force_login(personas.locality_leader)
    answers = []
    for family_id in (stepped_up.family_id, MISSING_FAMILY):
        page = client.post(
            reverse("step-down"),
            {
                "family": family_id,
                "reason": "Social care closed",
                "plan": "CAF",
                "social_worker": "",
            },
        )
        assert page.status_code == 200
        answers.append(page.context["form"].errors["family"])
    assert answers[0] == answers[1] == ["There is no family with that record number"]
    assert Case.objects.get(pk=stepped_up.pk).stage == "stepped_up"


def test_a_leader_still_steps_down_their_own_localitys_family(personas, client):
    stepped_up = CaseFactory(
        stage="stepped_up", locality=personas.home, family__locality=personas.home
    )
    client.force_login(personas.locality_leader)
    assert _step_down_api(client, stepped_up.family_id).status_code == 201
    stepped_up.refresh_from_db()
    assert stepped_up.stage == "awaiting_allocation"


def test_screening_a_contact_of_another_case_answers_like_a_missing_contact(personas, client, tool):
    case = CaseFactory(locality=personas.home, family__locality=personas.home)
    ContactFactory(case=case, family=case.family)
    other = ContactFactory()
    client.force_login(personas.contact_officer)
    answers = {}
    for contact_id in (other.pk, 987654321):
        response = client.post(
            reverse("api-case-screen", args=[case.pk]),
            {"contact": contact_id, "answers": {}, "decision": "nfa", "rationale": "x"},
            content_type="application/json",
        )
        assert response.status_code == 400
        answers[contact_id] = response.json()["contact"][0].replace(str(contact_id), "{id}")
    assert answers[other.pk] == answers[987654321]
    assert "another case" not in answers[other.pk]


def test_allocating_does_not_reveal_which_usernames_exist(personas, client):
    case = CaseFactory(
        stage="awaiting_allocation", locality=personas.home, family__locality=personas.home
    )
    team = TeamFactory(locality=personas.home)
    MembershipFactory(user=personas.practitioner, team=team)
    client.force_login(personas.locality_leader)
    answers = {}
    for username in (personas.auditor.username, "nobody.at.all"):
        response = client.post(
            reverse("api-case-allocate", args=[case.pk]),
            {"team": team.code, "worker": username},
            content_type="application/json",
        )
        assert response.status_code == 400
        answers[username] = response.json()["worker"][0].replace(username, "{name}")
    assert answers[personas.auditor.username] == answers["nobody.at.all"]
