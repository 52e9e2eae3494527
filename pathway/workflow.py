"""The case workflow as data (DESIGN §3, STYLE convention 2).

`TRANSITIONS` is the one declared table of allowed moves: verb → (stages it may start
from, stage it leads to). Each verb has one service (in pathway.services.workflow and the
apps that own the verb); every service calls `transition()`, which locks the case row,
checks the table and the caller's view of the case, moves the stage, bumps the version
and writes the chronology event — all inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathway.choices import CaseOrigin, Stage
from pathway.models import Case, User
from pathway.services.chronology import chronology_record

OPEN_STAGES = frozenset(
    {
        Stage.CONTACT,
        Stage.SCREENING,
        Stage.AWAITING_ALLOCATION,
        Stage.UNIVERSAL_OFFER,
        Stage.ALLOCATED,
        Stage.TAC,
    }
)


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: frozenset[Stage]
    target: Stage | None  # None: the stage does not change (e.g. a decision on a repeat contact)
    label: str


S = Stage
# verb: (stages it may start from, stage it leads to or None for "unchanged", label)
_TABLE: dict[str, tuple[frozenset[Stage], Stage | None, str]] = {
    # Screening a contact. A decision that needs senior sign-off parks a new case in
    # `screening`; at any later stage the stage stays as it is until sign-off.
    "submit_for_sign_off": (
        frozenset({S.CONTACT}),
        S.SCREENING,
        "Screening decision sent for senior sign-off",
    ),
    "return_screening": (frozenset({S.SCREENING}), S.CONTACT, "Screening returned to the officer"),
    "recommend_caf": (
        frozenset({S.CONTACT, S.SCREENING, S.UNIVERSAL_OFFER}),
        S.AWAITING_ALLOCATION,
        "CAF recommended",
    ),
    "recommend_universal": (
        frozenset({S.CONTACT, S.SCREENING, S.UNIVERSAL_OFFER}),
        S.UNIVERSAL_OFFER,
        "Universal service recommended",
    ),
    "record_existing_caf": (
        frozenset({S.AWAITING_ALLOCATION, S.ALLOCATED, S.TAC}),
        None,
        "Contact linked to the existing CAF",
    ),
    "record_contact_outcome": (
        frozenset({S.AWAITING_ALLOCATION, S.ALLOCATED, S.TAC}),
        None,
        "Repeat contact screened: information and advice, or no further action",
    ),
    "close_at_front_door": (
        frozenset({S.CONTACT, S.SCREENING}),
        S.CLOSED,
        "Information and advice given, or no further action",
    ),
    # Localities.
    "allocate": (frozenset({S.AWAITING_ALLOCATION}), S.ALLOCATED, "Allocated"),
    "reallocate": (frozenset({S.ALLOCATED, S.TAC}), None, "Reallocated"),
    "transfer": (
        frozenset({S.AWAITING_ALLOCATION, S.ALLOCATED, S.TAC}),
        S.AWAITING_ALLOCATION,
        "Transferred to another locality",
    ),
    # The plan.
    "complete_caf": (frozenset({S.ALLOCATED}), S.TAC, "CAF completed; plan running"),
    # Social care.
    "step_up": (OPEN_STAGES, S.STEPPED_UP, "Stepped up to social care"),
    "step_down": (
        frozenset({S.STEPPED_UP}),
        S.AWAITING_ALLOCATION,
        "Stepped down from social care",
    ),
    # Ending and starting again.
    "close": (OPEN_STAGES - {S.CONTACT, S.SCREENING}, S.CLOSED, "Closed"),
    "reopen": (frozenset({S.CLOSED}), S.CONTACT, "Reopened"),
}

TRANSITIONS: dict[str, Transition] = {
    verb: Transition(verb, sources, target, label)
    for verb, (sources, target, label) in _TABLE.items()
}


class WorkflowError(Exception):
    """A refused transition: illegal from the case's stage, or the case changed meanwhile.

    The API answers 409 with `as_dict()`; pages show `message` and the case as it now is.
    """

    def __init__(self, case: Case, verb: str, message: str) -> None:
        super().__init__(message)
        self.case = case
        self.verb = verb
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {
            "detail": self.message,
            "code": "conflict",
            "case": self.case.pk,
            "stage": self.case.stage,
            "version": self.case.version,
        }


class IllegalTransition(WorkflowError):
    pass


class StaleCase(WorkflowError):
    """Someone else changed the case after this user loaded it."""


# Where a new case starts, by how it came to the pathway. Creating a case is not a
# transition; every later change of stage is.
INITIAL_STAGE = {
    CaseOrigin.CONTACT: Stage.CONTACT,
    CaseOrigin.STEP_DOWN: Stage.AWAITING_ALLOCATION,
}


def allowed_verbs(stage: str) -> list[str]:
    return [verb for verb, t in TRANSITIONS.items() if stage in t.sources]


def lock_case(case_id: int) -> Case:
    """Fetch the case row locked for update. Call inside transaction.atomic()."""
    return Case.objects.select_for_update().get(pk=case_id)


def transition(
    *,
    case_id: int,
    verb: str,
    actor: User | None,
    summary: str = "",
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    target: Stage | None = None,
    **changes: Any,
) -> Case:
    """Move a case by `verb`, atomically. Returns the locked, updated case.

    `expected_version` is the version the user saw; if the case moved on since, the
    call raises StaleCase and changes nothing. Raises IllegalTransition when the table
    does not allow `verb` from the case's current stage. `changes` are other fields set
    in the same save (locality, lead_professional, closure_reason, …).
    """
    rule = TRANSITIONS[verb]
    with transaction.atomic():
        case = lock_case(case_id)
        if expected_version is not None and case.version != expected_version:
            raise StaleCase(
                case,
                verb,
                f"Case {case.reference} was changed by someone else while you were working on "
                f"it. It is now at stage “{case.get_stage_display()}”. Check it and try again.",
            )
        if case.stage not in rule.sources:
            raise IllegalTransition(
                case,
                verb,
                f"Case {case.reference} cannot be {rule.label.lower()} at stage "
                f"“{case.get_stage_display()}”.",
            )
        previous = case.stage
        new_stage = target or rule.target
        if new_stage is not None:
            case.stage = new_stage
        for field, value in changes.items():
            setattr(case, field, value)
        if case.stage == Stage.CLOSED and previous != Stage.CLOSED:
            case.closed_at = case.closed_at or timezone.now()
        if previous == Stage.CLOSED and case.stage != Stage.CLOSED:
            case.closed_at = None
            case.closure_reason = ""
        case.version += 1
        case.save()
        chronology_record(
            family=case.family,
            case=case,
            action=f"case.{verb}",
            actor=actor,
            summary=summary or rule.label,
            data={"from": previous, "to": case.stage, **(data or {})},
        )
        return case
