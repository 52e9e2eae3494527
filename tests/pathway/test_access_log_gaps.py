"""Issue 10 (low): pages that list or show personal data and wrote no access-log row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathway.models import AccessLogEntry
from tests.factories import (
    CaseFactory,
    ContactFactory,
    HouseholdMemberFactory,
    PersonFactory,
    TacCaseFactory,
)


def test_the_allocation_queue_writes_one_row_per_view(personas, client):
    CaseFactory(stage="awaiting_allocation", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    assert client.get(reverse("allocation-queue")).status_code == 200
    rows = AccessLogEntry.objects.filter(user=personas.locality_leader)
    assert [(r.action, r.what) for r in rows] == [(AccessLogEntry.Action.LIST, "Allocation queue")]


def test_the_merge_page_logs_both_records_it_compares(personas, client):
    kept, duplicate = PersonFactory(), PersonFactory()
    client.force_login(personas.senior_practitioner)
    url = reverse("person-merge", args=[kept.pk])
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(person=kept, action="view").count() == 1
    client.post(url, {"duplicate": duplicate.pk, "reason": "Same child, twice"})
    assert AccessLogEntry.objects.filter(person=kept, action="view").count() == 2
    assert AccessLogEntry.objects.filter(person=duplicate, action="view").count() == 1


def test_the_case_list_writes_one_row_per_view(personas, client):
    CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    assert client.get(reverse("case-list")).status_code == 200
    rows = AccessLogEntry.objects.filter(user=personas.locality_leader)
    assert [(r.action, r.what) for r in rows] == [("list", "Case list")]


def test_the_contact_queue_writes_one_row_per_view(personas, client):
    ContactFactory(case__locality=personas.home)
    ContactFactory(case__locality=personas.away)
    client.force_login(personas.contact_officer)
    page = client.get(reverse("contact-queue"))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 2  # two contacts listed, one row written
    rows = AccessLogEntry.objects.filter(user=personas.contact_officer)
    assert [(r.action, r.what, r.path) for r in rows] == [
        ("list", "Contact queue", "/contacts/queue/")
    ]


def test_the_home_page_count_of_the_queue_is_not_a_read(personas, client):
    ContactFactory(case__locality=personas.home)
    client.force_login(personas.contact_officer)
    assert client.get(reverse("home")).status_code == 200
    assert not AccessLogEntry.objects.filter(user=personas.contact_officer, what="Contact queue")


# Every page and endpoint that shows or lists personal data, who opens it, and the one row
# it writes: (action, what), written out. "{case}" and "{contact}" stand for the records'
# references, "{person}" for the person's number. The practitioner leads the case.
ONE_ROW_EACH = [
    ("case-detail", "case", "locality_leader", "view", "Case {case}"),
    ("tac", "case", "locality_leader", "view", "Team Around the Family, case {case}"),
    ("case-close", "case", "locality_leader", "view", "Close, case {case}"),
    ("contact-detail", "contact", "locality_leader", "view", "Contact {contact}"),
    ("person-detail", "person", "locality_leader", "view", "Person P{person}"),
    ("home", None, "practitioner", "list", "Home: cases you lead"),
    ("case-list", None, "locality_leader", "list", "Case list"),
    ("allocation-queue", None, "locality_leader", "list", "Allocation queue"),
    ("contact-queue", None, "contact_officer", "list", "Contact queue"),
    ("follow-ups", None, "contact_officer", "list", "Universal offers to follow up"),
    ("sign-off-queue", None, "senior_practitioner", "list", "Screenings awaiting sign-off"),
    ("api-case-list", None, "locality_leader", "list", "Case list (API)"),
    ("api-case-detail", "case", "locality_leader", "view", "Case {case}"),
    ("api-case-chronology", "case", "locality_leader", "view", "Chronology, case {case}"),
    ("api-contact-detail", "contact", "locality_leader", "view", "Contact {contact}"),
]


@pytest.mark.parametrize("name, takes, role, action, what", ONE_ROW_EACH)
def test_each_page_of_personal_data_writes_exactly_one_row(
    name, takes, role, action, what, personas, client
):
    case = TacCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        lead_professional=personas.practitioner,
    )
    contact = ContactFactory(case=case)
    child = HouseholdMemberFactory(family=case.family).person
    records = {"case": case.pk, "contact": contact.pk, "person": child.pk}
    client.force_login(personas.for_role(role))
    url = reverse(name, args=[records[takes]] if takes else [])
    assert client.get(url).status_code == 200
    rows = AccessLogEntry.objects.filter(user=personas.for_role(role))
    expected = what.format(case=case.reference, contact=contact.reference, person=child.pk)
    assert [(r.action, r.what) for r in rows] == [(action, expected)]
