"""Carrying out the workflow table (pathway.workflow.ACTIONS) on a case.

Every action service locks the case row, then calls `action_check` (or `transition`,
which calls it): the actor must be allowed by the access policy, the case must be at a
stage the table allows the action from, and, when the caller says which version of the
case the user saw, still at that version. `transition` then moves the stage to the
table's target, sets only the fields the table lets the action change, bumps the
version and writes the chronology event, all in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from pathway import policy
from pathway.actors import SystemActor
from pathway.choices import Stage
from pathway.models import Case, User
from pathway.services.chronology import chronology_record
from pathway.workflow import ACTIONS, IllegalTransition, StaleCase


class ActionNotPermitted(PermissionDenied):
    """The actor may not take this action on this case (a 403 from every door)."""

    def __init__(self, case: Case, verb: str) -> None:
        self.case = case
        self.verb = verb
        super().__init__(f"You may not do this to case {case.reference}: {ACTIONS[verb].label}")


def lock_case(case_id: int) -> Case:
    """Fetch the case row locked for update. Call inside transaction.atomic()."""
    return Case.objects.select_for_update().get(pk=case_id)


def action_check(
    *,
    case: Case,
    verb: str,
    actor: User | SystemActor,
    expected_version: int | None = None,
    check_stage: bool = True,
) -> None:
    """Refuse the action unless the actor may take it on this (locked) case, now.

    Raises, in this order: StaleCase (the case moved on since the user saw it),
    ActionNotPermitted (the policy says no, to a user or to a system actor) or
    IllegalTransition (not from the case's stage).
    """
    action = ACTIONS[verb]
    # Staleness first: someone who loses a race (the winner's move may have taken the case
    # out of their reach) is told the case changed, not that they may not act.
    if expected_version is not None and case.version != expected_version:
        raise StaleCase(
            case,
            verb,
            f"Case {case.reference} was changed by someone else while you were working on "
            f"it. It is now at stage “{case.get_stage_display()}”. Check it and try again.",
        )
    if not policy.can_act(actor, case, verb):
        raise ActionNotPermitted(case, verb)
    if check_stage and case.stage not in action.sources:
        raise IllegalTransition(
            case,
            verb,
            f"Case {case.reference} cannot be {action.label.lower()} at stage "
            f"“{case.get_stage_display()}”.",
        )


def transition(
    *,
    case_id: int,
    verb: str,
    actor: User | SystemActor,
    summary: str = "",
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    record: bool = True,
) -> Case:
    """Carry out action `verb` on a case, atomically. Returns the locked, updated case.

    With `record=False` the caller writes the chronology event itself: a decision that is
    several moves (screening's) is one readable entry, not one per move.

    Locks the case, runs `action_check`, moves the stage to the table's target (if it
    has one), sets `changes` (only fields the table declares for the action, else
    ValueError: a programming error, not a user's), bumps the version and writes the
    chronology event. Raises what `action_check` raises.
    """
    action = ACTIONS[verb]
    changes = changes or {}
    undeclared = set(changes) - action.fields
    if undeclared:
        raise ValueError(f"{verb} may not change {sorted(undeclared)} (see pathway.workflow)")
    with transaction.atomic():
        case = lock_case(case_id)
        action_check(case=case, verb=verb, actor=actor, expected_version=expected_version)
        previous = case.stage
        if action.target is not None:
            case.stage = action.target
        for field, value in changes.items():
            setattr(case, field, value)
        if case.stage == Stage.CLOSED and previous != Stage.CLOSED:
            case.closed_at = case.closed_at or timezone.now()
        if previous == Stage.CLOSED and case.stage != Stage.CLOSED:
            case.closed_at = None
            case.closure_reason = ""
        case.version += 1
        case.save()
        if not record:
            return case
        chronology_record(
            family=case.family,
            case=case,
            action=action.chronology_action,
            actor=actor,
            summary=summary or action.label,
            data={"from": previous, "to": case.stage, **(data or {})},
        )
        return case
