from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from caf.models import Recommendation
from pathway import policy
from pathway.models import AccessLogEntry, User
from pathway.selectors.families import household_prefetch
from pathway.services.audit import access_log_record


def universal_follow_ups(
    *, user: User, request: HttpRequest | None = None
) -> QuerySet[Recommendation]:
    """Open universal recommendations the user may see, soonest due first. With
    `request` (the follow-up list, which names the families), the listing is written to the
    access log, one row per view."""
    if request is not None:
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.LIST,
            what="Universal offers to follow up",
            request=request,
        )
    return (
        Recommendation.objects.filter(
            kind=Recommendation.Kind.UNIVERSAL,
            status=Recommendation.Status.OPEN,
            case__in=policy.cases_visible_to(user),
        )
        .select_related("case", "case__family", "agency")
        .prefetch_related(household_prefetch("case__family"))
        .order_by("due_on", "pk")
    )


def case_recommendations(*, case_id: int) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(case_id=case_id)
        .select_related("agency")
        .order_by("made_on", "pk")
    )
