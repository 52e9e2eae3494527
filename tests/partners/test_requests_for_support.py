"""Requests for support sent in online by partner practitioners: they arrive in the Contact
Centre's queue as contacts, the partner as referrer, through the front door's own service."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.selectors.contacts import contact_queue
from partners.models import SupportRequest
from pathway import policy
from pathway.models import Contact
from tests.factories import AgencyFactory
from tests.partners.factories import partner_of


@pytest.fixture
def school_worker(personas):
    school = AgencyFactory(code="st-marys", name="St Mary's Primary School", kind="education")
    return partner_of(school, "sally.school")


PAGE_FORM = {
    "child_given_name": "Amara",
    "child_family_name": "Okonkwo",
    "child_date_of_birth_0": "1",
    "child_date_of_birth_1": "5",
    "child_date_of_birth_2": "2018",
    "adult_given_name": "Grace",
    "adult_family_name": "Okonkwo",
    "address_line_1": "14 Hollins Lane",
    "postcode": "sk4 2ab",
    "reason": "Amara is often late and hungry; mum has asked for help",
    "consent": "given",
    "lawful_basis": "",
}


def test_a_request_through_the_portal_lands_in_the_officers_queue(personas, school_worker, client):
    from pathway.models import PresentingIssue

    issue = PresentingIssue.objects.get(code="14A")
    client.force_login(school_worker)
    assert client.get(reverse("partner-support-request")).status_code == 200
    response = client.post(
        reverse("partner-support-request"), {**PAGE_FORM, "primary_issue": issue.pk}
    )
    assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.get()
    assert contact.channel == "online_form"
    assert contact.referral_source.code == "2A"  # Schools
    assert contact.referrer_name == school_worker.get_full_name()
    assert contact.referrer_organisation == "St Mary's Primary School"
    assert contact.recorded_by == school_worker
    assert contact.family.postcode == "SK4 2AB"
    assert [c.pk for c in contact_queue(user=personas.contact_officer)] == [contact.pk]
    # The partner sees the outcome, not the case.
    assert not policy.can_view_case(school_worker, contact.case)
    home = client.get(reverse("partner-home"))
    assert "Waiting to be screened by the Contact Centre" in home.content.decode()
    assert client.get(reverse("partner-case", args=[contact.case_id])).status_code == 404


def test_page_errors_are_next_to_their_fields(personas, school_worker, client):
    client.force_login(school_worker)
    response = client.post(reverse("partner-support-request"), {"postcode": "nowhere"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "child_given_name",
        "child_family_name",
        "postcode",
        "reason",
        "primary_issue",
        "consent",
    }
    assert Contact.objects.count() == 0


def test_a_request_through_the_api(personas, school_worker, client):
    client.force_login(school_worker)
    url = reverse("api-requests-for-support")
    body = {
        "reason": "Amara is often late and hungry; mum has asked for help",
        "primary_issue": "14A",
        "consent": "given",
        "new_family": {"address": "14 Hollins Lane", "postcode": "SK4 2AB"},
        "children": [
            {"given_name": "Amara", "family_name": "Okonkwo", "date_of_birth": "2018-05-01"}
        ],
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["outcome"] == "Waiting to be screened by the Contact Centre"
    request = SupportRequest.objects.get()
    assert request.contact.referral_source.code == "2A"
    listed = client.get(url)
    assert [row["id"] for row in listed.json()] == [request.pk]
    bad = client.post(url, {"reason": "x", "children": []}, content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"primary_issue", "consent", "new_family", "children"}
    # Staff do not send requests for support: they record contacts.
    client.force_login(personas.locality_leader)
    assert client.post(url, body, content_type="application/json").status_code == 403
    # Screened: the partner is told the decision.
    request.contact.screened_at = timezone.now()
    request.contact.save()
    client.force_login(school_worker)
    assert client.get(url).json()[0]["outcome"] == "Closed by the Contact Centre"
