"""Every entry of the transition table, allowed and refused, plus staleness and atomicity."""

from __future__ import annotations

import pytest
from django.db import transaction

from pathway.choices import Stage
from pathway.models import ChronologyEvent
from pathway.workflow import TRANSITIONS, IllegalTransition, StaleCase, allowed_verbs, transition
from tests.factories import STAGE_FACTORIES

CASES = [(verb, stage) for verb in TRANSITIONS for stage in Stage.values]


@pytest.mark.parametrize("verb, stage", CASES, ids=[f"{v}-from-{s}" for v, s in CASES])
def test_every_verb_from_every_stage(verb, stage, personas):
    case = STAGE_FACTORIES[stage](locality=personas.home, family__locality=personas.home)
    rule = TRANSITIONS[verb]
    if stage in rule.sources:
        moved = transition(case_id=case.pk, verb=verb, actor=personas.senior_practitioner)
        assert moved.stage == (rule.target or stage)
        assert moved.version == case.version + 1
        event = ChronologyEvent.objects.get(case=case, action=f"case.{verb}")
        assert event.actor == personas.senior_practitioner
        assert event.data == {"from": stage, "to": moved.stage}
    else:
        with pytest.raises(IllegalTransition) as refused:
            transition(case_id=case.pk, verb=verb, actor=personas.senior_practitioner)
        assert refused.value.as_dict()["stage"] == stage
        case.refresh_from_db()
        assert case.stage == stage
        assert not ChronologyEvent.objects.filter(case=case).exists()


def test_the_table_connects_every_open_stage_to_an_end():
    for stage in Stage.values:
        assert allowed_verbs(stage), f"{stage} is a dead end"
    reachable = {Stage.CONTACT}
    frontier = [Stage.CONTACT]
    while frontier:
        stage = frontier.pop()
        for verb in allowed_verbs(stage):
            target = TRANSITIONS[verb].target or stage
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(Stage.values)


def test_a_stale_version_is_refused_and_nothing_changes(personas):
    case = STAGE_FACTORIES["awaiting_allocation"](locality=personas.home)
    transition(case_id=case.pk, verb="allocate", actor=personas.locality_leader, expected_version=1)
    with pytest.raises(StaleCase) as stale:
        transition(
            case_id=case.pk, verb="close", actor=personas.locality_leader, expected_version=1
        )
    assert "changed by someone else" in stale.value.message
    case.refresh_from_db()
    assert (case.stage, case.version) == ("allocated", 2)


def test_closing_stamps_and_reopening_clears_the_closure(personas):
    case = STAGE_FACTORIES["tac"](locality=personas.home)
    closed = transition(case_id=case.pk, verb="close", actor=None, closure_reason="needs_met")
    assert closed.closed_at is not None
    reopened = transition(case_id=case.pk, verb="reopen", actor=None)
    assert reopened.closed_at is None and reopened.closure_reason == ""


def test_a_transition_is_undone_with_the_transaction_around_it(personas):
    case = STAGE_FACTORIES["awaiting_allocation"](locality=personas.home)
    with pytest.raises(RuntimeError), transaction.atomic():
        transition(case_id=case.pk, verb="allocate", actor=None)
        raise RuntimeError("something after the move failed")
    case.refresh_from_db()
    assert case.stage == "awaiting_allocation"
    assert not ChronologyEvent.objects.filter(case=case).exists()
