"""Step-up, step-down and the universal follow-up list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from caf.forms import StepDownForm, StepUpForm
from caf.selectors import universal_follow_ups
from caf.services import case_step_down, case_step_up
from pathway import policy
from pathway.models import Family, User
from pathway.selectors.cases import case_get_for_view
from pathway.views.common import conflict_redirect
from pathway.workflow import WorkflowError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def step_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, "step_up"):
        raise PermissionDenied
    form = StepUpForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            case_step_up(
                case=case,
                stepped_up_by=user,
                reason=form.cleaned_data["reason"],
                level=form.cleaned_data["level"],
                expected_version=form.cleaned_data["version"],
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Case {case.reference} stepped up to children's social care")
            return redirect("case-detail", case.pk)
    return render(request, "caf/step_up.html", {"case": case, "form": form})


def step_down_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not policy.can_step_down(user):
        raise PermissionDenied
    form = StepDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = Family.objects.filter(pk=form.cleaned_data["family"]).first()
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
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    f"Family {family.reference} stepped down: case {step_down.case.reference} "
                    f"is in the {step_down.case.locality or 'locality'} allocation queue",
                )
                return redirect("step-down")
    return render(request, "caf/step_down.html", {"form": form})


def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not policy.can_record_contacts(user):
        raise PermissionDenied
    return render(
        request, "caf/follow_ups.html", {"recommendations": universal_follow_ups(user=user)}
    )
