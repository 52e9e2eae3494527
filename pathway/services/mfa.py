"""Two-step verification with django-otp (docs/adr/0014): an authenticator app (TOTP) and
single-use recovery codes, enrolled on first sign-in, reset by an administrator."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathway import policy
from pathway.models import User

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def mfa_is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_enrolment_start(*, user: User) -> TOTPDevice:
    """The (unconfirmed) authenticator-app device to enrol; the same one until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def mfa_enrolment_confirm(*, user: User, code: str) -> tuple[Device, list[str]]:
    """Confirm the app with a code it shows; returns the device and the recovery codes
    (shown once, never again). Raises ValidationError for a wrong code."""
    code = (code or "").strip().replace(" ", "")
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or not code.isdigit() or not device.verify_token(code):
            raise ValidationError({"code": "Enter the 6-digit code your authenticator app shows"})
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return device, codes


def mfa_verify(*, user: User, code: str) -> Device | None:
    """The confirmed device (app or recovery code) that accepts this code, or None. A
    recovery code works once."""
    code = (code or "").strip().replace(" ", "")
    if not code or len(code) > 16:
        return None
    return match_token(user, code)


def user_mfa_reset(*, user: User, reset_by: User, reason: str) -> LogEntry:
    """Remove a user's app and recovery codes (a lost phone): they enrol again at their next
    sign-in. An administrator only, never their own; one row in the change log."""
    if not policy.can_reset_mfa(reset_by, user):
        raise PermissionDenied("Only an administrator may reset two-step verification")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for the reset"})
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer"})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        return LogEntry.objects.create(
            user=reset_by,
            content_type=ContentType.objects.get_for_model(User),
            object_id=str(user.pk),
            object_repr=str(user)[:200],
            action_flag=CHANGE,
            change_message=(
                f"Two-step verification reset by {reset_by.username}. Reason: {reason}"
            ),
        )


def mfa_enrol_with_recovery_codes(*, user: User, codes: list[str]) -> None:
    """Enrol `user` with an authenticator app and exactly these recovery codes, replacing
    any they had. For demo logins only (seed_demo prints the codes): a real account enrols
    itself at first sign-in and is never given codes someone else knows."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
