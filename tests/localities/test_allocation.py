"""Localities as data, allocation with caseloads in view, reallocation and transfer."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caf.models import Recommendation
from localities.models import Allocation, PostcodeArea
from localities.selectors import allocation_queue, caseloads
from localities.services import (
    case_allocate,
    case_reallocate,
    case_transfer,
    family_locality_change,
    locality_for_postcode,
)
from pathway.choices import Stage
from pathway.models import ChronologyEvent, Notification
from pathway.workflow import IllegalTransition
from tests.factories import (
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    ContactFactory,
    LocalityFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def team(personas):
    from localities.models import Team

    return Team.objects.get(code="central-early-help")


@pytest.fixture
def waiting(personas):
    case = AwaitingAllocationCaseFactory(locality=personas.home)
    Recommendation.objects.create(
        case=case, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    return case


# --- Postcodes and localities ---------------------------------------------------------


def test_the_longest_postcode_prefix_wins(db):
    north, south, central = (LocalityFactory(code=c) for c in ("n", "s", "c"))
    PostcodeArea.objects.create(prefix="SK", locality=central)
    PostcodeArea.objects.create(prefix="SK4", locality=north)
    PostcodeArea.objects.create(prefix="SK4 9", locality=south)  # a sector carved out of SK4
    assert locality_for_postcode("sk4 2ab") == north
    assert locality_for_postcode("SK4 9ZZ") == south
    assert locality_for_postcode("SK7 1AA") == central
    assert locality_for_postcode("M1 1AE") is None
    assert locality_for_postcode("not a postcode") is None


def test_an_inactive_locality_is_never_suggested(db):
    old = LocalityFactory(code="old", is_active=False)
    PostcodeArea.objects.create(prefix="SK9", locality=old)
    assert locality_for_postcode("SK9 1AA") is None


def test_any_number_of_localities(db):
    clusters = [LocalityFactory(code=f"cluster-{n}") for n in range(25)]  # Leeds runs 25
    for n, cluster in enumerate(clusters):
        PostcodeArea.objects.create(prefix=f"LS{n + 1}", locality=cluster)
    assert locality_for_postcode("LS17 6AB") == clusters[16]


def test_a_familys_locality_can_be_changed_with_a_reason(personas):
    contact = ContactFactory(case__locality=personas.home, case__family__locality=personas.home)
    family, case = contact.family, contact.case
    with pytest.raises(ValidationError):
        family_locality_change(
            family=family, changed_by=personas.contact_officer, locality=personas.away, reason=""
        )
    family_locality_change(
        family=family,
        changed_by=personas.contact_officer,
        locality=personas.away,
        reason="School is in the North cluster",
    )
    version = case.version
    family.refresh_from_db()
    case.refresh_from_db()
    assert family.locality == personas.away == case.locality  # not yet allocated: it moves too
    assert case.version == version + 1  # a form opened before the move is now stale
    event = ChronologyEvent.objects.get(action="family.locality_changed")
    assert "School is in the North cluster" in event.summary


def test_an_allocated_case_stays_put_when_the_family_locality_changes(personas):
    case = AllocatedCaseFactory(locality=personas.home, family__locality=personas.home)
    family_locality_change(
        family=case.family,
        changed_by=personas.locality_leader,
        locality=personas.away,
        reason="Moved house",
    )
    case.refresh_from_db()
    assert case.locality == personas.home  # transfer it explicitly


# --- Allocation ----------------------------------------------------------------------------


def test_allocation_records_who_when_why_and_tells_the_worker(personas, waiting, team):
    allocation = case_allocate(
        case=waiting,
        allocated_by=personas.locality_leader,
        team=team,
        worker=personas.practitioner,
        reason="Knows the family",
    )
    waiting.refresh_from_db()
    assert (waiting.stage, waiting.team, waiting.lead_professional) == (
        "allocated",
        team,
        personas.practitioner,
    )
    assert (allocation.kind, allocation.allocated_by, allocation.reason) == (
        "allocate",
        personas.locality_leader,
        "Knows the family",
    )
    assert Notification.objects.get(user=personas.practitioner).kind == "allocation"


def test_allocating_over_capacity_needs_confirmation(personas, waiting, team):
    personas.practitioner.memberships.update(capacity=2)
    for _ in range(2):
        AllocatedCaseFactory(
            locality=personas.home, team=team, lead_professional=personas.practitioner
        )
    with pytest.raises(ValidationError) as warning:
        case_allocate(
            case=waiting,
            allocated_by=personas.locality_leader,
            team=team,
            worker=personas.practitioner,
        )
    assert (
        "already holds 2 cases, against a capacity of 2" in warning.value.message_dict["worker"][0]
    )
    waiting.refresh_from_db()
    assert waiting.stage == Stage.AWAITING_ALLOCATION
    case_allocate(
        case=waiting,
        allocated_by=personas.locality_leader,
        team=team,
        worker=personas.practitioner,
        allow_over_capacity=True,
    )
    waiting.refresh_from_db()
    assert waiting.lead_professional == personas.practitioner


def test_the_allocate_page_warns_then_allows(personas, waiting, team, client):
    personas.practitioner.memberships.update(capacity=0)
    client.force_login(personas.locality_leader)
    url = reverse("case-allocate", args=[waiting.pk])
    page = client.get(url)
    assert personas.practitioner.get_full_name() in page.content.decode()
    warned = client.post(
        url, {"team": team.pk, "worker": personas.practitioner.pk, "version": waiting.version}
    )
    assert warned.status_code == 200
    assert "Confirm to allocate anyway" in warned.content.decode()
    assert "This worker is at or over capacity" in warned.content.decode()
    done = client.post(
        url,
        {
            "team": team.pk,
            "worker": personas.practitioner.pk,
            "version": waiting.version,
            "allow_over_capacity": "on",
        },
    )
    assert done.status_code == 302


def test_a_leader_allocates_only_in_their_own_locality(personas, team):
    elsewhere = AwaitingAllocationCaseFactory(locality=personas.away)
    other_leader = UserFactory(username="olga.leader", role="locality_leader")
    MembershipFactory(user=other_leader, locality=personas.away)
    from pathway import policy

    assert not policy.can_act(personas.locality_leader, elsewhere, "allocate")
    assert policy.can_act(other_leader, elsewhere, "allocate")
    assert not policy.can_act(personas.practitioner, elsewhere, "allocate")


def test_a_worker_outside_the_team_or_a_borough_wide_team_is_refused(personas, waiting, team):
    other_team = TeamFactory(code="central-family-support", locality=personas.home)
    with pytest.raises(ValidationError, match="not a member"):
        case_allocate(
            case=waiting,
            allocated_by=personas.locality_leader,
            team=other_team,
            worker=personas.practitioner,
        )
    borough = TeamFactory(code="yos", locality=None)
    MembershipFactory(user=personas.practitioner, team=borough)
    with pytest.raises(ValidationError, match="borough-wide"):
        case_allocate(
            case=waiting,
            allocated_by=personas.locality_leader,
            team=borough,
            worker=personas.practitioner,
        )


def test_reallocation_keeps_the_history(personas, waiting, team):
    case_allocate(
        case=waiting, allocated_by=personas.locality_leader, team=team, worker=personas.practitioner
    )
    colleague = UserFactory(username="cal.colleague", role="practitioner")
    MembershipFactory(user=colleague, team=team, capacity=10)
    with pytest.raises(ValidationError):
        case_reallocate(
            case=waiting,
            reallocated_by=personas.locality_leader,
            team=team,
            worker=colleague,
            reason=" ",
        )
    case_reallocate(
        case=waiting,
        reallocated_by=personas.locality_leader,
        team=team,
        worker=colleague,
        reason="Pat on long-term leave",
    )
    waiting.refresh_from_db()
    assert waiting.stage == Stage.ALLOCATED and waiting.lead_professional == colleague
    assert list(
        Allocation.objects.filter(case=waiting)
        .order_by("allocated_at", "pk")
        .values_list("kind", "worker")
    ) == [("allocate", personas.practitioner.pk), ("reallocate", colleague.pk)]


def test_transfer_to_another_locality_notifies_its_leader(personas, waiting, team):
    case_allocate(
        case=waiting, allocated_by=personas.locality_leader, team=team, worker=personas.practitioner
    )
    north_leader = UserFactory(username="nell.north", role="locality_leader")
    MembershipFactory(user=north_leader, locality=personas.away)
    case_transfer(
        case=waiting,
        transferred_by=personas.locality_leader,
        locality=personas.away,
        reason="Family moved to Reddish",
    )
    waiting.refresh_from_db()
    assert (waiting.stage, waiting.locality, waiting.team, waiting.lead_professional) == (
        "awaiting_allocation",
        personas.away,
        None,
        None,
    )
    assert Notification.objects.get(user=north_leader).kind == "transfer"
    assert [a.kind for a in Allocation.objects.filter(case=waiting).order_by("pk")] == [
        "allocate",
        "transfer",
    ]
    # The case now sits in the receiving leader's queue, not in the old one.
    assert waiting in allocation_queue(user=north_leader)
    assert waiting not in allocation_queue(user=personas.locality_leader)
    with pytest.raises(ValidationError):
        case_transfer(case=waiting, transferred_by=north_leader, locality=personas.away, reason="x")


def test_two_allocations_of_one_case_one_wins(personas, waiting, team):
    case_allocate(
        case=waiting,
        allocated_by=personas.locality_leader,
        team=team,
        worker=personas.practitioner,
        expected_version=1,
    )
    with pytest.raises(IllegalTransition):
        case_allocate(
            case=waiting,
            allocated_by=personas.locality_leader,
            team=team,
            worker=personas.practitioner,
        )


# --- Queue and caseloads ------------------------------------------------------------------


def test_the_queue_puts_the_soonest_due_first_with_repeat_contact_flags(personas, client):
    later = AwaitingAllocationCaseFactory(locality=personas.home)
    Recommendation.objects.create(
        case=later, kind="caf", made_on=date(2026, 11, 10), due_on=date(2026, 12, 8)
    )
    sooner = AwaitingAllocationCaseFactory(locality=personas.home)
    Recommendation.objects.create(
        case=sooner, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    for _ in range(3):
        ContactFactory(case=sooner, family=sooner.family)
    queue = list(allocation_queue(user=personas.locality_leader))
    assert queue == [sooner, later]
    assert queue[0].contacts_in_year == 3
    client.force_login(personas.locality_leader)
    page = client.get(reverse("allocation-queue")).content.decode()
    assert "3 contacts in 12 months" in page


def test_caseloads_per_worker_and_team(personas, team):
    personas.practitioner.memberships.update(capacity=4)
    for due in (date(2026, 11, 20), date(2026, 12, 1), date(2027, 3, 1)):
        case = AllocatedCaseFactory(
            locality=personas.home, team=team, lead_professional=personas.practitioner
        )
        Recommendation.objects.create(case=case, kind="caf", made_on=date(2026, 10, 1), due_on=due)
    teams = caseloads(localities=[personas.home], today=date(2026, 11, 25))
    [central] = teams
    [pat] = central.workers
    assert (pat.open_cases, pat.capacity, pat.percent_used, pat.near_limit, pat.past_limit) == (
        3,
        4,
        75,
        1,
        1,
    )
    assert (central.open_cases, central.capacity) == (3, 4)


def test_the_caseload_page_is_for_leaders_and_managers(personas, client):
    client.force_login(personas.practitioner)
    assert client.get(reverse("caseloads")).status_code == 403
    client.force_login(personas.manager)
    assert client.get(reverse("caseloads")).status_code == 200


def test_allocation_over_the_api_with_capacity(personas, waiting, team, client):
    personas.practitioner.memberships.update(capacity=0)
    client.force_login(personas.locality_leader)
    url = reverse("api-case-allocate", args=[waiting.pk])
    body = {"team": team.code, "worker": personas.practitioner.username}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "capacity" in refused.json()["worker"][0]
    allowed = client.post(
        url, {**body, "allow_over_capacity": True}, content_type="application/json"
    )
    assert allowed.status_code == 200
    transfer = client.post(
        reverse("api-case-transfer", args=[waiting.pk]),
        {"locality": "north", "reason": "Moved"},
        content_type="application/json",
    )
    assert transfer.status_code == 200 and transfer.json()["stage"] == "awaiting_allocation"


def test_the_caseload_page_names_each_schools_link_worker(personas, client):
    from localities.models import School

    School.objects.create(
        urn="106100",
        name="Banks Lane Junior",
        locality=personas.home,
        link_worker=personas.practitioner,
    )
    client.force_login(personas.locality_leader)
    page = client.get(reverse("caseloads")).content.decode()
    assert "Banks Lane Junior" in page
    assert personas.practitioner.get_full_name() in page
