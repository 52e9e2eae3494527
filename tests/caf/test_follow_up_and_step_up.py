"""Universal follow-up, and the step-up / step-down round trip."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caf.models import Recommendation, StepUp
from caf.services import recommendation_follow_up
from pathway.choices import Stage
from pathway.workflow import IllegalTransition
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    TeamFactory,
    UniversalOfferCaseFactory,
)
from tests.screening.test_scoring import all_answers


@pytest.fixture
def offer(personas):
    case = UniversalOfferCaseFactory(locality=personas.home)
    return Recommendation.objects.create(
        case=case,
        kind="universal",
        made_on=date(2026, 11, 2),
        due_on=date(2026, 11, 30),
        created_by=personas.contact_officer,
    )


def test_a_follow_up_completes_the_offer_and_closes_the_case(personas, offer):
    recommendation_follow_up(
        recommendation=offer,
        recorded_by=personas.contact_officer,
        uptake="taken_up",
        satisfaction=4,
        comment="The group helped",
    )
    offer.refresh_from_db()
    assert (offer.status, offer.uptake, offer.satisfaction) == ("completed", "taken_up", 4)
    offer.case.refresh_from_db()
    assert offer.case.stage == Stage.CLOSED and offer.case.closure_reason == "referred_elsewhere"
    with pytest.raises(IllegalTransition):
        recommendation_follow_up(
            recommendation=offer,
            recorded_by=personas.contact_officer,
            uptake="declined",
            satisfaction=None,
        )


@pytest.mark.parametrize(
    "uptake, satisfaction, field",
    [
        ("", 3, "uptake"),
        ("taken_up", None, "satisfaction"),
        ("taken_up", 6, "satisfaction"),
        ("maybe", 2, "uptake"),
    ],
)
def test_follow_up_errors(personas, offer, uptake, satisfaction, field):
    with pytest.raises(ValidationError) as error:
        recommendation_follow_up(
            recommendation=offer,
            recorded_by=personas.contact_officer,
            uptake=uptake,
            satisfaction=satisfaction,
        )
    assert field in error.value.message_dict


def test_declined_or_not_contactable_needs_no_satisfaction(personas, offer):
    recommendation_follow_up(
        recommendation=offer,
        recorded_by=personas.contact_officer,
        uptake="not_contactable",
        satisfaction=None,
    )
    offer.refresh_from_db()
    assert offer.satisfaction is None and offer.status == "completed"


def test_follow_up_over_the_api_and_the_page(personas, offer, client):
    client.force_login(personas.contact_officer)
    bad = client.post(
        reverse("api-recommendation-follow-up", args=[offer.pk]),
        {"uptake": "taken_up", "satisfaction": 9},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "satisfaction" in bad.json()
    page = client.post(
        reverse("follow-up", args=[offer.pk]), {"uptake": "taken_up", "version": offer.case.version}
    )
    assert page.status_code == 200
    assert "Record how satisfied the family was" in page.content.decode()
    ok = client.post(
        reverse("api-recommendation-follow-up", args=[offer.pk]),
        {"uptake": "declined"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["uptake"] == "declined"


def test_step_up_and_down_round_trip(personas, client, tool):
    contact = ContactFactory(case__locality=personas.home)
    case = contact.case
    client.force_login(personas.contact_officer)
    screened = client.post(
        reverse("api-case-screen", args=[case.pk]),
        {
            "answers": all_answers(tool, immediate_risk="yes"),
            "decision": "step_up",
            "rationale": "Disclosure of injury",
        },
        content_type="application/json",
    )
    assert screened.status_code == 201 and screened.json()["status"] == "awaiting_sign_off"
    client.force_login(personas.senior_practitioner)
    assert (
        client.post(
            reverse("api-screening-sign-off", args=[screened.json()["id"]]),
            {},
            content_type="application/json",
        ).status_code
        == 200
    )
    case.refresh_from_db()
    assert case.stage == Stage.STEPPED_UP
    step_up = StepUp.objects.get(case=case)
    outcome = client.post(
        reverse("api-step-up-outcome", args=[step_up.pk]),
        {"outcome": "returned"},
        content_type="application/json",
    )
    assert outcome.status_code == 200 and outcome.json()["outcome"] == "returned"
    again = client.post(
        reverse("api-step-up-outcome", args=[step_up.pk]),
        {"outcome": "accepted"},
        content_type="application/json",
    )
    assert again.status_code == 400

    down = client.post(
        reverse("api-step-downs"),
        {
            "family": case.family_id,
            "reason": "Returned to early help",
            "plan": "CAF with health visitor as lead",
        },
        content_type="application/json",
    )
    assert down.status_code == 201
    case.refresh_from_db()
    assert case.stage == Stage.AWAITING_ALLOCATION
    assert case.step_downs.get().from_step_up == step_up

    team = TeamFactory(code="central-early-help")
    MembershipFactory(user=personas.practitioner, team=team)
    client.force_login(personas.locality_leader)
    allocated = client.post(
        reverse("api-case-allocate", args=[case.pk]),
        {"team": team.code, "worker": personas.practitioner.username},
        content_type="application/json",
    )
    assert allocated.status_code == 200
    chronology = [
        e["action"] for e in client.get(reverse("api-case-chronology", args=[case.pk])).json()
    ]
    for action in (
        "screening.decided",
        "screening.signed_off",
        "case.step_up",
        "stepup.outcome",
        "case.step_down",
        "case.allocate",
    ):
        assert action in chronology


def test_complete_caf_over_the_api(personas, client):
    from tests.factories import AllocatedCaseFactory

    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    rec = Recommendation.objects.create(
        case=case, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    client.force_login(personas.practitioner)
    incomplete = client.post(
        reverse("api-recommendation-complete", args=[rec.pk]), {}, content_type="application/json"
    )
    assert incomplete.status_code == 400 and "assessment" in incomplete.json()
    done = client.post(
        reverse("api-recommendation-complete", args=[rec.pk]),
        {
            "family_views": "We want to stop the arguments",
            "needs": [{"outcome_area": "FAMILYREL", "needs": "Conflict"}],
        },
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "completed"
    case.refresh_from_db()
    assert case.stage == Stage.TAC


def test_social_care_steps_a_family_down_on_the_page(personas, client):
    from localities.models import Agency
    from tests.factories import FamilyFactory, MembershipFactory, UserFactory

    social_care = Agency.objects.create(
        code="csc", name="Children's Social Care", kind="social_care", tier="statutory"
    )
    social_worker = UserFactory(username="sw.one", role="partner")
    MembershipFactory(user=social_worker, agency=social_care)
    family = FamilyFactory(locality=personas.home)
    client.force_login(social_worker)
    url = reverse("step-down")
    missing = client.post(url, {"family": family.pk, "reason": "", "plan": ""})
    assert missing.status_code == 200
    assert "Enter why social care is stepping the family down" in missing.content.decode()
    done = client.post(
        url, {"family": family.pk, "reason": "Plan ended", "plan": "CAF with school"}
    )
    assert done.status_code == 302
    case = family.cases.get()
    assert (case.origin, case.stage) == ("step_down", "awaiting_allocation")
    client.force_login(personas.practitioner)  # not social care, not a leader
    assert client.get(url).status_code == 403
