"""Screenings are made with the active tool, with answers it accepts, and score as
screening.scoring scores them."""

from __future__ import annotations

from pathway.choices import Stage
from screening.models import Screening
from screening.scoring import score_answers, tool_questions
from tests.screening.factories import ScreeningCaseFactory, ScreeningFactory, answers_for


def test_the_answers_cover_every_question_of_the_tool(tool):
    answers = answers_for(tool)
    assert set(answers) == {q.code for q in tool_questions(tool)}
    assert score_answers(tool, answers).score == 0


def test_a_screening_is_a_targeted_caf_applied_at_once(tool):
    screening = ScreeningFactory()
    assert screening.tool == tool and tool.status == "active"
    assert screening.case == screening.contact.case
    result = score_answers(tool, screening.answers)  # valid answers: no ValidationError
    assert (screening.score, screening.computed_level) == (10, "targeted")
    assert (result.score, result.level) == (screening.score, screening.computed_level)
    assert (screening.decision, screening.status, screening.needs_sign_off) == (
        "caf",
        "applied",
        False,
    )
    screening.contact.refresh_from_db()
    assert screening.contact.screened_at is not None


def test_a_critical_answer_waits_for_sign_off_and_leaves_the_contact_queued(tool):
    screening = ScreeningFactory(concerns={"immediate_risk": "yes"}, decision="step_up")
    assert (screening.computed_level, screening.critical_answers) == (
        "statutory",
        ["immediate_risk"],
    )
    assert (screening.status, screening.needs_sign_off) == ("awaiting_sign_off", True)
    screening.contact.refresh_from_db()
    assert screening.contact.screened_at is None


def test_a_signed_off_screening_applies(tool):
    screening = ScreeningFactory(
        level_override="specialist", override_reason="Judgement", signed_off=True
    )
    assert screening.needs_sign_off and screening.status == "applied"
    assert screening.signed_off_by.has_role("senior_practitioner")
    assert screening.signed_off_by != screening.screened_by


def test_a_universal_decision_names_a_universal_service(tool):
    screening = ScreeningFactory(universal=True)
    assert (screening.decision, screening.computed_level) == ("universal", "universal_plus")
    assert screening.universal_service.offers_universal_service


def test_a_case_at_screening_waits_for_its_sign_off(tool):
    case = ScreeningCaseFactory()
    case.refresh_from_db()
    assert (case.stage, case.version, case.level_of_need) == (Stage.SCREENING, 2, "")
    [screening] = Screening.objects.filter(case=case)
    assert (screening.status, screening.computed_level, screening.score) == (
        "awaiting_sign_off",
        "specialist",
        21,
    )
    assert screening.contact.case == case and screening.contact.screened_at is None
    assert [c.pk for c in case.contacts.all()] == [screening.contact.pk]
