"""Contact drafts: what the officer has typed, kept at every step until submitted."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from frontdoor.services.contacts import (
    AdultToChild,
    ContactDetails,
    NewFamily,
    NewPerson,
    contact_record,
)
from pathway.models import (
    Contact,
    ContactDraft,
    Family,
    Person,
    PresentingIssue,
    ReferralSource,
    User,
)

# The question pages, in order. "check" is the check-your-answers page.
STEPS = ("received", "referrer", "family", "children", "adults", "reason", "consent")
OPTIONAL_STEPS = frozenset({"adults"})


def contact_draft_start(*, owner: User) -> ContactDraft:
    return ContactDraft.objects.create(owner=owner, data={})


def contact_draft_save_step(
    *,
    draft: ContactDraft,
    step: str,
    raw: dict[str, Any] | None = None,
    clean: dict[str, Any] | None = None,
) -> ContactDraft:
    """Store what was typed on a step and, once valid, its cleaned values.

    Locks the draft row, so an autosave racing a form post cannot drop either.
    """
    if step not in STEPS:
        raise ValueError(f"Unknown step {step!r}")
    if raw is not None:
        # What was typed is kept as typed, less NUL characters, which PostgreSQL cannot
        # store in JSON; the page's form tells the officer about them.
        raw = {
            key.replace("\x00", ""): [v.replace("\x00", "") for v in values]
            if isinstance(values, list)
            else values
            for key, values in raw.items()
        }
    with transaction.atomic():
        locked = ContactDraft.objects.select_for_update().get(pk=draft.pk)
        entry = dict(locked.data.get(step, {}))
        if raw is not None:
            entry["raw"] = raw
        if clean is not None:
            entry["clean"] = clean
        locked.data = {**locked.data, step: entry}
        locked.save(update_fields=["data", "updated_at"])
    draft.data = locked.data
    return locked


def contact_draft_note(*, draft: ContactDraft, key: str, value: Any) -> ContactDraft:
    """Remember something about the draft that is not an answer (the last family search,
    that the officer has reached "check your answers")."""
    if not key.startswith("_"):
        raise ValueError("Notes are kept apart from answers: their keys start with an underscore")
    with transaction.atomic():
        locked = ContactDraft.objects.select_for_update().get(pk=draft.pk)
        locked.data = {**locked.data, key: value}
        locked.save(update_fields=["data", "updated_at"])
    draft.data = locked.data
    return locked


def first_incomplete_step(draft: ContactDraft) -> str | None:
    for step in STEPS:
        if step not in OPTIONAL_STEPS and not draft.cleaned(step):
            return step
    return None


def contact_draft_details(
    draft: ContactDraft,
) -> tuple[ContactDetails, Family | None, NewFamily | None]:
    """Rebuild the service's input from a complete draft. Raises ValidationError if incomplete."""
    missing = first_incomplete_step(draft)
    if missing:
        raise ValidationError({missing: "This part of the contact has not been completed"})
    received = draft.cleaned("received") or {}
    referrer = draft.cleaned("referrer") or {}
    family_data = draft.cleaned("family") or {}
    reason = draft.cleaned("reason") or {}
    consent = draft.cleaned("consent") or {}
    family = (
        Family.objects.get(pk=family_data["family_id"]) if family_data.get("family_id") else None
    )
    new_family = NewFamily(**family_data["new_family"]) if family_data.get("new_family") else None
    issues = {i.code: i for i in PresentingIssue.objects.all()}
    adults_data = draft.cleaned("adults") or {}
    children = keyed_people_from_draft(draft.cleaned("children") or {})
    adults = keyed_people_from_draft(adults_data, relationship="parent_carer")
    child_index = {key: i for i, (key, _) in enumerate(children)}
    adult_index = {key: i for i, (key, _) in enumerate(adults)}
    details = ContactDetails(
        received_at=datetime.fromisoformat(received["received_at"]),
        channel=received["channel"],
        referral_source=ReferralSource.objects.get(code=referrer["referral_source"]),
        referrer_name=referrer.get("referrer_name", ""),
        referrer_organisation=referrer.get("referrer_organisation", ""),
        referrer_phone=referrer.get("referrer_phone", ""),
        referrer_email=referrer.get("referrer_email", ""),
        reason=reason["reason"],
        primary_issue=issues[reason["primary_issue"]],
        secondary_issues=[issues[c] for c in reason.get("secondary_issues", [])],
        consent_to_share=consent["consent_to_share"],
        lawful_basis=consent.get("lawful_basis", ""),
        consent_to_contact=consent["consent_to_contact"],
        children=[person for _, person in children],
        adults=[person for _, person in adults],
        # Sorted: the draft's JSON object keeps no order (PostgreSQL's jsonb reorders keys).
        relationships=sorted(
            (
                AdultToChild(adult=adult_index[a], child=child_index[c], relationship=kind)
                for a, links in (adults_data.get("relationships") or {}).items()
                for c, kind in links.items()
                if a in adult_index and c in child_index and kind
            ),
            key=lambda link: (link.adult, link.child),
        ),
        alleged_perpetrators=[
            adult_index[a] for a in adults_data.get("alleged_perpetrators", []) if a in adult_index
        ],
    )
    return details, family, new_family


