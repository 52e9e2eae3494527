"""The case workflow as data (DESIGN §3, STYLE convention 2).

`ACTIONS` is the one declared table of what can be done to a case: for each action, the
stages it may start from, the stage it leads to (or None: the stage stays), the roles that
may take it, the case fields it may change, and the button the case page shows for it.
Everything else reads this table: the access policy (who may), `transition()` in
pathway.services.workflow (which moves a case, inside the case lock), the case page's
buttons and the tests. A verb that is not in the table cannot be taken or refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pathway.choices import (
    FRONT_DOOR_STAGES,
    OPEN_STAGES,
    CaseOrigin,
    Role,
    Stage,
)
from pathway.models import Case

S = Stage
R = Role

FRONT_DOOR_ROLES = frozenset({R.CONTACT_OFFICER, R.SENIOR_PRACTITIONER})
CASEWORK_ROLES = frozenset({R.SENIOR_PRACTITIONER, R.LOCALITY_LEADER, R.PRACTITIONER})
LOCALITY_ROLES = frozenset({R.LOCALITY_LEADER, R.PRACTITIONER})
LEVEL = frozenset({"level_of_need"})
CLOSURE = frozenset({"closure_reason", "closure_note"})
HOLDER = frozenset({"locality", "team", "lead_professional"})


@dataclass(frozen=True)
class Button:
    """How the case page offers an action: its label, the page that carries it out
    (a URL name taking the case id) and its GOV.UK button style."""

    label: str
    url_name: str
    style: str = ""  # "", "secondary" or "warning"
    # Stages at which another page carries the action out, as (stage, URL name) pairs.
    url_name_at: tuple[tuple[Stage, str], ...] = ()

    def url_name_for(self, stage: str) -> str:
        return dict(self.url_name_at).get(stage, self.url_name)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Action:
    verb: str
    label: str  # what happened, for the chronology: "CAF recommended"
    sources: frozenset[Stage]
    target: Stage | None  # None: the stage does not change
    roles: frozenset[Role]
    fields: frozenset[str] = frozenset()  # the case fields it may set besides the stage
    button: Button | None = None  # None: offered elsewhere (queues, the screening page)
    # The chronology action code is "case.<event>": actions that are the same event reached
    # another way (a step-up decided at screening) share one code, for reports.
    event: str = ""

    @property
    def chronology_action(self) -> str:
        return f"case.{self.event or self.verb}"

    @property
    def moves(self) -> bool:
        return self.target is not None


def _actions(*rows: Action) -> dict[str, Action]:
    return {row.verb: row for row in rows}


# Read down the table to follow a family along the pathway.
ACTIONS: dict[str, Action] = _actions(
    # --- The front door: screening a contact and carrying out the decision -----------------
    # A contact can be screened at any open stage (a repeat contact joins the open case).
    Action("screen", "Contact screened", OPEN_STAGES, None, FRONT_DOOR_ROLES),
    # A decision that needs a senior's sign-off parks a new case in `screening`.
    Action(
        "submit_for_sign_off",
        "Screening decision sent for senior sign-off",
        frozenset({S.CONTACT}),
        S.SCREENING,
        FRONT_DOOR_ROLES,
    ),
    Action(
        "sign_off", "Screening signed off", OPEN_STAGES, None, frozenset({R.SENIOR_PRACTITIONER})
    ),
    Action(
        "return_screening",
        "Screening returned to the officer",
        OPEN_STAGES,
        None,  # the stage is unchanged, except that a case parked for sign-off goes back
        frozenset({R.SENIOR_PRACTITIONER}),
    ),
    Action(
        "return_screening_to_contact",
        "Screening returned to the officer",
        frozenset({S.SCREENING}),
        S.CONTACT,
        frozenset({R.SENIOR_PRACTITIONER}),
        event="return_screening",
    ),
    # The decisions. The officer's, or the senior practitioner's at sign-off.
    Action(
        "recommend_caf",
        "CAF recommended",
        frozenset({S.CONTACT, S.SCREENING, S.UNIVERSAL_OFFER}),
        S.AWAITING_ALLOCATION,
        FRONT_DOOR_ROLES,
        LEVEL,
    ),
    Action(
        "recommend_universal",
        "Universal service recommended",
        frozenset({S.CONTACT, S.SCREENING, S.UNIVERSAL_OFFER}),
        S.UNIVERSAL_OFFER,
        FRONT_DOOR_ROLES,
        LEVEL,
    ),
    Action(
        "record_existing_caf",
        "Contact linked to the existing CAF",
        frozenset({S.AWAITING_ALLOCATION, S.ALLOCATED, S.TAC}),
        None,
        FRONT_DOOR_ROLES,
        LEVEL,
    ),
    Action(
        "record_contact_outcome",
        "Repeat contact screened: information and advice, or no further action",
        frozenset({S.AWAITING_ALLOCATION, S.ALLOCATED, S.TAC}),
        None,
        FRONT_DOOR_ROLES,
        LEVEL,
    ),
    Action(
        "close_at_front_door",
        "Information and advice given, or no further action",
        frozenset({S.CONTACT, S.SCREENING}),
        S.CLOSED,
        FRONT_DOOR_ROLES,
        LEVEL | CLOSURE,
    ),
    # A screening decision to step up: the front door may step up only this way.
    Action(
        "step_up_at_screening",
        "Stepped up to social care at screening",
        OPEN_STAGES,
        S.STEPPED_UP,
        FRONT_DOOR_ROLES,
        LEVEL,
        event="step_up",
    ),
    # --- Localities --------------------------------------------------------------------------
    Action(
        "allocate",
        "Allocated",
        frozenset({S.AWAITING_ALLOCATION}),
        S.ALLOCATED,
        frozenset({R.LOCALITY_LEADER}),
        HOLDER,
        Button("Allocate", "case-allocate"),
    ),
    Action(
        "reallocate",
        "Reallocated",
        frozenset({S.ALLOCATED, S.TAC}),
        None,
        frozenset({R.LOCALITY_LEADER}),
        frozenset({"team", "lead_professional"}),
        Button("Reallocate", "case-reallocate", "secondary"),
    ),
    Action(
        "transfer",
        "Transferred to another locality",
        frozenset({S.AWAITING_ALLOCATION, S.ALLOCATED, S.TAC}),
        S.AWAITING_ALLOCATION,
        frozenset({R.LOCALITY_LEADER}),
        HOLDER,
        Button("Transfer to another locality", "case-transfer", "secondary"),
    ),
    # --- The CAF and the Team Around the Family --------------------------------------------
    Action(
        "assess",
        "CAF assessment recorded",
        frozenset({S.ALLOCATED}),
        None,
        LOCALITY_ROLES,
        button=Button("Record the CAF assessment", "caf-assessment"),
    ),
    Action(
        "complete_caf",
        "CAF completed; plan running",
        frozenset({S.ALLOCATED}),
        S.TAC,
        LOCALITY_ROLES,
    ),
    Action(
        "work_on_plan",
        "Team Around the Family updated",
        frozenset({S.TAC}),
        None,
        LOCALITY_ROLES,
        button=Button("Team Around the Family", "tac"),
    ),
    # A universal offer is followed up with the family (uptake and satisfaction).
    Action("follow_up", "Universal offer followed up", OPEN_STAGES, None, FRONT_DOOR_ROLES),
    Action(
        "close_after_follow_up",
        "Closed: referred on to a universal service",
        frozenset({S.UNIVERSAL_OFFER}),
        S.CLOSED,
        FRONT_DOOR_ROLES,
        CLOSURE,
        event="close",
    ),
    # --- Social care -------------------------------------------------------------------------
    Action(
        "step_up",
        "Stepped up to social care",
        OPEN_STAGES,
        S.STEPPED_UP,
        CASEWORK_ROLES,
        LEVEL,
        # Secondary: a way out of the plan, never the next step the page leads with.
        Button("Step up to social care", "case-step-up", "secondary"),
    ),
    # Social care's answer to a step-up; children's social care practitioners (partners of
    # a social-care agency) may record it too: see the policy.
    Action(
        "record_step_up_outcome",
        "Social care outcome recorded",
        frozenset(Stage),
        None,
        frozenset({R.SENIOR_PRACTITIONER, R.LOCALITY_LEADER}),
    ),
    # A stepped-up case comes back; a family with none gets a new case (INITIAL_STAGE).
    # Social-care practitioners may step down too: see the policy.
    Action(
        "step_down",
        "Stepped down from social care",
        frozenset({S.STEPPED_UP}),
        S.AWAITING_ALLOCATION,
        frozenset({R.SENIOR_PRACTITIONER, R.LOCALITY_LEADER}),
        HOLDER,
    ),
    # --- Ending and starting again -----------------------------------------------------------
    Action(
        "close",
        "Closed",
        OPEN_STAGES - {S.CONTACT, S.SCREENING},
        S.CLOSED,
        CASEWORK_ROLES,
        CLOSURE,
        # A plan closes with the outcome for each need, on its own page.
        Button("Close the case", "case-close", "secondary", ((S.TAC, "tac-close"),)),
    ),
    Action(
        "reopen",
        "Reopened",
        frozenset({S.CLOSED}),
        S.CONTACT,
        frozenset({R.SENIOR_PRACTITIONER, R.LOCALITY_LEADER}),
        button=Button("Reopen", "case-reopen", "secondary"),
    ),
)

# The stages the front door acts at, kept beside the table so the two are read together.
assert FRONT_DOOR_STAGES <= OPEN_STAGES

# Where a new case starts, by how it came to the pathway. Creating a case is not a
# transition; every later change of stage is.
INITIAL_STAGE = {
    CaseOrigin.CONTACT: Stage.CONTACT,
    CaseOrigin.STEP_DOWN: Stage.AWAITING_ALLOCATION,
}


def allowed_verbs(stage: str) -> list[str]:
    """The actions the table allows from this stage, whoever asks."""
    return [verb for verb, action in ACTIONS.items() if stage in action.sources]


class WorkflowError(Exception):
    """A refused action: not allowed from the case's stage, or the case changed meanwhile.

    The API answers 409 with `as_dict()`; pages show `message` and the case as it now is.
    `verb` is always an action of the table.
    """

    def __init__(self, case: Case, verb: str, message: str) -> None:
        if verb not in ACTIONS:
            raise ValueError(f"{verb!r} is not an action of the workflow table")
        super().__init__(message)
        self.case = case
        self.verb = verb
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {
            "detail": self.message,
            "code": "conflict",
            "verb": self.verb,
            "case": self.case.pk,
            "stage": self.case.stage,
            "version": self.case.version,
        }


class IllegalTransition(WorkflowError):
    pass


class StaleCase(WorkflowError):
    """Someone else changed the case after this user loaded it."""
