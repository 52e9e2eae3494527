"""Issue 10 (low): a 1 MB close note or step-up reason is refused, naming the field and the
limit (10,000 characters), at every door that takes one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from caf.models import Assessment, StepDown
from tests.factories import (
    AllocatedCaseFactory,
    CaseFactory,
    FamilyFactory,
    RecommendationFactory,
    SteppedUpCaseFactory,
    TacCaseFactory,
    TacPlanFactory,
)

MEGABYTE = "x" * 1_000_000
# The error, written out: the limit, and how long the text was.
TOO_LONG = "Keep this to 10,000 characters or fewer (it is 1,000,000)"


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("api-case-close", {"reason": "other", "note": MEGABYTE}, "note"),
        ("api-case-step-up", {"reason": MEGABYTE}, "reason"),
        ("api-case-transfer", {"locality": "north", "reason": MEGABYTE}, "reason"),
    ],
)
def test_a_megabyte_of_free_text_is_a_400_naming_the_field(url, body, field, personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    response = client.post(reverse(url, args=[case.pk]), body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field] == [TOO_LONG]
    case.refresh_from_db()
    assert (case.stage, case.version) == ("allocated", 1)


def test_the_longest_allowed_note_is_kept_whole(personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    note = "y" * 10_000
    response = client.post(
        reverse("api-case-close", args=[case.pk]),
        {"reason": "other", "note": note},
        content_type="application/json",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.closure_note == note


def test_the_close_page_shows_the_limit_next_to_the_field(personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    page = client.post(
        reverse("case-close", args=[case.pk]),
        {"reason": "other", "note": MEGABYTE, "version": case.version},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["note"] == [TOO_LONG]


def test_one_character_over_the_limit_is_refused(personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    response = client.post(
        reverse("api-case-close", args=[case.pk]),
        {"reason": "other", "note": "y" * 10_001},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"note": ["Keep this to 10,000 characters or fewer (it is 10,001)"]}


def test_the_step_up_page_shows_the_limit_next_to_the_reason(personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    page = client.post(
        reverse("case-step-up", args=[case.pk]),
        {"reason": MEGABYTE, "level": "statutory", "version": case.version},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["reason"] == [TOO_LONG]
    case.refresh_from_db()
    assert (case.stage, case.version) == ("allocated", 1)


def test_the_tac_close_page_shows_the_limit_next_to_the_note(personas, client):
    case = TacCaseFactory(locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    page = client.post(
        reverse("tac-close", args=[case.pk]),
        {"reason": "other", "note": MEGABYTE, "version": case.version},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["note"] == [TOO_LONG]
    case.refresh_from_db()
    assert case.stage == "tac"


def test_social_cares_answer_to_a_step_up_keeps_its_note_within_the_limit(personas, client):
    case = SteppedUpCaseFactory(locality=personas.home, family__locality=personas.home)
    step_up = case.step_ups.get()
    client.force_login(personas.senior_practitioner)
    response = client.post(
        reverse("api-step-up-outcome", args=[step_up.pk]),
        {"outcome": "accepted", "note": MEGABYTE},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"note": [TOO_LONG]}
    page = client.post(
        reverse("step-up-outcome", args=[step_up.pk]),
        {"outcome": "accepted", "note": MEGABYTE, "version": case.version},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["note"] == [TOO_LONG]
    step_up.refresh_from_db()
    assert step_up.outcome == ""


def test_a_step_down_reason_over_the_limit_is_a_400(personas, client):
    family = FamilyFactory(locality=personas.home)
    client.force_login(personas.senior_practitioner)
    response = client.post(
        reverse("api-step-downs"),
        {"family": family.pk, "reason": MEGABYTE, "plan": "CAF with the school"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"reason": [TOO_LONG]}
    assert not StepDown.objects.exists()


# The CAF assessment and the Team Around the Family keep their free text within the limit too.


def _allocated_with_caf(personas):
    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    return case, RecommendationFactory(case=case)


def test_a_caf_summary_over_the_limit_is_a_400_and_nothing_is_saved(personas, client):
    case, recommendation = _allocated_with_caf(personas)
    client.force_login(personas.practitioner)
    response = client.post(
        reverse("api-recommendation-complete", args=[recommendation.pk]),
        {"summary": MEGABYTE, "family_views": "We want help"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"summary": [TOO_LONG]}
    assert not Assessment.objects.filter(case=case).exists()


def test_a_caf_need_over_the_limit_is_a_400(personas, client):
    case, recommendation = _allocated_with_caf(personas)
    client.force_login(personas.practitioner)
    response = client.post(
        reverse("api-recommendation-complete", args=[recommendation.pk]),
        {"needs": [{"outcome_area": "FAMILYREL", "needs": MEGABYTE}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"needs": [TOO_LONG]}
    assert not Assessment.objects.filter(case=case).exists()


def test_tac_minutes_and_review_progress_over_the_limit_are_form_errors(personas, client):
    plan = TacPlanFactory(
        case__locality=personas.home, case__lead_professional=personas.practitioner
    )
    case = plan.case
    client.force_login(personas.practitioner)
    held = {"_0": 2, "_1": 11, "_2": 2026}  # a past day
    meeting = client.post(
        reverse("tac-meeting", args=[case.pk]),
        {**{f"held_on{k}": v for k, v in held.items()}, "minutes": MEGABYTE},
    )
    assert meeting.status_code == 200
    assert meeting.context["form"].errors["minutes"] == [TOO_LONG]
    review = client.post(
        reverse("tac-review", args=[case.pk]),
        {**{f"reviewed_on{k}": v for k, v in held.items()}, "progress": MEGABYTE},
    )
    assert review.status_code == 200
    assert review.context["form"].errors["progress"] == [TOO_LONG]
    assert (plan.meetings.count(), plan.reviews.count()) == (0, 0)
