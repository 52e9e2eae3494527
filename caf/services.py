"""Recommendations, step-up and step-down: one service per verb, each atomic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from caf.models import (
    ActionItem,
    Assessment,
    AssessmentNeed,
    ChildView,
    Recommendation,
    Review,
    StepDown,
    StepUp,
    TacMeeting,
    TacMember,
    TacPlan,
)
from localities.models import Agency, Locality, Team
from pathway import policy
from pathway.calendar import add_working_days
from pathway.choices import ENDED_STAGES, SENIOR_REVIEW_LEVELS, CaseOrigin, LevelOfNeed, Stage
from pathway.formatting import govuk_date
from pathway.models import Case, Family, Notification, OutcomeArea, User
from pathway.services.chronology import chronology_record
from pathway.services.notifications import NewNotification, notifications_create
from pathway.services.workflow import action_check, lock_case, transition
from pathway.validators import validate_free_text
from pathway.workflow import INITIAL_STAGE, IllegalTransition

if TYPE_CHECKING:
    from screening.models import Screening


def recommendation_make(
    *,
    case: Case,
    kind: str,
    made_on: date,
    agency: Agency | None = None,
    screening: Screening | None = None,
    created_by: User | None = None,
    record: bool = True,
) -> Recommendation:
    """Make a recommendation, due RECOMMENDATION_WORKING_DAYS working days after `made_on`.

    Call inside the transaction of the decision that makes it. With `record=False` the
    decision's own chronology entry says it (screening: one entry per decision).
    """
    due_on = add_working_days(made_on, settings.RECOMMENDATION_WORKING_DAYS)
    recommendation = Recommendation.objects.create(
        case=case,
        kind=kind,
        made_on=made_on,
        due_on=due_on,
        agency=agency,
        screening=screening,
        created_by=created_by,
    )
    if record:
        _record_recommendation(case, recommendation, agency, created_by)
    if kind == Recommendation.Kind.CAF and case.locality_id:
        # Whoever acts next hears of it: the locality's leaders, who allocate.
        notifications_create(
            NewNotification(
                user_id=leader,
                key=f"caf-waiting:rec:{recommendation.pk}:user:{leader}",
                kind=Notification.Kind.ALLOCATION,
                case_id=case.pk,
                message=f"Case {case.reference} needs allocating: CAF due {govuk_date(due_on)}",
                send_email=False,
            )
            for leader in policy.locality_leaders(case.locality_id)
        )
    if kind == Recommendation.Kind.CAF:
        _ask_for_senior_review(case, recommendation)
    return recommendation


def _record_recommendation(
    case: Case, recommendation: Recommendation, agency: Agency | None, created_by: User | None
) -> None:
    chronology_record(
        family=case.family,
        case=case,
        action="recommendation.made",
        actor=created_by,
        summary=(
            f"{recommendation.get_kind_display()} recommendation"
            + (f" ({agency.name})" if agency else "")
            + f", due {govuk_date(recommendation.due_on)}"
        ),
        data={
            "recommendation": recommendation.pk,
            "kind": recommendation.kind,
            "due_on": recommendation.due_on.isoformat(),
        },
    )


def _ask_for_senior_review(case: Case, recommendation: Recommendation) -> None:
    """A CAF waiting for allocation at Specialist or Statutory level is above what a CAF is
    for: the senior practitioners are asked to review it (the queue flags it too)."""
    level, locality = (
        Case.objects.filter(pk=case.pk).values_list("level_of_need", "locality__name").get()
    )
    if level not in SENIOR_REVIEW_LEVELS:
        return
    where = f"{locality}'s" if locality else "a locality's"
    notifications_create(
        NewNotification(
            user_id=senior,
            key=f"senior-review:rec:{recommendation.pk}:user:{senior}",
            kind=Notification.Kind.ESCALATION,
            case_id=case.pk,
            message=f"Case {case.reference} is in {where} CAF queue at "
            f"{LevelOfNeed(level).label} level: review whether it should step up",
            send_email=False,
        )
        for senior in policy.senior_practitioners()
        if senior != recommendation.created_by_id  # who just signed it off has seen it
    )


def recommendations_withdraw(*, case: Case, actor: User | None, why: str) -> int:
    """Withdraw the case's open recommendations (the case left the pathway)."""
    withdrawn = Recommendation.objects.filter(case=case, status=Recommendation.Status.OPEN).update(
        status=Recommendation.Status.WITHDRAWN
    )
    if withdrawn:
        chronology_record(
            family=case.family,
            case=case,
            action="recommendation.withdrawn",
            actor=actor,
            summary=f"{withdrawn} open recommendation(s) withdrawn: {why}",
        )
    return withdrawn


