"""The family context panel, the contact queue and the front door's view of repeat contacts."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from frontdoor.services.contacts import ContactDetails, NewFamily, NewPerson, contact_record
from pathway import policy
from pathway.choices import Stage
from pathway.models import Contact, PresentingIssue, ReferralSource
from pathway.selectors.families import family_context, ordinal
from tests.factories import AllocatedCaseFactory, ContactFactory, FamilyFactory


def record(officer, *, family=None, days_ago=0, issue="3B"):
    # Recorded when it was received: the service refuses contacts over a year old.
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        return _record(officer, family=family, issue=issue)


def _record(officer, *, family, issue):
    details = ContactDetails(
        received_at=timezone.now() - timedelta(minutes=5),
        channel="phone",
        referral_source=ReferralSource.objects.get(code="1C"),
        reason="Asking for help",
        primary_issue=PresentingIssue.objects.get(code=issue),
        consent_to_share="given",
        children=(
            [NewPerson("Ivy", "Shaw", date_of_birth=timezone.localdate() - timedelta(days=3000))]
            if family is None
            else [m.person for m in family.members.filter(relationship="child")]
        ),
    )
    return contact_record(
        recorded_by=officer,
        details=details,
        family=family,
        new_family=None if family else NewFamily(postcode="SK1 3XE", address_line_1="1 Shaw Heath"),
    )


def test_repeat_contacts_are_counted_and_flagged(personas):
    first = record(personas.contact_officer, days_ago=200)
    record(personas.contact_officer, family=first.family, days_ago=100)
    context = family_context(user=personas.contact_officer, family_id=first.family_id)
    assert context.contacts_in_last_year == 2
    assert context.repeat_contact_flag is None
    record(personas.contact_officer, family=first.family, days_ago=1)
    context = family_context(user=personas.contact_officer, family_id=first.family_id)
    assert context.repeat_contact_flag == "3rd contact in 12 months"
    assert context.open_case == first.case
    assert [m.person.given_name for m in context.members] == ["Ivy"]


def test_contacts_older_than_a_year_do_not_count_towards_the_flag(personas):
    first = record(personas.contact_officer, days_ago=500)
    record(personas.contact_officer, family=first.family, days_ago=400)
    record(personas.contact_officer, family=first.family, days_ago=2)
    context = family_context(user=personas.contact_officer, family_id=first.family_id)
    assert context.total_contacts == 3
    assert context.contacts_in_last_year == 1
    assert context.repeat_contact_flag is None


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
    ]


def test_a_repeat_contact_on_an_allocated_case_reaches_the_front_door_until_screened(personas):
    case = AllocatedCaseFactory(locality=personas.away)
    assert not policy.can_view_case(personas.contact_officer, case)
    contact = ContactFactory(case=case, family=case.family)
    assert policy.can_view_case(personas.contact_officer, case)
    assert policy.can_change_case(personas.contact_officer, case)
    contact.screened_at = timezone.now()
    contact.save(update_fields=["screened_at"])
    assert not policy.can_view_case(personas.contact_officer, case)


def test_the_queue_is_oldest_first_and_filterable(personas, client):
    old = ContactFactory(received_at=timezone.now() - timedelta(days=3), channel="email")
    new = ContactFactory(received_at=timezone.now() - timedelta(hours=1), channel="phone")
    screened = ContactFactory(received_at=timezone.now() - timedelta(days=5))
    Contact.objects.filter(pk=screened.pk).update(screened_at=timezone.now())
    client.force_login(personas.contact_officer)
    page = client.get(reverse("contact-queue"))
    assert [row["contact"] for row in page.context["rows"]] == [old, new]
    filtered = client.get(reverse("contact-queue"), {"channel": "phone"})
    assert [row["contact"] for row in filtered.context["rows"]] == [new]
    assert page.context["rows"][0]["age_hours"] >= page.context["rows"][1]["age_hours"]


def test_the_queue_is_for_the_front_door(personas, client):
    client.force_login(personas.manager)
    assert client.get(reverse("contact-queue")).status_code == 403


def test_a_confidential_address_is_shown_only_to_roles_that_need_it(personas, client):
    family = FamilyFactory(
        address_line_1="7 Safe Street", postcode="SK2 6AB", address_confidential=True
    )
    contact = ContactFactory(case__family=family, case__locality=personas.home, family=family)
    client.force_login(personas.contact_officer)
    page = client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert "7 Safe Street" in page and "Confidential address" in page
    client.force_login(personas.manager)
    page = client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert "7 Safe Street" not in page and "SK2 6AB" not in page
    assert "Confidential address" in page


def test_the_contact_page_shows_the_family_context(personas, client):
    first = record(personas.contact_officer, days_ago=30)
    second = record(personas.contact_officer, family=first.family, days_ago=2)
    client.force_login(personas.contact_officer)
    page = client.get(reverse("contact-detail", args=[second.pk])).content.decode()
    assert "What is known about this family" in page
    assert "2 in the last 12 months" in page
    assert first.case.reference in page
    assert first.case.stage == Stage.CONTACT
