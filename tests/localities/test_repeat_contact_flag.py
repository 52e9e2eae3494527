"""The allocation queue flags repeat contacts at settings.REPEAT_CONTACT_THRESHOLD."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import AwaitingAllocationCaseFactory, ContactFactory


def _queue_with_two_contacts(personas, client) -> None:
    case = AwaitingAllocationCaseFactory(locality=personas.home, family__locality=personas.home)
    for _ in range(2):
        ContactFactory(case=case, family=case.family)
    client.force_login(personas.locality_leader)


def test_two_contacts_are_not_flagged_at_the_default_threshold_of_three(personas, client, settings):
    settings.REPEAT_CONTACT_THRESHOLD = 3
    _queue_with_two_contacts(personas, client)
    page = client.get(reverse("allocation-queue"))
    assert [row["repeat"] for row in page.context["rows"]] == [False]
    assert "contacts in 12 months" not in page.content.decode()


def test_the_queue_follows_a_lower_threshold(personas, client, settings):
    settings.REPEAT_CONTACT_THRESHOLD = 2
    _queue_with_two_contacts(personas, client)
    page = client.get(reverse("allocation-queue"))
    assert [row["repeat"] for row in page.context["rows"]] == [True]
    assert "2 contacts in 12 months" in page.content.decode()


def test_the_queue_follows_a_higher_threshold(personas, client, settings):
    settings.REPEAT_CONTACT_THRESHOLD = 5
    case = AwaitingAllocationCaseFactory(locality=personas.home, family__locality=personas.home)
    for _ in range(4):
        ContactFactory(case=case, family=case.family)
    client.force_login(personas.locality_leader)
    page = client.get(reverse("allocation-queue"))
    assert [row["repeat"] for row in page.context["rows"]] == [False]
    assert "contacts in 12 months" not in page.content.decode()
