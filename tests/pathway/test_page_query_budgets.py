"""Every list page costs the same number of queries for 2 rows as for 12 (STYLE convention 5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caf.models import Recommendation, TacMeeting, TacMember, TacPlan
from pathway.models import Notification, PresentingIssue
from screening.services import case_screen
from tests.factories import (
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    ContactFactory,
    MembershipFactory,
    TacCaseFactory,
    TeamFactory,
    UniversalOfferCaseFactory,
    UserFactory,
)
from tests.screening.test_scoring import all_answers

DUE = {"made_on": date(2026, 11, 2), "due_on": date(2026, 11, 30)}


def allocated_cases(personas, n, **_):
    for _ in range(n):
        case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
        Recommendation.objects.create(case=case, kind="caf", **DUE)


def queued_contacts(personas, n, **_):
    issues = list(PresentingIssue.objects.filter(code__in=["1B", "4B"]))
    for _ in range(n):
        contact = ContactFactory(case__locality=personas.home)
        contact.secondary_issues.set(issues)


def awaiting_allocation(personas, n, **_):
    for _ in range(n):
        case = AwaitingAllocationCaseFactory(locality=personas.home)
        Recommendation.objects.create(case=case, kind="caf", **DUE)
        ContactFactory(case=case, family=case.family)


def workers_with_cases(personas, n, **_):
    team = TeamFactory(code="central-family-support", locality=personas.home)
    for i in range(n):
        worker = UserFactory(username=f"worker{i}", role="practitioner")
        MembershipFactory(user=worker, team=team, capacity=10)
        case = AllocatedCaseFactory(locality=personas.home, team=team, lead_professional=worker)
        Recommendation.objects.create(case=case, kind="caf", **DUE)


def universal_offers(personas, n, **_):
    for _ in range(n):
        case = UniversalOfferCaseFactory(locality=personas.home)
        Recommendation.objects.create(case=case, kind="universal", **DUE)


def screenings_to_sign_off(personas, n, tool, **_):
    for _ in range(n):
        contact = ContactFactory(case__locality=personas.home)
        case_screen(
            case=contact.case,
            contact=contact,
            screened_by=personas.contact_officer,
            answers=all_answers(tool),
            decision="caf",
            rationale="x",
            level_override="targeted",
            override_reason="judgement",
        )


def notifications(personas, n, **_):
    for i in range(n):
        case = AllocatedCaseFactory(locality=personas.home)
        Notification.objects.create(
            user=personas.practitioner,
            key=f"batch{n}-{i}",
            kind="reminder",
            case=case,
            message="Due soon",
        )


def add_meetings(plan, n, recorded_by):
    for i in range(n):
        member = TacMember.objects.create(plan=plan, name=f"Member {len(plan.members.all())}")
        meeting = TacMeeting.objects.create(
            plan=plan,
            held_on=timezone.localdate() - timedelta(days=i),
            minutes="m",
            recorded_by=recorded_by,
        )
        meeting.attendees.add(member)
        plan.actions.create(description=f"Action {i}", owner=member, due_on=timezone.localdate())


PAGES = [
    ("case-list", "manager", allocated_cases),
    ("home", "practitioner", allocated_cases),
    ("home", "locality_leader", awaiting_allocation),
    ("contact-queue", "contact_officer", queued_contacts),
    ("allocation-queue", "locality_leader", awaiting_allocation),
    ("caseloads", "locality_leader", workers_with_cases),
    ("follow-ups", "contact_officer", universal_offers),
    ("sign-off-queue", "senior_practitioner", screenings_to_sign_off),
    ("notifications", "practitioner", notifications),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("name, role, build", PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_list_pages_cost_the_same_for_few_and_many_rows(personas, tool, client, name, role, build):
    client.force_login(personas.for_role(role))
    url = reverse(name)
    build(personas, 2, tool=tool)
    few = count_queries(client, url)
    build(personas, 10, tool=tool)
    many = count_queries(client, url)
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 12"


def test_the_team_around_the_family_page_costs_the_same_for_a_long_plan(personas, client):
    case = TacCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    plan = TacPlan.objects.create(
        case=case, lead_professional=personas.practitioner, next_review_due=timezone.localdate()
    )
    client.force_login(personas.practitioner)
    url = reverse("tac", args=[case.pk])
    add_meetings(plan, 2, personas.practitioner)
    few = count_queries(client, url)
    add_meetings(plan, 10, personas.practitioner)
    assert count_queries(client, url) == few