def case_step_up(
    *,
    case: Case,
    stepped_up_by: User,
    reason: str,
    level: str = LevelOfNeed.STATUTORY,
    screening: Screening | None = None,
    expected_version: int | None = None,
    verb: Literal["step_up", "step_up_at_screening"] = "step_up",
) -> StepUp:
    """Step a case up to children's social care, from any open stage.

    `verb` is "step_up_at_screening" when a screening decision carries it out (the front
    door may step up only that way). Raises ValidationError for a missing reason;
    ActionNotPermitted (403); IllegalTransition or StaleCase (409) if the case cannot be
    stepped up now.
    """
    validate_free_text(reason=reason)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is being stepped up"})
    if level not in LevelOfNeed.values:
        raise ValidationError({"level": f"Unknown level of need {level!r}"})
    with transaction.atomic():
        before = Case.objects.select_for_update().get(pk=case.pk).stage
        updated = transition(
            case_id=case.pk,
            verb=verb,
            actor=stepped_up_by,
            expected_version=expected_version,
            summary=f"Stepped up to social care: {reason.strip()}"[:300],
            changes={"level_of_need": level},
        )
        step_up = StepUp.objects.create(
            case=updated,
            screening=screening,
            reason=reason.strip(),
            level=level,
            from_stage=before,
            stepped_up_by=stepped_up_by,
        )
        recommendations_withdraw(case=updated, actor=stepped_up_by, why="stepped up to social care")
    return step_up


def step_up_record_outcome(
    *,
    step_up: StepUp,
    recorded_by: User,
    outcome: str,
    note: str = "",
    expected_version: int | None = None,
) -> StepUp:
    """Record what social care did with a step-up (feeds the NI68-style measure).

    Raises ValidationError, ActionNotPermitted, or StaleCase when `expected_version` is
    given and the case has changed since.
    """
    validate_free_text(note=note)
    if outcome not in StepUp.Outcome.values:
        raise ValidationError({"outcome": f"Choose one of: {', '.join(StepUp.Outcome.values)}"})
    with transaction.atomic():
        action_check(
            case=lock_case(step_up.case_id),
            verb="record_step_up_outcome",
            actor=recorded_by,
            expected_version=expected_version,
        )
        locked = (
            StepUp.objects.select_for_update().select_related("case__family").get(pk=step_up.pk)
        )
        if locked.outcome:
            raise ValidationError({"outcome": "The outcome of this step-up is already recorded"})
        locked.outcome = outcome
        locked.outcome_note = note
        locked.outcome_recorded_by = recorded_by
        locked.outcome_recorded_at = timezone.now()
        locked.save()
        chronology_record(
            family=locked.case.family,
            case=locked.case,
            action="stepup.outcome",
            actor=recorded_by,
            summary=f"Social care: {locked.get_outcome_display().lower()}",
            data={"step_up": locked.pk, "outcome": outcome},
        )
    return locked


