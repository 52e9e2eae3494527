"""An allocated case looks as localities.services.case_allocate leaves it."""

from __future__ import annotations

from localities.models import Allocation
from pathway.choices import Stage
from pathway.models import Membership
from tests.localities.factories import (
    AllocatedCaseFactory,
    AllocationFactory,
    LocalityFactory,
    TeamFactory,
)


def test_an_allocated_case_is_held_by_a_worker_in_a_team_of_its_locality(reference_data):
    case = AllocatedCaseFactory()
    case.refresh_from_db()
    assert (case.stage, case.version, case.level_of_need) == (Stage.ALLOCATED, 3, "targeted")
    assert case.locality is not None and case.team.locality == case.locality
    assert case.lead_professional.has_role("practitioner")
    membership = Membership.objects.active().get(user=case.lead_professional)
    assert membership.team == case.team and membership.capacity
    [allocation] = Allocation.objects.filter(case=case)
    assert (allocation.kind, allocation.locality, allocation.team, allocation.worker) == (
        "allocate",
        case.locality,
        case.team,
        case.lead_professional,
    )
    leader = allocation.allocated_by
    assert leader.has_role("locality_leader") and case.locality.pk in leader.locality_ids


def test_a_given_lead_professional_keeps_their_team_and_the_leader_is_the_localitys(personas):
    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    assert case.team.code == "central-early-help"  # pat.practitioner's team
    allocation = Allocation.objects.get(case=case)
    assert (allocation.worker, allocation.allocated_by) == (
        personas.practitioner,
        personas.locality_leader,
    )
    assert list(personas.practitioner.memberships.values_list("team__code", flat=True)) == [
        "central-early-help"
    ]


def test_a_given_team_gets_a_new_worker_in_it(reference_data):
    team = TeamFactory(locality=LocalityFactory())
    case = AllocatedCaseFactory(locality=team.locality, team=team)
    assert case.team == team
    assert Membership.objects.active().filter(user=case.lead_professional, team=team).exists()


def test_built_at_another_stage_the_case_is_left_unallocated(reference_data):
    case = AllocatedCaseFactory(stage=Stage.AWAITING_ALLOCATION)
    assert case.team is None and case.lead_professional is None
    assert not Allocation.objects.filter(case=case).exists()


def test_an_allocation_on_its_own_is_its_cases_only_one(reference_data):
    allocation = AllocationFactory()
    assert allocation.case.stage == Stage.ALLOCATED
    assert list(Allocation.objects.filter(case=allocation.case)) == [allocation]
    assert allocation.worker == allocation.case.lead_professional
    assert AllocatedCaseFactory(allocation=None).allocations.count() == 0
