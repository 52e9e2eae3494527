"""The performance dashboard (/reports/) and the cases behind a figure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pathway import policy
from pathway.models import AccessLogEntry
from pathway.services.audit import access_log_record
from pathway.views.common import current_user
from reporting.exports import cases_export_response
from reporting.forms import ReportFilterForm
from reporting.measures import UnknownFigure
from reporting.measures.base import Scope
from reporting.presentation import headline_rows, query, table_view
from reporting.selectors import (
    default_period,
    report_cases_for_user,
    report_for_user,
    snapshot_progress,
)
from reporting.services import snapshots_request_month

CASES_PER_PAGE = 100


def _filter(request: HttpRequest) -> tuple[ReportFilterForm, list[Any]]:
    user = current_user(request)
    if not policy.can_read_reports(user):
        raise PermissionDenied
    localities = list(policy.report_localities_for(user).order_by("name"))
    fallback = default_period()
    data = request.GET.copy()
    if "from" not in data and "to" not in data:
        data.update({"from": fallback.start.isoformat(), "to": fallback.end.isoformat()})
    return ReportFilterForm(data, localities=localities), localities


def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form, _ = _filter(request)
    context: dict[str, Any] = {"form": form, "may_rebuild": policy.can_rebuild_reports(user)}
    if not form.is_valid():
        return render(request, "reporting/dashboard.html", context, status=400)
    locality = form.cleaned_data["locality_obj"]
    code = locality.code if locality else ""
    period = form.period
    scope = Scope(period, locality.pk if locality else None)
    with transaction.atomic():
        read = report_for_user(user=user, scope=scope)
        if any(t.get("personal") and t["rows"] for m in read.data["measures"] for t in m["tables"]):
            access_log_record(
                user=user,
                action=AccessLogEntry.Action.LIST,
                what=f"Performance dashboard, {period.start} to {period.end}, "
                f"{locality.name if locality else 'All localities'}",
                request=request,
            )
    previous = report_for_user(user=user, scope=Scope(period.previous(), scope.locality_id))
    last_year = report_for_user(user=user, scope=Scope(period.year_before(), scope.locality_id))
    measures = [
        {
            **measure,
            "tables": [
                table_view(t, period=period, locality_code=code, may_drill=read.may_drill_down)
                for t in measure["tables"]
            ],
        }
        for measure in read.data["measures"]
    ]
    api = reverse("api-performance-report")
    context.update(
        {
            "read": read,
            "period": period,
            "locality": locality,
            "measures": measures,
            "comparison": headline_rows([read.data, previous.data, last_year.data]),
            "previous": period.previous(),
            "last_year": period.year_before(),
            "self_url": f"{reverse('reports-dashboard')}?{query(period, code)}",
            "csv_url": f"{api}?{query(period, code, format='csv')}",
            "xlsx_url": f"{api}?{query(period, code, format='xlsx')}",
            "progress": snapshot_progress(period) if policy.can_rebuild_reports(user) else None,
        }
    )
    return render(request, "reporting/dashboard.html", context)


def report_cases_view(request: HttpRequest) -> HttpResponseBase:
    """The cases behind one figure, for those who may drill down (else 403); only cases the
    user may see (pathway.policy). `format=csv|xlsx` downloads them."""
    user = current_user(request)
    form, _ = _filter(request)
    if not form.is_valid():
        raise Http404("No such figure")
    locality = form.cleaned_data["locality_obj"]
    scope = Scope(form.period, locality.pk if locality else None)
    figure = request.GET.get("figure", "")[:60]
    try:
        cases = report_cases_for_user(user=user, scope=scope, figure=figure)
    except PermissionError:
        raise PermissionDenied from None
    except UnknownFigure:
        raise Http404("No such figure") from None
    where = locality.name if locality else "All localities"
    what = f"Cases behind {figure}, {scope.period.start} to {scope.period.end}, {where}"
    fmt = request.GET.get("format", "")
    with transaction.atomic():
        if fmt in ("csv", "xlsx"):
            return cases_export_response(
                cases=cases, fmt=fmt, what=what, request=request, user=user
            )
        page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        access_log_record(user=user, action=AccessLogEntry.Action.LIST, what=what, request=request)
    code = locality.code if locality else ""
    base = f"{reverse('reports-cases')}?{query(scope.period, code, figure=figure)}"
    return render(
        request,
        "reporting/cases.html",
        {
            "page": page,
            "cases": rows,
            "figure": figure,
            "period": scope.period,
            "locality": locality,
            "csv_url": f"{base}&format=csv",
            "xlsx_url": f"{base}&format=xlsx",
            "back_url": f"{reverse('reports-dashboard')}?{query(scope.period, code)}",
            "page_base": base,
        },
    )


@require_POST
def rebuild_view(request: HttpRequest) -> HttpResponse:
    """A manager asks Celery to rebuild a month's stored snapshots (every locality and the
    whole borough); the dashboard shows how far the builds have got."""
    user = current_user(request)
    if not policy.can_rebuild_reports(user):
        raise PermissionDenied
    localities = list(policy.report_localities_for(user))
    form = ReportFilterForm(request.POST, localities=localities)
    if not form.is_valid() or not form.period.is_whole_month:
        messages.error(request, "Snapshots are rebuilt for a whole calendar month.")
        return redirect("reports-dashboard")
    count = snapshots_request_month(period=form.period, requested_by=user)
    messages.success(
        request, f"{count} snapshots of {form.period.label()} are queued to be rebuilt."
    )
    locality = form.cleaned_data["locality_obj"]
    back = f"{reverse('reports-dashboard')}?{query(form.period, locality.code if locality else '')}"
    return redirect(f"{back}#snapshots")
