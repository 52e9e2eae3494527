from __future__ import annotations

from django.db.models import QuerySet

from caf.models import Recommendation
from pathway import policy
from pathway.models import User


def universal_follow_ups(*, user: User) -> QuerySet[Recommendation]:
    """Open universal recommendations the user may see, soonest due first."""
    return (
        Recommendation.objects.filter(
            kind=Recommendation.Kind.UNIVERSAL,
            status=Recommendation.Status.OPEN,
            case__in=policy.cases_visible_to(user),
        )
        .select_related("case", "case__family", "agency")
        .order_by("due_on", "pk")
    )


def case_recommendations(*, case_id: int) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(case_id=case_id)
        .select_related("agency")
        .order_by("made_on", "pk")
    )
