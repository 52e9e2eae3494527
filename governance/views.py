"""The information-governance auditor's pages: the access log searched, paged and exported,
and who has looked at one person's record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from governance.csv_export import csv_lines
from governance.forms import AccessLogSearchForm
from pathway import policy
from pathway.models import AccessLogEntry
from pathway.selectors.audit import access_log, access_log_about_person
from pathway.services.audit import access_log_record
from pathway.views.common import current_user

PAGE_SIZE = 50
CSV_HEADER = [
    "when",
    "user",
    "username",
    "action",
    "what",
    "purpose",
    "case",
    "person",
    "family",
    "path",
    "ip_address",
]


def _page(request: HttpRequest, entries: object) -> dict[str, object]:
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }


def access_log_view(request: HttpRequest) -> HttpResponse:
    """Search the access log by record, user, action, purpose and dates, 50 a page."""
    user = current_user(request)
    if not policy.can_read_access_log(user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    entries = access_log(filters=form.filters())
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "governance/access_log.html",
        {"form": form, "export_query": export_query.urlencode(), **_page(request, entries)},
    )


def access_log_export_view(request: HttpRequest) -> HttpResponse:
    """The search's rows as CSV (every cell safe to open in a spreadsheet); the export is
    itself written to the access log, with how many rows it held."""
    user = current_user(request)
    if not policy.can_read_access_log(user):
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request, "governance/access_log.html", {"form": form, "page": None}, status=400
        )
    entries = access_log(filters=form.filters())
    with transaction.atomic():
        count = entries.count()
        query = request.GET.urlencode()
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.EXPORT,
            what=f"Access log export, {count} row{'s' if count != 1 else ''}"
            + (f" ({query})" if query else ""),
            request=request,
        )
    rows = (
        (
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.user.get_full_name(),
            e.user.username,
            e.action,
            e.what,
            e.purpose,
            e.case.reference if e.case else "",
            f"P{e.person_id}" if e.person_id else "",
            e.family.reference if e.family else "",
            e.path,
            e.ip_address or "",
        )
        for e in entries.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(csv_lines(CSV_HEADER, rows), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response


def person_access_log_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has looked at this person's record: rows about them, and about the families and
    cases of the households they have lived in (auditors only; anyone else 404)."""
    user = current_user(request)
    with transaction.atomic():
        person = policy.get_person_for_audit_or_404(user, pk)
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=f"Access history of person P{person.pk}",
            person=person,
            request=request,
        )
    entries = access_log_about_person(person_id=person.pk)
    return render(
        request,
        "governance/person_access_log.html",
        {"person": person, **_page(request, entries)},
    )
