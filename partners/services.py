"""What partner practitioners do: notes on shared cases, answers to CAF work recommended to
their agency, requests for support sent in online. Each write is atomic, locks the case
row for a case change, and writes the family's chronology."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from caf.models import Recommendation
from frontdoor.services.contacts import ContactDetails, NewFamily, NewPerson, contact_record
from localities.models import Agency
from partners.models import CafWorkResponse, PartnerNote, SupportRequest
from pathway import policy
from pathway.choices import Channel, Consent
from pathway.models import Case, Notification, ReferralSource, User
from pathway.services.chronology import chronology_record
from pathway.services.notifications import NewNotification, notifications_create
from pathway.services.workflow import lock_case
from pathway.validators import validate_free_text

# The national referral source (CIN census) each kind of agency refers as.
REFERRAL_SOURCE_BY_AGENCY_KIND: dict[str, str] = {
    Agency.Kind.POLICE: "6",
    Agency.Kind.HEALTH_VISITING: "3B",
    Agency.Kind.SCHOOL_NURSING: "3C",
    Agency.Kind.MIDWIFERY: "3D",
    Agency.Kind.DOMESTIC_ABUSE: "8",
    Agency.Kind.SUBSTANCE_MISUSE: "3F",
    Agency.Kind.COUNSELLING: "8",
    Agency.Kind.EDUCATION: "2A",
    Agency.Kind.CHILDRENS_CENTRE: "8",
    Agency.Kind.YOUTH: "5B",
    Agency.Kind.PARENTING: "8",
    Agency.Kind.SOCIAL_CARE: "5A",
    Agency.Kind.OTHER: "8",
}


class PartnerActionRefused(PermissionDenied):
    """The partner may not do this (403 from every door)."""


def _agency_for(user: User, case: Case) -> Any:
    """The agency through which this partner sees this case (the oldest live share)."""
    share = (
        policy.live_shares_for(user, case).select_related("agency").order_by("shared_at").first()
    )
    if share is None:
        raise PartnerActionRefused("This case is not shared with your agency")
    return share.agency


def partner_note_add(
    *,
    case: Case,
    author: User,
    text: str,
    kind: str = PartnerNote.Kind.UPDATE,
    restricted: bool = False,
) -> PartnerNote:
    """Record a partner's update or case note, marked with their agency."""
    validate_free_text(text=text)
    text = text.strip()
    errors = {}
    if not text:
        errors["text"] = "Enter the update or note"
    if kind not in PartnerNote.Kind.values:
        errors["kind"] = "Choose an update or a case note"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_case(case.pk)
        if not policy.can_add_partner_note(author, locked):
            raise PartnerActionRefused("You may not add notes to this case")
        agency = _agency_for(author, locked)
        note = PartnerNote.objects.create(
            case=locked, agency=agency, author=author, kind=kind, text=text, restricted=restricted
        )
        label = PartnerNote.Kind(kind).label
        chronology_record(
            family=locked.family,
            case=locked,
            action="partner.note",
            summary=f"{label} from {agency.name}" + (" (restricted)" if restricted else ""),
            actor=author,
            data={"note": note.pk, "agency_id": agency.pk, "restricted": restricted},
        )
        return note


