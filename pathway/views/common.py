"""What every page that acts on a case does the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from pathway import policy
from pathway.models import Case, User
from pathway.selectors.cases import case_get_for_view
from pathway.workflow import WorkflowError


def current_user(request: HttpRequest) -> User:
    """The signed-in user (every page but sign-in requires one: LoginRequiredMiddleware)."""
    return request.user  # type: ignore[return-value]


def case_for_action(request: HttpRequest, pk: int, verb: str) -> Case:
    """The case if this user may see it (else 404; the view is logged) and `verb` it (else 403)."""
    user = current_user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, verb):
        raise PermissionDenied
    return case


def conflict_redirect(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
    """Tell the user the case changed or the move is not allowed, and show it as it is now."""
    messages.error(request, exc.message)
    return redirect("case-detail", exc.case.pk)


def add_form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's field errors next to the form's fields (the rest at the top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def run_action(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    *,
    success: str | Callable[[dict[str, Any]], str],
    then: Callable[[], HttpResponse],
) -> HttpResponse | None:
    """The posted-form pattern: if the form is valid, call the service with its data.

    Returns the success redirect (with `success` as a message), the conflict redirect
    when the workflow refuses, or None to show the form again with the service's errors.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        action(data)
    except WorkflowError as exc:
        return conflict_redirect(request, exc)
    except ValidationError as exc:
        add_form_errors(form, exc)
        return None
    messages.success(request, success(data) if callable(success) else success)
    return then()
