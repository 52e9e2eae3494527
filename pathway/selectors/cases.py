from __future__ import annotations

from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from pathway import policy
from pathway.models import AccessLogEntry, Case, ChronologyEvent, Contact, User
from pathway.services.audit import access_log_record


def case_list(
    *, user: User, stage: str | None = None, locality_id: int | None = None
) -> QuerySet[Case]:
    """Cases this user may see, newest first, with what a list row shows already joined."""
    cases = (
        policy.cases_visible_to(user)
        .select_related("family", "locality", "team", "lead_professional")
        .prefetch_related("recommendations__agency")
    )
    if stage:
        cases = cases.filter(stage=stage)
    if locality_id:
        cases = cases.filter(locality_id=locality_id)
    return cases.order_by("-opened_at", "-pk")


def case_counts_by_stage(*, user: User) -> dict[str, int]:
    rows = policy.cases_visible_to(user).values("stage").annotate(n=Count("pk")).order_by()
    return {row["stage"]: row["n"] for row in rows}


def case_get_for_view(
    *, user: User, pk: int | str, request: HttpRequest | None = None, purpose: str = ""
) -> Case:
    """The case, if the policy lets this user see it (else Http404), with the read logged.

    The access-log row is written in the same transaction as the read.
    """
    with transaction.atomic():
        case = policy.get_visible_case_or_404(user, pk)
        case = Case.objects.select_related(
            "family", "family__locality", "locality", "team", "lead_professional"
        ).get(pk=case.pk)
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=f"Case {case.reference}",
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


def case_chronology(*, case: Case) -> QuerySet[ChronologyEvent]:
    return (
        ChronologyEvent.objects.filter(family_id=case.family_id)
        .select_related("actor", "case")
        .order_by("-occurred_at", "-pk")
    )
