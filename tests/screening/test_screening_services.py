"""Screening decisions: what each does to the case, sign-off, return, and conflicts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from caf.models import Recommendation, StepUp
from localities.models import Agency
from pathway.calendar import WorkingDayCalendar
from pathway.choices import LevelOfNeed, Stage
from pathway.models import ChronologyEvent
from pathway.workflow import IllegalTransition, StaleCase
from screening.models import Screening
from screening.services import case_screen, screening_return, screening_sign_off
from tests.factories import AllocatedCaseFactory, ContactFactory, TacCaseFactory
from tests.screening.test_scoring import all_answers


@pytest.fixture
def contact(personas):
    return ContactFactory(case__locality=personas.home, case__family__locality=personas.home)


@pytest.fixture
def children_centre(db):
    return Agency.objects.create(
        code="cc",
        name="Children's Centre",
        kind="childrens_centre",
        tier="universal",
        offers_universal_service=True,
    )


def screen(contact, officer, tool, decision="caf", answers=None, **kwargs):
    kwargs.setdefault("rationale", "Family agrees support would help")
    return case_screen(
        case=contact.case,
        contact=contact,
        screened_by=officer,
        answers=answers
        or all_answers(
            tool, domestic_abuse="significant", boundaries="some", parent_substance="some"
        ),
        decision=decision,
        **kwargs,
    )


def test_a_targeted_caf_decision_goes_straight_to_allocation_with_a_due_date(
    personas, contact, tool
):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 21, 10, 0))):
        screening = screen(contact, personas.contact_officer, tool)
    contact.refresh_from_db()
    case = contact.case
    case.refresh_from_db()
    assert screening.status == "applied" and not screening.needs_sign_off
    assert screening.computed_level == LevelOfNeed.TARGETED
    assert case.stage == Stage.AWAITING_ALLOCATION
    assert case.level_of_need == LevelOfNeed.TARGETED
    assert contact.screened_at is not None
    recommendation = Recommendation.objects.get(case=case)
    assert (recommendation.kind, recommendation.made_on, recommendation.due_on) == (
        "caf",
        date(2026, 12, 21),
        date(2027, 1, 21),
    )
    # One decision, one readable entry: no record numbers, what happens next.
    events = ChronologyEvent.objects.filter(case=case)
    assert [(e.action, e.summary) for e in events] == [
        (
            "screening.decided",
            "Screened at level Targeted: CAF recommended, due 21 January 2027; "
            "sent to Central for allocation",
        )
    ]
    assert events.get().data["case_action"] == "case.recommend_caf"
    assert events.get().data["due_on"] == "2027-01-21"


def test_a_universal_decision_makes_a_follow_up(personas, contact, tool, children_centre):
    screen(
        contact,
        personas.contact_officer,
        tool,
        decision="universal",
        universal_service=children_centre,
        answers=all_answers(tool, housing="significant", income="significant"),
    )
    contact.case.refresh_from_db()
    assert contact.case.stage == Stage.UNIVERSAL_OFFER
    recommendation = Recommendation.objects.get(case=contact.case)
    assert (recommendation.kind, recommendation.agency) == ("universal", children_centre)
    calendar = WorkingDayCalendar()
    assert calendar.working_days_between(recommendation.made_on, recommendation.due_on) == 20


def test_a_universal_decision_needs_a_universal_service(personas, contact, tool):
    with pytest.raises(ValidationError) as error:
        screen(contact, personas.contact_officer, tool, decision="universal")
    assert "universal_service" in error.value.message_dict


@pytest.mark.parametrize("decision", ["advice", "nfa"])
def test_advice_or_no_further_action_closes_a_new_case(personas, contact, tool, decision):
    screen(contact, personas.contact_officer, tool, decision=decision, answers=all_answers(tool))
    contact.case.refresh_from_db()
    assert contact.case.stage == Stage.CLOSED
    assert contact.case.closure_reason == "no_further_action"
    assert not Recommendation.objects.exists()


def test_an_override_waits_for_sign_off_and_nothing_leaves_the_front_door(personas, contact, tool):
    screening = screen(
        contact,
        personas.contact_officer,
        tool,
        level_override="targeted",
        override_reason="Three police notifications in a month",
        answers=all_answers(tool, housing="some"),
    )
    contact.case.refresh_from_db()
    assert screening.status == "awaiting_sign_off"
    assert screening.computed_level == LevelOfNeed.UNIVERSAL
    assert contact.case.stage == Stage.SCREENING
    assert not Recommendation.objects.exists()
    contact.refresh_from_db()
    assert contact.screened_at is None

    screening_sign_off(
        screening=screening, signed_off_by=personas.senior_practitioner, comment="Agreed"
    )
    contact.case.refresh_from_db()
    screening.refresh_from_db()
    assert screening.status == "applied" and screening.signed_off_by == personas.senior_practitioner
    assert contact.case.stage == Stage.AWAITING_ALLOCATION
    assert contact.case.level_of_need == LevelOfNeed.TARGETED
    assert Recommendation.objects.get(case=contact.case).kind == "caf"


def test_an_override_needs_a_reason(personas, contact, tool):
    with pytest.raises(ValidationError) as error:
        screen(contact, personas.contact_officer, tool, level_override="targeted")
    assert "override_reason" in error.value.message_dict
    assert not Screening.objects.exists()


def test_a_specialist_decision_needs_sign_off_even_without_override(personas, contact, tool):
    answers = all_answers(
        tool,
        domestic_abuse="significant",
        parent_substance="significant",
        basic_care="significant",
        missing_exploitation="some",
    )
    screening = screen(contact, personas.contact_officer, tool, answers=answers)
    assert screening.computed_level == LevelOfNeed.SPECIALIST
    assert screening.needs_sign_off


def test_a_returned_screening_goes_back_to_the_queue(personas, contact, tool):
    screening = screen(
        contact,
        personas.contact_officer,
        tool,
        decision="step_up",
        answers=all_answers(tool, immediate_risk="yes"),
    )
    with pytest.raises(ValidationError):
        screening_return(
            screening=screening, returned_by=personas.senior_practitioner, comment="  "
        )
    screening_return(
        screening=screening,
        returned_by=personas.senior_practitioner,
        comment="Speak to the school first",
    )
    contact.case.refresh_from_db()
    assert contact.case.stage == Stage.CONTACT
    contact.refresh_from_db()
    assert contact.screened_at is None
    # …and can be screened again.
    again = screen(contact, personas.contact_officer, tool)
    assert again.status == "applied"


def test_nobody_signs_off_their_own_screening(personas, contact, tool):
    screening = screen(
        contact,
        personas.senior_practitioner,
        tool,
        decision="step_up",
        answers=all_answers(tool, abuse_disclosed="yes"),
    )
    with pytest.raises(ValidationError, match="yourself"):
        screening_sign_off(screening=screening, signed_off_by=personas.senior_practitioner)


def test_a_step_up_decision_records_the_step_up(personas, contact, tool):
    screening = screen(
        contact,
        personas.contact_officer,
        tool,
        decision="step_up",
        answers=all_answers(tool, immediate_risk="yes"),
        rationale="Child at risk tonight",
    )
    screening_sign_off(screening=screening, signed_off_by=personas.senior_practitioner)
    contact.case.refresh_from_db()
    assert contact.case.stage == Stage.STEPPED_UP
    step_up = StepUp.objects.get(case=contact.case)
    assert (step_up.reason, step_up.level, step_up.screening) == (
        "Child at risk tonight",
        "statutory",
        screening,
    )


def test_signing_off_twice_is_a_conflict(personas, contact, tool):
    screening = screen(
        contact, personas.contact_officer, tool, level_override="targeted", override_reason="x"
    )
    screening_sign_off(screening=screening, signed_off_by=personas.senior_practitioner)
    with pytest.raises(IllegalTransition, match="no longer waiting"):
        screening_sign_off(screening=screening, signed_off_by=personas.senior_practitioner)


def test_a_contact_cannot_be_screened_twice(personas, contact, tool):
    screen(contact, personas.contact_officer, tool)
    with pytest.raises(IllegalTransition, match="already been screened"):
        screen(contact, personas.senior_practitioner, tool)


def test_a_stale_screen_is_refused(personas, contact, tool):
    with pytest.raises(StaleCase):
        screen(contact, personas.contact_officer, tool, expected_version=contact.case.version + 1)


def test_a_repeat_contact_on_an_allocated_case_records_existing_caf(personas, tool):
    case = AllocatedCaseFactory(locality=personas.home)
    repeat = ContactFactory(case=case, family=case.family)
    screen(repeat, personas.contact_officer, tool, decision="existing_caf")
    case.refresh_from_db()
    assert case.stage == Stage.ALLOCATED  # unchanged: the CAF continues
    repeat.refresh_from_db()
    assert repeat.screened_at is not None
    [event] = ChronologyEvent.objects.filter(case=case)  # one entry for the decision
    assert (event.action, event.data["case_action"]) == (
        "screening.decided",
        "case.record_existing_caf",
    )
    assert event.summary == "Screened at level Targeted: Contact linked to the existing CAF"


def test_a_caf_decision_on_a_case_that_has_one_is_refused_with_advice(personas, tool):
    case = TacCaseFactory(locality=personas.home)
    repeat = ContactFactory(case=case, family=case.family)
    with pytest.raises(IllegalTransition, match="record “Existing CAF” instead"):
        screen(repeat, personas.contact_officer, tool, decision="caf")
    assert not Screening.objects.exists()


def test_existing_caf_on_a_new_case_is_refused(personas, contact, tool):
    with pytest.raises(IllegalTransition, match="no CAF on this case yet"):
        screen(contact, personas.contact_officer, tool, decision="existing_caf")


def test_advice_on_a_repeat_contact_leaves_the_case_open(personas, tool):
    case = AllocatedCaseFactory(locality=personas.home)
    repeat = ContactFactory(case=case, family=case.family)
    screen(repeat, personas.contact_officer, tool, decision="advice", answers=all_answers(tool))
    case.refresh_from_db()
    assert case.stage == Stage.ALLOCATED


def test_screenings_keep_the_tool_version_they_used(personas, contact, tool):
    from screening.services import screening_tool_copy, screening_tool_publish

    screening = screen(contact, personas.contact_officer, tool)
    screening_tool_publish(tool=screening_tool_copy(tool=tool))
    screening.refresh_from_db()
    assert screening.tool == tool and screening.tool.status == "retired"


def test_the_recommendation_counts_from_the_day_of_the_screening(personas, contact, tool):
    screened_on = timezone.make_aware(timezone.datetime(2026, 3, 27, 16, 0))
    with time_machine.travel(screened_on):
        screening = screen(
            contact,
            personas.contact_officer,
            tool,
            level_override="targeted",
            override_reason="Judgement",
        )
    with time_machine.travel(screened_on + timedelta(days=4)):
        screening_sign_off(screening=screening, signed_off_by=personas.senior_practitioner)
    assert Recommendation.objects.get().due_on == date(2026, 4, 28)


def test_the_locality_leader_hears_that_a_caf_needs_allocating(personas, contact, tool):
    from pathway.models import Notification

    screen(contact, personas.contact_officer, tool)
    notification = Notification.objects.get(user=personas.locality_leader)
    assert notification.kind == "allocation"
    assert f"Case {contact.case.reference} needs allocating" in notification.message


def test_the_family_context_shows_each_contacts_outcome(personas, contact, tool):
    from pathway.selectors.families import family_context

    screen(contact, personas.contact_officer, tool)
    context = family_context(user=personas.contact_officer, family_id=contact.family_id)
    assert [c.outcome for c in context.recent_contacts] == ["CAF recommendation"]


def test_the_sign_off_queue_lists_what_waits_for_senior_practitioners_only(
    personas, contact, tool, client
):
    from django.urls import reverse

    waiting = screen(
        contact,
        personas.contact_officer,
        tool,
        level_override="targeted",
        override_reason="Pattern of contacts",
    )
    other = ContactFactory(case__locality=personas.home)
    screen(other, personas.contact_officer, tool)  # applied at once: not in the queue
    client.force_login(personas.senior_practitioner)
    queue = client.get(reverse("sign-off-queue"))
    assert list(queue.context["screenings"]) == [waiting]
    review = client.post(
        reverse("screening-review", args=[waiting.pk]),
        {"action": "return", "comment": "", "version": waiting.case.version},
    )
    assert review.status_code == 200  # a return needs a comment
    assert "Enter what the officer needs to reconsider" in review.content.decode()
    for role in ("contact_officer", "locality_leader", "manager"):
        client.force_login(personas.for_role(role))
        assert client.get(reverse("sign-off-queue")).status_code == 403
        assert client.get(reverse("screening-review", args=[waiting.pk])).status_code == 403


def test_a_decision_signed_off_is_one_entry_for_each_of_the_two_decisions(personas, contact, tool):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 21, 10, 0))):
        screening = screen(
            contact,
            personas.contact_officer,
            tool,
            level_override=LevelOfNeed.UNIVERSAL_PLUS,
            override_reason="Mum is already working with the health visitor",
            decision="caf",
        )
        screening_sign_off(
            screening=screening, signed_off_by=personas.senior_practitioner, comment="Agreed"
        )
    summaries = [
        e.summary for e in ChronologyEvent.objects.filter(case=contact.case).order_by("pk")
    ]
    assert summaries == [
        "Screened: CAF recommendation, level Universal Plus (computed Targeted, overridden); "
        "waiting for a senior practitioner's sign-off",
        "Screening signed off: CAF recommended, due 21 January 2027; sent to Central for "
        "allocation. Agreed",
    ]