def case_step_down(
    *,
    family: Family,
    stepped_down_by: User,
    reason: str,
    plan: str,
    locality: Locality | None = None,
    social_worker: str = "",
) -> StepDown:
    """Step a family down from social care into the pathway, awaiting allocation.

    The family's stepped-up case comes back if it has one; otherwise a new case opens
    with origin "step-down". Either way a CAF recommendation (20 working days) is made
    and the case lands in its locality's allocation queue. Raises ValidationError for
    missing details, or if the family already has an open case on the pathway.
    """
    validate_free_text(reason=reason, plan=plan, social_worker=social_worker)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why social care is stepping the family down"
    if not plan.strip():
        errors["plan"] = "Enter the CAF or Team Around the Family to be put in place"
    if errors:
        raise ValidationError(errors)
    if not policy.can_step_down(stepped_down_by):
        raise PermissionDenied("You may not step families down from social care")
    with transaction.atomic():
        family = Family.objects.select_for_update().get(pk=family.pk)
        if not policy.families_for_step_down(stepped_down_by).filter(pk=family.pk).exists():
            # The same words as for a record number that does not exist.
            raise ValidationError({"family": "There is no family with that record number"})
        if family.cases.exclude(stage__in=ENDED_STAGES).exists():
            raise ValidationError(
                {"family": "This family already has an open case on the pathway: add to that case"}
            )
        stepped_up = family.cases.filter(stage=Stage.STEPPED_UP).order_by("-opened_at").first()
        if stepped_up is not None:
            case = transition(
                case_id=stepped_up.pk,
                verb="step_down",
                actor=stepped_down_by,
                summary=f"Stepped down from social care: {reason.strip()}"[:300],
                changes={
                    # The locality that held the case before, unless social care says otherwise.
                    "locality": locality or stepped_up.locality or family.locality,
                    "team": None,
                    "lead_professional": None,
                },
            )
        else:
            case = Case.objects.create(
                family=family,
                origin=CaseOrigin.STEP_DOWN,
                stage=INITIAL_STAGE[CaseOrigin.STEP_DOWN],
                locality=locality or family.locality,
                level_of_need=LevelOfNeed.TARGETED,
            )
            chronology_record(
                family=family,
                case=case,
                action="case.step_down",
                actor=stepped_down_by,
                summary=f"Case {case.reference} opened by a step-down from social care",
                data={"to": case.stage},
            )
        step_down = StepDown.objects.create(
            case=case,
            from_step_up=StepUp.objects.filter(case=case).order_by("-stepped_up_at").first(),
            reason=reason.strip(),
            plan=plan.strip(),
            social_worker=social_worker,
            stepped_down_by=stepped_down_by,
        )
        recommendation_make(
            case=case,
            kind=Recommendation.Kind.CAF,
            made_on=timezone.localdate(),
            created_by=stepped_down_by,
        )
    return step_down


# --- The CAF assessment ------------------------------------------------------------------


@dataclass(frozen=True)
class NeedEntry:
    outcome_area: str  # OutcomeArea code
    strengths: str = ""
    needs: str = ""


