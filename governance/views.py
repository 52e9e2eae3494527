"""The information-governance auditor's pages: the access log searched, paged and exported,
and who has looked at one person's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance.csv_export import csv_lines
from governance.forms import AccessLogSearchForm, RestrictionForm, SubjectAccessStartForm
from governance.history import case_history, family_history, person_history
from governance.models import RetentionDisposal
from governance.retention import retention_due
from governance.sar import subject_access_export
from governance.services import record_restrict, record_restriction_lift
from pathway import policy
from pathway.history import Change
from pathway.models import AccessLogEntry, RecordRestriction, User
from pathway.selectors.audit import access_log, access_log_about_person
from pathway.selectors.cases import case_get_for_view
from pathway.services.audit import access_log_record
from pathway.subject_access import subject_access_as_json
from pathway.views.common import add_form_errors, current_user

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


def subject_access_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The subject access export for review (GET: every record, third-party data flagged
    and ticked for redaction), then released (POST: the ticked fields "[redacted]"), as a
    readable document or, with format=json, the JSON the API gives. Each is logged."""
    user = current_user(request)
    if request.method == "POST":
        redactions = {value.replace("\x00", "") for value in request.POST.getlist("redact")}
        person, sections = subject_access_export(
            user=user, pk=pk, redactions=redactions, request=request
        )
        if request.POST.get("format") == "json":
            response = JsonResponse(subject_access_as_json(person, sections))
            response["Content-Disposition"] = (
                f'attachment; filename="subject-access-P{person.pk}.json"'
            )
            return response
        return render(
            request,
            "governance/subject_access.html",
            {
                "person": person,
                "sections": sections,
                "released": True,
                "redactions": sorted(redactions),
            },
        )
    person, sections = subject_access_export(user=user, pk=pk, request=request)
    return render(
        request,
        "governance/subject_access.html",
        {"person": person, "sections": sections, "released": False},
    )


def subject_access_start_view(request: HttpRequest) -> HttpResponse:
    """Find the person a subject access request is about, by record number."""
    user = current_user(request)
    if not policy.can_run_subject_access(user):
        raise PermissionDenied
    form = SubjectAccessStartForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("subject-access", form.cleaned_data["person"])
    return render(request, "governance/subject_access_start.html", {"form": form})


def restrictions_view(request: HttpRequest) -> HttpResponse:
    """Active restrictions, and (for senior practitioners) a form to add one."""
    user = current_user(request)
    if not policy.can_list_restrictions(user):
        raise PermissionDenied
    can_restrict = policy.can_restrict_records(user)
    form = RestrictionForm(request.POST or None) if can_restrict else None
    if request.method == "POST" and form is not None and form.is_valid():
        kind, number = form.cleaned_data["record"]
        names = form.cleaned_data["allowed"]
        users = list(User.objects.filter(username__in=names, is_active=True))
        unknown = sorted(set(names) - {u.username for u in users})
        try:
            record = (
                policy.get_visible_person_or_404(user, number)
                if kind == "person"
                else policy.get_visible_family_or_404(user, number)
            )
        except Http404:
            form.add_error("record", "There is no person or family with that reference")
        else:
            if unknown:
                form.add_error("allowed", f"No active user is called {', '.join(unknown)}")
            else:
                try:
                    record_restrict(
                        actor=user,
                        reason=form.cleaned_data["reason"],
                        allowed_users=users,
                        **{kind: record},
                    )
                except ValidationError as exc:
                    add_form_errors(form, exc)
                else:
                    messages.success(
                        request, f"{form.data['record'].strip().upper()} is now restricted"
                    )
                    return redirect("restrictions")
    restrictions = (
        RecordRestriction.objects.active()
        .select_related("restricted_by")
        .prefetch_related("allowed_users")
        .order_by("-restricted_at")
    )
    return render(
        request,
        "governance/restrictions.html",
        {"form": form, "restrictions": restrictions, "can_restrict": can_restrict},
    )


@require_POST
def restriction_lift_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    if not policy.can_restrict_records(user):
        raise PermissionDenied
    restriction = RecordRestriction.objects.active().filter(pk=pk).first()
    if restriction is None:
        raise Http404("No restriction found")
    record_restriction_lift(actor=user, restriction=restriction)
    messages.success(request, "The restriction was lifted")
    return redirect("restrictions")


def _history_page(
    request: HttpRequest, *, title: str, caption: str, back: str, changes: list[Change]
) -> HttpResponse:
    return render(
        request,
        "governance/history.html",
        {"title": title, "caption": caption, "back": back, "changes": changes},
    )


def case_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the case and the records on it (the view is logged as
    "Change history, case C…")."""
    user = current_user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_view_history(user):
        raise PermissionDenied
    return _history_page(
        request,
        title=f"Change history of case {case.reference}",
        caption=f"Case {case.reference}",
        back=reverse("case-detail", args=[case.pk]),
        changes=case_history(case=case),
    )


def person_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    with transaction.atomic():
        person = policy.get_visible_person_or_404(user, pk)
        if not policy.can_view_history(user):
            raise PermissionDenied
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=f"Change history of person P{person.pk}",
            person=person,
            request=request,
        )
    return _history_page(
        request,
        title=f"Change history of {person.full_name}",
        caption=f"Record P{person.pk}",
        back=reverse("person-detail", args=[person.pk]),
        changes=person_history(person=person),
    )


def family_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    with transaction.atomic():
        family = policy.get_visible_family_or_404(user, pk)
        if not policy.can_view_history(user):
            raise PermissionDenied
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=f"Change history of family {family.reference}",
            family=family,
            request=request,
        )
    case = family.cases.order_by("-opened_at").first()
    return _history_page(
        request,
        title=f"Change history of family {family.reference}",
        caption=f"Family {family.reference}",
        back=reverse("case-detail", args=[case.pk]) if case else reverse("home"),
        changes=family_history(family=family),
    )


def retention_report_view(request: HttpRequest) -> HttpResponse:
    """The dry run: what the schedule says is due today, held or not, and why; and what
    went recently. References and dates only, no names."""
    user = current_user(request)
    if not policy.can_view_retention_report(user):
        raise PermissionDenied
    today = timezone.localdate()
    with transaction.atomic():
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.LIST,
            what="Retention dry-run report",
            request=request,
        )
    due = retention_due(today=today)
    disposals = RetentionDisposal.objects.order_by("-processed_at")[:100]
    return render(
        request,
        "governance/retention.html",
        {"due": due, "today": today, "disposals": disposals},
    )
