"""Sharing a case with a partner agency, and revoking the share (docs/adr/0013).

A share is an explicit, recorded act: who shared what with which agency, why, on what
lawful basis and under which information-sharing protocol. The family's consent decision
(the latest contact's "consent to share") decides whether the consent basis is open; when
the family refused, or was not asked, only a senior practitioner may share, recording the
safeguarding reason. Both services lock the case row, write the family's chronology and
keep the share's change history (django-simple-history).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pathway import policy
from pathway.choices import ENDED_STAGES, Consent, ShareBasis, SharePart, ShareScope
from pathway.models import Case, Contact, Notification, Share, User
from pathway.services.chronology import chronology_record
from pathway.services.notifications import NewNotification, notifications_create
from pathway.services.workflow import lock_case
from pathway.validators import validate_free_text

# A share is meant to be reviewed: it may run at most this long ahead.
MAX_SHARE_YEARS = 3


class SharingNotPermitted(PermissionDenied):
    """The actor may not share this case, or revoke this share (403 from every door)."""


def family_consent(case: Case) -> str:
    """The family's latest decision on sharing (the newest contact's consent to share):
    a Consent value, or "" when no contact on the case recorded one (a step-down)."""
    latest = (
        Contact.objects.filter(case=case)
        .order_by("-received_at", "-pk")
        .values_list("consent_to_share", flat=True)
        .first()
    )
    return latest or ""


def share_create(
    *,
    case: Case,
    shared_by: User,
    agency: Any,
    purpose: str,
    lawful_basis: str,
    protocol_reference: str,
    safeguarding_reason: str = "",
    scope: str = ShareScope.WHOLE,
    parts: list[str] | None = None,
    ends_on: date | None = None,
) -> Share:
    """Share `case` with `agency`. Raises SharingNotPermitted (403) when the actor may not
    share this case, ValidationError with field errors for anything else refused."""
    validate_free_text(purpose=purpose, safeguarding_reason=safeguarding_reason)
    purpose = purpose.strip()
    safeguarding_reason = safeguarding_reason.strip()
    protocol_reference = protocol_reference.strip()
    parts = sorted(set(parts or []))
    today = timezone.localdate()
    with transaction.atomic():
        locked = lock_case(case.pk)
        if not policy.can_share_case(shared_by, locked):
            raise SharingNotPermitted(f"You may not share case {locked.reference}")
        errors: dict[str, str] = {}
        if locked.stage in ENDED_STAGES:
            errors["__all__"] = f"Case {locked.reference} is closed: a closed case is not shared"
        if not getattr(agency, "is_active", False):
            errors["agency"] = "Choose an agency that is still active"
        elif Share.objects.live().filter(case=locked, agency=agency).exists():
            errors["agency"] = f"This case is already shared with {agency.name}"
        if not purpose:
            errors["purpose"] = "Enter why the agency needs to see this case"
        if not protocol_reference:
            errors["protocol_reference"] = "Enter the information-sharing protocol reference"
        elif len(protocol_reference) > 100:
            errors["protocol_reference"] = "Keep the reference to 100 characters or fewer"
        consent = family_consent(locked)
        if lawful_basis == ShareBasis.CONSENT:
            if consent != Consent.GIVEN:
                decision = dict(Consent.choices).get(consent, "not recorded").lower()
                errors["lawful_basis"] = (
                    f"The family's consent to share is {decision}: the case can be shared "
                    "only by a senior practitioner recording a safeguarding reason"
                )
        elif lawful_basis == ShareBasis.SAFEGUARDING:
            if not policy.can_share_without_consent(shared_by):
                errors["lawful_basis"] = (
                    "Only a senior practitioner may share without consent, on the "
                    "safeguarding basis"
                )
            elif not safeguarding_reason:
                errors["safeguarding_reason"] = (
                    "Enter the safeguarding reason for sharing without consent"
                )
        else:
            errors["lawful_basis"] = "Choose the lawful basis for sharing"
        if scope == ShareScope.PARTS:
            unknown = [p for p in parts if p not in SharePart.values]
            if unknown:
                errors["parts"] = f"Unknown parts of a case: {', '.join(unknown)}"
            elif not parts:
                errors["parts"] = "Choose at least one part of the case to share"
        elif scope == ShareScope.WHOLE:
            parts = []
        else:
            errors["scope"] = "Choose the whole case or named parts"
        if ends_on is not None:
            if ends_on < today:
                errors["ends_on"] = "The end date must be today or in the future"
            elif ends_on > today + timedelta(days=365 * MAX_SHARE_YEARS):
                errors["ends_on"] = (
                    f"The end date must be within {MAX_SHARE_YEARS} years: review the share then"
                )
        if errors:
            raise ValidationError(errors)
        share = Share.objects.create(
            case=locked,
            agency=agency,
            purpose=purpose,
            lawful_basis=lawful_basis,
            safeguarding_reason=safeguarding_reason if lawful_basis == "safeguarding" else "",
            protocol_reference=protocol_reference,
            scope=scope,
            parts=parts,
            shared_by=shared_by,
            ends_on=ends_on,
        )
        basis = "with consent" if lawful_basis == ShareBasis.CONSENT else "without consent"
        chronology_record(
            family=locked.family,
            case=locked,
            action="share.created",
            summary=f"Shared with {agency.name} ({basis}): {purpose[:150]}",
            actor=shared_by,
            # An agency's own: other partners never see another agency's shares.
            data={"share": share.pk, "agency_id": agency.pk, "restricted": True},
        )
        notifications_create(
            NewNotification(
                user_id=user_id,
                key=f"share:{share.pk}:user:{user_id}",
                kind=Notification.Kind.SHARE,
                message=f"Case {locked.reference} has been shared with {agency.name}",
                case_id=locked.pk,
            )
            for user_id in policy.partner_agency_users(agency.pk)
        )
        return share


def share_revoke(*, share: Share, revoked_by: User, reason: str) -> Share:
    """Revoke a live share: the agency loses sight of the case on its next request."""
    validate_free_text(reason=reason)
    reason = reason.strip()
    with transaction.atomic():
        locked_case = lock_case(share.case_id)
        locked = Share.objects.select_for_update().select_related("agency").get(pk=share.pk)
        if not policy.can_revoke_share(revoked_by, locked):
            raise SharingNotPermitted("You may not revoke this share")
        if locked.revoked_at is not None:
            raise ValidationError({"__all__": "This share has already been revoked"})
        if not reason:
            raise ValidationError({"reason": "Enter why the share is being revoked"})
        locked.revoked_at = timezone.now()
        locked.revoked_by = revoked_by
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        chronology_record(
            family=locked_case.family,
            case=locked_case,
            action="share.revoked",
            summary=f"Sharing with {locked.agency.name} revoked: {reason[:150]}",
            actor=revoked_by,
            data={"share": locked.pk, "agency_id": locked.agency_id, "restricted": True},
        )
        return locked