def caf_assessment_save(
    *,
    case: Case,
    saved_by: User,
    child_views: str,
    family_views: str,
    summary: str,
    needs: list[NeedEntry],
    expected_version: int | None = None,
    children_views: dict[int, str] | None = None,
) -> Assessment:
    """Start or update the case's CAF assessment (one per CAF recommendation). Atomic.

    `children_views` is each child's views by their person id: children living in the
    family now (else ValidationError); a blank entry removes that child's views.

    Saving does not move the case or change its version; with `expected_version`, a case
    changed since the user loaded it is refused (StaleCase) and nothing is saved.
    """
    longest_need = max((t for n in needs for t in (n.strengths, n.needs)), key=len, default="")
    children_views = children_views or {}
    validate_free_text(
        child_views=child_views,
        family_views=family_views,
        summary=summary,
        needs=longest_need,
        children_views=max(children_views.values(), key=len, default=""),
    )
    children = {child.pk: child for child in case.family.children_now()}
    strangers = [pk for pk in children_views if pk not in children]
    if strangers:
        raise ValidationError(
            {"children_views": "Record views only for children living in the family"}
        )
    areas = {a.code: a for a in OutcomeArea.objects.filter(is_active=True)}
    unknown = [n.outcome_area for n in needs if n.outcome_area not in areas]
    if unknown:
        raise ValidationError({"needs": f"Unknown outcome area(s): {', '.join(unknown)}"})
    with transaction.atomic():
        locked = lock_case(case.pk)
        action_check(
            case=locked,
            verb="assess",
            actor=saved_by,
            expected_version=expected_version,
            check_stage=False,
        )
        if locked.stage != Stage.ALLOCATED:
            raise IllegalTransition(
                locked,
                "assess",
                f"The CAF assessment is done once the case is allocated; case {locked.reference} "
                f"is at “{locked.get_stage_display()}”.",
            )
        recommendation = _open_caf_recommendation(locked)
        assessment = Assessment.objects.filter(case=locked, completed_on__isnull=True).first()
        if assessment is None:
            assessment = Assessment.objects.create(
                case=locked,
                recommendation=recommendation,
                lead_professional=locked.lead_professional or saved_by,
            )
            chronology_record(
                family=locked.family,
                case=locked,
                action="caf.started",
                actor=saved_by,
                summary="CAF assessment started",
            )
        assessment.child_views = child_views.strip()
        assessment.family_views = family_views.strip()
        assessment.summary = summary.strip()
        assessment.save()
        for pk, views in children_views.items():
            if views.strip():
                ChildView.objects.update_or_create(
                    assessment=assessment, child=children[pk], defaults={"views": views.strip()}
                )
            else:
                ChildView.objects.filter(assessment=assessment, child_id=pk).delete()
        for entry in needs:
            if entry.strengths.strip() or entry.needs.strip():
                AssessmentNeed.objects.update_or_create(
                    assessment=assessment,
                    outcome_area=areas[entry.outcome_area],
                    defaults={"strengths": entry.strengths.strip(), "needs": entry.needs.strip()},
                )
            else:
                AssessmentNeed.objects.filter(
                    assessment=assessment, outcome_area=areas[entry.outcome_area]
                ).delete()
    return assessment


def _open_caf_recommendation(case: Case) -> Recommendation | None:
    return (
        Recommendation.objects.filter(
            case=case, kind=Recommendation.Kind.CAF, status=Recommendation.Status.OPEN
        )
        .order_by("made_on")
        .first()
    )


def caf_complete(*, case: Case, completed_by: User, expected_version: int | None = None) -> TacPlan:
    """Complete the CAF: the CAF recommendation is completed (on time or late), the case
    moves on to its Team Around the Family plan, first review in 6 weeks. Atomic.

    Needs the family's or the child's views and at least one need: the assessment is
    done with the family, not to or for them. Raises ValidationError or a WorkflowError.
    """
    with transaction.atomic():
        locked = lock_case(case.pk)
        # The version first: a stale page is told the case changed, not what it lacks.
        action_check(
            case=locked,
            verb="complete_caf",
            actor=completed_by,
            expected_version=expected_version,
            check_stage=False,
        )
        assessment = Assessment.objects.filter(case=locked, completed_on__isnull=True).first()
        errors = {}
        if assessment is None:
            errors["assessment"] = "Record the CAF assessment before completing it"
        else:
            if not (assessment.family_views or assessment.child_views):
                errors["family_views"] = "Record the family's or the child's own views"
            if not assessment.needs.exists():
                errors["needs"] = "Record the needs in at least one outcome area"
        if errors and locked.stage == Stage.ALLOCATED:
            raise ValidationError(errors)
        # (At any other stage the transition below refuses with a 409.)
        today = timezone.localdate()
        updated = transition(
            case_id=locked.pk,
            verb="complete_caf",
            actor=completed_by,
            expected_version=expected_version,
            summary="CAF assessment completed",
        )
        assert assessment is not None
        assessment.completed_on = today
        assessment.save(update_fields=["completed_on"])
        recommendation = _open_caf_recommendation(updated)
        if recommendation is not None:
            recommendation.status = Recommendation.Status.COMPLETED
            recommendation.completed_on = today
            recommendation.save(update_fields=["status", "completed_on"])
            chronology_record(
                family=updated.family,
                case=updated,
                action="recommendation.completed",
                actor=completed_by,
                summary="CAF recommendation completed "
                + (
                    "on time"
                    if recommendation.on_time
                    else f"late (was due {govuk_date(recommendation.due_on)})"
                ),
                data={"recommendation": recommendation.pk, "on_time": recommendation.on_time},
            )
        lead = updated.lead_professional or completed_by
        plan = TacPlan.objects.create(
            case=updated,
            lead_professional=lead,
            started_on=today,
            next_review_due=today + timedelta(weeks=6),
        )
        TacMember.objects.create(plan=plan, user=lead, name=str(lead), role="Lead professional")
    return plan


