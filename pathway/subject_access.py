"""The subject access request (SAR) collector: everything held about one person.

A registry of sections. The core registers the sections for its own records here; each
feature app registers its own with `subject_access_section` (in its AppConfig.ready), so a
new kind of record (a partner share, a partner note) joins the export by registering one
function, without this module knowing the app. Each section's collector takes the
`Subject` (the person, the records merged into them, their families and cases, all found
once) and returns its items in a fixed number of queries, never one per row.

Every item names the fields that hold third-party personal data (another family member, a
referrer, a member of staff, free text that may name others) for the reviewer to redact;
`subject_access_redact` replaces the ticked ones with "[redacted]" in what is released.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from pathway.formatting import govuk_date, govuk_datetime
from pathway.history import history_changes
from pathway.models import (
    AccessLogEntry,
    Case,
    ChronologyEvent,
    Contact,
    ContactSubject,
    Family,
    HouseholdMember,
    Notification,
    Person,
    PersonAlias,
    Relationship,
    User,
)

REDACTED = "[redacted]"

# Why a field is flagged (shown to the reviewer).
OTHER_FAMILY_MEMBER = "Other family members"
REFERRER = "The referrer"
STAFF = "Staff"
FREE_TEXT = "Free text: may name others"
PROFESSIONALS = "Other professionals"


@dataclass(frozen=True)
class Subject:
    person: Person
    person_ids: list[int]
    family_ids: list[int]
    case_ids: list[int]
    contact_ids: list[int]


@dataclass(frozen=True)
class Item:
    """One record: `ref` is unique in the export ("contact:12"); `fields` label → value."""

    ref: str
    title: str
    fields: dict[str, Any]
    third_party: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list[Item]


Collector = Callable[[Subject], list[Item]]


@dataclass(frozen=True)
class _Registered:
    key: str
    title: str
    order: int
    collect: Collector


_SECTIONS: dict[str, _Registered] = {}


def subject_access_section(key: str, title: str, order: int) -> Callable[[Collector], Collector]:
    """Register a section of the export (decorator). `order` places it in the document."""

    def register(collect: Collector) -> Collector:
        _SECTIONS[key] = _Registered(key, title, order, collect)
        return collect

    return register


def registered_sections() -> list[str]:
    return [s.key for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))]


def subject_for(person: Person) -> Subject:
    """The person, the duplicates merged into them, the households they have belonged to,
    the families contacts about them were recorded on, and those families' cases."""
    person_ids = sorted(
        {person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)}
    )
    contact_ids = sorted(
        set(
            ContactSubject.objects.filter(person_id__in=person_ids).values_list(
                "contact_id", flat=True
            )
        )
    )
    family_ids = sorted(
        set(
            HouseholdMember.objects.filter(person_id__in=person_ids).values_list(
                "family_id", flat=True
            )
        )
        | set(Contact.objects.filter(pk__in=contact_ids).values_list("family_id", flat=True))
    )
    case_ids = sorted(
        set(Case.objects.filter(family_id__in=family_ids).values_list("pk", flat=True))
    )
    return Subject(person, person_ids, family_ids, case_ids, contact_ids)


def subject_access_gather(person: Person) -> list[Section]:
    """Every registered section for this person, in order (the reviewer's version, with
    third-party data flagged and nothing yet redacted)."""
    subject = subject_for(person)
    return [
        Section(s.key, s.title, s.collect(subject))
        for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    ]


def subject_access_redact(sections: list[Section], redactions: set[str]) -> list[Section]:
    """The released version: each field named "ref|field label" in `redactions` replaced
    by "[redacted]". "third_party" redacts every flagged field."""
    everything = "third_party" in redactions
    released = []
    for section in sections:
        items = []
        for item in section.items:
            values = dict(item.fields)
            for label in values:
                if f"{item.ref}|{label}" in redactions or (
                    everything and label in item.third_party
                ):
                    values[label] = REDACTED
            items.append(replace(item, fields=values))
        released.append(replace(section, items=items))
    return released


def subject_access_as_json(person: Person, sections: list[Section]) -> dict[str, Any]:
    return {
        "person": person.pk,
        "reference": f"P{person.pk}",
        "generated_at": timezone.now().isoformat(),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "items": [
                    {
                        "ref": i.ref,
                        "title": i.title,
                        "fields": i.fields,
                        "third_party": i.third_party,
                    }
                    for i in s.items
                ],
            }
            for s in sections
        ],
    }


