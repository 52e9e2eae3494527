"""Closing and reopening a case."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pathway import policy
from pathway.forms import CloseCaseForm, ReopenCaseForm
from pathway.models import Case, User
from pathway.selectors.cases import case_get_for_view
from pathway.services.cases import case_close, case_reopen
from pathway.views.common import run_action


def _case_for(request: HttpRequest, pk: int, verb: str) -> Case:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, verb):
        raise PermissionDenied
    return case


def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk, "close")
    form = CloseCaseForm(request.POST or None, initial={"version": case.version})
    done = run_action(
        request,
        form,
        lambda d: case_close(
            case=case,
            closed_by=request.user,
            reason=d["reason"],
            note=d["note"],  # type: ignore[arg-type]
            expected_version=d["version"],
        ),
        success=f"Case {case.reference} closed",
        then=lambda: redirect("case-detail", case.pk),
    )
    return done or render(request, "pathway/case_close.html", {"case": case, "form": form})


def case_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk, "reopen")
    form = ReopenCaseForm(request.POST or None, initial={"version": case.version})
    done = run_action(
        request,
        form,
        lambda d: case_reopen(
            case=case,
            reopened_by=request.user,
            reason=d["reason"],  # type: ignore[arg-type]
            expected_version=d["version"],
        ),
        success=f"Case {case.reference} reopened at the front door",
        then=lambda: redirect("case-detail", case.pk),
    )
    return done or render(request, "pathway/case_reopen.html", {"case": case, "form": form})