# --- Team Around the Family --------------------------------------------------------------


def _plan_for_update(plan: TacPlan, actor: User) -> TacPlan:
    """Lock the plan's case, check the actor may work on the plan, then lock the plan."""
    action_check(case=lock_case(plan.case_id), verb="work_on_plan", actor=actor, check_stage=False)
    locked = (
        TacPlan.objects.select_for_update().select_related("case", "case__family").get(pk=plan.pk)
    )
    if locked.ended_on:
        raise IllegalTransition(
            locked.case, "work_on_plan", "This Team Around the Family has ended."
        )
    return locked


def tac_member_add(
    *,
    plan: TacPlan,
    added_by: User,
    name: str = "",
    role: str = "",
    agency: Agency | None = None,
    user: User | None = None,
    called_in_team: Team | None = None,
    organisation: str = "",
    contact_details: str = "",
) -> TacMember:
    """Add a member: someone with an account (their name, job title and agency come from
    it unless given) or a named professional from outside the service (name required;
    role, organisation, how to reach them). A borough-wide team is called in without
    taking over. Raises ValidationError naming the field."""
    validate_free_text(
        name=name, role=role, organisation=organisation, contact_details=contact_details
    )
    if user is not None:
        name = name.strip() or str(user)
        role = role.strip() or user.job_title
        agency = agency or next((m.agency for m in user.active_memberships if m.agency), None)
    if not name.strip():
        raise ValidationError(
            {"name": "Enter the member's name, or choose someone who uses this service"}
        )
    limits = {"name": 150, "role": 150, "organisation": 150, "contact_details": 200}
    values = {"name": name, "role": role, "organisation": organisation}
    values["contact_details"] = contact_details
    too_long = {
        field: f"Use {limit} characters or fewer"
        for field, limit in limits.items()
        if len(values[field].strip()) > limit
    }
    if too_long:
        raise ValidationError(too_long)
    if called_in_team is not None and called_in_team.locality_id is not None:
        raise ValidationError(
            {"called_in_team": "Only borough-wide specialist teams are called in"}
        )
    with transaction.atomic():
        locked = _plan_for_update(plan, added_by)
        member = TacMember.objects.create(
            plan=locked,
            name=name.strip(),
            role=role.strip(),
            agency=agency,
            user=user,
            called_in_team=called_in_team,
            organisation=organisation.strip(),
            contact_details=contact_details.strip(),
        )
        what = (
            f"{called_in_team.name} called in"
            if called_in_team
            else f"{member.name} joined the team"
        )
        chronology_record(
            family=locked.case.family,
            case=locked.case,
            action="tac.member_added",
            actor=added_by,
            summary=f"{what}"
            + (f" ({agency.name})" if agency else "")
            + (f" ({member.organisation})" if member.organisation and not agency else ""),
        )
    return member


@dataclass(frozen=True)
class NewAction:
    description: str
    owner_id: int
    due_on: date
    outcome_area: str = ""


