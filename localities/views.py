"""The locality leader's work: the allocation queue, allocating with caseloads in view,
reallocation, transfer, and the caseload view for leaders and managers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from localities.forms import AllocateForm, FamilyLocalityForm, TransferForm
from localities.models import Allocation, School
from localities.selectors import (
    allocatable_teams,
    allocatable_workers,
    allocation_queue,
    caseloads,
    visible_localities,
)
from localities.services import (
    case_allocate,
    case_reallocate,
    case_transfer,
    family_locality_change,
)
from pathway import policy
from pathway.calendar import working_calendar_for
from pathway.choices import Role
from pathway.models import Family, User
from pathway.selectors.cases import case_get_for_view
from pathway.views.common import conflict_redirect
from pathway.workflow import WorkflowError

QUEUE_ROLES = (Role.LOCALITY_LEADER, Role.MANAGER, Role.SENIOR_PRACTITIONER)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _form_errors(
    form: AllocateForm | TransferForm | FamilyLocalityForm, exc: ValidationError
) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def allocation_queue_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_role(*QUEUE_ROLES):
        raise PermissionDenied
    localities = visible_localities(user=user)
    selected = request.GET.get("locality", "")
    locality_id = int(selected) if selected.isdigit() else None
    today = timezone.localdate()
    calendar = working_calendar_for(today)
    rows = [
        {
            "case": case,
            "days_left": calendar.working_days_between(today, case.due_on) if case.due_on else None,
            "repeat": (case.contacts_in_year or 0) >= 3,
        }
        for case in allocation_queue(user=user, locality_id=locality_id)
    ]
    return render(
        request,
        "localities/allocation_queue.html",
        {"rows": rows, "localities": localities, "selected": locality_id},
    )


def _allocation_page(request: HttpRequest, pk: int, *, verb: str) -> HttpResponse:
    user = _user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, verb):
        raise PermissionDenied
    form = AllocateForm(
        request.POST or None,
        initial={"version": case.version, "team": case.team_id},
        teams=allocatable_teams(case=case),
        workers=allocatable_workers(case=case),
        reason_required=verb == "reallocate",
    )
    over_capacity = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = case_allocate if verb == "allocate" else case_reallocate
        by = {"allocated_by": user} if verb == "allocate" else {"reallocated_by": user}
        try:
            service(
                case=case,
                team=data["team"],
                worker=data["worker"],
                reason=data["reason"],
                expected_version=data["version"],
                allow_over_capacity=data["allow_over_capacity"],
                **by,  # type: ignore[arg-type]
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            over_capacity = "capacity" in " ".join(exc.message_dict.get("worker", []))
            _form_errors(form, exc)
        else:
            done = "allocated" if verb == "allocate" else "reallocated"
            messages.success(request, f"Case {case.reference} {done} to {data['worker']}")
            if verb == "allocate":
                return redirect("allocation-queue")
            return redirect("case-detail", case.pk)
    localities = list(visible_localities(user=user).filter(pk=case.locality_id))
    loads = [load for team in caseloads(localities=localities) for load in team.workers]
    return render(
        request,
        "localities/allocate.html",
        {
            "case": case,
            "form": form,
            "loads": loads,
            "over_capacity": over_capacity,
            "reallocating": verb == "reallocate",
            "history": Allocation.objects.filter(case=case).select_related(
                "team", "worker", "allocated_by", "locality"
            ),
        },
    )


def allocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _allocation_page(request, pk, verb="allocate")


def reallocate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _allocation_page(request, pk, verb="reallocate")


def transfer_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_act(user, case, "transfer"):
        raise PermissionDenied
    form = TransferForm(
        request.POST or None, initial={"version": case.version}, exclude=case.locality_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_transfer(
                case=case,
                transferred_by=user,
                locality=data["locality"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except WorkflowError as exc:
            return conflict_redirect(request, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                f"Case {case.reference} transferred to {data['locality']}: "
                "its leaders have been told",
            )
            return redirect("allocation-queue")
    return render(request, "localities/transfer.html", {"case": case, "form": form})


def family_locality_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    family = Family.objects.filter(pk=pk).first()
    case = (
        family
        and policy.cases_changeable_by(user).filter(family=family).order_by("-opened_at").first()
    )
    if family is None or case is None:
        raise Http404("No family found")
    if not user.has_role(Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER):
        raise PermissionDenied
    form = FamilyLocalityForm(request.POST or None, initial={"locality": family.locality_id})
    if request.method == "POST" and form.is_valid():
        try:
            family_locality_change(
                family=family,
                changed_by=user,
                locality=form.cleaned_data["locality"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, f"Family {family.reference} is now in {form.cleaned_data['locality']}"
            )
            return redirect("case-detail", case.pk)
    return render(
        request, "localities/family_locality.html", {"family": family, "case": case, "form": form}
    )


def caseloads_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_role(Role.LOCALITY_LEADER, Role.MANAGER):
        raise PermissionDenied
    localities = list(visible_localities(user=user))
    selected = request.GET.get("locality", "")
    chosen = [loc for loc in localities if str(loc.pk) == selected] or localities
    return render(
        request,
        "localities/caseloads.html",
        {
            "teams": caseloads(localities=chosen),
            "localities": localities,
            "selected": selected,
            "schools": School.objects.filter(locality__in=chosen).select_related(
                "locality", "link_worker"
            ),
        },
    )
