"""Closing and reopening cases, and the flag the front door's access rule reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from pathway.choices import ENDED_STAGES, ClosureReason
from pathway.models import Case, Contact, User
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


def case_awaiting_screening_refresh(*, case_ids: Iterable[int]) -> None:
    """Set each case's `has_unscreened_contact` from its contacts, in one statement.

    The front door's access rule reads the flag (pathway.policy._front_door), so every
    write that records a contact, screens one or moves one calls this in its own
    transaction; a saved or deleted Contact calls it by itself (pathway.apps), a queryset
    update or bulk insert of contacts must call it (docs/adr/0019). An UPDATE, so it
    writes no history row and does not change `version`: the case did not change.
    """
    ids = sorted(set(case_ids))
    if not ids:
        return
    waiting = Contact.objects.filter(case_id=OuterRef("pk"), screened_at__isnull=True)
    Case.objects.filter(pk__in=ids).update(has_unscreened_contact=Exists(waiting))


def contact_saved_or_deleted(sender: type[Contact], instance: Contact, **kwargs: object) -> None:
    """post_save / post_delete of a Contact (connected in pathway.apps): its case's flag
    follows, in the same transaction, whichever door saved it (service, admin, factory)."""
    if kwargs.get("raw"):  # loading a fixture: the fixture carries the flag
        return
    case_awaiting_screening_refresh(case_ids=[instance.case_id])
