from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest

from pathway import policy
from pathway.matching import name_key
from pathway.models import AccessLogEntry, Case, ChronologyEvent, Contact, HouseholdMember, User
from pathway.selectors.families import household_prefetch
from pathway.services.audit import access_log_record, case_page_what


@dataclass(frozen=True)
class CaseFilters:
    """What the cases list (page and API) may be narrowed by; every field optional."""

    q: str = ""
    stage: str = ""
    locality_id: int | None = None
    # A user id, or UNALLOCATED for cases with no lead professional.
    lead_professional_id: int | None = None
    # Cases with an open recommendation due before this day (today: overdue).
    due_before: date | None = None


UNALLOCATED = 0
_CASE_REFERENCE = re.compile(r"c0*(\d{1,9})")
_FAMILY_REFERENCE = re.compile(r"f0*(\d{1,9})")
_MAX_SEARCH_TERMS = 5


def _search(q: str) -> Q:
    """A case reference (C000123 or 123), a family reference (F000045), or names: every
    word must match a current household member's given name or surname by its letters,
    or their surname by how it sounds (the phonetic key people search uses)."""
    text = q.strip().casefold()
    if match := _CASE_REFERENCE.fullmatch(text):
        return Q(pk=int(match[1]))
    if match := _FAMILY_REFERENCE.fullmatch(text):
        return Q(family_id=int(match[1]))
    if text.isdigit():
        return Q(pk=int(text)) if len(text) <= 9 else Q(pk__in=[])
    condition = Q()
    for term in text.split()[:_MAX_SEARCH_TERMS]:
        names = Q(person__family_name__icontains=term) | Q(person__given_name__icontains=term)
        # By sound too ("Okonko" finds Okonkwo), for words long enough to mean something.
        key = name_key(term) if len(term) >= 3 else ""
        if key:
            names |= Q(person__family_name_key=key)
        members = HouseholdMember.objects.current().filter(names, family_id=OuterRef("family_id"))
        condition &= Q(Exists(members))
    return condition


def case_list(*, user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """Cases this user may see (pathway.policy.cases_visible_to), narrowed by `filters`,
    newest first, with what a list row shows already joined: the family's household (for
    its display name), locality, team, lead professional and the soonest open
    recommendation's due date (`due_on`). The number of queries does not grow with rows."""
    f = filters or CaseFilters()
    # Recommendations belong to the caf app; the core reads them through the relation that
    # app declares on Case, never by importing it.
    recommendations: Any = Case._meta.get_field("recommendations").related_model
    open_recommendations = recommendations._default_manager.filter(
        case_id=OuterRef("pk"), status="open"
    )
    open_due = open_recommendations.order_by("due_on").values("due_on")[:1]
    cases = (
        policy.cases_visible_to(user)
        .select_related("family", "locality", "team", "lead_professional")
        .prefetch_related("recommendations__agency", household_prefetch("family"))
        .annotate(due_on=Subquery(open_due))
    )
    if f.q.strip():
        cases = cases.filter(_search(f.q))
    if f.stage:
        cases = cases.filter(stage=f.stage)
    if f.locality_id:
        cases = cases.filter(locality_id=f.locality_id)
    if f.lead_professional_id == UNALLOCATED:
        cases = cases.filter(lead_professional__isnull=True)
    elif f.lead_professional_id is not None:
        cases = cases.filter(lead_professional_id=f.lead_professional_id)
    if f.due_before is not None:
        cases = cases.filter(Exists(open_recommendations.filter(due_on__lt=f.due_before)))
    return cases.order_by("-opened_at", "-pk")


def case_list_lead_professionals(*, user: User) -> QuerySet[User]:
    """The lead professionals of the cases this user may see (the list's filter choices)."""
    leads = policy.cases_visible_to(user).values("lead_professional_id")
    return User.objects.filter(pk__in=leads).order_by("first_name", "last_name", "pk")


def case_counts_by_stage(*, user: User) -> dict[str, int]:
    rows = policy.cases_visible_to(user).values("stage").annotate(n=Count("pk")).order_by()
    return {row["stage"]: row["n"] for row in rows}


def case_get_for_view(
    *, user: User, pk: int | str, request: HttpRequest | None = None, purpose: str = ""
) -> Case:
    """The case, if the policy lets this user see it (else Http404), with the read logged.

    The access-log row is written in the same transaction as the read, and says which page
    opened the case (pathway.services.audit.case_page_what: "TAC meeting, case C000012").
    """
    with transaction.atomic():
        case = policy.get_visible_case_or_404(user, pk)
        # The household too: every case page's heading names the family.
        case = (
            Case.objects.select_related(
                "family", "family__locality", "locality", "team", "lead_professional"
            )
            .prefetch_related(household_prefetch("family"))
            .get(pk=case.pk)
        )
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=case_page_what(request, case),
            case=case,
            family=case.family,
            purpose=purpose,
            request=request,
        )
    return case


def case_contacts(*, case: Case) -> QuerySet[Contact]:
    return (
        case.contacts.select_related("referral_source", "primary_issue", "recorded_by")
        .prefetch_related("secondary_issues", "subject_links__person")
        .order_by("-received_at")
    )


def case_chronology(*, case: Case, user: User) -> QuerySet[ChronologyEvent]:
    """The family's timeline as `user` may see it from this case (staff: all of it; a
    partner: what pathway.policy.chronology_visible_to lets partners see)."""
    return (
        policy.chronology_visible_to(user, case)
        .select_related("actor", "case")
        .order_by("-occurred_at", "-pk")
    )
