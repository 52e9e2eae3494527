"""Recording contacts: the front door's one write path for pages, API and seed data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from localities.services import locality_for_postcode
from pathway.choices import ENDED_STAGES, CaseOrigin, Consent, HouseholdRelationship, Stage
from pathway.models import (
    Case,
    Contact,
    ContactSubject,
    Family,
    HouseholdMember,
    Person,
    PresentingIssue,
    ReferralSource,
    User,
)
from pathway.services.chronology import chronology_record


@dataclass(frozen=True)
class NewFamily:
    postcode: str
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    address_confidential: bool = False


@dataclass(frozen=True)
class NewPerson:
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    expected_date: date | None = None
    sex: str = "not_known"
    nhs_number: str = ""
    relationship: str = HouseholdRelationship.CHILD
    address_confidential: bool = False


@dataclass
class ContactDetails:
    """What the officer records about one contact (DESIGN §2 Contact)."""

    received_at: datetime
    channel: str
    referral_source: ReferralSource
    reason: str
    primary_issue: PresentingIssue
    consent_to_share: str
    secondary_issues: Sequence[PresentingIssue] = ()
    lawful_basis: str = ""
    consent_to_contact: str = Consent.NOT_SOUGHT
    referrer_name: str = ""
    referrer_organisation: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    children: Sequence[Person | NewPerson] = field(default_factory=tuple)
    adults: Sequence[Person | NewPerson] = field(default_factory=tuple)


def contact_validate(details: ContactDetails, *, now: datetime | None = None) -> None:
    """Business rules for a contact; raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    now = now or timezone.now()
    if details.received_at > now + timedelta(minutes=1):
        errors["received_at"] = "The time the contact was received must not be in the future"
    if details.consent_to_share != Consent.GIVEN and not details.lawful_basis:
        errors["lawful_basis"] = (
            "Select the lawful basis for sharing, because consent to share was not given"
        )
    if details.primary_issue in details.secondary_issues:
        errors["secondary_issues"] = "A secondary issue cannot repeat the primary issue"
    if not details.children:
        errors["children"] = "Add at least one child the contact is about"
    if not details.reason.strip():
        errors["reason"] = "Enter the reason for the contact, in the caller's words"
    for person in [*details.children, *details.adults]:
        born = person.date_of_birth if isinstance(person, NewPerson) else None
        if born and born > timezone.localdate():
            errors["children"] = (
                f"{person.given_name}'s date of birth is in the future: "
                "for an unborn child, enter the expected date instead"
            )
    if errors:
        raise ValidationError(errors)


def contact_record(
    *,
    recorded_by: User,
    details: ContactDetails,
    family: Family | None = None,
    new_family: NewFamily | None = None,
) -> Contact:
    """Record a contact about a family, opening a case or joining the family's open case.

    Exactly one of `family` and `new_family` is given. Runs in one transaction: the
    family, people, contact, case and chronology events are all saved or none are.
    Raises ValidationError (keyed by field) when a business rule is broken.
    """
    if (family is None) == (new_family is None):
        raise ValidationError(
            {"family": "Choose an existing family or give a new family's address"}
        )
    contact_validate(details)
    try:
        return _contact_record(recorded_by, details, family, new_family)
    except IntegrityError:
        # Another contact for the same family opened a case at the same moment: the
        # one-open-case constraint refused ours, so join theirs.
        return _contact_record(recorded_by, details, family, new_family)


@transaction.atomic
def _contact_record(
    recorded_by: User,
    details: ContactDetails,
    family: Family | None,
    new_family: NewFamily | None,
) -> Contact:
    if new_family is not None:
        family = Family.objects.create(
            address_line_1=new_family.address_line_1,
            address_line_2=new_family.address_line_2,
            town=new_family.town,
            postcode=new_family.postcode,
            address_confidential=new_family.address_confidential,
            locality=locality_for_postcode(new_family.postcode),
            created_by=recorded_by,
        )
    assert family is not None
    # Lock the family row so two contacts about it queue up behind each other.
    family = Family.objects.select_for_update().get(pk=family.pk)

    children = [_person(family, p, HouseholdRelationship.CHILD) for p in details.children]
    adults = [_person(family, p, HouseholdRelationship.PARENT_CARER) for p in details.adults]

    case = (
        Case.objects.select_for_update()
        .filter(family=family)
        .exclude(stage__in=[s.value for s in ENDED_STAGES])
        .first()
    )
    joined = case is not None
    if case is None:
        with transaction.atomic():  # savepoint: the constraint may refuse a racing insert
            case = Case.objects.create(
                family=family,
                stage=Stage.CONTACT,
                origin=CaseOrigin.CONTACT,
                locality=family.locality,
                opened_at=details.received_at,
            )

    contact = Contact.objects.create(
        case=case,
        family=family,
        received_at=details.received_at,
        channel=details.channel,
        referral_source=details.referral_source,
        referrer_name=details.referrer_name,
        referrer_organisation=details.referrer_organisation,
        referrer_phone=details.referrer_phone,
        referrer_email=details.referrer_email,
        reason=details.reason,
        primary_issue=details.primary_issue,
        consent_to_share=details.consent_to_share,
        lawful_basis=details.lawful_basis,
        consent_to_contact=details.consent_to_contact,
        recorded_by=recorded_by,
    )
    if details.secondary_issues:
        contact.secondary_issues.set(details.secondary_issues)
    ContactSubject.objects.bulk_create(
        [ContactSubject(contact=contact, person=p, is_child=True) for p in children]
        + [ContactSubject(contact=contact, person=p, is_child=False) for p in adults]
    )

    if not joined:
        chronology_record(
            family=family,
            case=case,
            action="case.opened",
            actor=recorded_by,
            summary=f"Case {case.reference} opened by a contact",
            occurred_at=details.received_at,
        )
    chronology_record(
        family=family,
        case=case,
        action="contact.recorded",
        actor=recorded_by,
        occurred_at=details.received_at,
        summary=(
            f"{contact.get_channel_display()} from {details.referral_source.label}: "
            f"{details.primary_issue.label}"
            + (" (repeat contact joined the open case)" if joined else "")
        ),
        data={"contact": contact.pk, "joined_open_case": joined},
    )
    return contact


def _person(family: Family, person: Person | NewPerson, relationship: str) -> Person:
    if isinstance(person, Person):
        existing = person
    else:
        existing = Person.objects.create(
            given_name=person.given_name.strip(),
            family_name=person.family_name.strip(),
            date_of_birth=person.date_of_birth,
            expected_date=person.expected_date,
            sex=person.sex,
            nhs_number=person.nhs_number,
            address_confidential=person.address_confidential,
        )
        relationship = person.relationship or relationship
    HouseholdMember.objects.get_or_create(
        family=family,
        person=existing,
        ended_on=None,
        defaults={"relationship": relationship},
    )
    return existing
