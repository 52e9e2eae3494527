"""Every factory, re-exported from the app that owns it (tests/<app>/factories.py).

New code may import from the app's module; `from tests.factories import ...` keeps
working. STAGE_FACTORIES lives here, the one module that sees every app: the
state-named case factory for each stage.
"""

from __future__ import annotations

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
from tests.localities.factories import (
    AgencyFactory,
    AllocatedCaseFactory,
    AllocationFactory,
    LocalityFactory,
    PostcodeAreaFactory,
    SchoolFactory,
    TeamFactory,
)
from tests.pathway.factories import (
    PASSWORD,
    CaseFactory,
    ClosedCaseFactory,
    ContactFactory,
    ContactStageCaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.screening.factories import ScreeningCaseFactory, ScreeningFactory

STAGE_FACTORIES: dict[str, type[CaseFactory]] = {
    Stage.CONTACT: ContactStageCaseFactory,
    Stage.SCREENING: ScreeningCaseFactory,
    Stage.AWAITING_ALLOCATION: AwaitingAllocationCaseFactory,
    Stage.UNIVERSAL_OFFER: UniversalOfferCaseFactory,
    Stage.ALLOCATED: AllocatedCaseFactory,
    Stage.TAC: TacCaseFactory,
    Stage.STEPPED_UP: SteppedUpCaseFactory,
    Stage.CLOSED: ClosedCaseFactory,
}

__all__ = [
    "PASSWORD",
    "STAGE_FACTORIES",
    "AgencyFactory",
    "AllocatedCaseFactory",
    "AllocationFactory",
    "AwaitingAllocationCaseFactory",
    "CaseFactory",
    "ClosedCaseFactory",
    "ContactFactory",
    "ContactStageCaseFactory",
    "FamilyFactory",
    "HouseholdMemberFactory",
    "LocalityFactory",
    "MembershipFactory",
    "PersonFactory",
    "PostcodeAreaFactory",
    "RecommendationFactory",
    "SchoolFactory",
    "ScreeningCaseFactory",
    "ScreeningFactory",
    "StepUpFactory",
    "SteppedUpCaseFactory",
    "TacCaseFactory",
    "TacMemberFactory",
    "TacPlanFactory",
    "TeamFactory",
    "UniversalOfferCaseFactory",
    "UserFactory",
]