def tac_meeting_record(
    *,
    plan: TacPlan,
    recorded_by: User,
    held_on: date,
    minutes: str,
    attendee_ids: list[int],
    other_attendees: str = "",
    actions: list[NewAction] | None = None,
) -> TacMeeting:
    """Record a meeting, who came, the minutes and the actions agreed. Atomic."""
    validate_free_text(minutes=minutes)
    errors = {}
    if not minutes.strip():
        errors["minutes"] = "Enter the minutes of the meeting"
    if held_on > timezone.localdate():
        errors["held_on"] = "The meeting date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _plan_for_update(plan, recorded_by)
        members = {m.pk: m for m in locked.members.all()}
        if set(attendee_ids) - set(members):
            raise ValidationError({"attendees": "Attendees must be members of the team"})
        meeting = TacMeeting.objects.create(
            plan=locked,
            held_on=held_on,
            minutes=minutes.strip(),
            other_attendees=other_attendees.strip(),
            recorded_by=recorded_by,
        )
        meeting.attendees.set([members[i] for i in attendee_ids])
        for action in actions or []:
            action_item_add(plan=locked, added_by=recorded_by, action=action, meeting=meeting)
        chronology_record(
            family=locked.case.family,
            case=locked.case,
            action="tac.meeting",
            actor=recorded_by,
            summary=f"Team Around the Family meeting on {govuk_date(held_on)}"
            + (f": {len(actions or [])} action(s) agreed" if actions else ""),
            data={"meeting": meeting.pk},
        )
    return meeting


def action_item_add(
    *, plan: TacPlan, added_by: User, action: NewAction, meeting: TacMeeting | None = None
) -> ActionItem:
    validate_free_text(description=action.description)
    errors = {}
    if not action.description.strip():
        errors["description"] = "Describe the action"
    owner = TacMember.objects.filter(pk=action.owner_id, plan=plan).first()
    if owner is None:
        errors["owner"] = "Choose who owns the action from the team"
    area = None
    if action.outcome_area:
        area = OutcomeArea.objects.filter(code=action.outcome_area).first()
        if area is None:
            errors["outcome_area"] = "Unknown outcome area"
    if errors or owner is None:
        raise ValidationError(errors)
    return ActionItem.objects.create(
        plan=plan,
        meeting=meeting,
        description=action.description.strip(),
        owner=owner,
        due_on=action.due_on,
        outcome_area=area,
    )


def action_item_set_status(*, item: ActionItem, status: str, changed_by: User) -> ActionItem:
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": "Choose open, done or no longer needed"})
    with transaction.atomic():
        action_check(case=lock_case(item.plan.case_id), verb="work_on_plan", actor=changed_by)
        locked = (
            ActionItem.objects.select_for_update()
            .select_related("plan__case__family")
            .get(pk=item.pk)
        )
        locked.status = status
        locked.completed_on = timezone.localdate() if status == ActionItem.Status.DONE else None
        locked.save(update_fields=["status", "completed_on"])
        chronology_record(
            family=locked.plan.case.family,
            case=locked.plan.case,
            action="tac.action",
            actor=changed_by,
            summary=f"Action “{locked.description[:80]}”: {locked.get_status_display().lower()}",
        )
    return locked


def tac_review_record(
    *, plan: TacPlan, recorded_by: User, reviewed_on: date, progress: str, family_views: str = ""
) -> Review:
    """Record a review; the next is due after the plan's interval (6 weeks by default)."""
    validate_free_text(progress=progress, family_views=family_views)
    if not progress.strip():
        raise ValidationError({"progress": "Enter the progress made against the plan"})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The review date must be today or in the past"})
    with transaction.atomic():
        locked = _plan_for_update(plan, recorded_by)
        next_due = reviewed_on + timedelta(weeks=locked.review_interval_weeks)
        review = Review.objects.create(
            plan=locked,
            reviewed_on=reviewed_on,
            progress=progress.strip(),
            family_views=family_views.strip(),
            recorded_by=recorded_by,
            next_review_due=next_due,
        )
        locked.next_review_due = next_due
        locked.review_overdue_flagged_on = None
        locked.save(update_fields=["next_review_due", "review_overdue_flagged_on"])
        chronology_record(
            family=locked.case.family,
            case=locked.case,
            action="tac.review",
            actor=recorded_by,
            summary=f"Plan reviewed; next review due {govuk_date(next_due)}",
        )
    return review


