"""Factories for recommendations, the Team Around the Family and step-up, and for the cases
at the stages they belong to."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from caf.models import Recommendation, StepUp, TacMember, TacPlan
from localities.models import Agency
from pathway.calendar import add_working_days
from pathway.choices import LevelOfNeed, Role, Stage
from tests.localities.factories import AgencyFactory, AllocatedCaseFactory
from tests.pathway.factories import CaseFactory, UserFactory


class RecommendationFactory(factory.django.DjangoModelFactory):
    """An open recommendation, due the way caf.services.recommendation_make dates it:
    RECOMMENDATION_WORKING_DAYS (20) working days after the day it is made.

    A CAF recommendation by default, on a case awaiting allocation; `universal=True` for a
    universal one, offering a universal service, on a case at the universal offer.
    """

    class Meta:
        model = Recommendation

    class Params:
        universal = factory.Trait(
            kind=Recommendation.Kind.UNIVERSAL,
            case=factory.SubFactory("tests.caf.factories.UniversalOfferCaseFactory"),
            agency=factory.SubFactory(
                AgencyFactory,
                kind=Agency.Kind.CHILDRENS_CENTRE,
                tier=LevelOfNeed.UNIVERSAL,
                offers_universal_service=True,
            ),
        )

    case = factory.SubFactory(
        "tests.caf.factories.AwaitingAllocationCaseFactory", recommendation=None
    )
    kind = Recommendation.Kind.CAF
    made_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(
        lambda o: add_working_days(o.made_on, settings.RECOMMENDATION_WORKING_DAYS)
    )
    status = Recommendation.Status.OPEN
    created_by = factory.SubFactory(UserFactory, role=Role.CONTACT_OFFICER)


class AwaitingAllocationCaseFactory(CaseFactory):
    """A case screened as Targeted, with its open CAF recommendation, in its locality's
    allocation queue.

    `version` stays 1, although screening's "caf" decision is one transition
    (recommend_caf) and would leave it at 2: two tests pin it (expected_version=1 in
    tests/pathway/test_workflow.py::test_a_stale_version_is_refused_and_nothing_changes
    and tests/localities/test_allocation.py::test_two_allocations_of_one_case_one_wins).
    The case has no contact (the allocation-queue tests count the ones they add).
    """

    stage = Stage.AWAITING_ALLOCATION
    level_of_need = LevelOfNeed.TARGETED
    recommendation = factory.RelatedFactory(RecommendationFactory, factory_related_name="case")


class UniversalOfferCaseFactory(CaseFactory):
    """A case screened as Universal Plus and offered a universal service (recommend_universal).

    Its open universal recommendation is not made here: add one with
    RecommendationFactory(universal=True, case=case). The follow-up and sweep tests make
    their own (following up the last one open closes the case).
    """

    stage = Stage.UNIVERSAL_OFFER
    version = 2
    level_of_need = LevelOfNeed.UNIVERSAL_PLUS


class TacPlanFactory(factory.django.DjangoModelFactory):
    """A Team Around the Family as caf.services.caf_complete starts it: led by the case's
    lead professional, first review in six weeks, the lead as its first member."""

    class Meta:
        model = TacPlan
        skip_postgeneration_save = True

    case = factory.SubFactory("tests.caf.factories.TacCaseFactory", tac_plan=None)
    lead_professional = factory.SelfAttribute("case.lead_professional")
    started_on = factory.LazyFunction(timezone.localdate)
    review_interval_weeks = 6
    next_review_due = factory.LazyAttribute(
        lambda o: o.started_on + timedelta(weeks=o.review_interval_weeks)
    )
    lead_member = factory.RelatedFactory(
        "tests.caf.factories.TacMemberFactory", factory_related_name="plan", lead=True
    )


class TacMemberFactory(factory.django.DjangoModelFactory):
    """A member of the team from a partner agency; `lead=True` for the lead professional."""

    class Meta:
        model = TacMember

    class Params:
        lead = factory.Trait(
            user=factory.SelfAttribute("plan.lead_professional"),
            name=factory.LazyAttribute(lambda o: str(o.user)),
            role="Lead professional",
            agency=None,
        )

    plan = factory.SubFactory(TacPlanFactory)
    name = factory.Faker("name", locale="en_GB")
    role = "Health visitor"
    agency = factory.SubFactory(AgencyFactory)


class TacCaseFactory(AllocatedCaseFactory):
    """A case whose CAF is complete and whose Team Around the Family plan is running.

    As caf_complete leaves it: one transition on from an allocated case (complete_caf),
    still held by its team and lead professional, with its allocation and TAC plan.
    Neither the completed CAF assessment nor the completed CAF recommendation is made
    (the case API tests count every recommendation there is); add them if a test needs
    them.
    """

    stage = Stage.TAC
    version = 4
    tac_plan = factory.RelatedFactory(TacPlanFactory, factory_related_name="case")


class StepUpFactory(factory.django.DjangoModelFactory):
    """A step-up to children's social care as caf.services.case_step_up records it, with no
    outcome from social care yet."""

    class Meta:
        model = StepUp

    case = factory.SubFactory("tests.caf.factories.SteppedUpCaseFactory", step_up=None)
    reason = "Disclosure of physical abuse"
    level = LevelOfNeed.STATUTORY
    from_stage = Stage.CONTACT
    stepped_up_by = factory.SubFactory(UserFactory, role=Role.SENIOR_PRACTITIONER)


class SteppedUpCaseFactory(CaseFactory):
    """A case a senior practitioner stepped up to social care straight from the contact
    (step_up: one transition), with its StepUp row. It had no recommendation to withdraw."""

    stage = Stage.STEPPED_UP
    version = 2
    level_of_need = LevelOfNeed.STATUTORY
    step_up = factory.RelatedFactory(StepUpFactory, factory_related_name="case")
