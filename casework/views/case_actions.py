"""Closing and reopening a case."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casework.forms import CloseCaseForm, ReopenCaseForm
from pathway.services.cases import case_close, case_reopen
from pathway.views.common import case_for_action, run_action


def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "close")
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
    return done or render(request, "casework/case_close.html", {"case": case, "form": form})


def case_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_action(request, pk, "reopen")
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
    return done or render(request, "casework/case_reopen.html", {"case": case, "form": form})
