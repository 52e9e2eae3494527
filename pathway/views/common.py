from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from pathway.workflow import WorkflowError


def conflict_redirect(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
    """Tell the user the case changed or the move is not allowed, and show it as it is now."""
    messages.error(request, exc.message)
    return redirect("case-detail", exc.case.pk)
