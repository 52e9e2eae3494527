from __future__ import annotations

from django.db.models import QuerySet

from pathway import policy
from pathway.models import User
from screening.models import Screening


def screenings_awaiting_sign_off(*, user: User) -> QuerySet[Screening]:
    """Screenings waiting for a senior practitioner, oldest first."""
    return (
        Screening.objects.filter(
            status=Screening.Status.AWAITING_SIGN_OFF, case__in=policy.cases_visible_to(user)
        )
        .select_related("case", "case__family", "contact", "screened_by")
        .order_by("screened_at")
    )
