"""Two-step verification (docs/adr/0014): partner accounts enrol on first sign-in, sign in
with a code, get API tokens only with a current code; an administrator resets it, logged."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathway import policy
from pathway.services.mfa import user_mfa_reset
from tests.factories import PASSWORD


def _code(device: TOTPDevice, at: float | None = None) -> str:
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    otp.time = at or time.time()
    return f"{otp.token():06d}"


def _sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_who_needs_two_step_verification(personas, settings):
    assert policy.mfa_required(personas.partner)
    assert not policy.mfa_required(personas.locality_leader)
    settings.MFA_REQUIRED_FOR_ALL = True
    assert policy.mfa_required(personas.locality_leader)
    assert policy.mfa_required(personas.admin)


def test_a_partner_enrols_on_first_sign_in_and_is_not_signed_in_before(personas, client):
    response = _sign_in(client, "pip.partner")
    assert response.status_code == 302
    assert response.url == reverse("mfa-setup")
    # Not signed in yet: every page still asks to sign in.
    assert client.get(reverse("partner-home")).status_code == 302
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa-setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=personas.partner, confirmed=False)
    wrong = client.post(
        reverse("mfa-setup"), {"code": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "Enter the 6-digit code your authenticator app shows" in wrong.content.decode()
    done = client.post(reverse("mfa-setup"), {"code": _code(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert client.session["_auth_user_id"] == str(personas.partner.pk)
    assert client.get(reverse("partner-home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.fixture
def enrolled(personas):
    device = TOTPDevice.objects.create(
        user=personas.partner, name="Authenticator app", confirmed=True
    )

    recovery = StaticDevice.objects.create(user=personas.partner, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="recover1")
    return device


def test_an_enrolled_partner_signs_in_with_a_code_or_a_recovery_code_once(
    personas, enrolled, client
):
    assert _sign_in(client, "pip.partner").url == reverse("mfa-verify")
    assert client.post(reverse("mfa-verify"), {"code": "recover1"}).status_code == 302
    assert client.session["_auth_user_id"] == str(personas.partner.pk)
    client.logout()
    _sign_in(client, "pip.partner")
    used = client.post(reverse("mfa-verify"), {"code": "recover1"})
    assert used.status_code == 200
    assert "_auth_user_id" not in client.session
    # A wrong code throttles the devices for a moment (django-otp): try again after it.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        ok = client.post(reverse("mfa-verify"), {"code": _code(enrolled)})
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.partner.pk)


def test_staff_sign_in_without_a_code(personas, client):
    response = _sign_in(client, "lena.leader")
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_token_endpoint_wants_a_one_time_code_for_mfa_accounts(personas, enrolled, client):
    url = reverse("api-token")
    body = {"username": "pip.partner", "password": PASSWORD}
    without = client.post(url, body, content_type="application/json")
    assert without.status_code == 401
    assert without.json() == {
        "detail": "A one-time code is required for this account: send otp_code with the "
        "current code from your authenticator app",
        "code": "otp_required",
    }
    wrong = client.post(url, {**body, "otp_code": "00000000"}, content_type="application/json")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "otp_invalid"
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        right = client.post(
            url, {**body, "otp_code": _code(enrolled)}, content_type="application/json"
        )
    assert right.status_code == 200
    assert right.json()["token"]
    # Staff accounts: no code needed.
    staff = client.post(
        url, {"username": "lena.leader", "password": PASSWORD}, content_type="application/json"
    )
    assert staff.status_code == 200


def test_a_partner_who_never_enrolled_gets_no_token(personas, client):
    response = client.post(
        reverse("api-token"),
        {"username": "pip.partner", "password": PASSWORD, "otp_code": "123456"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_an_administrator_resets_two_step_verification_as_a_logged_action(
    personas, enrolled, client
):
    with pytest.raises(PermissionDenied):
        user_mfa_reset(user=personas.partner, reset_by=personas.locality_leader, reason="x")
    entry = user_mfa_reset(user=personas.partner, reset_by=personas.admin, reason="Lost phone")
    assert entry.change_message == "Two-step verification reset by ada.admin. Reason: Lost phone"
    assert not TOTPDevice.objects.filter(user=personas.partner).exists()
    assert LogEntry.objects.filter(object_id=str(personas.partner.pk)).count() == 1
    # Next sign-in: enrol again.
    assert _sign_in(client, "pip.partner").url == reverse("mfa-setup")


def test_the_admin_reset_page(personas, enrolled, client):
    client.force_login(personas.admin)
    url = reverse("admin:pathway_user_mfa_reset", args=[personas.partner.pk])
    assert client.get(url).status_code == 200
    done = client.post(url, {"reason": "Lost phone"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.partner).exists()


def test_a_pending_sign_in_expires(personas, enrolled, client):
    _sign_in(client, "pip.partner")
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert client.post(reverse("mfa-verify"), {"code": "recover1"}).status_code == 302
        assert "_auth_user_id" not in client.session
