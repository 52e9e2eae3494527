"""The sharing API (DESIGN §8): POST /api/v1/cases/{id}/share/, GET /api/v1/shares/,
POST /api/v1/shares/{id}/revoke/; revocation applies to the very next request."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathway.models import AccessLogEntry, Share
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    AllocatedCaseFactory,
    ContactFactory,
    FamilyFactory,
)
from tests.partners.factories import ShareFactory, partner_of

CANARY = "7 Canary Refuge Row"


@pytest.fixture
def setting(personas):
    family = FamilyFactory(locality=personas.home, address_line_1=CANARY, address_confidential=True)
    case = AllocatedCaseFactory(family=family, locality=personas.home)
    # Screened: the case has left the front door's queue.
    ContactFactory(case=case, consent_to_share="given", screened_at=timezone.now())
    womens_aid = AgencyFactory(code="womens-aid", name="Stockport Women's Aid")
    worker = partner_of(womens_aid, "wendy.womensaid")
    return case, womens_aid, worker


def _post_share(client, case, **body):
    payload = {
        "agency": "womens-aid",
        "purpose": "Safety planning with mum",
        "lawful_basis": "consent",
        "protocol_reference": "ISP-2026-014",
    }
    payload.update(body)
    return client.post(
        reverse("api-case-share", args=[case.pk]), payload, content_type="application/json"
    )


def test_a_locality_leader_shares_a_case(personas, setting, client):
    case, _, _ = setting
    client.force_login(personas.locality_leader)
    response = _post_share(client, case, ends_on="2027-03-31")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["agency"] == "womens-aid"
    assert body["agency_name"] == "Stockport Women's Aid"
    assert body["lawful_basis"] == "consent"
    assert body["ends_on"] == "2027-03-31"
    assert body["status"] == "live"
    assert body["case_reference"] == case.reference
    assert Share.objects.filter(case=case).count() == 1


def test_bad_input_is_400_with_field_errors(personas, setting, client):
    case, _, _ = setting
    client.force_login(personas.locality_leader)
    response = _post_share(
        client, case, agency="no-such-agency", lawful_basis="because", ends_on="20270331x"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"agency", "lawful_basis", "ends_on"}
    missing = client.post(
        reverse("api-case-share", args=[case.pk]), {}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert set(missing.json()) == {"agency", "purpose", "lawful_basis", "protocol_reference"}
    far = _post_share(client, case, ends_on="9999-12-31")
    assert far.status_code == 400
    assert set(far.json()) == {"ends_on"}


def test_the_family_refused_consent_so_the_consent_basis_is_a_400(personas, setting, client):
    case, _, _ = setting
    ContactFactory(case=case, consent_to_share="refused", lawful_basis="safeguarding")
    client.force_login(personas.locality_leader)
    response = _post_share(client, case)
    assert response.status_code == 400
    assert list(response.json()) == ["lawful_basis"]


def test_invisible_cases_are_404_and_a_visible_one_the_caller_may_not_share_403(
    personas, setting, client
):
    case, _, worker = setting
    away = AllocatedCaseFactory(
        family=FamilyFactory(locality=personas.away), locality=personas.away
    )
    client.force_login(personas.locality_leader)
    assert _post_share(client, away).status_code == 404
    assert _post_share(client, type("C", (), {"pk": 987654})()).status_code == 404
    client.force_login(personas.manager)
    assert _post_share(client, case).status_code == 403
    ShareFactory(case=case, agency=worker.active_memberships[0].agency)
    client.force_login(worker)
    assert _post_share(client, case).status_code == 403


def test_the_share_list_filters_and_answers_each_caller_its_own(personas, setting, client):
    case, womens_aid, worker = setting
    health_visiting = personas.partner.active_memberships[0].agency
    mine = ShareFactory(case=case, agency=womens_aid)
    theirs = ShareFactory(case=case, agency=health_visiting)
    other_case = AllocatedCaseFactory(
        family=FamilyFactory(locality=personas.home), locality=personas.home
    )
    ShareFactory(
        case=other_case,
        agency=womens_aid,
        revoked_by=personas.locality_leader,
        revoked_at="2026-12-01T10:00:00Z",
        revoke_reason="Done",
    )
    client.force_login(personas.locality_leader)
    everything = client.get(reverse("api-share-list"))
    assert everything.json()["count"] == 3
    by_case = client.get(reverse("api-share-list"), {"case": case.pk})
    assert {row["id"] for row in by_case.json()["results"]} == {mine.pk, theirs.pk}
    by_agency = client.get(reverse("api-share-list"), {"agency": "womens-aid"})
    assert by_agency.json()["count"] == 2
    assert client.get(reverse("api-share-list"), {"case": "x"}).status_code == 400
    # A partner: the live shares to their own agency only.
    client.force_login(worker)
    partner_view = client.get(reverse("api-share-list"))
    assert [row["id"] for row in partner_view.json()["results"]] == [mine.pk]
    client.force_login(personas.contact_officer)
    assert client.get(reverse("api-share-list")).json()["count"] == 0
    assert AccessLogEntry.objects.filter(what="Shares (API)").count() == 5


def test_revocation_takes_effect_on_the_next_request_even_for_an_earlier_token(
    personas, setting, client
):
    case, womens_aid, _worker = setting
    share = ShareFactory(case=case, agency=womens_aid)
    # A partner's token needs a one-time code (docs/adr/0014): here a recovery code.
    TOTPDevice.objects.create(user=_worker, name="Authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=_worker, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="recover1")
    token = client.post(
        reverse("api-token"),
        {"username": "wendy.womensaid", "password": PASSWORD, "otp_code": "recover1"},
        content_type="application/json",
    ).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get(reverse("api-case-detail", args=[case.pk]), **auth).status_code == 200
    assert client.get(reverse("api-case-list"), **auth).json()["count"] == 1
    client.force_login(personas.locality_leader)
    refused = client.post(
        reverse("api-share-revoke", args=[share.pk]), {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert list(refused.json()) == ["reason"]
    revoked = client.post(
        reverse("api-share-revoke", args=[share.pk]),
        {"reason": "The family withdrew consent"},
        content_type="application/json",
    )
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    client.logout()
    assert client.get(reverse("api-case-detail", args=[case.pk]), **auth).status_code == 404
    assert client.get(reverse("api-case-chronology", args=[case.pk]), **auth).status_code == 404
    assert client.get(reverse("api-case-list"), **auth).json()["count"] == 0
    assert client.get(reverse("api-share-list"), **auth).json()["count"] == 0
    # And the partner cannot revoke (or see) the share any more: 404.
    again = client.post(
        reverse("api-share-revoke", args=[share.pk]),
        {"reason": "x"},
        content_type="application/json",
        **auth,
    )
    assert again.status_code == 404


def test_a_partner_cannot_revoke_a_share_to_their_own_agency(personas, setting, client):
    case, womens_aid, worker = setting
    share = ShareFactory(case=case, agency=womens_aid)
    client.force_login(worker)
    response = client.post(
        reverse("api-share-revoke", args=[share.pk]),
        {"reason": "We are done"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_canary_confidential_address_is_never_in_a_partner_api_response(
    personas, setting, client
):
    case, womens_aid, worker = setting
    ShareFactory(case=case, agency=womens_aid)
    client.force_login(worker)
    urls = [
        reverse("api-case-list"),
        reverse("api-case-detail", args=[case.pk]),
        reverse("api-case-chronology", args=[case.pk]),
        reverse("api-share-list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert CANARY not in response.content.decode(), url
        assert "Refuge" not in response.content.decode(), url
    # The council's own staff do see it (the canary is really in the record).
    client.force_login(personas.locality_leader)
    assert CANARY in client.get(reverse("api-case-detail", args=[case.pk])).content.decode()
