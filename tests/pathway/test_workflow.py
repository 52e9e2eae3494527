"""The workflow table against a copy written out by hand, then every action from every stage.

EXPECTED is the product's workflow (DESIGN §3 and the decisions recorded in docs/adr/0008)
typed in independently of pathway/workflow.py: a wrong entry in the code fails here rather
than being copied into the expectation.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from pathway import policy
from pathway.actors import SystemActor
from pathway.choices import Role, Stage
from pathway.models import ChronologyEvent
from pathway.services.workflow import ActionNotPermitted, transition
from pathway.workflow import ACTIONS, IllegalTransition, StaleCase, allowed_verbs
from tests.factories import CaseFactory

CONTACT, SCREENING, AWAITING, UNIVERSAL, ALLOCATED, TAC, STEPPED_UP, CLOSED = (
    "contact",
    "screening",
    "awaiting_allocation",
    "universal_offer",
    "allocated",
    "tac",
    "stepped_up",
    "closed",
)
OPEN = {CONTACT, SCREENING, AWAITING, UNIVERSAL, ALLOCATED, TAC}
EVERY = OPEN | {STEPPED_UP, CLOSED}
OFFICER, SENIOR, LEADER, PRACTITIONER = (
    "contact_officer",
    "senior_practitioner",
    "locality_leader",
    "practitioner",
)
FRONT_DOOR = {OFFICER, SENIOR}
# A system actor allowed every verb: the stage half of the rules, without the role half.
SYSTEM = SystemActor("tests", "the test suite", may=frozenset(ACTIONS))

# verb: (stages it may start from, stage it leads to (None: unchanged), roles that may take it)
EXPECTED: dict[str, tuple[set[str], str | None, set[str]]] = {
    "screen": (OPEN, None, FRONT_DOOR),
    "submit_for_sign_off": ({CONTACT}, SCREENING, FRONT_DOOR),
    "sign_off": (OPEN, None, {SENIOR}),
    "return_screening": (OPEN, None, {SENIOR}),
    "return_screening_to_contact": ({SCREENING}, CONTACT, {SENIOR}),
    "recommend_caf": ({CONTACT, SCREENING, UNIVERSAL}, AWAITING, FRONT_DOOR),
    "recommend_universal": ({CONTACT, SCREENING, UNIVERSAL}, UNIVERSAL, FRONT_DOOR),
    "record_existing_caf": ({AWAITING, ALLOCATED, TAC}, None, FRONT_DOOR),
    "record_contact_outcome": ({AWAITING, ALLOCATED, TAC}, None, FRONT_DOOR),
    "close_at_front_door": ({CONTACT, SCREENING}, CLOSED, FRONT_DOOR),
    "step_up_at_screening": (OPEN, STEPPED_UP, FRONT_DOOR),
    "allocate": ({AWAITING}, ALLOCATED, {LEADER}),
    "reallocate": ({ALLOCATED, TAC}, None, {LEADER}),
    "transfer": ({AWAITING, ALLOCATED, TAC}, AWAITING, {LEADER}),
    "assess": ({ALLOCATED}, None, {LEADER, PRACTITIONER}),
    "complete_caf": ({ALLOCATED}, TAC, {LEADER, PRACTITIONER}),
    "work_on_plan": ({TAC}, None, {LEADER, PRACTITIONER}),
    "follow_up": (OPEN, None, FRONT_DOOR),
    "close_after_follow_up": ({UNIVERSAL}, CLOSED, FRONT_DOOR),
    "step_up": (OPEN, STEPPED_UP, {SENIOR, LEADER, PRACTITIONER}),
    "record_step_up_outcome": (EVERY, None, {SENIOR, LEADER}),
    "step_down": ({STEPPED_UP}, AWAITING, {SENIOR, LEADER}),
    "close": ({AWAITING, UNIVERSAL, ALLOCATED, TAC}, CLOSED, {SENIOR, LEADER, PRACTITIONER}),
    "reopen": ({CLOSED}, CONTACT, {SENIOR, LEADER}),
}


def test_the_table_is_exactly_the_one_written_out_here():
    assert set(ACTIONS) == set(EXPECTED)
    for verb, (sources, target, roles) in EXPECTED.items():
        action = ACTIONS[verb]
        assert {str(s) for s in action.sources} == sources, verb
        assert (str(action.target) if action.target else None) == target, verb
        assert {str(r) for r in action.roles} == roles, verb


MOVES = [(verb, stage) for verb in EXPECTED for stage in sorted(EVERY)]


@pytest.mark.parametrize("verb, stage", MOVES, ids=[f"{v}-from-{s}" for v, s in MOVES])
def test_every_action_from_every_stage(verb, stage, personas):
    """SYSTEM may take every verb, so this is the stage half of the rules alone."""
    case = CaseFactory(stage=stage, locality=personas.home, family__locality=personas.home)
    sources, target, _roles = EXPECTED[verb]
    if stage in sources:
        moved = transition(case_id=case.pk, verb=verb, actor=SYSTEM)
        assert moved.stage == (target or stage)
        assert moved.version == case.version + 1
        event = ChronologyEvent.objects.get(case=case)
        assert event.data == {"from": stage, "to": moved.stage, "system_actor": "tests"}
    else:
        with pytest.raises(IllegalTransition) as refused:
            transition(case_id=case.pk, verb=verb, actor=SYSTEM)
        assert refused.value.verb == verb
        assert refused.value.as_dict()["stage"] == stage
        case.refresh_from_db()
        assert (case.stage, case.version) == (stage, 1)
        assert not ChronologyEvent.objects.filter(case=case).exists()


ROLES = [r.value for r in Role]
GRANTS = [(verb, role) for verb in EXPECTED for role in ROLES]


@pytest.mark.parametrize("verb, role", GRANTS, ids=[f"{v}-by-{r}" for v, r in GRANTS])
def test_who_may_take_each_action(verb, role, personas):
    """On a case every case-working role can reach (home locality, at the front door),
    exactly the roles of the table may act; managers, partners, administrators and
    auditors never."""
    case = CaseFactory(stage=CONTACT, locality=personas.home, family__locality=personas.home)
    _sources, _target, roles = EXPECTED[verb]
    assert policy.can_act(personas.for_role(role), case, verb) is (role in roles)


def test_an_actor_the_policy_refuses_changes_nothing(personas):
    case = CaseFactory(stage=AWAITING, locality=personas.home, family__locality=personas.home)
    with pytest.raises(ActionNotPermitted) as refused:
        transition(case_id=case.pk, verb="allocate", actor=personas.practitioner)
    assert refused.value.verb == "allocate"
    case.refresh_from_db()
    assert (case.stage, case.version) == (AWAITING, 1)
    assert not ChronologyEvent.objects.filter(case=case).exists()


def test_the_policy_is_asked_inside_the_lock_for_a_case_out_of_scope(personas):
    """A leader of another locality may allocate, but not this locality's case."""
    case = CaseFactory(stage=AWAITING, locality=personas.away, family__locality=personas.away)
    with pytest.raises(ActionNotPermitted):
        transition(case_id=case.pk, verb="allocate", actor=personas.locality_leader)


