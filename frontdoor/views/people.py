"""Searching for people and families; looking at a person; merging duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.forms import MergePeopleForm, PeopleSearchForm
from frontdoor.selectors.people import parse_people_query, people_search_counted
from frontdoor.services.people import person_merge, person_merge_undo
from pathway import policy
from pathway.choices import ENDED_STAGES
from pathway.models import AccessLogEntry, Case, ContactSubject, HouseholdMember, PersonMerge
from pathway.selectors.families import household_prefetch
from pathway.services.audit import access_log_record
from pathway.views.common import current_user


def people_search_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_search_people(user):
        raise PermissionDenied
    form = PeopleSearchForm(request.GET or None)
    matches = None
    query = None
    total = 0
    if request.GET and form.is_valid():
        data = form.cleaned_data
        query = parse_people_query(
            data["q"],
            date_of_birth=data["date_of_birth"],
            dob_window_days=int(data["dob_window"] or 0),
            postcode=data["postcode"],
        )
        matches, total = (
            people_search_counted(user=user, query=query, request=request)
            if not query.is_empty
            else ([], 0)
        )
    return render(
        request,
        "frontdoor/people/search.html",
        {
            "form": form,
            "matches": matches,
            "total": total,
            "query": query,
            "show_confidential": policy.can_see_confidential_address(user),
            "can_record": policy.can_record_contacts(user),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    with transaction.atomic():
        person = policy.get_visible_person_or_404(user, pk)
        if person.merged_into_id and not request.GET.get("merged"):
            messages.info(request, f"P{person.pk} was merged into this record")
            return redirect("person-detail", person.merged_into_id)
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=f"Person P{person.pk}",
            person=person,
            request=request,
        )
    households = list(
        HouseholdMember.objects.filter(person=person)
        .select_related("family", "family__locality")
        .prefetch_related(household_prefetch("family"))
        .order_by("-started_on")
    )
    visible_cases = policy.cases_visible_to(user)
    # Each household's case this user may open: the open one, else the latest.
    cases_by_family: dict[int, Case] = {}
    for case in visible_cases.filter(family_id__in={m.family_id for m in households}).order_by(
        "-opened_at"
    ):
        held = cases_by_family.get(case.family_id)
        if held is None or (held.stage in ENDED_STAGES and case.stage not in ENDED_STAGES):
            cases_by_family[case.family_id] = case
    for membership in households:
        membership.case = cases_by_family.get(membership.family_id)  # type: ignore[attr-defined]
        membership.case_is_open = bool(  # type: ignore[attr-defined]
            membership.case and membership.case.stage not in ENDED_STAGES  # type: ignore[attr-defined]
        )
    contacts = (
        ContactSubject.objects.filter(person=person, contact__case__in=visible_cases)
        .select_related(
            "contact", "contact__case", "contact__primary_issue", "contact__referral_source"
        )
        .order_by("-contact__received_at")[:50]
    )
    merges = PersonMerge.objects.filter(kept=person).select_related(
        "merged", "merged_by", "undone_by"
    )
    return render(
        request,
        "frontdoor/people/detail.html",
        {
            "person": person,
            "households": households,
            "contacts": contacts,
            "merges": merges,
            "aliases": person.aliases.all(),
            "can_merge": policy.can_merge_people(user),
            "merge_form": MergePeopleForm(),
            "show_confidential": policy.can_see_confidential_address(user),
            "can_record": policy.can_record_contacts(user),
        },
    )


def person_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    if not policy.can_merge_people(user):
        raise PermissionDenied
    kept = policy.get_visible_person_or_404(user, pk)
    form = MergePeopleForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            duplicate = policy.get_visible_person_or_404(user, form.cleaned_data["duplicate"])
        except Http404:
            form.add_error("duplicate", "There is no person with that record number")
        if duplicate is not None and request.POST.get("confirm") == "yes":
            try:
                person_merge(
                    kept=kept, merged=duplicate, merged_by=user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    f"P{duplicate.pk} was merged into this record. You can undo this below.",
                )
                return redirect("person-detail", kept.pk)
    # Comparing two records side by side reads both: one access-log row for each.
    for person in (kept, duplicate):
        if person is not None:
            access_log_record(
                user=user,
                action=AccessLogEntry.Action.VIEW,
                what=f"Person P{person.pk} (merge)",
                person=person,
                request=request,
            )
    return render(
        request,
        "frontdoor/people/merge.html",
        {"kept": kept, "duplicate": duplicate, "form": form},
    )


@require_POST
def person_merge_undo_view(request: HttpRequest, pk: int, merge_pk: int) -> HttpResponse:
    user = current_user(request)
    if not policy.can_merge_people(user):
        raise PermissionDenied
    person = policy.get_visible_person_or_404(user, pk)
    merge = PersonMerge.objects.filter(pk=merge_pk, kept=person).first()
    if merge is None:
        raise Http404("No such merge")
    try:
        person_merge_undo(merge=merge, undone_by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"The merge was undone: P{merge.merged_id} is a separate record again"
        )
    return redirect("person-detail", person.pk)