def staff_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def text(value: Any) -> str:
    """A value as the document shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return govuk_datetime(value)
    if isinstance(value, date):
        return govuk_date(value)
    return str(value)


# --- The core's own sections -------------------------------------------------------------


@subject_access_section("person", "The person's record", 10)
def _person(subject: Subject) -> list[Item]:
    items = []
    for p in Person.objects.filter(pk__in=subject.person_ids).order_by("pk"):
        merged = p.pk != subject.person.pk
        items.append(
            Item(
                ref=f"person:{p.pk}",
                title=f"P{p.pk}" + (" (a duplicate merged into this record)" if merged else ""),
                fields={
                    "Given name": p.given_name,
                    "Family name": p.family_name,
                    "Date of birth": text(p.date_of_birth),
                    "Expected date": text(p.expected_date),
                    "Sex": p.get_sex_display(),
                    "NHS number": p.nhs_number,
                    "Unique pupil number": p.upn,
                    "Address confidential": "Yes" if p.address_confidential else "No",
                    "Recorded": text(p.created_at),
                },
            )
        )
    return items


@subject_access_section("aliases", "Other names", 20)
def _aliases(subject: Subject) -> list[Item]:
    return [
        Item(
            ref=f"alias:{a.pk}",
            title=f"{a.get_kind_display()}",
            fields={"Given name": a.given_name, "Family name": a.family_name},
        )
        for a in PersonAlias.objects.filter(person_id__in=subject.person_ids).order_by("pk")
    ]


@subject_access_section("households", "Households", 30)
def _households(subject: Subject) -> list[Item]:
    memberships = (
        HouseholdMember.objects.filter(person_id__in=subject.person_ids)
        .select_related("family")
        .order_by("started_on", "pk")
    )
    others: dict[int, list[str]] = {}
    for m in (
        HouseholdMember.objects.filter(family_id__in=subject.family_ids)
        .exclude(person_id__in=subject.person_ids)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "pk")
    ):
        others.setdefault(m.family_id, []).append(
            f"{m.person.full_name} ({m.get_relationship_display().lower()})"
        )
    return [
        Item(
            ref=f"household:{m.pk}",
            title=f"Family {m.family.reference}",
            fields={
                "Address": m.family.address_summary,
                "Relationship": m.get_relationship_display(),
                "From": text(m.started_on),
                "To": text(m.ended_on),
                "Other members": "; ".join(others.get(m.family_id, [])),
            },
            third_party={"Other members": OTHER_FAMILY_MEMBER},
        )
        for m in memberships
    ]


@subject_access_section("relationships", "Relationships recorded", 35)
def _relationships(subject: Subject) -> list[Item]:
    ids = subject.person_ids
    rows = (
        Relationship.objects.filter(Q(adult_id__in=ids) | Q(child_id__in=ids))
        .select_related("adult", "child")
        .order_by("pk")
    )
    return [
        Item(
            ref=f"relationship:{r.pk}",
            title=r.get_kind_display(),
            fields={"Adult": r.adult.full_name, "Child": r.child.full_name},
            third_party={
                "Adult" if r.child_id in ids else "Child": OTHER_FAMILY_MEMBER,
            },
        )
        for r in rows
    ]


@subject_access_section("contacts", "Contacts", 40)
def _contacts(subject: Subject) -> list[Item]:
    contacts = (
        Contact.objects.filter(pk__in=subject.contact_ids)
        .select_related("referral_source", "primary_issue", "recorded_by")
        .prefetch_related("secondary_issues", "subject_links__person")
        .order_by("received_at", "pk")
    )
    items = []
    for c in contacts:
        others = [
            link.person.full_name
            for link in c.subject_links.all()
            if link.person_id not in subject.person_ids
        ]
        items.append(
            Item(
                ref=f"contact:{c.pk}",
                title=f"Contact {c.reference}",
                fields={
                    "Received": text(c.received_at),
                    "Channel": c.get_channel_display(),
                    "Referral source": c.referral_source.label,
                    "Referrer name": c.referrer_name,
                    "Referrer organisation": c.referrer_organisation,
                    "Referrer phone": c.referrer_phone,
                    "Referrer email": c.referrer_email,
                    "Reason": c.reason,
                    "Primary issue": c.primary_issue.label,
                    "Other issues": "; ".join(i.label for i in c.secondary_issues.all()),
                    "Consent to share": c.get_consent_to_share_display(),
                    "Also about": "; ".join(others),
                    "Recorded by": staff_name(c.recorded_by),
                },
                third_party={
                    "Referrer name": REFERRER,
                    "Referrer organisation": REFERRER,
                    "Referrer phone": REFERRER,
                    "Referrer email": REFERRER,
                    "Reason": FREE_TEXT,
                    "Also about": OTHER_FAMILY_MEMBER,
                    "Recorded by": STAFF,
                },
            )
        )
    return items


@subject_access_section("cases", "Cases", 50)
def _cases(subject: Subject) -> list[Item]:
    cases = (
        Case.objects.filter(pk__in=subject.case_ids)
        .select_related("locality", "team", "lead_professional")
        .order_by("opened_at", "pk")
    )
    return [
        Item(
            ref=f"case:{c.pk}",
            title=f"Case {c.reference}",
            fields={
                "Stage": c.get_stage_display(),
                "Level of need": c.get_level_of_need_display(),
                "Locality": str(c.locality or ""),
                "Team": str(c.team or ""),
                "Lead professional": staff_name(c.lead_professional),
                "Opened": text(c.opened_at),
                "Closed": text(c.closed_at),
                "Closure reason": c.get_closure_reason_display(),
                "Closure note": c.closure_note,
            },
            third_party={"Lead professional": STAFF, "Closure note": FREE_TEXT},
        )
        for c in cases
    ]


@subject_access_section("notes", "Notes and chronology", 90)
def _chronology(subject: Subject) -> list[Item]:
    events = (
        ChronologyEvent.objects.filter(family_id__in=subject.family_ids)
        .select_related("actor", "case")
        .order_by("occurred_at", "pk")
    )
    return [
        Item(
            ref=f"event:{e.pk}",
            title=f"{text(e.occurred_at)}: {e.action}",
            fields={
                "Case": e.case.reference if e.case else "",
                "Note": e.summary,
                "By": staff_name(e.actor),
            },
            third_party={"Note": FREE_TEXT, "By": STAFF},
        )
        for e in events
    ]


@subject_access_section("notifications", "Notifications to staff about them", 100)
def _notifications(subject: Subject) -> list[Item]:
    rows = (
        Notification.objects.filter(case_id__in=subject.case_ids)
        .select_related("user", "case")
        .order_by("created_at", "pk")
    )
    return [
        Item(
            ref=f"notification:{n.pk}",
            title=f"{n.get_kind_display()}, {text(n.created_at)}",
            fields={
                "Case": n.case.reference if n.case else "",
                "Message": n.message,
                "To": staff_name(n.user),
            },
            third_party={"To": STAFF, "Message": FREE_TEXT},
        )
        for n in rows
    ]


@subject_access_section("access_log", "Who has looked at their record", 110)
def _access_log(subject: Subject) -> list[Item]:
    rows = (
        AccessLogEntry.objects.filter(
            Q(person_id__in=subject.person_ids)
            | Q(family_id__in=subject.family_ids)
            | Q(case_id__in=subject.case_ids)
        )
        .select_related("user")
        .order_by("at", "pk")
    )
    return [
        Item(
            ref=f"access:{e.pk}",
            title=f"{e.get_action_display()}, {text(e.at)}",
            fields={"What": e.what, "Why": e.purpose, "Who": staff_name(e.user)},
            third_party={"Who": STAFF},
        )
        for e in rows
    ]


@subject_access_section("history", "Change history", 120)
def _history(subject: Subject) -> list[Item]:
    sources = [
        ("Person", Person.history.filter(id__in=subject.person_ids)),
        ("Other name", PersonAlias.history.filter(person_id__in=subject.person_ids)),
        ("Household", HouseholdMember.history.filter(person_id__in=subject.person_ids)),
        ("Family", Family.history.filter(id__in=subject.family_ids)),
        ("Contact", Contact.history.filter(id__in=subject.contact_ids)),
        ("Case", Case.history.filter(id__in=subject.case_ids)),
    ]
    items = []
    for label, rows in sources:
        for change in history_changes(rows, label=label):
            items.append(
                Item(
                    ref=f"history:{label.lower().replace(' ', '-')}:{change.record_id}:"
                    f"{change.at.isoformat()}",
                    title=f"{change.kind} {label} {change.record_id}, {text(change.at)}",
                    fields={
                        "By": change.by,
                        # A record's first version is the record itself, in its own section
                        # (and redacted there); only what changed since is repeated here.
                        "Changes": "As first recorded"
                        if change.kind == "Created"
                        else "; ".join(
                            f"{f.field}: {f.old or '(empty)'} → {f.new or '(empty)'}"
                            for f in change.fields
                        ),
                    },
                    third_party={"By": STAFF, "Changes": FREE_TEXT},
                )
            )
    items.sort(key=lambda i: i.ref)
    return items