def test_an_action_may_change_only_the_fields_the_table_declares(personas):
    case = CaseFactory(stage=AWAITING, locality=personas.home, family__locality=personas.home)
    with pytest.raises(ValueError, match="may not change"):
        transition(case_id=case.pk, verb="close", actor=SYSTEM, changes={"locality": None})
    case.refresh_from_db()
    assert case.stage == AWAITING


def test_a_verb_outside_the_table_cannot_be_refused_either(personas):
    case = CaseFactory(stage=CONTACT, locality=personas.home)
    with pytest.raises(ValueError, match="not an action"):
        IllegalTransition(case, "teleport", "no such thing")


def test_a_step_up_decided_at_screening_is_the_same_chronology_event_as_any_step_up(personas):
    case = CaseFactory(stage=CONTACT, locality=personas.home, family__locality=personas.home)
    transition(case_id=case.pk, verb="step_up_at_screening", actor=personas.contact_officer)
    assert ChronologyEvent.objects.get(case=case).action == "case.step_up"


def test_the_table_connects_every_open_stage_to_an_end():
    for stage in Stage.values:
        assert allowed_verbs(stage), f"{stage} is a dead end"
    reachable = {CONTACT}
    frontier = [CONTACT]
    while frontier:
        stage = frontier.pop()
        for verb in allowed_verbs(stage):
            target = EXPECTED[verb][1] or stage
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(Stage.values)


def test_a_stale_version_is_refused_and_nothing_changes(personas):
    case = CaseFactory(stage=AWAITING, locality=personas.home, family__locality=personas.home)
    transition(case_id=case.pk, verb="transfer", actor=personas.locality_leader, expected_version=1)
    with pytest.raises(StaleCase) as stale:
        transition(
            case_id=case.pk, verb="close", actor=personas.locality_leader, expected_version=1
        )
    assert "changed by someone else" in stale.value.message
    case.refresh_from_db()
    assert (case.stage, case.version) == (AWAITING, 2)


def test_closing_stamps_and_reopening_clears_the_closure(personas):
    case = CaseFactory(stage=TAC, locality=personas.home)
    closed = transition(
        case_id=case.pk, verb="close", actor=SYSTEM, changes={"closure_reason": "needs_met"}
    )
    assert closed.closed_at is not None
    reopened = transition(case_id=case.pk, verb="reopen", actor=SYSTEM)
    assert reopened.closed_at is None and reopened.closure_reason == ""


def test_a_transition_is_undone_with_the_transaction_around_it(personas):
    case = CaseFactory(stage=AWAITING, locality=personas.home)
    with pytest.raises(RuntimeError), transaction.atomic():
        transition(case_id=case.pk, verb="allocate", actor=SYSTEM)
        raise RuntimeError("something after the move failed")
    case.refresh_from_db()
    assert case.stage == AWAITING
    assert not ChronologyEvent.objects.filter(case=case).exists()


def test_a_system_actor_takes_only_the_verbs_it_names(personas):
    sweep = SystemActor("sweep", "the sweep", may=frozenset({"close"}))
    case = CaseFactory(stage=AWAITING, locality=personas.home)
    with pytest.raises(ActionNotPermitted):
        transition(case_id=case.pk, verb="allocate", actor=sweep)
    transition(case_id=case.pk, verb="close", actor=sweep, changes={"closure_reason": "other"})
    event = ChronologyEvent.objects.get(case=case)
    assert event.actor is None and event.data["system_actor"] == "sweep"
