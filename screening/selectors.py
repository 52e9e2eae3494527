from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from pathway import policy
from pathway.models import User
from screening.models import (
    Screening,
    ScreeningDomain,
    ScreeningOption,
    ScreeningQuestion,
    ScreeningTool,
)


def screenings_awaiting_sign_off(*, user: User) -> QuerySet[Screening]:
    """Screenings waiting for a senior practitioner, oldest first."""
    return (
        Screening.objects.filter(
            status=Screening.Status.AWAITING_SIGN_OFF, case__in=policy.cases_visible_to(user)
        )
        .select_related("case", "case__family", "contact", "screened_by")
        .order_by("screened_at")
    )


def screening_tool_active() -> ScreeningTool | None:
    """The active screening tool with its sections, questions and answers, in order, in
    four queries whatever its size; None when no version is active."""
    return (
        ScreeningTool.objects.filter(status=ScreeningTool.Status.ACTIVE)
        .prefetch_related(
            Prefetch(
                "domains",
                queryset=ScreeningDomain.objects.order_by("order", "pk").prefetch_related(
                    Prefetch(
                        "questions",
                        queryset=ScreeningQuestion.objects.order_by("order", "pk").prefetch_related(
                            Prefetch(
                                "options", queryset=ScreeningOption.objects.order_by("order", "pk")
                            )
                        ),
                    )
                ),
            )
        )
        .first()
    )
