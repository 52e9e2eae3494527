"""Every list and case heading names the family (issue 11), for the same number of queries
however many rows there are, and never names a family to someone who may not see it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pathway.models import Notification
from tests.factories import (
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    ContactFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    RecommendationFactory,
    TacCaseFactory,
)

DUE = {"made_on": date(2026, 11, 2), "due_on": date(2026, 11, 30)}


def years_ago(n):
    today = timezone.localdate()
    return today.replace(year=today.year - n)


def named_family(locality, n, *, confidential=False):
    """A household of a parent and a child; its surname says which row it is."""
    family = FamilyFactory(
        locality=locality, address_line_1=f"{n} Hollins Lane", address_confidential=confidential
    )
    surname = f"Brennan{chr(ord('a') + n // 26)}{chr(ord('a') + n % 26)}"
    for given, relationship, born in (("Grace", "parent_carer", 35), ("Amara", "child", 7)):
        HouseholdMemberFactory(
            family=family,
            relationship=relationship,
            person=PersonFactory(
                given_name=given, family_name=surname, date_of_birth=years_ago(born)
            ),
        )
    return family


class Rows:
    """Builds n more rows for a page, each about a family with two people in it."""

    def __init__(self) -> None:
        self.made = 0

    def family(self, personas):
        self.made += 1
        return named_family(personas.home, self.made)


def led_cases(rows, personas, n):
    for _ in range(n):
        case = AllocatedCaseFactory(
            locality=personas.home,
            family=rows.family(personas),
            lead_professional=personas.practitioner,
        )
        RecommendationFactory(case=case, **DUE)


def queued_contacts(rows, personas, n):
    for _ in range(n):
        family = rows.family(personas)
        ContactFactory(case__family=family, case__locality=personas.home, family=family)


def awaiting_allocation(rows, personas, n):
    for _ in range(n):
        AwaitingAllocationCaseFactory(locality=personas.home, family=rows.family(personas))


def notifications(rows, personas, n):
    for _ in range(n):
        case = AllocatedCaseFactory(locality=personas.home, family=rows.family(personas))
        Notification.objects.create(
            user=personas.practitioner,
            key=f"n{rows.made}",
            kind="reminder",
            case=case,
            message="Due soon",
        )


def universal_offers(rows, personas, n):
    for _ in range(n):
        RecommendationFactory(
            universal=True, case__locality=personas.home, case__family=rows.family(personas)
        )


PAGES = [
    ("follow-ups", "contact_officer", universal_offers),
    ("case-list", "manager", led_cases),
    ("case-list", "locality_leader", led_cases),
    ("home", "practitioner", led_cases),
    ("contact-queue", "contact_officer", queued_contacts),
    ("allocation-queue", "locality_leader", awaiting_allocation),
    ("notifications", "practitioner", notifications),
]


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


@pytest.mark.parametrize("name, role, build", PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_a_named_list_costs_the_same_for_2_rows_as_for_12(personas, client, name, role, build):
    client.force_login(personas.for_role(role))
    rows = Rows()
    build(rows, personas, 2)
    few, content = get(client, reverse(name))
    assert "Brennanab family, 1 Hollins Lane" in content
    build(rows, personas, 10)
    many, content = get(client, reverse(name))
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 12"
    assert "Brennanam family, 12 Hollins Lane" in content


def test_the_allocation_queue_names_the_children_and_their_ages(personas, client):
    AwaitingAllocationCaseFactory(locality=personas.home, family=named_family(personas.home, 1))
    client.force_login(personas.locality_leader)
    content = client.get(reverse("allocation-queue")).content.decode()
    assert "Brennanab family, 1 Hollins Lane" in content
    assert "Children: Amara Brennanab (7)" in content


def test_the_case_heading_names_the_family_and_its_children(personas, client):
    case = TacCaseFactory(locality=personas.home, family=named_family(personas.home, 1))
    client.force_login(personas.locality_leader)
    content = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Brennanab family, 1 Hollins Lane</h1>" in content
    assert "Children: Amara Brennanab (7)" in content
    tac = client.get(reverse("tac", args=[case.pk])).content.decode()
    assert f"Case {case.reference}: Brennanab family, 1 Hollins Lane" in tac


def test_a_confidential_address_stays_out_of_the_heading_for_a_manager(personas, client):
    family = named_family(personas.home, 1, confidential=True)
    case = AllocatedCaseFactory(locality=personas.home, family=family)
    client.force_login(personas.manager)
    content = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Brennanab family (address withheld)</h1>" in content
    assert "Hollins Lane" not in content
    client.force_login(personas.practitioner)
    content = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Brennanab family, 1 Hollins Lane</h1>" in content


def test_a_notification_about_a_case_no_longer_visible_does_not_name_the_family(personas, client):
    elsewhere = AllocatedCaseFactory(locality=personas.away, family=named_family(personas.away, 1))
    Notification.objects.create(
        user=personas.practitioner,
        key="moved",
        kind="reminder",
        case=elsewhere,
        message="Due soon",
        created_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(personas.practitioner)
    content = client.get(reverse("notifications")).content.decode()
    assert elsewhere.reference in content
    assert "Brennanab" not in content
    assert reverse("case-detail", args=[elsewhere.pk]) not in content


def test_caseloads_lead_from_each_worker_to_the_families_they_hold(personas, client):
    case = AllocatedCaseFactory(
        locality=personas.home,
        family=named_family(personas.home, 1),
        lead_professional=personas.practitioner,
    )
    AllocatedCaseFactory(locality=personas.home, family=named_family(personas.home, 2))
    client.force_login(personas.locality_leader)
    content = client.get(reverse("caseloads")).content.decode()
    link = f"{reverse('case-list')}?lead_professional={personas.practitioner.pk}"
    assert f'href="{link}"' in content
    listed = client.get(link)
    assert [c.pk for c in listed.context["page"].object_list] == [case.pk]
    assert "Brennanab family, 1 Hollins Lane" in listed.content.decode()
    assert "Brennanac" not in listed.content.decode()
