"""The CAF assessment, its completion on time or late, and the Team Around the Family."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caf.models import ActionItem, AssessmentNeed, Recommendation, TacPlan
from caf.services import (
    NeedEntry,
    NewAction,
    action_item_set_status,
    caf_assessment_save,
    caf_complete,
    tac_close,
    tac_meeting_record,
    tac_member_add,
    tac_review_record,
)
from caf.sweep import deadlines_sweep
from localities.models import Agency, Team
from pathway.choices import Stage
from pathway.models import Notification
from pathway.workflow import IllegalTransition
from tests.factories import AllocatedCaseFactory


@pytest.fixture
def allocated(personas):
    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    Recommendation.objects.create(
        case=case, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    return case


def assess(case, user, family_views="We want help with the mornings", needs=None):
    return caf_assessment_save(
        case=case,
        saved_by=user,
        child_views="School is hard",
        family_views=family_views,
        summary="Mum and dad agree",
        needs=needs
        if needs is not None
        else [
            NeedEntry(
                "EDUCATION", strengths="Good relationship with teacher", needs="Attendance 82%"
            ),
            NeedEntry("FAMILYREL", needs="Arguments at bedtime"),
        ],
    )


@pytest.mark.parametrize(
    "completed_on, on_time", [(date(2026, 11, 30), True), (date(2026, 12, 1), False)]
)
def test_completing_the_caf_completes_the_recommendation_on_time_or_late(
    personas, allocated, completed_on, on_time
):
    assess(allocated, personas.practitioner)
    with time_machine.travel(
        timezone.make_aware(
            timezone.datetime.combine(completed_on, timezone.datetime.min.time()).replace(hour=11)
        )
    ):
        plan = caf_complete(case=allocated, completed_by=personas.practitioner)
    recommendation = Recommendation.objects.get(case=allocated)
    assert (recommendation.status, recommendation.completed_on, recommendation.on_time) == (
        "completed",
        completed_on,
        on_time,
    )
    allocated.refresh_from_db()
    assert allocated.stage == Stage.TAC
    assert plan.lead_professional == personas.practitioner
    assert plan.next_review_due == completed_on + timedelta(weeks=6)
    assert plan.members.get().role == "Lead professional"


def test_the_caf_is_done_with_the_family(personas, allocated):
    assess(allocated, personas.practitioner, family_views="", needs=[])
    allocated.assessments.update(child_views="")
    with pytest.raises(ValidationError) as error:
        caf_complete(case=allocated, completed_by=personas.practitioner)
    assert {"family_views", "needs"} <= set(error.value.message_dict)
    allocated.refresh_from_db()
    assert allocated.stage == Stage.ALLOCATED


def test_the_assessment_waits_for_allocation(personas):
    case = AllocatedCaseFactory(locality=personas.home, stage="awaiting_allocation")
    with pytest.raises(IllegalTransition):
        assess(case, personas.locality_leader)


def test_a_needs_area_emptied_is_removed(personas, allocated):
    assessment = assess(allocated, personas.practitioner)
    assess(
        allocated,
        personas.practitioner,
        needs=[NeedEntry("EDUCATION", needs="Attendance"), NeedEntry("FAMILYREL")],
    )
    assert [n.outcome_area.code for n in assessment.needs.all()] == ["EDUCATION"]


@pytest.fixture
def plan(personas, allocated):
    assess(allocated, personas.practitioner)
    return caf_complete(case=allocated, completed_by=personas.practitioner)


def test_members_from_any_agency_and_called_in_teams(personas, plan):
    school = Agency.objects.create(
        code="school", name="Banks Lane Junior", kind="education", tier="universal"
    )
    yos = Team.objects.create(
        code="yos", name="Youth Offending Service", kind="specialist", locality=None
    )
    tac_member_add(
        plan=plan,
        added_by=personas.practitioner,
        name="Mrs Patel",
        role="Class teacher",
        agency=school,
    )
    member = tac_member_add(
        plan=plan, added_by=personas.practitioner, name="YOS worker", called_in_team=yos
    )
    assert member.called_in_team == yos
    case = type(plan.case).objects.get(pk=plan.case_id)
    assert case.lead_professional == personas.practitioner  # called in, not taken over
    assert case.team != yos
    local = Team.objects.create(code="local", name="Local team", locality=personas.home)
    with pytest.raises(ValidationError):
        tac_member_add(plan=plan, added_by=personas.practitioner, name="x", called_in_team=local)


def test_a_meeting_with_attendees_minutes_and_actions(personas, plan):
    teacher = tac_member_add(plan=plan, added_by=personas.practitioner, name="Mrs Patel")
    lead = plan.members.get(role="Lead professional")
    meeting = tac_meeting_record(
        plan=plan,
        recorded_by=personas.practitioner,
        held_on=timezone.localdate(),
        minutes="Agreed a morning routine chart.",
        attendee_ids=[teacher.pk, lead.pk],
        other_attendees="Mum",
        actions=[
            NewAction(
                "Morning routine chart",
                owner_id=lead.pk,
                due_on=timezone.localdate() + timedelta(days=14),
                outcome_area="FAMILYREL",
            ),
            NewAction(
                "Attendance check-in weekly",
                owner_id=teacher.pk,
                due_on=timezone.localdate() + timedelta(days=7),
            ),
        ],
    )
    assert set(meeting.attendees.all()) == {teacher, lead}
    assert meeting.actions.count() == 2
    action = ActionItem.objects.get(description="Morning routine chart")
    action_item_set_status(item=action, status="done", changed_by=personas.practitioner)
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == timezone.localdate()


def test_meeting_errors(personas, plan):
    with pytest.raises(ValidationError) as error:
        tac_meeting_record(
            plan=plan,
            recorded_by=personas.practitioner,
            held_on=timezone.localdate() + timedelta(days=1),
            minutes=" ",
            attendee_ids=[],
        )
    assert {"minutes", "held_on"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        tac_meeting_record(
            plan=plan,
            recorded_by=personas.practitioner,
            held_on=timezone.localdate(),
            minutes="x",
            attendee_ids=[],
            actions=[NewAction("x", owner_id=999999, due_on=timezone.localdate())],
        )


def test_an_overdue_review_is_flagged_by_the_sweep_and_cleared_by_a_review(personas, plan):
    overdue_day = plan.next_review_due + timedelta(days=1)
    result = deadlines_sweep(today=overdue_day)
    assert result.reviews_overdue == 1
    assert (
        Notification.objects.filter(user=personas.practitioner, kind="review_overdue").count() == 1
    )
    assert deadlines_sweep(today=overdue_day).reviews_overdue == 0  # once
    with time_machine.travel(
        timezone.make_aware(
            timezone.datetime.combine(overdue_day, timezone.datetime.min.time()).replace(hour=10)
        )
    ):
        review = tac_review_record(
            plan=plan,
            recorded_by=personas.practitioner,
            reviewed_on=overdue_day,
            progress="Attendance up to 91%",
        )
    plan.refresh_from_db()
    assert plan.next_review_due == overdue_day + timedelta(weeks=6) == review.next_review_due
    assert plan.review_overdue_flagged_on is None
    # The next review's lateness is flagged afresh.
    assert deadlines_sweep(today=plan.next_review_due + timedelta(days=1)).reviews_overdue == 1


def test_closing_records_an_outcome_for_every_need(personas, plan):
    needs = AssessmentNeed.objects.filter(assessment__case=plan.case)
    with pytest.raises(ValidationError):
        tac_close(
            case=plan.case,
            closed_by=personas.practitioner,
            reason="needs_met",
            outcomes={needs.first().pk: "met"},
        )
    closed = tac_close(
        case=plan.case,
        closed_by=personas.practitioner,
        reason="needs_met",
        outcomes={n.pk: "met" for n in needs},
    )
    assert closed.stage == Stage.CLOSED and closed.closure_reason == "needs_met"
    assert set(needs.values_list("outcome", flat=True)) == {"met"}
    assert TacPlan.objects.get(pk=plan.pk).ended_on == timezone.localdate()


def test_the_tac_pages_work_end_to_end(personas, plan, client):
    client.force_login(personas.practitioner)
    case = plan.case
    assert client.get(reverse("tac", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("tac-member-add", args=[case.pk]), {"name": "Health visitor", "role": "HV"}
    )
    assert response.status_code == 302
    lead = plan.members.get(role="Lead professional")
    today = timezone.localdate()
    response = client.post(
        reverse("tac-meeting", args=[case.pk]),
        {
            "held_on_0": today.day,
            "held_on_1": today.month,
            "held_on_2": today.year,
            "attendees": [lead.pk],
            "minutes": "First meeting",
            "action0-description": "Book parenting course",
            "action0-owner": lead.pk,
            "action0-due_on_0": today.day,
            "action0-due_on_1": today.month,
            "action0-due_on_2": today.year + 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert plan.actions.get().description == "Book parenting course"
    page = client.get(reverse("tac", args=[case.pk])).content.decode()
    assert "Book parenting course" in page and "First meeting" in page
    # A meeting without minutes is sent back with the error next to the field.
    response = client.post(
        reverse("tac-meeting", args=[case.pk]),
        {
            "held_on_0": today.day,
            "held_on_1": today.month,
            "held_on_2": today.year,
            "minutes": "",
        },
    )
    assert (
        response.status_code == 200
        and "Enter the minutes of the meeting" in response.content.decode()
    )
