"""A locality leader's first day at the allocation queue (issue 11): the worker list follows
the chosen team, an overdue CAF says by how many working days, a case above what a CAF is
for is flagged for senior review, and a partner agency's practitioner can lead the CAF."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caf.services import recommendation_make
from localities.models import Agency, Team
from localities.services import case_allocate
from pathway.choices import LevelOfNeed, Stage
from pathway.models import Notification
from tests.factories import (
    AwaitingAllocationCaseFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)

WEDNESDAY_9_DECEMBER_2026 = timezone.make_aware(timezone.datetime(2026, 12, 9, 10, 0))


@pytest.fixture
def team(personas):
    return Team.objects.get(code="central-early-help")


@pytest.fixture
def waiting(personas):
    return AwaitingAllocationCaseFactory(locality=personas.home, family__locality=personas.home)


@pytest.fixture
def health_visitor(personas):
    """A partner agency's practitioner who holds cases (her membership has a capacity)."""
    hv = UserFactory(
        username="hana.visitor", first_name="Hana", last_name="Visitor", role="partner"
    )
    MembershipFactory(user=hv, agency=Agency.objects.get(code="health-visiting"), capacity=6)
    return hv


def text(response) -> str:
    return html.unescape(response.content.decode())


def optgroups(page: str) -> dict[str, list[str]]:
    """The lead-professional list's groups: label (and team id) to the workers offered."""
    select = re.search(r'<select[^>]*name="worker"[^>]*>(.*?)</select>', page, re.S)
    assert select, "no lead professional list"
    groups = {}
    for attrs, body in re.findall(r"<optgroup ([^>]*)>(.*?)</optgroup>", select.group(1), re.S):
        label = re.search(r'label="([^"]*)"', attrs).group(1)
        team = re.search(r'data-team="(\d+)"', attrs)
        key = f"{label} [team {team.group(1)}]" if team else label
        groups[key] = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', body)
    return groups


# --- The worker list follows the team ------------------------------------------------------


def test_the_worker_list_is_grouped_by_team_for_the_team_field_to_follow(
    personas, waiting, team, health_visitor, client
):
    family_support = TeamFactory(
        code="central-family-support", name="Central Family Support", locality=personas.home
    )
    fay = UserFactory(
        username="fay.worker", first_name="Fay", last_name="Worker", role="practitioner"
    )
    MembershipFactory(user=fay, team=family_support, capacity=8)
    client.force_login(personas.locality_leader)
    page = text(client.get(reverse("case-allocate", args=[waiting.pk])))
    assert optgroups(page) == {
        f"Central Early Help [team {team.pk}]": [str(personas.practitioner)],
        f"Central Family Support [team {family_support.pk}]": ["Fay Worker"],
        "Health Visiting (partner agency)": ["Hana Visitor"],
    }
    # The script that narrows the list to the chosen team is told which field to follow.
    assert 'data-team-workers="id_team"' in page
    assert "<script>" not in page.split("<main", 1)[1]  # no inline script


def test_a_worker_from_another_team_is_refused_with_the_teams_name(personas, waiting, team, client):
    family_support = TeamFactory(code="central-family-support", locality=personas.home)
    client.force_login(personas.locality_leader)
    response = client.post(
        reverse("case-allocate", args=[waiting.pk]),
        {"team": family_support.pk, "worker": personas.practitioner.pk, "version": waiting.version},
    )
    assert response.status_code == 200
    assert f"{personas.practitioner} is not a member of {family_support.name}" in text(response)


# --- Overdue by working days ----------------------------------------------------------------


@time_machine.travel(WEDNESDAY_9_DECEMBER_2026, tick=False)
def test_an_overdue_caf_says_by_how_many_working_days(personas, waiting, client):
    # Due Monday 30 November: 1–4 and 7–9 December have passed since, 7 working days.
    waiting.recommendations.update(made_on=date(2026, 11, 2), due_on=date(2026, 11, 30))
    due_soon = AwaitingAllocationCaseFactory(locality=personas.home)
    due_soon.recommendations.update(made_on=date(2026, 11, 20), due_on=date(2026, 12, 11))
    client.force_login(personas.locality_leader)
    page = text(client.get(reverse("allocation-queue")))
    assert "Overdue by 7 working days" in page
    assert ">-7<" not in page
    assert re.search(r'govuk-tag--orange">2</strong>', page), "two working days left"


@time_machine.travel(WEDNESDAY_9_DECEMBER_2026, tick=False)
def test_one_working_day_overdue_is_singular(personas, waiting, client):
    waiting.recommendations.update(made_on=date(2026, 11, 10), due_on=date(2026, 12, 8))
    client.force_login(personas.locality_leader)
    assert "Overdue by 1 working day<" in text(client.get(reverse("allocation-queue")))