def _respond(
    *, recommendation: Recommendation, responded_by: User, decision: str, reason: str
) -> CafWorkResponse:
    validate_free_text(reason=reason)
    reason = reason.strip()
    if decision == CafWorkResponse.Decision.DECLINED and not reason:
        raise ValidationError({"reason": "Enter why your agency cannot take on this CAF work"})
    with transaction.atomic():
        case = lock_case(recommendation.case_id)
        locked = (
            Recommendation.objects.select_for_update(of=("self",))
            .select_related("agency", "case")
            .get(pk=recommendation.pk)
        )
        if not policy.can_respond_to_caf_work(responded_by, locked):
            raise PartnerActionRefused("This CAF work is not recommended to your agency")
        agency = locked.agency
        assert agency is not None  # can_respond_to_caf_work: recommended to their agency
        if CafWorkResponse.objects.filter(recommendation=locked, agency=agency).exists():
            raise ValidationError({"__all__": f"{agency.name} has already answered this CAF work"})
        response = CafWorkResponse.objects.create(
            recommendation=locked,
            agency=agency,
            decision=decision,
            reason=reason,
            responded_by=responded_by,
        )
        if decision == CafWorkResponse.Decision.ACCEPTED:
            chronology_record(
                family=case.family,
                case=case,
                action="partner.caf_accepted",
                summary=f"{agency.name} accepted the CAF work",
                actor=responded_by,
                data={"recommendation": locked.pk, "agency_id": agency.pk},
            )
            return response
        # Declined: the work goes back to the locality leader to find another lead agency.
        locked.agency = None
        locked.save(update_fields=["agency"])
        chronology_record(
            family=case.family,
            case=case,
            action="partner.caf_declined",
            summary=f"{agency.name} declined the CAF work: {reason[:150]}",
            actor=responded_by,
            data={"recommendation": locked.pk, "agency_id": agency.pk},
        )
        notifications_create(
            NewNotification(
                user_id=user_id,
                key=f"caf-declined:{response.pk}:user:{user_id}",
                kind=Notification.Kind.CAF_DECLINED,
                message=(
                    f"{agency.name} declined the CAF work on case {case.reference}: "
                    "choose another lead agency"
                ),
                case_id=case.pk,
            )
            for user_id in policy.locality_leaders(case.locality_id)
        )
        return response


def caf_work_accept(*, recommendation: Recommendation, responded_by: User) -> CafWorkResponse:
    return _respond(
        recommendation=recommendation,
        responded_by=responded_by,
        decision=CafWorkResponse.Decision.ACCEPTED,
        reason="",
    )


def caf_work_decline(
    *, recommendation: Recommendation, responded_by: User, reason: str
) -> CafWorkResponse:
    return _respond(
        recommendation=recommendation,
        responded_by=responded_by,
        decision=CafWorkResponse.Decision.DECLINED,
        reason=reason,
    )


def support_request_send(
    *, requested_by: User, details: ContactDetails, new_family: NewFamily
) -> SupportRequest:
    """Send a request for support to the Contact Centre: recorded by the front door's own
    service (frontdoor.services.contacts.contact_record) as an online-form contact with the
    partner as referrer and the referral source of their agency, in the contact queue."""
    if not policy.can_request_support(requested_by):
        raise PartnerActionRefused("Only partner practitioners send requests for support")
    membership = next(m for m in requested_by.active_memberships if m.agency_id)
    agency = membership.agency
    assert agency is not None
    source = ReferralSource.objects.get(code=REFERRAL_SOURCE_BY_AGENCY_KIND.get(agency.kind, "8"))
    details.channel = Channel.ONLINE_FORM
    details.referral_source = source
    details.referrer_name = requested_by.get_full_name() or requested_by.username
    details.referrer_organisation = agency.name
    details.referrer_email = requested_by.email
    details.referrer_phone = requested_by.phone
    with transaction.atomic():
        contact = contact_record(
            recorded_by=requested_by,
            details=details,
            new_family=replace(new_family, confirmed_new=True),
        )
        return SupportRequest.objects.create(
            contact=contact, agency=agency, requested_by=requested_by
        )


def support_request_details(
    *,
    reason: str,
    primary_issue: Any,
    consent_to_share: str,
    lawful_basis: str = "",
    children: list[NewPerson],
    adults: list[NewPerson] | None = None,
    secondary_issues: list[Any] | None = None,
    consent_to_contact: str = Consent.NOT_SOUGHT,
) -> ContactDetails:
    """The contact a request for support becomes (channel, source and referrer are set by
    support_request_send). A partner sees no one's records, so cannot compare with them:
    the people and family are new to them, and the Contact Centre merges any duplicate."""
    return ContactDetails(
        received_at=timezone.now(),
        channel=Channel.ONLINE_FORM,
        referral_source=ReferralSource.objects.get(code="8"),
        reason=reason,
        primary_issue=primary_issue,
        secondary_issues=secondary_issues or [],
        consent_to_share=consent_to_share,
        lawful_basis=lawful_basis,
        consent_to_contact=consent_to_contact,
        children=[replace(p, confirmed_new=True) for p in children],
        adults=[replace(p, confirmed_new=True, relationship="parent_carer") for p in adults or []],
    )
