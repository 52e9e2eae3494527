"""The locality leader's work: the allocation queue, allocating with caseloads in view,
reallocation, transfer, and the caseload view for leaders and managers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from localities.forms import AllocateForm, FamilyLocalityForm, TransferForm
from localities.models import Allocation, School
from localities.selectors import (
    allocatable_teams,
    allocatable_workers,
    allocation_queue,
    allocation_worker_groups,
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
from pathway.choices import SENIOR_REVIEW_LEVELS
from pathway.models import AccessLogEntry, Family
from pathway.pagination import page_of
from pathway.services.audit import access_log_record
from pathway.views.common import case_for_action, current_user, run_action


def allocation_queue_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_use_allocation_queue(user):
        raise PermissionDenied
    localities = visible_localities(user=user)
    selected = request.GET.get("locality", "")
    locality_id = int(selected) if selected.isdigit() else None
    today = timezone.localdate()
    calendar = working_calendar_for(today)
    page = page_of(request, allocation_queue(user=user, locality_id=locality_id))
    rows = []
    for case in page.object_list:
        days_left = calendar.working_days_between(today, case.due_on) if case.due_on else None
        rows.append(
            {
                "case": case,
                "days_left": days_left,
                "overdue_by": -days_left if days_left is not None and days_left < 0 else 0,
                "repeat": (case.contacts_in_year or 0) >= settings.REPEAT_CONTACT_THRESHOLD,
                # Above what a CAF is for: a senior practitioner should look again.
                "senior_review": case.level_of_need in SENIOR_REVIEW_LEVELS,
            }
        )
    # The queue lists families: one access-log row per view, as for the case list.
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.LIST,
        what="Allocation queue",
        request=request,
    )
    return render(
        request,
        "localities/allocation_queue.html",
        {"rows": rows, "page": page, "localities": localities, "selected": locality_id},
    )


def _allocation_page(request: HttpRequest, pk: int, *, verb: str) -> HttpResponse:
    user = current_user(request)
    case = case_for_action(request, pk, verb)
    form = AllocateForm(
        request.POST or None,
        initial={"version": case.version, "team": case.team_id},
        teams=allocatable_teams(case=case),
        workers=allocatable_workers(case=case),
        reason_required=verb == "reallocate",
    )
    service = case_allocate if verb == "allocate" else case_reallocate
    by = "allocated_by" if verb == "allocate" else "reallocated_by"
    done = run_action(
        request,
        form,
        lambda d: service(  # type: ignore[operator]
            case=case,
            team=d["team"],
            worker=d["worker"],
            reason=d["reason"],
            expected_version=d["version"],
            allow_over_capacity=d["allow_over_capacity"],
            **{by: user},
        ),
        success=lambda d: f"Case {case.reference} {verb}d to {d['worker']}",
        then=lambda: (
            redirect("allocation-queue") if verb == "allocate" else redirect("case-detail", case.pk)
        ),
    )
    if done:
        return done
    # A worker at capacity: show the warning and the box that confirms it.
    over_capacity = "capacity" in " ".join(str(e) for e in form.errors.get("worker", []))
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
            "worker_groups": allocation_worker_groups(case=case),
            "selected_worker": str(form["worker"].value() or ""),
            "senior_review": case.level_of_need in SENIOR_REVIEW_LEVELS,
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
    user = current_user(request)
    case = case_for_action(request, pk, "transfer")
    form = TransferForm(
        request.POST or None, initial={"version": case.version}, exclude=case.locality_id
    )
    done = run_action(
        request,
        form,
        lambda d: case_transfer(
            case=case,
            transferred_by=user,
            locality=d["locality"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        success=lambda d: (
            f"Case {case.reference} transferred to {d['locality']}: its leaders have been told"
        ),
        then=lambda: redirect("allocation-queue"),
    )
    if done:
        return done
    return render(request, "localities/transfer.html", {"case": case, "form": form})


def family_locality_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    family = Family.objects.filter(pk=pk).first()
    case = (
        family
        and policy.cases_changeable_by(user).filter(family=family).order_by("-opened_at").first()
    )
    if family is None or case is None:
        raise Http404("No family found")
    if not policy.can_change_family_locality(user, family):
        raise PermissionDenied
    form = FamilyLocalityForm(request.POST or None, initial={"locality": family.locality_id})
    done = run_action(
        request,
        form,
        lambda d: family_locality_change(
            family=family, changed_by=user, locality=d["locality"], reason=d["reason"]
        ),
        success=lambda d: f"Family {family.reference} is now in {d['locality']}",
        then=lambda: redirect("case-detail", case.pk),
    )
    if done:
        return done
    return render(
        request, "localities/family_locality.html", {"family": family, "case": case, "form": form}
    )


def caseloads_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_view_caseloads(user):
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
