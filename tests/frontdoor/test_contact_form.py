"""The record-a-contact pages: validation next to the field, drafts kept, search before create."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from frontdoor.services.drafts import contact_drafts_purge
from pathway.models import Contact, ContactDraft
from tests.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory


@pytest.fixture
def officer(personas, client):
    client.force_login(personas.contact_officer)
    return client


def start(client) -> ContactDraft:
    response = client.post(reverse("contact-start"))
    draft = ContactDraft.objects.latest("pk")
    assert response.url == reverse("contact-draft-step", args=[draft.pk, "received"])
    return draft


def step(draft, name):
    return reverse("contact-draft-step", args=[draft.pk, name])


def received(client, draft, **overrides):
    now = timezone.localtime() - timedelta(minutes=5)
    data = {
        "channel": "phone",
        "received_date_0": now.day,
        "received_date_1": now.month,
        "received_date_2": now.year,
        "received_time": now.strftime("%H:%M"),
        **overrides,
    }
    return client.post(step(draft, "received"), data)


def fill_to_family(client, draft):
    assert received(client, draft).status_code == 302
    assert client.post(step(draft, "referrer"), {"referral_source": "1C"}).status_code == 302


def new_family(client, draft, **overrides):
    client.get(step(draft, "family"), {"q": "Quinn"})
    data = {"action": "new", "address_line_1": "12 Hillgate", "postcode": "sk1 3aa", **overrides}
    return client.post(step(draft, "family"), data)


def add_child(client, draft, **overrides):
    data = {
        "action": "add",
        "given_name": "Zara",
        "family_name": "Quinn",
        "sex": "female",
        "date_of_birth_0": "3",
        "date_of_birth_1": "4",
        "date_of_birth_2": "2019",
        **overrides,
    }
    return client.post(step(draft, "children"), data)


def complete(client, draft):
    fill_to_family(client, draft)
    assert new_family(client, draft).status_code == 302
    assert add_child(client, draft).status_code == 302
    assert client.post(step(draft, "children"), {"action": "continue"}).status_code == 302
    assert client.post(step(draft, "adults"), {"action": "continue"}).status_code == 302
    assert (
        client.post(
            step(draft, "reason"),
            {"reason": "Struggling since the separation", "primary_issue": "4B"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            step(draft, "consent"), {"consent_to_share": "given", "consent_to_contact": "given"}
        ).status_code
        == 302
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def error_for(response, field_id):
    page = text(response)
    return f'id="{field_id}-error"' in page and "govuk-error-summary" in page


def test_the_whole_journey_records_a_contact(officer):
    draft = start(officer)
    complete(officer, draft)
    check = officer.get(reverse("contact-draft-check", args=[draft.pk]))
    assert check.status_code == 200
    assert "Zara Quinn" in check.content.decode()
    response = officer.post(reverse("contact-draft-check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert response.url == reverse("contact-detail", args=[contact.pk])
    assert contact.reason == "Struggling since the separation"
    assert contact.subjects.get().given_name == "Zara"
    draft.refresh_from_db()
    assert draft.submitted_contact == contact
    assert draft.data == {}  # no second copy of the personal data is kept
    # Submitting again (a double click) does not record a second contact.
    officer.post(reverse("contact-draft-check", args=[draft.pk]))
    assert Contact.objects.count() == 1


def test_a_received_time_in_the_future_is_refused_next_to_the_field(officer):
    draft = start(officer)
    later = timezone.localtime() + timedelta(hours=3)
    response = received(
        officer,
        draft,
        received_date_0=later.day,
        received_date_1=later.month,
        received_date_2=later.year,
        received_time=later.strftime("%H:%M"),
    )
    assert response.status_code == 200
    assert error_for(response, "id_received_date")
    assert "must not be in the future" in response.content.decode()


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"received_time": "25:00"}, "id_received_time", "Enter a real time"),
        (
            {"received_date_0": "31", "received_date_1": "2"},
            "id_received_date",
            "must be a real date",
        ),
        ({"received_date_2": ""}, "id_received_date", "must include a year"),
        ({"channel": ""}, "id_channel", "Select how the contact came in"),
    ],
)
def test_received_page_errors(officer, overrides, field_id, message):
    draft = start(officer)
    response = received(officer, draft, **overrides)
    assert error_for(response, field_id)
    assert message in text(response)


def test_what_was_typed_is_kept_even_when_invalid(officer):
    draft = start(officer)
    received(officer, draft, received_time="25:00")
    page = officer.get(step(draft, "received"))
    assert 'value="25:00"' in page.content.decode()


def test_a_new_family_is_offered_only_after_a_search(officer):
    draft = start(officer)
    fill_to_family(officer, draft)
    page = officer.get(step(draft, "family"))
    assert "create a new family" not in page.content.decode()
    refused = officer.post(
        step(draft, "family"), {"action": "new", "address_line_1": "1 Road", "postcode": "SK1 3AA"}
    )
    assert refused.status_code == 302
    draft.refresh_from_db()
    assert not draft.cleaned("family")
    # No one matched: the new family's form is on the results page itself (no extra load).
    page = officer.get(step(draft, "family"), {"q": "Quinn"})
    assert "Create a new family" in page.content.decode()
    assert 'name="address_line_1"' in page.content.decode()


def test_when_families_match_creating_a_new_one_is_folded_under_the_results(officer):
    family = FamilyFactory(postcode="SK1 3AA")
    HouseholdMemberFactory(family=family, person=PersonFactory(family_name="Quinn"))
    draft = start(officer)
    fill_to_family(officer, draft)
    page = text(officer.get(step(draft, "family"), {"q": "Quinn"}))
    assert "Use this family" in page
    assert '<details class="govuk-details">' in page
    assert "None of these: create a new family" in page
    assert 'name="address_line_1"' in page


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"postcode": "SK1"}, "id_postcode", "Enter a real UK postcode"),
        ({"postcode": ""}, "id_postcode", "Enter the family's postcode"),
        ({"address_line_1": ""}, "id_address_line_1", "Enter the first line"),
    ],
)
def test_new_family_errors(officer, overrides, field_id, message):
    draft = start(officer)
    fill_to_family(officer, draft)
    response = new_family(officer, draft, **overrides)
    assert response.status_code == 200
    assert error_for(response, field_id)
    assert message in text(response)


def test_a_family_already_at_the_postcode_must_be_ruled_out(officer):
    existing = FamilyFactory(postcode="SK1 3AA")
    HouseholdMemberFactory(family=existing, person=PersonFactory(family_name="Quinn"))
    draft = start(officer)
    fill_to_family(officer, draft)
    warned = new_family(officer, draft)
    assert warned.status_code == 200
    assert existing.reference in warned.content.decode()
    confirmed = new_family(officer, draft, not_a_duplicate="on")
    assert confirmed.status_code == 302


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        (
            {"date_of_birth_2": str(timezone.localdate().year + 1)},
            "id_date_of_birth",
            "today or in the past",
        ),
        ({"nhs_number": "9434765918"}, "id_nhs_number", "check digit"),
        ({"nhs_number": "12345"}, "id_nhs_number", "10 digits"),
        ({"given_name": ""}, "id_given_name", "Enter the first name"),
        (
            {"unborn": "on", "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "id_expected_date",
            "Enter the expected date",
        ),
    ],
)
def test_child_errors(officer, overrides, field_id, message):
    draft = start(officer)
    fill_to_family(officer, draft)
    new_family(officer, draft)
    response = add_child(officer, draft, **overrides)
    assert response.status_code == 200
    assert error_for(response, field_id)
    assert message in text(response)


def test_an_unborn_child_takes_an_expected_date(officer):
    draft = start(officer)
    fill_to_family(officer, draft)
    new_family(officer, draft)
    due = timezone.localdate() + timedelta(days=60)
    response = add_child(
        officer,
        draft,
        unborn="on",
        date_of_birth_0="",
        date_of_birth_1="",
        date_of_birth_2="",
        expected_date_0=due.day,
        expected_date_1=due.month,
        expected_date_2=due.year,
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.cleaned("children")["new"][0]["expected_date"] == due.isoformat()


def test_at_least_one_child_is_needed(officer):
    draft = start(officer)
    fill_to_family(officer, draft)
    new_family(officer, draft)
    response = officer.post(step(draft, "children"), {"action": "continue"})
    assert response.status_code == 200
    assert "Select or add at least one child" in response.content.decode()


def test_a_likely_duplicate_child_is_offered_instead(officer):
    known = PersonFactory(
        given_name="Zara", family_name="Quinn", date_of_birth=timezone.datetime(2019, 4, 3).date()
    )
    draft = start(officer)
    fill_to_family(officer, draft)
    new_family(officer, draft)
    response = add_child(officer, draft)
    assert response.status_code == 200
    assert f"(P{known.pk})" in response.content.decode()
    officer.post(step(draft, "children"), {"action": "use", "person": known.pk})
    draft.refresh_from_db()
    assert draft.cleaned("children")["existing"] == [known.pk]


def test_consent_not_given_needs_a_lawful_basis(officer):
    draft = start(officer)
    response = officer.post(
        step(draft, "consent"), {"consent_to_share": "refused", "consent_to_contact": "refused"}
    )
    assert error_for(response, "id_lawful_basis")


def test_autosave_keeps_partial_input(officer):
    draft = start(officer)
    response = officer.post(
        reverse("contact-draft-autosave", args=[draft.pk, "reason"]),
        {"reason": "Mum rang in tears"},
    )
    assert response.json()["saved"] is True
    page = officer.get(step(draft, "reason"))
    assert "Mum rang in tears" in page.content.decode()


def test_a_draft_is_its_owners_alone(officer, personas, client):
    draft = start(officer)
    client.force_login(personas.senior_practitioner)
    assert client.get(step(draft, "received")).status_code == 404
    assert (
        client.post(
            reverse("contact-draft-autosave", args=[draft.pk, "reason"]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_roles_outside_the_front_door_cannot_record(personas, client):
    client.force_login(personas.practitioner)
    assert client.post(reverse("contact-start")).status_code == 403
    assert not ContactDraft.objects.exists()


def test_check_page_sends_an_incomplete_draft_back(officer):
    draft = start(officer)
    response = officer.get(reverse("contact-draft-check", args=[draft.pk]))
    assert response.url == step(draft, "received")


def test_change_links_return_to_check_your_answers(officer):
    draft = start(officer)
    complete(officer, draft)
    officer.get(reverse("contact-draft-check", args=[draft.pk]))
    officer.get(step(draft, "reason") + "?from=check")
    response = officer.post(step(draft, "reason"), {"reason": "Changed", "primary_issue": "4B"})
    assert response.url == reverse("contact-draft-check", args=[draft.pk])


def test_old_unsubmitted_drafts_are_purged(officer):
    draft = start(officer)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert contact_drafts_purge() == 1
    assert not ContactDraft.objects.filter(pk=draft.pk).exists()


def test_several_secondary_issues_can_be_chosen(officer):
    draft = start(officer)
    page = officer.get(step(draft, "reason")).content.decode()
    assert 'type="checkbox" value="1A"' in page  # checkboxes, not radios
    response = officer.post(
        step(draft, "reason"),
        {"reason": "Struggling", "primary_issue": "4B", "secondary_issues": ["1B", "3B"]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.cleaned("reason")["secondary_issues"] == ["1B", "3B"]
