"""Recording contacts: the front door's one write path for pages, API and seed data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.selectors.duplicates import (
    families_at_postcode,
    is_clearly_same_person,
    nhs_number_holder,
    people_like,
)
from localities.services import locality_for_postcode
from pathway import policy
from pathway.choices import (
    ENDED_STAGES,
    AdultRelationship,
    CaseOrigin,
    Consent,
    HouseholdRelationship,
    Stage,
)
from pathway.models import (
    Case,
    Contact,
    ContactSubject,
    Family,
    HouseholdMember,
    Person,
    PresentingIssue,
    ReferralSource,
    Relationship,
    User,
)
from pathway.services.chronology import chronology_record
from pathway.validators import (
    format_nhs_number,
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)

# Limits a real contact stays well inside; each is named in the error that enforces it.
MAX_CHILDREN = 20  # a larger group (a school incident) is recorded as separate contacts
MAX_ADULTS = 12
RECEIVED_WITHIN_DAYS = 365  # older history is recorded as a note, not as a new contact
OLDEST_AGE_YEARS = 120
EXPECTED_DATE_PAST_DAYS = 30  # an expected date just gone: the baby may not be registered yet
EXPECTED_DATE_AHEAD_DAYS = 300


@dataclass(frozen=True)
class NewFamily:
    postcode: str
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    address_confidential: bool = False
    # The officer (or API client) has seen the families already at this postcode and
    # says this is a different one.
    confirmed_new: bool = False


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
    # The officer (or API client) has seen the people with these details already on file
    # and says this is a different person.
    confirmed_new: bool = False


@dataclass(frozen=True)
class AdultToChild:
    """How the adult at `adult` (an index into ContactDetails.adults) is related to the
    child at `child` (an index into ContactDetails.children)."""

    adult: int
    child: int
    relationship: str


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
    relationships: Sequence[AdultToChild] = field(default_factory=tuple)
    # Indexes into `adults`: whom a domestic-abuse notification names as the alleged
    # perpetrator.
    alleged_perpetrators: Sequence[int] = field(default_factory=tuple)


class PossibleDuplicates(Exception):
    """Records like the new family or people are already on file, and the caller has not
    confirmed that these are different. Pages list them to choose from; the API answers 409.

    `families`: the families at the new family's postcode. `people`: for each new person
    with look-alikes, (which list, index in it, the new person, the look-alikes).
    """

    def __init__(
        self,
        *,
        families: Sequence[Family] = (),
        people: Sequence[tuple[str, int, NewPerson, list[Person]]] = (),
    ) -> None:
        self.families = list(families)
        self.people = list(people)
        parts = []
        if self.families:
            parts.append("families already live at this postcode")
        if self.people:
            parts.append("people with these details are already on file")
        super().__init__(
            "Possible duplicates: " + " and ".join(parts) + "; check them, then confirm"
        )


def received_at_error(received_at: datetime, *, now: datetime | None = None) -> str:
    """Why this is not a time a contact can have been received, or "" if it can."""
    now = now or timezone.now()
    if received_at > now + timedelta(minutes=1):
        return "The date and time received must not be in the future"
    if received_at < now - timedelta(days=RECEIVED_WITHIN_DAYS):
        return (
            "The date received must be within the last year: record older history as a "
            "note on the family's case"
        )
    return ""


def oldest_date_of_birth(today: date) -> date:
    try:
        return today.replace(year=today.year - OLDEST_AGE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - OLDEST_AGE_YEARS, day=28)


def new_person_errors(person: NewPerson, *, today: date | None = None) -> dict[str, str]:
    """The rules for a new person's details, keyed by field ({} when all are met)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not person.given_name.strip():
        errors["given_name"] = "Enter the first name"
    if not person.family_name.strip():
        errors["family_name"] = "Enter the last name"
    born, expected = person.date_of_birth, person.expected_date
    if born and expected:
        errors["expected_date"] = "Give a date of birth or an expected date, not both"
    if born and born > today:
        errors["date_of_birth"] = (
            "The date of birth must be today or in the past: for an unborn child, "
            "give the expected date of birth instead"
        )
    elif born and born < oldest_date_of_birth(today):
        errors["date_of_birth"] = (
            f"The date of birth must be a real date of birth, after "
            f"{oldest_date_of_birth(today):%-d %B %Y} (no more than {OLDEST_AGE_YEARS} years ago)"
        )
    if expected and not (
        today - timedelta(days=EXPECTED_DATE_PAST_DAYS)
        <= expected
        <= today + timedelta(days=EXPECTED_DATE_AHEAD_DAYS)
    ):
        errors["expected_date"] = "The expected date of birth must be within the next 10 months"
    if person.nhs_number:
        try:
            validate_nhs_number(person.nhs_number)
        except ValidationError as exc:
            errors["nhs_number"] = exc.messages[0]
    return errors


