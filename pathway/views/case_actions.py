"""Closing and reopening a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pathway import policy
from pathway.forms import CloseCaseForm, ReopenCaseForm
from pathway.models import User
from pathway.selectors.cases import case_get_for_view
from pathway.services.cases import case_close, case_reopen
from pathway.views.common import conflict_redirect
from pathway.workflow import WorkflowError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, "close"):
        raise PermissionDenied
    form = CloseCaseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_close(
                case=case,
                closed_by=user,
                reason=data["reason"],
                note=data["note"],
                expected_version=data["version"],
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Case {case.reference} closed")
            return redirect("case-detail", case.pk)
    return render(request, "pathway/case_close.html", {"case": case, "form": form})


def case_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, "reopen"):
        raise PermissionDenied
    form = ReopenCaseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            case_reopen(
                case=case,
                reopened_by=user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            for messages_ in exc.message_dict.values():
                form.add_error(None, messages_)
        else:
            messages.success(request, f"Case {case.reference} reopened at the front door")
            return redirect("case-detail", case.pk)
    return render(request, "pathway/case_reopen.html", {"case": case, "form": form})
