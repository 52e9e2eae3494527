"""Recommendations, TAC plans, step-ups and the cases at their stages look as caf.services
leaves them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from caf.models import Recommendation, StepUp, TacMember, TacPlan
from localities.models import Allocation
from pathway.choices import Stage
from tests.caf.factories import (
    AwaitingAllocationCaseFactory,
    RecommendationFactory,
    SteppedUpCaseFactory,
    StepUpFactory,
    TacCaseFactory,
    TacMemberFactory,
    TacPlanFactory,
    UniversalOfferCaseFactory,
)


def test_a_recommendation_made_before_christmas_is_due_20_working_days_later(reference_data):
    # From the product brief: Monday 21 December 2026, over the Christmas and New Year
    # bank holidays (25 and 28 December, 1 January), 20 working days on.
    recommendation = RecommendationFactory(made_on=date(2026, 12, 21))
    assert recommendation.due_on == date(2027, 1, 21)


def test_a_caf_recommendation_is_open_on_a_case_awaiting_allocation(reference_data):
    recommendation = RecommendationFactory()
    assert (recommendation.kind, recommendation.status) == ("caf", "open")
    assert recommendation.made_on == timezone.localdate()
    assert recommendation.case.stage == Stage.AWAITING_ALLOCATION
    assert list(recommendation.case.recommendations.all()) == [recommendation]  # no other
    assert recommendation.created_by.has_role("contact_officer")


def test_a_universal_recommendation_offers_a_universal_service(reference_data):
    recommendation = RecommendationFactory(universal=True)
    assert (recommendation.kind, recommendation.status) == ("universal", "open")
    assert recommendation.agency.offers_universal_service
    assert recommendation.case.stage == Stage.UNIVERSAL_OFFER
    assert recommendation.due_on > recommendation.made_on


def test_a_case_awaiting_allocation_has_its_open_caf_recommendation(reference_data):
    case = AwaitingAllocationCaseFactory()
    case.refresh_from_db()
    assert (case.stage, case.level_of_need) == (Stage.AWAITING_ALLOCATION, "targeted")
    assert case.locality == case.family.locality and case.team is None
    [recommendation] = case.recommendations.all()
    assert (recommendation.kind, recommendation.status) == ("caf", "open")
    assert recommendation.due_on > recommendation.made_on


def test_a_case_at_the_universal_offer(reference_data):
    case = UniversalOfferCaseFactory()
    assert (case.stage, case.version, case.level_of_need) == (
        Stage.UNIVERSAL_OFFER,
        2,
        "universal_plus",
    )


def test_a_tac_case_has_its_plan_led_by_its_lead_professional(reference_data):
    case = TacCaseFactory()
    case.refresh_from_db()
    assert (case.stage, case.version) == (Stage.TAC, 4)
    assert case.team.locality == case.locality and case.lead_professional is not None
    assert Allocation.objects.filter(case=case, worker=case.lead_professional).count() == 1
    [plan] = TacPlan.objects.filter(case=case)
    assert plan.lead_professional == case.lead_professional
    assert plan.ended_on is None
    assert plan.next_review_due == plan.started_on + timedelta(weeks=6)
    [lead] = plan.members.all()
    assert (lead.user, lead.role, lead.name) == (
        case.lead_professional,
        "Lead professional",
        str(case.lead_professional),
    )


def test_a_tac_plan_and_a_member_on_their_own(reference_data):
    plan = TacPlanFactory()
    assert plan.case.stage == Stage.TAC
    assert list(TacPlan.objects.filter(case=plan.case)) == [plan]
    member = TacMemberFactory(plan=plan)
    assert member.agency is not None and member.user is None
    assert TacMember.objects.filter(plan=plan).count() == 2  # the lead and the new member


def test_a_stepped_up_case_has_its_step_up(reference_data):
    case = SteppedUpCaseFactory()
    case.refresh_from_db()
    assert (case.stage, case.version, case.level_of_need) == (Stage.STEPPED_UP, 2, "statutory")
    assert not case.is_open
    [step_up] = StepUp.objects.filter(case=case)
    assert (step_up.from_stage, step_up.level, step_up.outcome) == ("contact", "statutory", "")
    assert step_up.stepped_up_by.has_role("senior_practitioner")
    assert not Recommendation.objects.filter(case=case).exists()


def test_a_step_up_on_its_own_is_its_cases_only_one(reference_data):
    step_up = StepUpFactory()
    assert step_up.case.stage == Stage.STEPPED_UP
    assert list(StepUp.objects.filter(case=step_up.case)) == [step_up]


@pytest.mark.parametrize(
    "factory, leave_out",
    [
        (AwaitingAllocationCaseFactory, "recommendation"),
        (TacCaseFactory, "tac_plan"),
        (SteppedUpCaseFactory, "step_up"),
    ],
)
def test_a_related_row_is_left_out_when_given_none(reference_data, factory, leave_out):
    case = factory(**{leave_out: None})
    assert not Recommendation.objects.filter(case=case).exists()
    assert not TacPlan.objects.filter(case=case).exists()
    assert not StepUp.objects.filter(case=case).exists()
