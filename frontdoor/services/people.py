"""Merging duplicate person records, reversibly."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pathway.models import (
    ContactSubject,
    Family,
    HouseholdMember,
    Person,
    PersonAlias,
    PersonMerge,
    User,
)
from pathway.services.chronology import chronology_record


@transaction.atomic
def person_merge(*, kept: Person, merged: Person, merged_by: User, reason: str) -> PersonMerge:
    """Fold `merged` into `kept`: households, contacts and aliases move to `kept`, and
    `merged` stays behind pointing at it. Every row moved is recorded so that
    `person_merge_undo` can put it back. Raises ValidationError for an impossible merge.
    """
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    if kept.pk == merged.pk:
        raise ValidationError({"duplicate": "A record cannot be merged into itself"})
    if merged.merged_into_id or kept.merged_into_id:
        raise ValidationError({"duplicate": "One of these records has already been merged"})
    if kept.nhs_number and merged.nhs_number and kept.nhs_number != merged.nhs_number:
        raise ValidationError(
            {"duplicate": "These records have different NHS numbers, so they are different people"}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these records are the same person"})

    moved: dict[str, Any] = {
        "households": [],
        "households_ended": [],
        "subjects": [],
        "subjects_removed": [],
        "aliases": [],
        "alias_added": [],
    }
    kept_families = set(
        HouseholdMember.objects.filter(person=kept, ended_on__isnull=True).values_list(
            "family_id", flat=True
        )
    )
    for membership in HouseholdMember.objects.filter(person=merged):
        if membership.ended_on is None and membership.family_id in kept_families:
            membership.ended_on = timezone.localdate()
            membership.save(update_fields=["ended_on"])
            moved["households_ended"].append(membership.pk)
        else:
            membership.person = kept
            membership.save(update_fields=["person"])
            moved["households"].append(membership.pk)
    kept_contacts = set(
        ContactSubject.objects.filter(person=kept).values_list("contact_id", flat=True)
    )
    for subject in ContactSubject.objects.filter(person=merged):
        if subject.contact_id in kept_contacts:
            moved["subjects_removed"].append(subject.contact_id)
            subject.delete()
        else:
            subject.person = kept
            subject.save(update_fields=["person"])
            moved["subjects"].append(subject.pk)
    for alias in PersonAlias.objects.filter(person=merged):
        alias.person = kept
        alias.save()
        moved["aliases"].append(alias.pk)
    if (merged.given_name, merged.family_name) != (kept.given_name, kept.family_name):
        alias = PersonAlias.objects.create(
            person=kept,
            given_name=merged.given_name,
            family_name=merged.family_name,
            kind=PersonAlias.Kind.ALIAS,
        )
        moved["alias_added"].append(alias.pk)

    nhs_moved = bool(merged.nhs_number and not kept.nhs_number)
    merged_nhs = merged.nhs_number
    merged.merged_into = kept
    merged.nhs_number = ""
    merged.save()
    if nhs_moved:
        kept.nhs_number = merged_nhs
        kept.save()
    moved["nhs_number_moved"] = nhs_moved
    moved["nhs_number"] = merged_nhs

    merge = PersonMerge.objects.create(
        kept=kept, merged=merged, reason=reason.strip(), merged_by=merged_by, moved=moved
    )
    for family in _families_of(kept):
        chronology_record(
            family=family,
            action="person.merged",
            actor=merged_by,
            summary=f"Duplicate record P{merged.pk} merged into {kept.full_name} (P{kept.pk})",
            data={"merge": merge.pk, "kept": kept.pk, "merged": merged.pk},
        )
    return merge


@transaction.atomic
def person_merge_undo(*, merge: PersonMerge, undone_by: User) -> PersonMerge:
    """Put back exactly what `person_merge` moved and revive the merged record."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError({"merge": "This merge has already been undone"})
    kept = Person.objects.select_for_update().get(pk=merge.kept_id)
    merged = Person.objects.select_for_update().get(pk=merge.merged_id)
    moved = merge.moved
    HouseholdMember.objects.filter(pk__in=moved.get("households", [])).update(person=merged)
    HouseholdMember.objects.filter(pk__in=moved.get("households_ended", [])).update(ended_on=None)
    ContactSubject.objects.filter(pk__in=moved.get("subjects", [])).update(person=merged)
    for contact_id in moved.get("subjects_removed", []):
        ContactSubject.objects.get_or_create(contact_id=contact_id, person=merged)
    for alias in PersonAlias.objects.filter(pk__in=moved.get("aliases", [])):
        alias.person = merged
        alias.save()
    PersonAlias.objects.filter(pk__in=moved.get("alias_added", [])).delete()
    if moved.get("nhs_number_moved"):
        kept.nhs_number = ""
        kept.save()
    if moved.get("nhs_number"):
        merged.nhs_number = moved["nhs_number"]
    merged.merged_into = None
    merged.save()
    merge.undone_at = timezone.now()
    merge.undone_by = undone_by
    merge.save(update_fields=["undone_at", "undone_by"])
    for family in _families_of(kept) | _families_of(merged):
        chronology_record(
            family=family,
            action="person.merge_undone",
            actor=undone_by,
            summary=f"Merge of P{merged.pk} into P{kept.pk} undone",
            data={"merge": merge.pk},
        )
    return merge


def _families_of(person: Person) -> set[Family]:
    return set(Family.objects.filter(members__person=person).distinct())
