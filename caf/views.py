"""Pages for step-up and step-down, the CAF, the Team Around the Family and follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from caf.forms import (
    ActionForm,
    AssessmentForm,
    FollowUpForm,
    MeetingForm,
    MemberForm,
    ReviewForm,
    StepDownForm,
    StepUpForm,
    StepUpOutcomeForm,
    TacCloseForm,
)
from caf.models import ActionItem, Assessment, AssessmentNeed, Recommendation, TacPlan
from caf.selectors import universal_follow_ups
from caf.services import (
    NeedEntry,
    NewAction,
    action_item_set_status,
    caf_assessment_save,
    caf_complete,
    case_step_down,
    case_step_up,
    recommendation_follow_up,
    step_up_record_outcome,
    tac_close,
    tac_meeting_record,
    tac_member_add,
    tac_review_record,
)
from pathway import policy
from pathway.models import Case, OutcomeArea, User
from pathway.selectors.cases import case_get_for_view
from pathway.views.common import (
    add_form_errors,
    case_for_action,
    conflict_redirect,
    current_user,
    run_action,
)
from pathway.workflow import WorkflowError


def step_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = case_for_action(request, pk, "step_up")
    form = StepUpForm(request.POST or None, initial={"version": case.version})
    done = run_action(
        request,
        form,
        lambda d: case_step_up(
            case=case,
            stepped_up_by=user,
            reason=d["reason"],
            level=d["level"],
            expected_version=d["version"],
        ),
        success=f"Case {case.reference} stepped up to children's social care",
        then=lambda: redirect("case-detail", case.pk),
    )
    if done:
        return done
    return render(request, "caf/step_up.html", {"case": case, "form": form})


def step_down_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_step_down(user):
        raise PermissionDenied
    form = StepDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = policy.families_for_step_down(user).filter(pk=form.cleaned_data["family"]).first()
        if family is None:
            form.add_error("family", "There is no family with that record number")
        else:
            try:
                step_down = case_step_down(
                    family=family,
                    stepped_down_by=user,
                    reason=form.cleaned_data["reason"],
                    plan=form.cleaned_data["plan"],
                    social_worker=form.cleaned_data["social_worker"],
                )
            except WorkflowError as exc:
                return conflict_redirect(request, exc)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Family {family.reference} stepped down: case {step_down.case.reference} "
                    f"is in the {step_down.case.locality or 'locality'} allocation queue",
                )
                return redirect("step-down")
    return render(request, "caf/step_down.html", {"form": form})


def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_follow_up_offers(user):
        raise PermissionDenied
    return render(
        request,
        "caf/follow_ups.html",
        {"recommendations": universal_follow_ups(user=user, request=request)},
    )


# --- The CAF assessment and the Team Around the Family -----------------------------------


def caf_assessment_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "assess")
    areas = OutcomeArea.objects.filter(is_active=True)
    assessment = Assessment.objects.filter(case=case, completed_on__isnull=True).first()
    initial: dict[str, object] = {"version": case.version}
    if assessment is not None:
        initial.update(
            family_views=assessment.family_views,
            child_views=assessment.child_views,
            summary=assessment.summary,
        )
        for need in assessment.needs.select_related("outcome_area"):
            initial[f"strengths_{need.outcome_area.code}"] = need.strengths
            initial[f"needs_{need.outcome_area.code}"] = need.needs
        for view in assessment.views.all():
            initial[f"views_{view.child_id}"] = view.views
    form = AssessmentForm(
        request.POST or None, initial=initial, areas=areas, children=case.family.children_now()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        needs = [
            NeedEntry(area.code, data[f"strengths_{area.code}"], data[f"needs_{area.code}"])
            for area in form.areas
        ]
        try:
            caf_assessment_save(
                case=case,
                saved_by=current_user(request),
                child_views=data["child_views"],
                family_views=data["family_views"],
                summary=data["summary"],
                needs=needs,
                expected_version=data["version"],
                children_views=form.children_views(),
            )
            if request.POST.get("action") == "complete":
                caf_complete(
                    case=case,
                    completed_by=current_user(request),
                    expected_version=data["version"],
                )
                messages.success(
                    request, "CAF completed: the Team Around the Family plan has started"
                )
                return redirect("tac", case.pk)
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, "CAF assessment saved")
            return redirect("caf-assessment", case.pk)
    return render(
        request, "caf/assessment.html", {"case": case, "form": form, "assessment": assessment}
    )


def _plan(user: User, case: Case) -> TacPlan:
    plan: TacPlan = policy.get_visible_tac_plan_or_404(user, case)
    return plan


def tac_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    plan = _plan(current_user(request), case)
    return render(
        request,
        "caf/tac.html",
        {
            "case": case,
            "plan": plan,
            "members": plan.members.select_related("agency", "called_in_team", "user"),
            "meetings": plan.meetings.prefetch_related("attendees", "actions").select_related(
                "recorded_by"
            ),
            "actions": plan.actions.select_related("owner", "outcome_area"),
            "reviews": plan.reviews.select_related("recorded_by"),
            # Each need's outcome at closure, by its label.
            "outcomes": AssessmentNeed.objects.filter(
                assessment__case=case, outcome__gt=""
            ).select_related("outcome_area"),
            "can_edit": policy.can_act(user, case, "work_on_plan") and plan.ended_on is None,
            "review_overdue": plan.ended_on is None and plan.next_review_due < timezone.localdate(),
            "statuses": ActionItem.Status.choices,
        },
    )


def tac_member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "work_on_plan")
    plan = _plan(current_user(request), case)
    form = MemberForm(request.POST or None, users=policy.users_who_may_join_a_tac())
    done = run_action(
        request,
        form,
        lambda d: tac_member_add(
            plan=plan,
            added_by=current_user(request),
            name=d["name"],
            role=d["role"],
            agency=d["agency"],
            user=d["user"],
            called_in_team=d["called_in_team"],
            organisation=d["organisation"],
            contact_details=d["contact_details"],
        ),
        success=lambda d: f"{d['name'] or d['user']} added to the Team Around the Family",
        then=lambda: redirect("tac", case.pk),
    )
    if done:
        return done
    return render(request, "caf/tac_member.html", {"case": case, "form": form})


def tac_meeting_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "work_on_plan")
    plan = _plan(current_user(request), case)
    form = MeetingForm(request.POST or None, plan=plan)
    action_forms = [
        ActionForm(
            request.POST or None, plan=plan, prefix=f"action{i}", use_required_attribute=False
        )
        for i in range(3)
    ]
    # An action row left blank is not an action.
    filled = [
        f
        for f in action_forms
        if request.method == "POST" and f.data.get(f"{f.prefix}-description", "").strip()
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in filled):
        data = form.cleaned_data
        actions = [
            NewAction(
                description=f.cleaned_data["description"],
                owner_id=f.cleaned_data["owner"].pk,
                due_on=f.cleaned_data["due_on"],
                outcome_area=f.cleaned_data["outcome_area"].code
                if f.cleaned_data["outcome_area"]
                else "",
            )
            for f in filled
        ]
        try:
            tac_meeting_record(
                plan=plan,
                recorded_by=current_user(request),
                held_on=data["held_on"],
                minutes=data["minutes"],
                attendee_ids=[m.pk for m in data["attendees"]],
                other_attendees=data["other_attendees"],
                actions=actions,
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, "Meeting recorded")
            return redirect("tac", case.pk)
    shown_actions = [
        f if f in filled else ActionForm(plan=plan, prefix=f.prefix) for f in action_forms
    ]
    return render(
        request,
        "caf/tac_meeting.html",
        {"case": case, "form": form, "action_forms": shown_actions, "all_forms": [form, *filled]},
    )


@require_POST
def tac_action_status_view(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "work_on_plan")
    item = ActionItem.objects.filter(pk=action_pk, plan__case=case).first()
    if item is None:
        raise Http404("No such action")
    try:
        action_item_set_status(
            item=item, status=request.POST.get("status", ""), changed_by=current_user(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Action updated")
    return redirect("tac", case.pk)


def tac_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "work_on_plan")
    plan = _plan(current_user(request), case)
    form = ReviewForm(request.POST or None)
    done = run_action(
        request,
        form,
        lambda d: tac_review_record(
            plan=plan,
            recorded_by=current_user(request),
            reviewed_on=d["reviewed_on"],
            progress=d["progress"],
            family_views=d["family_views"],
        ),
        success="Review recorded",
        then=lambda: redirect("tac", case.pk),
    )
    if done:
        return done
    return render(request, "caf/tac_review.html", {"case": case, "form": form, "plan": plan})


def tac_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "close")
    needs = AssessmentNeed.objects.filter(assessment__case=case).select_related("outcome_area")
    form = TacCloseForm(request.POST or None, initial={"version": case.version}, needs=needs)
    done = run_action(
        request,
        form,
        lambda d: tac_close(
            case=case,
            closed_by=current_user(request),
            reason=d["reason"],
            note=d["note"],
            outcomes=form.outcomes(),
            expected_version=d["version"],
        ),
        success=f"Case {case.reference} closed",
        then=lambda: redirect("case-detail", case.pk),
    )
    if done:
        return done
    return render(request, "caf/tac_close.html", {"case": case, "form": form})


# --- Universal follow-up and step-up outcomes ---------------------------------------------


def follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    # As the API finds it: a CAF recommendation is refused by the service's own rule.
    recommendation: Recommendation = policy.get_visible_recommendation_or_404(user, pk)
    if not policy.can_act(user, recommendation.case, "follow_up"):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, initial={"version": recommendation.case.version})
    done = run_action(
        request,
        form,
        lambda d: recommendation_follow_up(
            recommendation=recommendation,
            recorded_by=user,
            uptake=d["uptake"],
            satisfaction=d["satisfaction"],
            comment=d["comment"],
            expected_version=d["version"],
        ),
        success=f"Follow-up recorded for case {recommendation.case.reference}",
        then=lambda: redirect("follow-ups"),
    )
    if done:
        return done
    return render(request, "caf/follow_up.html", {"recommendation": recommendation, "form": form})


def step_up_outcome_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    step_up = policy.get_visible_step_up_or_404(user, pk)
    if not policy.can_record_step_up_outcome(user):
        raise PermissionDenied
    form = StepUpOutcomeForm(request.POST or None, initial={"version": step_up.case.version})
    done = run_action(
        request,
        form,
        lambda d: step_up_record_outcome(
            step_up=step_up,
            recorded_by=user,
            outcome=d["outcome"],
            note=d["note"],
            expected_version=d["version"],
        ),
        success="Social care's decision recorded",
        then=lambda: redirect("case-detail", step_up.case_id),
    )
    if done:
        return done
    return render(request, "caf/step_up_outcome.html", {"step_up": step_up, "form": form})
