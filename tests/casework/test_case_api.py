"""The case verbs over the API: one endpoint each, 409 when the workflow refuses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from caf.models import Recommendation, StepDown
from pathway.choices import Stage
from tests.factories import (
    AwaitingAllocationCaseFactory,
    ClosedCaseFactory,
    ContactFactory,
    FamilyFactory,
    MembershipFactory,
    SteppedUpCaseFactory,
    TacCaseFactory,
    TeamFactory,
)
from tests.screening.test_scoring import all_answers


def post(client, name, pk=None, **data):
    url = reverse(name, args=[pk]) if pk is not None else reverse(name)
    return client.post(url, data, content_type="application/json")


def test_screen_then_sign_off_over_the_api(personas, client, tool):
    contact = ContactFactory(case__locality=personas.home)
    client.force_login(personas.contact_officer)
    response = post(
        client,
        "api-case-screen",
        contact.case_id,
        answers=all_answers(tool, housing="some"),
        decision="caf",
        rationale="Agreed with mum",
        level_override="targeted",
        override_reason="Escalating pattern of contacts",
        version=contact.case.version,
    )
    assert response.status_code == 201, response.json()
    screening = response.json()
    assert (screening["computed_level"], screening["level"], screening["status"]) == (
        "universal",
        "targeted",
        "awaiting_sign_off",
    )
    assert (
        client.get(reverse("api-case-detail", args=[contact.case_id])).json()["stage"]
        == "screening"
    )

    client.force_login(personas.senior_practitioner)
    signed = post(client, "api-screening-sign-off", screening["id"], comment="Agreed")
    assert signed.status_code == 200
    case = client.get(reverse("api-case-detail", args=[contact.case_id])).json()
    assert case["stage"] == "awaiting_allocation"
    assert [(r["kind"], r["status"]) for r in case["recommendations"]] == [("caf", "open")]
    assert case["recommendations"][0]["due_on"] > case["recommendations"][0]["made_on"]


def test_screen_bad_input_is_400_with_field_errors(personas, client, tool):
    contact = ContactFactory(case__locality=personas.home)
    client.force_login(personas.contact_officer)
    response = post(
        client,
        "api-case-screen",
        contact.case_id,
        answers={"housing": "nonsense"},
        decision="maybe",
        rationale="",
    )
    assert response.status_code == 400
    assert {"decision", "rationale"} <= set(response.json())
    response = post(
        client,
        "api-case-screen",
        contact.case_id,
        answers={"housing": "nonsense"},
        decision="caf",
        rationale="x",
    )
    assert response.status_code == 400
    assert "answers" in response.json()


def test_an_illegal_decision_is_409_with_the_current_stage(personas, client, tool):
    case = TacCaseFactory(locality=personas.home)
    ContactFactory(case=case, family=case.family)
    client.force_login(personas.contact_officer)
    response = post(
        client, "api-case-screen", case.pk, answers=all_answers(tool), decision="caf", rationale="x"
    )
    assert response.status_code == 409
    assert response.json()["stage"] == "tac"
    assert "Existing CAF" in response.json()["detail"]


def test_a_stale_version_is_409(personas, client):
    case = TacCaseFactory(locality=personas.home)
    client.force_login(personas.locality_leader)
    response = post(client, "api-case-close", case.pk, reason="needs_met", version=case.version + 5)
    assert response.status_code == 409
    assert "changed by someone else" in response.json()["detail"]


def test_allocate_over_the_api(personas, client):
    case = AwaitingAllocationCaseFactory(locality=personas.home)
    team = TeamFactory(code="central-early-help")
    client.force_login(personas.locality_leader)
    response = post(
        client,
        "api-case-allocate",
        case.pk,
        locality="central",
        team=team.code,
        worker=personas.practitioner.username,
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["stage"], response.json()["team"]) == ("allocated", team.code)
    again = post(
        client, "api-case-allocate", case.pk, team=team.code, worker=personas.practitioner.username
    )
    assert again.status_code == 409


def test_allocating_to_someone_outside_the_team_is_400(personas, client):
    case = AwaitingAllocationCaseFactory(locality=personas.home)
    team = TeamFactory(code="central-family-support", locality=personas.home)
    client.force_login(personas.locality_leader)
    response = post(
        client, "api-case-allocate", case.pk, team=team.code, worker=personas.practitioner.username
    )
    assert response.status_code == 400
    assert "worker" in response.json()


def test_a_leader_cannot_allocate_in_another_locality(personas, client):
    case = AwaitingAllocationCaseFactory(locality=personas.away)
    team = TeamFactory(locality=personas.away)
    MembershipFactory(user=personas.practitioner, team=team)
    client.force_login(personas.locality_leader)
    response = post(
        client, "api-case-allocate", case.pk, team=team.code, worker=personas.practitioner.username
    )
    assert response.status_code == 404  # not theirs to see


def test_step_up_and_close_and_reopen(personas, client):
    case = TacCaseFactory(locality=personas.home)
    Recommendation.objects.create(case=case, kind="caf", made_on="2026-01-05", due_on="2026-02-02")
    client.force_login(personas.practitioner)
    stepped = post(client, "api-case-step-up", case.pk, reason="Disclosure of physical abuse")
    assert stepped.status_code == 201
    assert stepped.json()["from_stage"] == "tac"
    assert Recommendation.objects.get().status == "withdrawn"
    assert post(client, "api-case-close", case.pk, reason="needs_met").status_code == 409

    other = TacCaseFactory(locality=personas.home)
    closed = post(client, "api-case-close", other.pk, reason="other")
    assert closed.status_code == 400 and "note" in closed.json()
    closed = post(client, "api-case-close", other.pk, reason="needs_met")
    assert closed.status_code == 200 and closed.json()["stage"] == "closed"
    client.force_login(personas.locality_leader)
    reopened = post(client, "api-case-reopen", other.pk, reason="New concerns from school")
    assert reopened.status_code == 200 and reopened.json()["stage"] == "contact"


def test_reopening_is_refused_while_the_family_has_another_open_case(personas, client):
    family = FamilyFactory(locality=personas.home)
    closed = ClosedCaseFactory(family=family, locality=personas.home)
    TacCaseFactory(family=family, locality=personas.home)
    client.force_login(personas.locality_leader)
    response = post(client, "api-case-reopen", closed.pk, reason="x")
    assert response.status_code == 400
    assert "already has an open case" in response.json()["case"][0]


def test_verbs_need_the_right_role(personas, client):
    case = TacCaseFactory(locality=personas.home)
    client.force_login(personas.manager)  # sees everything, changes nothing
    assert post(client, "api-case-close", case.pk, reason="needs_met").status_code == 403
    client.force_login(personas.contact_officer)  # may not see an allocated case at all
    assert post(client, "api-case-close", case.pk, reason="needs_met").status_code == 404


def test_step_down_brings_a_stepped_up_case_back_to_allocation(personas, client):
    case = SteppedUpCaseFactory(locality=personas.home)
    client.force_login(personas.senior_practitioner)
    response = post(
        client,
        "api-step-downs",
        family=case.family_id,
        reason="Assessment complete",
        plan="CAF with school as lead agency",
        social_worker="A. Social Worker",
    )
    assert response.status_code == 201, response.json()
    case.refresh_from_db()
    assert case.stage == Stage.AWAITING_ALLOCATION
    assert StepDown.objects.get().case == case
    assert Recommendation.objects.get(case=case).kind == "caf"


def test_step_down_of_a_family_new_to_the_pathway_opens_a_case(personas, client):
    family = FamilyFactory(locality=personas.home)
    client.force_login(personas.locality_leader)
    response = post(
        client,
        "api-step-downs",
        family=family.pk,
        reason="Child protection plan ended",
        plan="Team Around the Family",
    )
    assert response.status_code == 201
    case = family.cases.get()
    assert (case.origin, case.stage) == ("step_down", "awaiting_allocation")


def test_step_down_bad_input(personas, client):
    client.force_login(personas.senior_practitioner)
    response = post(client, "api-step-downs", family=999999, reason="", plan="")
    assert response.status_code == 400
    assert {"family", "reason", "plan"} <= set(response.json())
    client.force_login(personas.contact_officer)
    assert (
        post(client, "api-step-downs", family=FamilyFactory().pk, reason="x", plan="y").status_code
        == 403
    )


@pytest.mark.parametrize(
    "start, add, expected",
    [
        ("2026-12-21", 20, "2027-01-21"),
        ("2026-03-27", 20, "2026-04-28"),
        ("2026-11-20", 0, "2026-11-20"),
    ],
)
def test_working_days_api(personas, client, start, add, expected):
    client.force_login(personas.manager)
    response = client.get(reverse("api-working-days"), {"start": start, "add": add})
    assert response.status_code == 200
    assert response.json() == {"date": expected}


@pytest.mark.parametrize(
    "params", [{"start": "2026-13-01", "add": 3}, {"start": "2026-01-01", "add": -1}, {}]
)
def test_working_days_api_bad_input(personas, client, params):
    client.force_login(personas.manager)
    response = client.get(reverse("api-working-days"), params)
    assert response.status_code == 400
    assert set(response.json()) & {"start", "add"}
