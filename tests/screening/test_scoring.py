from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pathway.choices import LevelOfNeed
from screening.models import ScreeningTool
from screening.scoring import score_answers, tool_questions
from screening.services import screening_tool_copy, screening_tool_publish


def all_answers(tool, default="none", **overrides):
    answers = {}
    for question in tool_questions(tool):
        values = [o.value for o in question.options.all()]
        answers[question.code] = default if default in values else values[0]
    answers.update(overrides)
    return answers


@pytest.mark.parametrize(
    "overrides, score, level",
    [
        ({}, 0, LevelOfNeed.UNIVERSAL),
        ({"housing": "significant"}, 2, LevelOfNeed.UNIVERSAL),
        ({"housing": "significant", "income": "significant"}, 4, LevelOfNeed.UNIVERSAL_PLUS),
        (
            {"domestic_abuse": "significant", "parent_substance": "some"},
            9,
            LevelOfNeed.UNIVERSAL_PLUS,
        ),
        (
            {"domestic_abuse": "significant", "parent_substance": "some", "boundaries": "some"},
            10,
            LevelOfNeed.TARGETED,
        ),
        (
            {
                "domestic_abuse": "significant",
                "parent_substance": "significant",
                "basic_care": "significant",
                "missing_exploitation": "some",
            },
            21,
            LevelOfNeed.SPECIALIST,
        ),
        (
            {
                "domestic_abuse": "significant",
                "parent_substance": "significant",
                "basic_care": "significant",
                "missing_exploitation": "significant",
                "education": "significant",
            },
            28,
            LevelOfNeed.SPECIALIST,
        ),
        (
            {
                "domestic_abuse": "significant",
                "parent_substance": "significant",
                "basic_care": "significant",
                "missing_exploitation": "significant",
                "education": "significant",
                "warmth": "some",
            },
            30,
            LevelOfNeed.STATUTORY,
        ),
    ],
)
def test_thresholds_map_scores_to_levels(tool, overrides, score, level):
    result = score_answers(tool, all_answers(tool, **overrides))
    assert (result.score, result.level) == (score, level)


def test_one_critical_answer_forces_statutory(tool):
    result = score_answers(tool, all_answers(tool, immediate_risk="yes"))
    assert result.score == 0
    assert result.level == LevelOfNeed.STATUTORY
    assert result.critical == ["immediate_risk"]


def test_not_known_scores_nothing(tool):
    assert score_answers(tool, all_answers(tool, default="not_known")).score == 0


def test_every_question_must_be_answered_with_a_real_answer(tool):
    answers = all_answers(tool)
    del answers["housing"]
    answers["income"] = "catastrophic"
    answers["made_up"] = "none"
    with pytest.raises(ValidationError) as error:
        score_answers(tool, answers)
    messages = " ".join(error.value.message_dict["answers"])
    assert "housing" in messages and "income" in messages and "made_up" in messages


def test_a_new_version_changes_weights_without_touching_the_old(tool):
    draft = screening_tool_copy(tool=tool)
    assert (draft.version, draft.status) == (2, "draft")
    option = (
        draft.domains.get(code="family")
        .questions.get(code="housing")
        .options.get(value="significant")
    )
    option.points = 10
    option.save()
    draft.targeted_from = 9
    draft.save()
    screening_tool_publish(tool=draft)
    tool.refresh_from_db()
    assert tool.status == "retired"
    assert ScreeningTool.objects.get(status="active") == draft
    assert (
        score_answers(tool, all_answers(tool, housing="significant")).level == LevelOfNeed.UNIVERSAL
    )
    assert (
        score_answers(draft, all_answers(draft, housing="significant")).level
        == LevelOfNeed.TARGETED
    )


def test_only_a_draft_can_be_published(tool):
    with pytest.raises(ValidationError):
        screening_tool_publish(tool=tool)


def test_administrators_cannot_edit_a_published_version(personas, client, tool):
    personas.admin.is_staff = True
    personas.admin.save()
    client.force_login(personas.admin)
    url = f"/admin/screening/screeningtool/{tool.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # read-only
    draft = screening_tool_copy(tool=tool)
    assert (
        b'name="_save"' in client.get(f"/admin/screening/screeningtool/{draft.pk}/change/").content
    )
