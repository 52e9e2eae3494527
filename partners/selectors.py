"""Reads for the partner portal and the share lists, each through the access policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Min, Prefetch, Q, QuerySet

from caf.models import Recommendation
from partners.models import PartnerNote, SupportRequest
from pathway import policy
from pathway.models import Case, Share, User
from pathway.selectors.families import household_prefetch


def share_list(*, user: User, case_id: int | None = None, agency_code: str = "") -> QuerySet[Share]:
    shares = policy.shares_visible_to(user).select_related(
        "case", "agency", "shared_by", "revoked_by"
    )
    if case_id is not None:
        shares = shares.filter(case_id=case_id)
    if agency_code:
        shares = shares.filter(agency__code=agency_code)
    return shares.order_by("-shared_at", "-pk")


def case_shares(*, case: Case) -> QuerySet[Share]:
    """Every share of a case, live or not (the staff case page)."""
    return (
        Share.objects.filter(case=case)
        .select_related("agency", "shared_by", "revoked_by")
        .order_by("-shared_at", "-pk")
    )


def partner_cases(*, user: User) -> QuerySet[Case]:
    """The cases shared with this partner's agency, with what the portal list shows: the
    family's name, the stage, the soonest open recommendation's due date, and the open CAF
    work recommended to their agency (what is expected of them)."""
    agencies = sorted(user.agency_ids)
    expected = Recommendation.objects.filter(
        status="open", kind="caf", agency_id__in=agencies
    ).select_related("agency")
    return (
        policy.cases_visible_to(user)
        .select_related("family")
        .prefetch_related(
            household_prefetch("family"),
            Prefetch("recommendations", queryset=expected, to_attr="expected_of_partner"),
        )
        .annotate(due_on=Min("recommendations__due_on", filter=Q(recommendations__status="open")))
        .order_by("due_on", "-opened_at", "pk")
    )


def partner_notes_visible(*, user: User, case: Case) -> QuerySet[PartnerNote]:
    """Partner notes on a case: staff all of them; a partner (when the share covers them)
    every agency's unrestricted notes and their own agency's restricted ones."""
    notes = PartnerNote.objects.filter(case=case).select_related("agency", "author")
    if policy.cases_visible_in_full_to(user).filter(pk=case.pk).exists():
        return notes
    if not policy.partner_may_see_part(user, case, "partner_notes"):
        return notes.none()
    return notes.filter(Q(restricted=False) | Q(agency_id__in=sorted(user.agency_ids)))


def caf_work_for(*, user: User, case: Case) -> list[Any]:
    """The open CAF recommendations on this case that this partner may accept or decline."""
    recommendations = (
        Recommendation.objects.filter(case=case, kind="caf", status="open")
        .select_related("agency", "case")
        .prefetch_related("partner_responses")
    )
    return [r for r in recommendations if policy.can_respond_to_caf_work(user, r)]


def support_requests_of(*, user: User) -> QuerySet[SupportRequest]:
    """The requests for support this partner sent, newest first, with their outcome."""
    return (
        SupportRequest.objects.filter(requested_by=user)
        .select_related("contact", "contact__primary_issue")
        .prefetch_related("contact__screenings")
        .order_by("-requested_at", "-pk")
    )
