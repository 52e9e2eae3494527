from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from pathway import policy
from pathway.choices import Decision
from pathway.models import AccessLogEntry, User
from pathway.services.audit import access_log_record
from screening.models import (
    Screening,
    ScreeningDomain,
    ScreeningOption,
    ScreeningQuestion,
    ScreeningTool,
)


def screenings_awaiting_sign_off(
    *, user: User, request: HttpRequest | None = None
) -> QuerySet[Screening]:
    """Screenings waiting for a senior practitioner, oldest first. With `request` (the
    sign-off queue, which names the families), the listing is written to the access log,
    one row per view."""
    if request is not None:
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.LIST,
            what="Screenings awaiting sign-off",
            request=request,
        )
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


def screening_outcome_message(screening: Screening) -> str:
    """What was saved and what happens next, in the words the officer reads back to the
    caller, e.g. "CAF recommended; due 4 January 2027; sent to Central for allocation"."""
    if screening.status == Screening.Status.AWAITING_SIGN_OFF:
        return (
            f"Screening recorded ({screening.get_decision_display()}). It now waits for a "
            "senior practitioner to sign it off; the case stays with the front door until then"
        )
    recommendation = screening.recommendations.order_by("-pk").first()
    due = f"{recommendation.due_on:%-d %B %Y}" if recommendation else ""
    locality = screening.case.locality.name if screening.case.locality else "a locality"
    if screening.decision == Decision.CAF:
        return f"CAF recommended; due {due}; sent to {locality} for allocation"
    if screening.decision == Decision.UNIVERSAL:
        service = recommendation.agency.name if recommendation and recommendation.agency else ""
        offer = (
            f"Universal offer recommended ({service})" if service else "Universal offer recommended"
        )
        return f"{offer}; follow up with the family by {due}"
    if screening.decision == Decision.EXISTING_CAF:
        return "Joined to the family's existing CAF; its lead professional has been told"
    if screening.decision == Decision.STEP_UP:
        return "Stepped up to children's social care; a senior practitioner records their answer"
    return f"{screening.get_decision_display()} recorded; the case is closed"
