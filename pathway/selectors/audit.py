from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from pathway.models import AccessLogEntry, HouseholdMember

_PERSON_REFERENCE = re.compile(r"p0*(\d{1,9})")
_FAMILY_REFERENCE = re.compile(r"f0*(\d{1,9})")
_CASE_REFERENCE = re.compile(r"c0*(\d{1,9})")
_MAX_TERMS = 5


@dataclass(frozen=True)
class AccessLogFilters:
    """What the auditor may search the access log by; every field optional.

    `record` is a person's name ("Amelia Okonkwo") or a record's reference (P123, F45,
    C000678); a name matches rows about that person and rows about a family they live in.
    `user` is a user's name or username (or number). Dates are inclusive, in local time.
    """

    record: str = ""
    user: str = ""
    action: str = ""
    purpose: str = ""
    date_from: date | None = None
    date_to: date | None = None
    case_id: int | None = None
    person_id: int | None = None
    user_id: int | None = None


def _record(text: str) -> Q:
    text = text.strip().casefold()
    if match := _PERSON_REFERENCE.fullmatch(text):
        return Q(person_id=int(match[1]))
    if match := _FAMILY_REFERENCE.fullmatch(text):
        return Q(family_id=int(match[1]))
    if match := _CASE_REFERENCE.fullmatch(text):
        return Q(case_id=int(match[1]))
    if text.isdigit():
        return Q(person_id=int(text)) if len(text) <= 9 else Q(pk__in=[])
    condition = Q()
    for term in text.split()[:_MAX_TERMS]:
        names = Q(person__given_name__icontains=term) | Q(person__family_name__icontains=term)
        members = HouseholdMember.objects.filter(
            Q(person__given_name__icontains=term) | Q(person__family_name__icontains=term),
            family_id=OuterRef("family_id"),
        )
        condition &= names | Q(Exists(members))
    return condition


def _user(text: str) -> Q:
    text = text.strip()
    if text.isdigit():
        return Q(user_id=int(text)) if len(text) <= 9 else Q(pk__in=[])
    condition = Q()
    for term in text.split()[:_MAX_TERMS]:
        condition &= (
            Q(user__username__icontains=term)
            | Q(user__first_name__icontains=term)
            | Q(user__last_name__icontains=term)
        )
    return condition


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log(
    *,
    case_id: int | None = None,
    person_id: int | None = None,
    user_id: int | None = None,
    filters: AccessLogFilters | None = None,
) -> QuerySet[AccessLogEntry]:
    """Who viewed, listed, searched or exported what, newest first (auditors only: the
    caller asks pathway.policy.can_read_access_log). The number of queries a page of it
    costs does not grow with the rows (the user and records are joined)."""
    f = filters or AccessLogFilters()
    entries = AccessLogEntry.objects.select_related("user", "case", "person", "family")
    for name, value in (
        ("case_id", case_id or f.case_id),
        ("person_id", person_id or f.person_id),
        ("user_id", user_id or f.user_id),
    ):
        if value:
            entries = entries.filter(**{name: value})
    if f.record.strip():
        entries = entries.filter(_record(f.record))
    if f.user.strip():
        entries = entries.filter(_user(f.user))
    if f.action:
        entries = entries.filter(action=f.action)
    if f.purpose.strip():
        entries = entries.filter(purpose__icontains=f.purpose.strip())
    if f.date_from is not None:
        entries = entries.filter(at__gte=_start_of(f.date_from))
    if f.date_to is not None:
        entries = entries.filter(at__lt=_start_of(f.date_to + timedelta(days=1)))
    return entries.order_by("-at", "-pk")


def access_log_about_person(*, person_id: int) -> QuerySet[AccessLogEntry]:
    """Every row about this person: rows naming them, and rows about a family or case of a
    household they have belonged to ("who has looked at this child's record")."""
    families = HouseholdMember.objects.filter(person_id=person_id).values("family_id")
    return (
        AccessLogEntry.objects.filter(
            Q(person_id=person_id) | Q(family_id__in=families) | Q(case__family_id__in=families)
        )
        .select_related("user", "case", "person", "family")
        .order_by("-at", "-pk")
    )
