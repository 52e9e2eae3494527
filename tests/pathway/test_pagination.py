"""Every list page is paged, in a stable order, at the same cost for any page (issue 15)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from caf.models import Recommendation
from pathway import pagination
from pathway.models import ChronologyEvent
from tests.factories import AllocatedCaseFactory
from tests.pathway.test_page_query_budgets import (
    DUE,
    allocated_cases,
    awaiting_allocation,
    count_queries,
    notifications,
    queued_contacts,
)

PAGED = [
    ("case-list", "manager", allocated_cases),
    ("contact-queue", "contact_officer", queued_contacts),
    ("allocation-queue", "locality_leader", awaiting_allocation),
    ("allocation-queue", "manager", awaiting_allocation),
    ("notifications", "practitioner", notifications),
]


@pytest.fixture
def five_a_page(monkeypatch):
    monkeypatch.setattr(pagination, "PER_PAGE", 5)


@pytest.mark.parametrize("name, role, build", PAGED, ids=[f"{p[0]}-{p[1]}" for p in PAGED])
def test_list_pages_show_a_page_at_a_time_at_the_same_cost(
    personas, client, five_a_page, name, role, build
):
    client.force_login(personas.for_role(role))
    url = reverse(name)
    build(personas, 2)
    few = count_queries(client, url)
    build(personas, 10)  # 12 rows: pages of 5, 5 and 2
    assert count_queries(client, url) == few
    assert count_queries(client, f"{url}?page=3") == few

    first = client.get(url)
    last = client.get(url, {"page": "3"})
    assert len(first.context["page"].object_list) == 5
    assert len(last.context["page"].object_list) == 2
    assert first.context["page"].paginator.count == 12
    assert not first.context["page"].paginator.count_is_estimate
    # A stable order: the three pages together hold each row once.
    pages = [client.get(url, {"page": n}).context["page"].object_list for n in (1, 2, 3)]
    ids = [row.pk for page in pages for row in page]
    assert len(ids) == len(set(ids)) == 12
    html = first.content.decode()
    assert 'class="govuk-pagination' in html and "page=2" in html


def test_past_the_exact_limit_the_count_is_the_planners_estimate(
    personas, client, five_a_page, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 3)
    allocated_cases(personas, 8)
    client.force_login(personas.manager)
    page = client.get(reverse("case-list")).context["page"]
    assert page.paginator.count_is_estimate
    assert page.paginator.count >= 4  # at least what it counted before it stopped
    assert "About " in client.get(reverse("case-list")).content.decode()


def test_up_to_the_limit_the_count_is_exact(personas, client):
    allocated_cases(personas, 3)
    client.force_login(personas.manager)
    page = client.get(reverse("case-list")).context["page"]
    assert (page.paginator.count, page.paginator.count_is_estimate) == (3, False)


def test_the_case_page_shows_its_chronology_a_page_at_a_time(personas, client, monkeypatch):
    monkeypatch.setattr("casework.views.cases.CHRONOLOGY_PER_PAGE", 4)
    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    Recommendation.objects.create(case=case, kind="caf", **DUE)
    for i in range(10):
        ChronologyEvent.objects.create(
            family=case.family, case=case, action="note.added", summary=f"Note {i}"
        )
    client.force_login(personas.practitioner)
    url = reverse("case-detail", args=[case.pk])
    first = client.get(url)
    assert [e.summary for e in first.context["events"]] == ["Note 9", "Note 8", "Note 7", "Note 6"]
    older = client.get(url, {"page": "3"})
    assert [e.summary for e in older.context["events"]] == ["Note 1", "Note 0"]
    assert count_queries(client, url) == count_queries(client, f"{url}?page=3")
