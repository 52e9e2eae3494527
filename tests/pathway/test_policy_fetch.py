"""The policy's fetch-for-user helpers: the object when its case is visible; otherwise a 404
that reads exactly like "no such thing" (issue 9: one helper per object, used by every door)."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from caf.models import Recommendation, StepUp, TacPlan
from pathway import policy
from tests.factories import CaseFactory


@pytest.fixture
def records(personas):
    """One of each record on a case the home locality's leader sees, and on one it does not."""

    def on(case):
        return {
            "recommendation": Recommendation.objects.create(
                case=case, kind="caf", made_on=date(2026, 12, 21), due_on=date(2027, 1, 21)
            ),
            "step_up": StepUp.objects.create(
                case=case,
                reason="Concerns",
                level="statutory",
                from_stage="allocated",
                stepped_up_by=personas.senior_practitioner,
            ),
            "tac_plan": TacPlan.objects.create(
                case=case,
                lead_professional=personas.practitioner,
                next_review_due=date(2027, 2, 1),
            ),
        }

    home = CaseFactory(stage="tac", locality=personas.home, family__locality=personas.home)
    away = CaseFactory(stage="tac", locality=personas.away, family__locality=personas.away)
    return {"home": (home, on(home)), "away": (away, on(away))}


HELPERS = {
    "recommendation": policy.get_visible_recommendation_or_404,
    "step_up": policy.get_visible_step_up_or_404,
}


@pytest.mark.parametrize("kind", sorted(HELPERS))
def test_a_record_on_a_visible_case_is_fetched(kind, personas, records):
    _case, objects = records["home"]
    found = HELPERS[kind](personas.locality_leader, objects[kind].pk)
    assert found == objects[kind]


@pytest.mark.parametrize("kind", sorted(HELPERS))
def test_not_visible_and_nonexistent_answer_the_same(kind, personas, records):
    _case, objects = records["away"]
    with pytest.raises(Http404) as hidden:
        HELPERS[kind](personas.locality_leader, objects[kind].pk)
    with pytest.raises(Http404) as missing:
        HELPERS[kind](personas.locality_leader, 987654321)
    with pytest.raises(Http404) as garbage:
        HELPERS[kind](personas.locality_leader, "1; drop table")
    assert str(hidden.value) == str(missing.value) == str(garbage.value)


def test_the_tac_plan_of_a_visible_case_only(personas, records):
    home, objects = records["home"]
    away, _ = records["away"]
    assert policy.get_visible_tac_plan_or_404(personas.practitioner, home) == objects["tac_plan"]
    with pytest.raises(Http404):
        policy.get_visible_tac_plan_or_404(personas.practitioner, away)
    for role in ("partner", "admin", "auditor"):
        with pytest.raises(Http404):
            policy.get_visible_tac_plan_or_404(personas.for_role(role), home)


def test_localities_by_role(personas):
    assert list(policy.localities_visible_to(personas.locality_leader)) == [personas.home]
    assert set(policy.localities_visible_to(personas.manager)) == {personas.home, personas.away}
    assert not policy.localities_visible_to(personas.partner).exists()
    with pytest.raises(Http404):
        policy.get_visible_locality_or_404(personas.locality_leader, personas.away.pk)


def test_families_follow_their_cases(personas, records):
    home, _ = records["home"]
    away, _ = records["away"]
    assert policy.get_visible_family_or_404(personas.locality_leader, home.family_id) == home.family
    with pytest.raises(Http404):
        policy.get_visible_family_or_404(personas.locality_leader, away.family_id)