# --- Above what a CAF is for: senior review ---------------------------------------------------


def test_a_specialist_case_in_the_caf_queue_is_flagged_for_senior_review(personas, client):
    specialist = AwaitingAllocationCaseFactory(
        locality=personas.home, level_of_need=LevelOfNeed.SPECIALIST
    )
    AwaitingAllocationCaseFactory(locality=personas.home)  # Targeted: no flag
    client.force_login(personas.locality_leader)
    page = text(client.get(reverse("allocation-queue")))
    assert page.count("Senior review:") == 1
    assert "Senior review: Specialist level" in page
    allocate = text(client.get(reverse("case-allocate", args=[specialist.pk])))
    assert "This case is at Specialist level, above what a CAF is for" in allocate


@pytest.mark.parametrize(
    "level, told", [(LevelOfNeed.STATUTORY, True), (LevelOfNeed.TARGETED, False)]
)
def test_senior_practitioners_are_asked_to_review_a_caf_above_its_level(personas, level, told):
    case = AwaitingAllocationCaseFactory(
        locality=personas.home, level_of_need=level, recommendation=None
    )
    recommendation_make(
        case=case, kind="caf", made_on=date(2026, 12, 9), created_by=personas.contact_officer
    )
    asked = Notification.objects.filter(
        user=personas.senior_practitioner, case=case, kind=Notification.Kind.ESCALATION
    )
    if told:
        assert [n.message for n in asked] == [
            f"Case {case.reference} is in Central's CAF queue at Statutory level: review "
            "whether it should step up"
        ]
    else:
        assert not asked.exists()


def test_the_senior_who_signed_the_caf_off_is_not_asked_again(personas):
    case = AwaitingAllocationCaseFactory(
        locality=personas.home, level_of_need=LevelOfNeed.SPECIALIST, recommendation=None
    )
    recommendation_make(
        case=case, kind="caf", made_on=date(2026, 12, 9), created_by=personas.senior_practitioner
    )
    assert not Notification.objects.filter(user=personas.senior_practitioner).exists()


# --- A partner agency's practitioner as lead professional -------------------------------------


def test_a_partner_agencys_practitioner_can_lead_the_caf(personas, waiting, team, health_visitor):
    case_allocate(
        case=waiting, allocated_by=personas.locality_leader, team=team, worker=health_visitor
    )
    waiting.refresh_from_db()
    assert (waiting.stage, waiting.team, waiting.lead_professional) == (
        Stage.ALLOCATED,
        team,
        health_visitor,
    )


def test_a_partner_without_a_caseload_cannot_lead(personas, waiting, team):
    # The personas' partner works for Health Visiting with no capacity: not a caseholder.
    with pytest.raises(ValidationError, match="not a member of Central Early Help"):
        case_allocate(
            case=waiting, allocated_by=personas.locality_leader, team=team, worker=personas.partner
        )


def test_a_partners_capacity_is_respected(personas, waiting, team, health_visitor):
    health_visitor.memberships.update(capacity=0)
    with pytest.raises(ValidationError, match="against a capacity of 0"):
        case_allocate(
            case=waiting, allocated_by=personas.locality_leader, team=team, worker=health_visitor
        )


def test_a_partner_working_in_another_locality_is_not_offered(personas, waiting, team):
    elsewhere = UserFactory(username="nell.north", role="partner")
    MembershipFactory(
        user=elsewhere,
        agency=Agency.objects.get(code="health-visiting"),
        locality=personas.away,
        capacity=4,
    )
    with pytest.raises(ValidationError, match="not a member"):
        case_allocate(
            case=waiting, allocated_by=personas.locality_leader, team=team, worker=elsewhere
        )


def test_the_api_allocates_to_a_partner_lead_professional(
    personas, waiting, team, health_visitor, client
):
    client.force_login(personas.locality_leader)
    response = client.post(
        reverse("api-case-allocate", args=[waiting.pk]),
        {"team": team.code, "worker": "hana.visitor"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    waiting.refresh_from_db()
    assert waiting.lead_professional == health_visitor


def test_the_locality_api_lists_the_partner_lead_professionals_to_allocate_to(
    personas, waiting, team, health_visitor, client
):
    case_allocate(
        case=waiting, allocated_by=personas.locality_leader, team=team, worker=health_visitor
    )
    client.force_login(personas.locality_leader)
    body = client.get(f"/api/v1/localities/{personas.home.pk}/").json()
    assert body["partner_lead_professionals"] == [
        {
            "username": "hana.visitor",
            "name": "Hana Visitor",
            "agency": "health-visiting",
            "capacity": 6,
            "open_cases": 1,
            "over_capacity": False,
        }
    ]
