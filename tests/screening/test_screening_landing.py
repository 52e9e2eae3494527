"""After recording a screening decision the officer lands on a page they may see, told what
was saved and what happens next (issue 11), and keeps read access to the work they did at
the front door for FRONT_DOOR_FOLLOW_UP_DAYS (docs/adr/0011)."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from pathway import policy
from pathway.choices import Role
from tests.factories import ContactFactory, UserFactory
from tests.screening.test_scoring import all_answers

SCREENED_AT = timezone.make_aware(datetime(2026, 12, 21, 10, 0))


@pytest.fixture
def contact(personas):
    return ContactFactory(
        case__locality=personas.home,
        case__family__locality=personas.home,
        recorded_by=personas.senior_practitioner,  # someone else took the call
    )


def screen_on_the_page(client, contact, tool, decision="caf"):
    answers = all_answers(
        tool, domestic_abuse="significant", boundaries="some", parent_substance="some"
    )
    data = {f"q_{code}": value for code, value in answers.items()}
    data.update(
        action="decide",
        decision=decision,
        rationale="Mother agrees support would help",
        version=contact.case.version,
    )
    return client.post(reverse("screen-contact", args=[contact.pk]), data)


def test_a_caf_decision_lands_on_the_case_with_what_happens_next(personas, contact, tool, client):
    with time_machine.travel(SCREENED_AT, tick=False):
        client.force_login(personas.contact_officer)
        response = screen_on_the_page(client, contact, tool)
        assert response.status_code == 302
        assert response.url == reverse("case-detail", args=[contact.case.pk])
        landing = client.get(response.url)
    assert landing.status_code == 200
    # Made Monday 21 December 2026: due at the end of the 20th working day after it.
    assert "CAF recommended; due 21 January 2027; sent to Central for allocation" in (
        html.unescape(landing.content.decode())
    )


def test_the_officer_keeps_read_access_to_a_case_they_screened_but_not_to_act(
    personas, contact, tool, client
):
    client.force_login(personas.contact_officer)
    screen_on_the_page(client, contact, tool)
    case = contact.case
    case.refresh_from_db()
    assert case.stage == "awaiting_allocation"
    assert policy.can_view_case(personas.contact_officer, case)
    assert client.get(reverse("contact-detail", args=[contact.pk])).status_code == 200
    # Reading is all: nothing on the case is theirs to do now.
    assert policy.permitted_actions(personas.contact_officer, case) == []
    assert not policy.can_change_case(personas.contact_officer, case)


def test_another_officer_who_did_not_touch_the_case_cannot_see_it(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    screen_on_the_page(client, contact, tool)
    colleague = UserFactory(username="colleague", role=Role.CONTACT_OFFICER)
    client.force_login(colleague)
    assert client.get(reverse("case-detail", args=[contact.case.pk])).status_code == 404
    assert client.get(reverse("contact-detail", args=[contact.pk])).status_code == 404


def test_the_officer_who_recorded_the_contact_can_see_it_too(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    screen_on_the_page(client, contact, tool)
    recorder = personas.senior_practitioner
    assert policy.can_view_case(recorder, contact.case)


def test_read_access_ends_after_the_follow_up_period(personas, contact, tool, client, settings):
    settings.FRONT_DOOR_FOLLOW_UP_DAYS = 60
    with time_machine.travel(SCREENED_AT, tick=False):
        client.force_login(personas.contact_officer)
        screen_on_the_page(client, contact, tool)
    case = contact.case
    with time_machine.travel(SCREENED_AT + timedelta(days=59), tick=False):
        client.force_login(personas.contact_officer)  # a new day, a new sign-in
        assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    with time_machine.travel(SCREENED_AT + timedelta(days=61), tick=False):
        client.force_login(personas.contact_officer)
        assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("contact-detail", args=[contact.pk])).status_code == 404


def test_an_officer_who_loses_the_race_is_told_their_change_was_not_saved(
    personas, contact, tool, client
):
    colleague = UserFactory(username="colleague", role=Role.CONTACT_OFFICER)
    client.force_login(colleague)
    form = client.get(reverse("screen-contact", args=[contact.pk]))
    assert form.url == reverse("screen-contact-section", args=[contact.pk, "child"])
    # Meanwhile the officer at the next desk screens it: a CAF, off to the locality.
    winner = client_for(personas.contact_officer)
    screen_on_the_page(winner, contact, tool)
    contact.case.refresh_from_db()
    contact.case.version -= 1  # the colleague's form still carries the version they saw
    late = screen_on_the_page(client, contact, tool, decision="universal")
    assert late.status_code == 404
    page = html.unescape(late.content.decode())
    assert "Your change was not saved" in page
    assert "someone else probably acted first" in page
    assert contact.screenings.count() == 1
    # Asking about a case that never existed reads the same, so nothing is revealed.
    missing = client.post(reverse("screen-contact", args=[999_999]), {"action": "decide"})
    assert missing.status_code == 404
    assert "Your change was not saved" in html.unescape(missing.content.decode())


def client_for(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other
