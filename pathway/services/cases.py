"""Closing and reopening cases."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction

from pathway.choices import ENDED_STAGES, ClosureReason
from pathway.models import Case, User
from pathway.services.workflow import transition
from pathway.signals import case_closed
from pathway.validators import validate_free_text


def case_close(
    *,
    case: Case,
    closed_by: User,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
    verb: Literal["close", "close_after_follow_up"] = "close",
) -> Case:
    """Close an open case with a reason (DESIGN §3); sends `case_closed` in the same
    transaction (caf withdraws the open recommendations).

    Raises ValidationError for an unknown reason or "other" without an explanation, and
    IllegalTransition or StaleCase (409).
    """
    validate_free_text(note=note)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": "Choose a closure reason"})
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": "Explain the reason for closing the case"})
    with transaction.atomic():
        closed = transition(
            case_id=case.pk,
            verb=verb,
            actor=closed_by,
            expected_version=expected_version,
            summary=f"Closed: {ClosureReason(reason).label}"
            + (f" — {note.strip()}" if note.strip() else ""),
            data={"reason": reason},
            changes={"closure_reason": reason, "closure_note": note.strip()},
        )
        case_closed.send(sender=Case, case=closed, actor=closed_by)
    return closed


def case_reopen(
    *, case: Case, reopened_by: User, reason: str, expected_version: int | None = None
) -> Case:
    """Reopen a closed case at the front door, if the family has no other open case."""
    validate_free_text(reason=reason)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is being reopened"})
    with transaction.atomic():
        other_open = (
            Case.objects.filter(family_id=case.family_id)
            .exclude(pk=case.pk)
            .exclude(stage__in=ENDED_STAGES)
            .first()
        )
        if other_open is not None:
            raise ValidationError(
                {
                    "case": f"The family already has an open case, {other_open.reference}: "
                    "use that one"
                }
            )
        return transition(
            case_id=case.pk,
            verb="reopen",
            actor=reopened_by,
            expected_version=expected_version,
            summary=f"Reopened: {reason.strip()}"[:300],
        )
