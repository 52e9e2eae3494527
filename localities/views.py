"""The locality leader's allocation queue and the allocation page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from localities.forms import AllocateForm
from localities.selectors import allocatable_teams, allocatable_workers, allocation_queue
from localities.services import case_allocate
from pathway import policy
from pathway.calendar import working_calendar_for
from pathway.choices import Role
from pathway.models import User
from pathway.selectors.cases import case_get_for_view
from pathway.views.common import conflict_redirect
from pathway.workflow import WorkflowError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def allocation_queue_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_role(Role.LOCALITY_LEADER, Role.MANAGER, Role.SENIOR_PRACTITIONER):
        raise PermissionDenied
    today = timezone.localdate()
    calendar = working_calendar_for(today)
    rows = [
        {
            "case": case,
            "days_left": calendar.working_days_between(today, case.due_on) if case.due_on else None,
        }
        for case in allocation_queue(user=user)
    ]
    return render(request, "localities/allocation_queue.html", {"rows": rows})


def allocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, "allocate"):
        raise PermissionDenied
    form = AllocateForm(
        request.POST or None,
        initial={"version": case.version},
        teams=allocatable_teams(case=case),
        workers=allocatable_workers(case=case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_allocate(
                case=case,
                allocated_by=user,
                team=data["team"],
                worker=data["worker"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Case {case.reference} allocated to {data['worker']}")
            return redirect("allocation-queue")
    return render(request, "localities/allocate.html", {"case": case, "form": form})
