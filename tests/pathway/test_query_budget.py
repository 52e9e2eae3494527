"""Query budgets: a page about a family costs the same number of SQL queries whether the
family has one contact or forty. Counts, never timings (docs/performance.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frontdoor.services.contacts import ContactDetails, NewFamily, NewPerson, contact_record
from pathway.models import Contact, PresentingIssue, ReferralSource

ORGANISATIONS = ["Greater Manchester Police", "Hollywood Park Primary School", "Stockport Homes"]


def record(officer, *, family=None, days_ago=0, n=0):
    """A contact recorded through the service, varied the way a real history varies."""
    issues = list(PresentingIssue.objects.order_by("code")[:6])
    received_at = timezone.now() - timedelta(days=days_ago, minutes=5)
    today = timezone.localdate()
    details = ContactDetails(
        received_at=received_at,
        channel=["phone", "email", "professional_referral"][n % 3],
        referral_source=ReferralSource.objects.order_by("code")[n % 4],
        reason=f"Contact number {n + 1} about the family",
        primary_issue=issues[n % 3],
        secondary_issues=[issues[3 + n % 3]],
        consent_to_share="given",
        referrer_organisation=ORGANISATIONS[n % 3],
        children=(
            [
                NewPerson(
                    "Ivy", "Shaw", date_of_birth=today - timedelta(days=3000), confirmed_new=True
                ),
                NewPerson(
                    "Leo", "Shaw", date_of_birth=today - timedelta(days=1200), confirmed_new=True
                ),
            ]
            if family is None
            else [m.person for m in family.members.filter(relationship="child")]
        ),
        adults=[NewPerson("Gemma", "Shaw", relationship="parent_carer", confirmed_new=True)]
        if family is None
        else [],
    )
    # Recorded when it was received: the service refuses a contact received over a year ago.
    with time_machine.travel(received_at + timedelta(minutes=5), tick=False):
        return contact_record(
            recorded_by=officer,
            details=details,
            family=family,
            new_family=None
            if family
            else NewFamily(postcode="SK1 3XE", address_line_1="1 Shaw Heath", confirmed_new=True),
        )


@pytest.fixture
def histories(personas):
    """The latest contact of a family with one contact and of a family with forty."""
    officer = personas.contact_officer
    short = record(officer, days_ago=3)
    first = record(officer, days_ago=700)
    latest = first
    for n in range(1, 40):
        latest = record(officer, family=first.family, days_ago=700 - n * 17, n=n)
    assert Contact.objects.filter(family=short.family).count() == 1
    assert Contact.objects.filter(family=latest.family).count() == 40
    return short, latest


def count_queries(client, url):
    client.get(url)  # first request: session and caches warm, as for a signed-in officer
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["contact-detail", "case-detail"])
def test_a_long_history_costs_no_more_queries_than_a_short_one(
    personas, client, histories, page, django_assert_max_num_queries
):
    short, long = histories
    client.force_login(personas.contact_officer)

    def url(contact):
        return reverse(page, args=[contact.pk if page == "contact-detail" else contact.case_id])

    budget = count_queries(client, url(short))
    assert count_queries(client, url(long)) == budget
    client.get(url(long))
    with django_assert_max_num_queries(budget):
        response = client.get(url(long))
    # The long history really is on the page, so the count is not low for want of rows.
    content = response.content.decode()
    if page == "contact-detail":
        assert "40 in all" in content
    else:
        assert content.count('class="govuk-summary-card__title"') == 40
