"""Screening a contact, and the senior practitioner's sign-off queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from frontdoor.selectors.contacts import contact_get_for_view
from pathway import policy
from pathway.choices import Decision, LevelOfNeed
from pathway.models import Contact, User
from pathway.selectors.families import family_context
from pathway.views.common import conflict_redirect, current_user
from pathway.workflow import WorkflowError
from screening.forms import AnswersForm, DecisionForm, SignOffForm
from screening.models import Screening, ScreeningQuestion, ScreeningTool
from screening.scoring import decision_fit_warning, score_answers, tool_questions
from screening.selectors import screening_outcome_message, screenings_awaiting_sign_off
from screening.services import active_tool, case_screen, screening_return, screening_sign_off

# What the officer may do about a decision that does not fit the level: it is a warning.
FIT_ADVICE = "Check the decision, or record it anyway if your rationale explains why."

# The answers given so far, per contact, kept in the officer's session between the
# sections' pages (they are a draft: nothing is recorded until the decision is).
SESSION_ANSWERS = "screening-answers:{}"


@dataclass(frozen=True)
class Section:
    """One of the tool's sections (domains) and its questions, in the tool's order."""

    code: str
    title: str
    number: int
    questions: list[ScreeningQuestion]


def _sections(questions: list[ScreeningQuestion]) -> list[Section]:
    grouped: dict[int, list[ScreeningQuestion]] = {}
    for question in questions:
        grouped.setdefault(question.domain_id, []).append(question)
    return [
        Section(qs[0].domain.code, qs[0].domain.title, number, qs)
        for number, qs in enumerate(grouped.values(), start=1)
    ]


def _contact_to_screen(
    request: HttpRequest, contact_pk: int
) -> tuple[User, Contact, ScreeningTool] | HttpResponse:
    """The contact, if this user may screen it now, with the active tool; else where to
    go instead (404 for a contact the user may not see, 403 for one they may not screen)."""
    user = current_user(request)
    contact = contact_get_for_view(user=user, pk=contact_pk, request=request)
    if not policy.can_act(user, contact.case, "screen"):
        raise PermissionDenied
    if (
        contact.screened_at
        or contact.screenings.filter(status__in=["awaiting_sign_off", "applied"]).exists()
    ):
        messages.info(request, f"Contact {contact.reference} has already been screened")
        return redirect("case-detail", contact.case_id)
    try:
        tool = active_tool()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contact-detail", contact.pk)
    return user, contact, tool


def _saved_answers(request: HttpRequest, contact: Contact, tool: ScreeningTool) -> dict[str, str]:
    """The answers given so far with this version of the tool; for a screening a senior
    practitioner returned, its answers to start from."""
    saved = request.session.get(SESSION_ANSWERS.format(contact.pk))
    if saved and saved.get("tool") == tool.pk:
        return dict(saved.get("answers") or {})
    returned = (
        contact.screenings.filter(status=Screening.Status.RETURNED, tool=tool)
        .order_by("-screened_at")
        .first()
    )
    return dict(returned.answers) if returned else {}


def _save_answers(
    request: HttpRequest, contact: Contact, tool: ScreeningTool, answers: dict[str, str]
) -> None:
    request.session[SESSION_ANSWERS.format(contact.pk)] = {"tool": tool.pk, "answers": answers}


def _first_unanswered(sections: list[Section], answers: dict[str, str]) -> Section | None:
    return next((s for s in sections if any(q.code not in answers for q in s.questions)), None)


def _fit_warning(decision: str, level: str) -> str:
    warning = decision_fit_warning(decision, level)
    return f"{warning} {FIT_ADVICE}" if warning else ""


def _aside(user: User, contact: Contact) -> dict[str, Any]:
    return {
        "contact": contact,
        "case": contact.case,
        "context": family_context(user=user, family_id=contact.family_id, log=False),
    }


def screen_contact_section(request: HttpRequest, contact_pk: int, section: str) -> HttpResponse:
    """One section of the tool: its questions on one page, kept as the officer goes."""
    found = _contact_to_screen(request, contact_pk)
    if isinstance(found, HttpResponse):
        return found
    user, contact, tool = found
    sections = _sections(tool_questions(tool))
    current = next((s for s in sections if s.code == section), None)
    if current is None:
        raise Http404("No such section in this version of the screening tool")
    answers = _saved_answers(request, contact, tool)
    form = AnswersForm(
        request.POST or None,
        questions=current.questions,
        initial={f"q_{q.code}": answers[q.code] for q in current.questions if q.code in answers},
    )
    if request.method == "POST" and form.is_valid():
        answers.update(form.answers())
        _save_answers(request, contact, tool, answers)
        following = _first_unanswered(sections, answers)
        if following is None:
            return redirect("screen-contact", contact.pk)
        return redirect("screen-contact-section", contact.pk, following.code)
    previous = sections[current.number - 2] if current.number > 1 else None
    return render(
        request,
        "screening/screen_section.html",
        {
            **_aside(user, contact),
            "tool": tool,
            "section": current,
            "section_count": len(sections),
            "back_url": reverse("screen-contact-section", args=[contact.pk, previous.code])
            if previous
            else contact.get_absolute_url(),
            "form": form,
        },
    )


def screen_contact(request: HttpRequest, contact_pk: int) -> HttpResponse:
    """The answers by section (each with a change link), the level of need computed from
    them, then the decision; a decision that does not fit the level is warned about once
    before it is recorded."""
    found = _contact_to_screen(request, contact_pk)
    if isinstance(found, HttpResponse):
        return found
    user, contact, tool = found
    case = contact.case
    questions = tool_questions(tool)
    sections = _sections(questions)
    if request.method == "POST":
        # The answers come back with the decision, as the officer checked them.
        answers_form = AnswersForm(request.POST, questions=questions)
        if not answers_form.is_valid():
            messages.error(request, "Answer every question before you record the decision")
            return redirect("screen-contact", contact.pk)
        answers = answers_form.answers()
        _save_answers(request, contact, tool, answers)
    else:
        answers = _saved_answers(request, contact, tool)
        unanswered = _first_unanswered(sections, answers)
        if unanswered is not None:
            return redirect("screen-contact-section", contact.pk, unanswered.code)
        answers = {q.code: answers[q.code] for q in questions}
    result = score_answers(tool, answers, questions)
    fit_warning = ""
    fit_key = ""
    if request.method == "POST":
        decision_form = DecisionForm(request.POST, computed_level=result.level)
        if decision_form.is_valid():
            data = decision_form.cleaned_data
            level = data["level_override"] or result.level
            fit_warning = _fit_warning(data["decision"], level)
            fit_key = f"{data['decision']}:{level}"
            if not fit_warning or request.POST.get("fit_confirmed") == fit_key:
                try:
                    screening = case_screen(
                        case=case,
                        contact=contact,
                        screened_by=user,
                        answers=answers,
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
                    fit_warning = ""
                    for field, errors in exc.message_dict.items():
                        decision_form.add_error(
                            field if field in decision_form.fields else None, errors
                        )
                else:
                    request.session.pop(SESSION_ANSWERS.format(contact.pk), None)
                    # The case page: the officer keeps sight of a case they screened
                    # (policy: recent front-door work), wherever it has gone.
                    messages.success(request, screening_outcome_message(screening))
                    return redirect("case-detail", case.pk)
    else:
        decision_form = DecisionForm(initial={"version": case.version}, computed_level=result.level)
    labels = {q.code: {o.value: o.label for o in q.options.all()} for q in questions}
    return render(
        request,
        "screening/screen.html",
        {
            **_aside(user, contact),
            "tool": tool,
            "result": result,
            "summary": [
                (section, [(q, labels[q.code].get(answers[q.code], "")) for q in section.questions])
                for section in sections
            ],
            "hidden_answers": [(f"q_{code}", value) for code, value in answers.items()],
            "form": decision_form,
            "decision_form": decision_form,
            "fit_warning": fit_warning,
            # Every decision at every level, for the page to warn as the officer chooses.
            "fit_warnings": {
                decision: {level: _fit_warning(decision, level) for level in LevelOfNeed.values}
                for decision in Decision.values
            },
            "fit_key": fit_key,
            "last_section": sections[-1] if sections else None,
        },
    )


def sign_off_queue(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_sign_off(user):
        raise PermissionDenied
    return render(
        request,
        "screening/sign_off_queue.html",
        {"screenings": screenings_awaiting_sign_off(user=user, request=request)},
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