def _label(list_name: str, index: int, person: Person | NewPerson) -> str:
    kind = "Child" if list_name == "children" else "Adult"
    name = f"{person.given_name} {person.family_name}".strip()
    return f"{kind} {index + 1} ({name})" if name else f"{kind} {index + 1}"


def contact_validate(details: ContactDetails, *, now: datetime | None = None) -> None:
    """Business rules for a contact; raises ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    now = now or timezone.now()
    received_error = received_at_error(details.received_at, now=now)
    if received_error:
        add("received_at", received_error)
    if details.consent_to_share != Consent.GIVEN and not details.lawful_basis:
        add(
            "lawful_basis",
            "Select the lawful basis for sharing, because consent to share was not given",
        )
    if details.primary_issue in details.secondary_issues:
        add("secondary_issues", "A secondary issue cannot repeat the primary issue")
    if not details.children:
        add("children", "Add at least one child the contact is about")
    if len(details.children) > MAX_CHILDREN:
        add(
            "children",
            f"A contact can be about at most {MAX_CHILDREN} children (this one lists "
            f"{len(details.children)}): record a larger group as separate contacts",
        )
    if len(details.adults) > MAX_ADULTS:
        add(
            "adults",
            f"A contact can name at most {MAX_ADULTS} adults "
            f"(this one lists {len(details.adults)})",
        )
    if not details.reason.strip():
        add("reason", "Enter the reason for the contact, in the caller's words")
    seen_people: set[int] = set()
    seen_nhs: dict[str, str] = {}
    today = timezone.localdate(now)
    for list_name, people in (("children", details.children), ("adults", details.adults)):
        for index, person in enumerate(people[: max(MAX_CHILDREN, MAX_ADULTS)]):
            label = _label(list_name, index, person)
            if isinstance(person, Person):
                if person.pk in seen_people:
                    add(list_name, f"{label} is listed twice: list each person once")
                seen_people.add(person.pk)
                continue
            for message in new_person_errors(person, today=today).values():
                add(list_name, f"{label}: {message}")
            nhs = normalise_nhs_number(person.nhs_number)
            if nhs and nhs in seen_nhs:
                add(
                    list_name,
                    f"{label} has the same NHS number as {seen_nhs[nhs]}: "
                    "an NHS number belongs to one person",
                )
            elif nhs:
                seen_nhs[nhs] = label
    _validate_relationships(details, add)
    if errors:
        raise ValidationError(errors)


def _validate_relationships(details: ContactDetails, add: Callable[[str, str], None]) -> None:
    pairs: set[tuple[int, int]] = set()
    for link in details.relationships:
        if not (0 <= link.adult < len(details.adults) and 0 <= link.child < len(details.children)):
            add(
                "relationships",
                f"Adult {link.adult + 1} and child {link.child + 1}: there is no such adult "
                "or child on this contact",
            )
            continue
        adult, child = details.adults[link.adult], details.children[link.child]
        label = f"{_label('adults', link.adult, adult)} and {_label('children', link.child, child)}"
        if link.relationship not in AdultRelationship.values:
            add(
                "relationships",
                f"{label}: choose the relationship from {', '.join(AdultRelationship.values)}",
            )
        if (link.adult, link.child) in pairs:
            add("relationships", f"{label}: the relationship is given twice")
        pairs.add((link.adult, link.child))
        if isinstance(adult, Person) and isinstance(child, Person) and adult.pk == child.pk:
            add("relationships", f"{label} are the same person")
    for index in details.alleged_perpetrators:
        if not 0 <= index < len(details.adults):
            add(
                "alleged_perpetrators",
                f"Adult {index + 1}: there is no such adult on this contact",
            )


def contact_check_duplicates(
    *, user: User, details: ContactDetails, new_family: NewFamily | None
) -> None:
    """Refuse to create a family or person that looks like one already on file, unless the
    caller has confirmed it is different. Raises PossibleDuplicates.

    An NHS number already on file is not a look-alike but the same number: that is decided
    when the person is saved (`_person`), and no confirmation gets past it.
    """
    families: list[Family] = []
    if new_family is not None and not new_family.confirmed_new:
        families = families_at_postcode(user=user, postcode=new_family.postcode)
    people = []
    for list_name, listed in (("children", details.children), ("adults", details.adults)):
        for index, person in enumerate(listed):
            if isinstance(person, Person) or person.confirmed_new:
                continue
            alike = [
                p
                for p in people_like(
                    user=user,
                    given_name=person.given_name,
                    family_name=person.family_name,
                    date_of_birth=person.date_of_birth,
                )
                if not (
                    person.nhs_number and p.nhs_number == normalise_nhs_number(person.nhs_number)
                )
            ]
            if alike:
                people.append((list_name, index, person, alike))
    if families or people:
        raise PossibleDuplicates(families=families, people=people)


def contact_record(
    *,
    recorded_by: User,
    details: ContactDetails,
    family: Family | None = None,
    new_family: NewFamily | None = None,
) -> Contact:
    """Record a contact about a family, opening a case or joining the family's open case.

    Exactly one of `family` and `new_family` is given; `family` must be one the recorder
    may see. Runs in one transaction: the family, people, contact, case and chronology
    events are all saved or none are. Every door (pages, API, demo data) gets the same rules:
    raises PermissionDenied for a role that does not record contacts, ValidationError (keyed
    by field) when a business rule is broken (an NHS number already on file for someone
    else is one), and PossibleDuplicates when a new family or person looks like one on
    file and the caller has not confirmed it is different.
    """
    # The front door records contacts; a partner practitioner sends a request for support
    # (partners.services.support_request_send), which is recorded here as a contact.
    if not (policy.can_record_contacts(recorded_by) or policy.can_request_support(recorded_by)):
        raise PermissionDenied("Only the front door records contacts")
    if (family is None) == (new_family is None):
        raise ValidationError(
            {"family": "Choose an existing family or give a new family's address"}
        )
    if (
        family is not None
        and not policy.families_visible_to(recorded_by).filter(pk=family.pk).exists()
    ):
        raise ValidationError({"family": "No family with this id"})
    if new_family is not None:
        try:
            validate_postcode(new_family.postcode)
        except ValidationError as exc:
            raise ValidationError({"new_family": exc.messages}) from None
        new_family = replace(new_family, postcode=normalise_postcode(new_family.postcode))
    details.children = [_normalised(p) for p in details.children]
    details.adults = [_normalised(p) for p in details.adults]
    contact_validate(details)
    contact_check_duplicates(user=recorded_by, details=details, new_family=new_family)
    try:
        return _contact_record(recorded_by, details, family, new_family)
    except IntegrityError:
        # Another contact for the same family opened a case at the same moment (the
        # one-open-case constraint refused ours, so join theirs), or another contact saved
        # a person with one of these NHS numbers (the second try links or refuses it).
        try:
            return _contact_record(recorded_by, details, family, new_family)
        except IntegrityError as exc:
            raise ValidationError(
                {
                    "non_field_errors": "Another change to this family was saved at the same "
                    "moment: check the family's records and try again"
                }
            ) from exc


def _normalised(person: Person | NewPerson) -> Person | NewPerson:
    if isinstance(person, NewPerson):
        return replace(
            person,
            given_name=person.given_name.strip(),
            family_name=person.family_name.strip(),
            nhs_number=normalise_nhs_number(person.nhs_number),
        )
    return person


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

    children = [
        _person(family, p, HouseholdRelationship.CHILD, _label("children", i, p))
        for i, p in enumerate(details.children)
    ]
    adults = [
        _person(family, p, HouseholdRelationship.PARENT_CARER, _label("adults", i, p))
        for i, p in enumerate(details.adults)
    ]
    if len({p.pk for p in [*children, *adults]}) < len(children) + len(adults):
        raise ValidationError(
            {
                "children": "The same person is listed twice (an NHS number matched a record "
                "already listed): list each person once"
            }
        )

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
    perpetrators = set(details.alleged_perpetrators)
    ContactSubject.objects.bulk_create(
        [ContactSubject(contact=contact, person=p, is_child=True) for p in children]
        + [
            ContactSubject(
                contact=contact, person=p, is_child=False, alleged_perpetrator=i in perpetrators
            )
            for i, p in enumerate(adults)
        ]
    )
    for link in details.relationships:
        Relationship.objects.update_or_create(
            adult=adults[link.adult],
            child=children[link.child],
            defaults={
                "kind": link.relationship,
                "recorded_at": details.received_at,
                "recorded_by": recorded_by,
            },
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


def _person(family: Family, person: Person | NewPerson, relationship: str, label: str) -> Person:
    if isinstance(person, Person):
        existing = person
    elif person.nhs_number and (holder := nhs_number_holder(person.nhs_number)):
        if not is_clearly_same_person(holder, person):
            list_name = "children" if relationship == HouseholdRelationship.CHILD else "adults"
            raise ValidationError(
                {
                    list_name: (
                        f"{label}: NHS number {format_nhs_number(person.nhs_number)} is already "
                        f"on file for record P{holder.pk} ({holder.full_name}"
                        + (
                            f", born {holder.date_of_birth:%-d %B %Y}"
                            if holder.date_of_birth
                            else ""
                        )
                        + "): choose that record, or check the number"
                    )
                }
            )
        # The same NHS number, name and date of birth: the same child, already on file.
        existing = holder
        relationship = person.relationship or relationship
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