def person_key(person: dict[str, Any], index: int) -> str:
    """A new person's key in a draft: stable while others are added or removed."""
    return f"n{person.get('key') or index}"


def keyed_people_from_draft(
    data: dict[str, Any], relationship: str = "child"
) -> list[tuple[str, Person | NewPerson]]:
    """The people a draft step lists, in order (existing records first, then new ones), each
    with its key in the draft ("p<id>" for a record on file, "n<key>" for a new person)."""
    existing_ids = [pk for pk in data.get("existing", []) if isinstance(pk, int)]
    by_pk = Person.objects.in_bulk(existing_ids)
    people: list[tuple[str, Person | NewPerson]] = [
        (f"p{pk}", by_pk[pk]) for pk in existing_ids if pk in by_pk
    ]
    for index, person in enumerate(data.get("new", [])):
        people.append(
            (
                person_key(person, index),
                NewPerson(
                    given_name=person["given_name"],
                    family_name=person["family_name"],
                    date_of_birth=_date(person.get("date_of_birth")),
                    expected_date=_date(person.get("expected_date")),
                    sex=person.get("sex") or "not_known",
                    nhs_number=person.get("nhs_number", ""),
                    relationship=relationship,
                    confirmed_new=bool(person.get("confirmed_new")),
                ),
            )
        )
    return people


def people_from_draft(
    data: dict[str, Any], relationship: str = "child"
) -> list[Person | NewPerson]:
    return [person for _, person in keyed_people_from_draft(data, relationship)]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def contact_draft_submit(*, draft: ContactDraft, recorded_by: User) -> Contact:
    """Record the contact the draft describes, and mark the draft as used. Atomic."""
    details, family, new_family = contact_draft_details(draft)
    with transaction.atomic():
        locked = ContactDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.submitted_contact_id:
            # A double-click or a resubmitted form: the contact already exists.
            return locked.submitted_contact  # type: ignore[return-value]
        contact = contact_record(
            recorded_by=recorded_by, details=details, family=family, new_family=new_family
        )
        locked.submitted_contact = contact
        locked.data = {}  # the personal data now lives in the contact; keep no second copy
        locked.save(update_fields=["submitted_contact", "data", "updated_at"])
    return contact


def contact_draft_discard(*, draft: ContactDraft) -> None:
    draft.delete()


def contact_drafts_purge(*, now: datetime | None = None) -> int:
    """Delete unsubmitted drafts untouched for longer than the retention period."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CONTACT_DRAFT_RETENTION_DAYS)
    stale = ContactDraft.objects.filter(submitted_contact__isnull=True, updated_at__lt=cutoff)
    deleted, _ = stale.delete()
    ContactDraft.objects.filter(submitted_contact__isnull=False, updated_at__lt=cutoff).delete()
    return deleted
