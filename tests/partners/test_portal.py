"""The partner portal: cases shared with the agency, a case as partners see it, CAF work
accepted or declined, updates and notes; the council's share and revoke pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caf.models import Recommendation
from partners.models import CafWorkResponse, PartnerNote
from pathway.models import AccessLogEntry, ChronologyEvent, Notification, Share
from pathway.services.chronology import chronology_record
from tests.factories import (
    AgencyFactory,
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    ContactFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    RecommendationFactory,
)
from tests.partners.factories import ShareFactory, partner_of

CANARY = "7 Canary Refuge Row"
RESTRICTED_CANARY = "Police intelligence: canary-restricted-note"


@pytest.fixture
def portal(personas):
    womens_aid = AgencyFactory(
        code="womens-aid", name="Stockport Women's Aid", kind="domestic_abuse"
    )
    worker = partner_of(womens_aid, "wendy.womensaid")
    police = AgencyFactory(code="gmp", name="Greater Manchester Police", kind="police")
    officer = partner_of(police, "pc.police")
    family = FamilyFactory(locality=personas.home, address_line_1=CANARY, address_confidential=True)
    HouseholdMemberFactory(
        family=family, person=PersonFactory(given_name="Amara", family_name="Okonkwo")
    )
    case = AwaitingAllocationCaseFactory(family=family, locality=personas.home, recommendation=None)
    ContactFactory(
        case=case,
        consent_to_share="given",
        screened_at=timezone.now(),
        reason="Referrer's own words: canary-contact-reason",
    )
    recommendation = RecommendationFactory(case=case, agency=womens_aid)
    ShareFactory(case=case, agency=womens_aid)
    ShareFactory(case=case, agency=police)
    PartnerNote.objects.create(
        case=case, agency=police, author=officer, text=RESTRICTED_CANARY, restricted=True
    )
    chronology_record(
        family=family,
        case=case,
        action="partner.note",
        actor=officer,
        summary="Case note from Greater Manchester Police (restricted)",
        data={"agency_id": police.pk, "restricted": True},
    )
    chronology_record(
        family=family,
        case=case,
        action="screening.decided",
        actor=personas.contact_officer,
        summary="Screening internals: canary-score 17",
    )
    not_shared = AllocatedCaseFactory(
        family=FamilyFactory(locality=personas.home), locality=personas.home
    )
    return {
        "case": case,
        "rec": recommendation,
        "worker": worker,
        "officer": officer,
        "womens_aid": womens_aid,
        "not_shared": not_shared,
    }


def test_the_partner_home_lists_exactly_the_cases_shared_with_the_agency(portal, client):
    client.force_login(portal["worker"])
    home = client.get("/", follow=True)
    assert home.redirect_chain == [("/partner/", 302)]
    assert [c.pk for c in home.context["cases"]] == [portal["case"].pk]
    text = home.content.decode()
    assert "Okonkwo family (address withheld)" in text
    assert "CAF work recommended to Stockport Women&#x27;s Aid" in text
    assert CANARY not in text
    assert (
        AccessLogEntry.objects.filter(
            user=portal["worker"], what="Partner portal: cases shared with your agency"
        ).count()
        == 1
    )


def test_the_partner_case_page_shows_only_what_partners_may_see(portal, client):
    client.force_login(portal["worker"])
    case = portal["case"]
    # The council's page sends a partner to the partner view.
    staff_page = client.get(reverse("case-detail", args=[case.pk]))
    assert staff_page.status_code == 302
    assert staff_page.url == reverse("partner-case", args=[case.pk])
    page = client.get(reverse("partner-case", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Accept the CAF work" in text
    for secret in (
        CANARY,
        RESTRICTED_CANARY,
        "canary-contact-reason",
        "canary-score",
        "Greater Manchester Police (restricted)",
    ):
        assert secret not in text, secret
    # The police officer sees their own restricted note.
    client.force_login(portal["officer"])
    assert RESTRICTED_CANARY in client.get(reverse("partner-case", args=[case.pk])).content.decode()


def test_cases_not_shared_are_404_on_every_partner_page(portal, client):
    client.force_login(portal["worker"])
    other = portal["not_shared"]
    for url in (
        reverse("partner-case", args=[other.pk]),
        reverse("case-detail", args=[other.pk]),
        reverse("partner-case", args=[987654]),
        reverse("tac", args=[portal["case"].pk]),
        reverse("case-share", args=[987654]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("partner-note-add", args=[other.pk]), {"text": "x"}).status_code == 404
    )


def test_revocation_takes_effect_on_the_next_page(personas, portal, client):
    client.force_login(portal["worker"])
    case = portal["case"]
    assert client.get(reverse("partner-case", args=[case.pk])).status_code == 200
    share = Share.objects.get(case=case, agency=portal["womens_aid"])
    share.revoked_at = timezone.now()
    share.revoked_by = personas.locality_leader
    share.save()
    assert client.get(reverse("partner-case", args=[case.pk])).status_code == 404
    assert client.get(reverse("partner-home")).context["cases"] == []


def test_an_expired_share_gives_nothing(personas, portal, client):
    share = Share.objects.get(case=portal["case"], agency=portal["womens_aid"])
    share.ends_on = timezone.localdate() - timedelta(days=1)
    share.save()
    client.force_login(portal["worker"])
    assert client.get(reverse("partner-case", args=[portal["case"].pk])).status_code == 404


def test_a_partner_accepts_the_caf_work(portal, client):
    client.force_login(portal["worker"])
    response = client.post(reverse("partner-caf-accept", args=[portal["rec"].pk]))
    assert response.status_code == 302
    answer = CafWorkResponse.objects.get()
    assert answer.decision == "accepted"
    assert answer.responded_by == portal["worker"]
    assert ChronologyEvent.objects.filter(action="partner.caf_accepted").count() == 1
    again = client.post(reverse("partner-caf-accept", args=[portal["rec"].pk]))
    assert again.status_code == 302
    assert CafWorkResponse.objects.count() == 1


def test_declining_needs_a_reason_and_returns_the_work_to_the_locality_leader(
    personas, portal, client
):
    client.force_login(portal["worker"])
    url = reverse("partner-caf-decline", args=[portal["rec"].pk])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert "Enter why your agency cannot take on this CAF work" in empty.content.decode()
    done = client.post(url, {"reason": "No capacity until March"})
    assert done.status_code == 302
    rec = Recommendation.objects.get(pk=portal["rec"].pk)
    assert rec.agency is None
    assert rec.status == "open"
    told = Notification.objects.get(user=personas.locality_leader, kind="caf_declined")
    assert told.message == (
        f"Stockport Women's Aid declined the CAF work on case {portal['case'].reference}: "
        "choose another lead agency"
    )
    # The police officer was never recommended it: refused.
    client.force_login(portal["officer"])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_a_partner_adds_an_update_marked_with_their_agency(portal, client):
    client.force_login(portal["worker"])
    url = reverse("partner-note-add", args=[portal["case"].pk])
    bad = client.post(url, {"kind": "update", "text": ""})
    assert bad.status_code == 200
    assert "Enter the update or note" in bad.content.decode()
    done = client.post(url, {"kind": "update", "text": "Mum attended the first session"})
    assert done.status_code == 302
    note = PartnerNote.objects.get(author=portal["worker"])
    assert note.agency == portal["womens_aid"]
    assert note.text == "Mum attended the first session"
    assert (
        ChronologyEvent.objects.filter(
            action="partner.note", summary="Update from Stockport Women's Aid"
        ).count()
        == 1
    )


def test_the_staff_case_page_shows_shares_consent_and_the_share_form(personas, portal, client):
    case = portal["case"]
    client.force_login(personas.locality_leader)
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Sharing with partner agencies" in page
    assert "The family's consent to share: <strong>Given</strong>" in page
    assert reverse("case-share", args=[case.pk]) in page
    form = client.get(reverse("case-share", args=[case.pk]))
    assert form.status_code == 200
    health_visiting = personas.partner.active_memberships[0].agency
    bad = client.post(reverse("case-share", args=[case.pk]), {"agency": health_visiting.pk})
    assert bad.status_code == 200
    assert "Enter why the agency needs to see this case" in bad.content.decode()
    done = client.post(
        reverse("case-share", args=[case.pk]),
        {
            "agency": health_visiting.pk,
            "purpose": "Health visitor support for the baby",
            "lawful_basis": "consent",
            "protocol_reference": "ISP-2026-014",
            "scope": "whole",
        },
    )
    assert done.status_code == 302
    share = Share.objects.get(case=case, agency=health_visiting)
    revoke = client.post(reverse("share-revoke", args=[share.pk]), {"reason": "Not needed now"})
    assert revoke.status_code == 302
    share.refresh_from_db()
    assert share.status == "revoked"
    # A manager sees the case but may not share it.
    client.force_login(personas.manager)
    assert client.get(reverse("case-share", args=[case.pk])).status_code == 403