def tac_close(
    *,
    case: Case,
    closed_by: User,
    reason: str,
    note: str = "",
    outcomes: dict[int, str] | None = None,
    expected_version: int | None = None,
) -> Case:
    """Close the Team Around the Family: the outcome for each need, then the case. Atomic."""
    from pathway.services.cases import case_close

    outcomes = outcomes or {}
    if any(o not in AssessmentNeed.Outcome.values for o in outcomes.values()):
        raise ValidationError({"outcomes": "Choose met, partly met or not met for each need"})
    with transaction.atomic():
        plan = TacPlan.objects.select_for_update().filter(case=case, ended_on__isnull=True).first()
        needs = AssessmentNeed.objects.filter(assessment__case=case)
        missing = [
            n.outcome_area.label
            for n in needs.select_related("outcome_area")
            if n.pk not in outcomes
        ]
        if missing:
            raise ValidationError({"outcomes": f"Record the outcome for: {', '.join(missing)}"})
        for need in needs:
            need.outcome = outcomes[need.pk]
            need.save(update_fields=["outcome"])
        closed = case_close(
            case=case,
            closed_by=closed_by,
            reason=reason,
            note=note,
            expected_version=expected_version,
        )
        if plan is not None:
            plan.ended_on = timezone.localdate()
            plan.save(update_fields=["ended_on"])
    return closed


# --- Universal follow-up -------------------------------------------------------------------


def recommendation_follow_up(
    *,
    recommendation: Recommendation,
    recorded_by: User,
    uptake: str,
    satisfaction: int | None,
    comment: str = "",
    expected_version: int | None = None,
) -> Recommendation:
    """Record whether the family took up a universal offer, and how satisfied they were.

    Completes the recommendation (on time if by its due date). When it was the case's
    last open recommendation at the universal-offer stage, the case closes: the family
    has been referred on to a universal service. Atomic. Raises ValidationError,
    IllegalTransition (already followed up), ActionNotPermitted, or StaleCase when
    `expected_version` is given and the case has changed since.
    """
    from pathway.services.cases import case_close

    validate_free_text(comment=comment)
    errors = {}
    if recommendation.kind != Recommendation.Kind.UNIVERSAL:
        errors["recommendation"] = (
            "Only a universal recommendation is followed up; a CAF is completed"
        )
    if uptake not in Recommendation.Uptake.values:
        errors["uptake"] = "Choose whether the family took up the offer"
    if uptake == Recommendation.Uptake.TAKEN_UP and satisfaction is None:
        errors["satisfaction"] = "Record how satisfied the family was, from 1 to 5"
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        errors["satisfaction"] = "Satisfaction is from 1 (very dissatisfied) to 5 (very satisfied)"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = lock_case(recommendation.case_id)
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        # First: whoever followed it up may since have closed the case, and a second
        # submission deserves "already done", not "not allowed".
        if locked.status != Recommendation.Status.OPEN:
            raise IllegalTransition(
                case, "follow_up", "This recommendation has already been followed up."
            )
        action_check(
            case=case, verb="follow_up", actor=recorded_by, expected_version=expected_version
        )
        locked.uptake = uptake
        locked.satisfaction = satisfaction
        locked.satisfaction_comment = comment.strip()
        locked.status = Recommendation.Status.COMPLETED
        locked.completed_on = timezone.localdate()
        locked.save()
        chronology_record(
            family=case.family,
            case=case,
            action="recommendation.followed_up",
            actor=recorded_by,
            summary=f"Universal offer followed up: {locked.get_uptake_display().lower()}"
            + (f", satisfaction {satisfaction}/5" if satisfaction else ""),
            data={"recommendation": locked.pk, "on_time": locked.on_time},
        )
        others_open = Recommendation.objects.filter(
            case=case, status=Recommendation.Status.OPEN
        ).exists()
        if case.stage == Stage.UNIVERSAL_OFFER and not others_open:
            case_close(
                case=case,
                closed_by=recorded_by,
                reason="referred_elsewhere",
                note=f"Universal offer: {locked.get_uptake_display().lower()}",
                verb="close_after_follow_up",
            )
    return locked
