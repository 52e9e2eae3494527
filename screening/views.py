"""Screening a contact, and the senior practitioner's sign-off queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.selectors.contacts import contact_get_for_view
from pathway import policy
from pathway.selectors.families import family_context
from pathway.views.common import conflict_redirect, current_user
from pathway.workflow import WorkflowError
from screening.forms import AnswersForm, DecisionForm, SignOffForm
from screening.models import Screening
from screening.scoring import score_answers, tool_questions
from screening.selectors import screening_outcome_message, screenings_awaiting_sign_off
from screening.services import active_tool, case_screen, screening_return, screening_sign_off


def screen_contact(request: HttpRequest, contact_pk: int) -> HttpResponse:
    """Answer the questions, see the computed level, record the decision."""
    user = current_user(request)
    contact = contact_get_for_view(user=user, pk=contact_pk, request=request)
    case = contact.case
    if not policy.can_act(user, case, "screen"):
        raise PermissionDenied
    if (
        contact.screened_at
        or contact.screenings.filter(status__in=["awaiting_sign_off", "applied"]).exists()
    ):
        messages.info(request, f"Contact {contact.reference} has already been screened")
        return redirect("case-detail", case.pk)
    try:
        tool = active_tool()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contact-detail", contact.pk)
    questions = tool_questions(tool)
    answers_form = AnswersForm(request.POST or None, questions=questions)
    result = None
    decision_form = None
    if request.method == "POST" and answers_form.is_valid():
        result = score_answers(tool, answers_form.answers(), questions)
        if request.POST.get("action") == "decide":
            decision_form = DecisionForm(request.POST, computed_level=result.level)
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                try:
                    screening = case_screen(
                        case=case,
                        contact=contact,
                        screened_by=user,
                        answers=answers_form.answers(),
                        decision=data["decision"],
                        rationale=data["rationale"],
                        level_override=data["level_override"],
                        override_reason=data["override_reason"],
                        universal_service=data["universal_service"],
                        expected_version=data["version"],
                    )
                except WorkflowError as exc:
                    return conflict_redirect(request, exc)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        decision_form.add_error(
                            field if field in decision_form.fields else None, errors
                        )
                else:
                    # The case page: the officer keeps sight of a case they screened
                    # (policy: recent front-door work), wherever it has gone.
                    messages.success(request, screening_outcome_message(screening))
                    return redirect("case-detail", case.pk)
        else:
            decision_form = DecisionForm(
                initial={"version": case.version}, computed_level=result.level
            )
    return render(
        request,
        "screening/screen.html",
        {
            "contact": contact,
            "case": case,
            "tool": tool,
            "answers_form": answers_form,
            "result": result,
            "form": decision_form or answers_form,
            "decision_form": decision_form,
            "context": family_context(user=user, family_id=contact.family_id, log=False),
        },
    )


def sign_off_queue(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_sign_off(user):
        raise PermissionDenied
    return render(
        request,
        "screening/sign_off_queue.html",
        {"screenings": screenings_awaiting_sign_off(user=user)},
    )


def screening_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    screening: Screening = policy.get_visible_screening_or_404(user, pk)
    if not policy.can_sign_off(user):
        raise PermissionDenied
    form = SignOffForm(request.POST or None, initial={"version": screening.case.version})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "sign_off":
                screening_sign_off(
                    screening=screening,
                    signed_off_by=user,
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, f"Signed off: {screening.get_decision_display()}")
                return redirect("sign-off-queue")
            if action == "return":
                screening_return(
                    screening=screening,
                    returned_by=user,
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, "Returned to the officer with your comment")
                return redirect("sign-off-queue")
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error("comment" if field == "comment" else None, errors)
    questions = tool_questions(screening.tool)
    answered = [
        (q, next((o for o in q.options.all() if o.value == screening.answers.get(q.code)), None))
        for q in questions
    ]
    return render(
        request,
        "screening/review.html",
        {
            "screening": screening,
            "form": form,
            "answered": answered,
            "context": family_context(
                user=user, family_id=screening.case.family_id, request=request
            ),
        },
    )
