from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from caf.selectors import case_recommendations
from casework.forms import CaseFilterForm
from localities.models import Locality
from pathway import policy
from pathway.choices import Consent
from pathway.models import AccessLogEntry, Case, Contact, User
from pathway.pagination import page_of
from pathway.selectors.cases import (
    case_chronology,
    case_contacts,
    case_get_for_view,
    case_list,
    case_list_lead_professionals,
)
from pathway.selectors.families import family_context
from pathway.services.audit import access_log_record
from pathway.services.shares import family_consent


def case_list_view(request: HttpRequest) -> HttpResponse:
    """Cases the user may see, searched by family name or reference and filtered by stage,
    locality, lead professional and due date, 50 a page. A filter that does not parse is
    an error next to its field; the list is filtered by the others."""
    user: User = request.user  # type: ignore[assignment]
    localities = list(Locality.objects.filter(is_active=True).order_by("name"))
    form = CaseFilterForm(
        request.GET or None,
        localities=localities,
        lead_professionals=case_list_lead_professionals(user=user),
    )
    cases = case_list(user=user, filters=form.filters())
    page = page_of(request, cases)
    # The same access-log row as GET /api/v1/cases/, in the transaction of the read.
    with transaction.atomic():
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.LIST,
            what="Case list",
            request=request,
        )
        return render(
            request,
            "casework/case_list.html",
            {
                "form": form,
                "page": page,
                "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
                "selected_filters": _selected_filters(request, form),
            },
        )


def _selected_filters(request: HttpRequest, form: CaseFilterForm) -> list[dict[str, str]]:
    """The filters in use, each with a link to the list without it (MOJ filter tags)."""
    if not form.is_bound:
        return []
    data = form.cleaned_data
    chosen: list[tuple[str, list[str]]] = []
    for name in ("q", "stage", "locality", "lead_professional"):
        if data.get(name) not in (None, ""):
            field = form[name]
            choices = dict(getattr(field.field, "choices", ()))
            label = choices.get(field.value(), field.value())
            chosen.append((f"{field.label}: {label}", [name]))
    if data.get("due_before"):
        due = data["due_before"]
        chosen.append((f"Due before {due.day} {due:%B %Y}", [f"due_before_{i}" for i in range(3)]))
    if data.get("overdue"):
        chosen.append(("Overdue only", ["overdue"]))
    tags = []
    for label, keys in chosen:
        query = request.GET.copy()
        for key in [*keys, "page"]:
            query.pop(key, None)
        tags.append({"label": label, "url": f"?{query.urlencode()}" if query else "?"})
    return tags


_BUTTON_STYLES = {
    "": "",
    "secondary": "govuk-button--secondary",
    "warning": "govuk-button--warning",
}


def case_actions(
    user: User, case: Case, contacts: list[Contact], has_plan: bool = False
) -> list[dict[str, str]]:
    """The buttons this user gets on this case, generated from the workflow table: each
    action allowed from the case's stage that the policy lets this user take, in the
    table's order. Screening is offered once per contact still waiting to be screened."""
    buttons = []
    for action in policy.permitted_actions(user, case):
        if action.verb == "screen":
            buttons.extend(
                {
                    "label": f"Screen contact {contact.reference}",
                    "url": reverse("screen-contact", args=[contact.pk]),
                    "style": "",
                }
                for contact in contacts
                if contact.screened_at is None
            )
        elif action.button is not None:
            buttons.append(
                {
                    "label": action.button.label,
                    "url": reverse(action.button.url_name_for(case.stage), args=[case.pk]),
                    "style": _BUTTON_STYLES[action.button.style],
                }
            )
    if has_plan and not any(b["url"] == reverse("tac", args=[case.pk]) for b in buttons):
        # Reading a plan (e.g. an ended one) is not an action; the page says what it allows.
        buttons.append(
            {"label": "Team Around the Family", "url": reverse("tac", args=[case.pk]), "style": ""}
        )
    # The next step comes first: primary buttons, then the others, each in the table's order.
    return sorted(buttons, key=lambda b: b["style"] != "")


CHRONOLOGY_PER_PAGE = 25


def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if policy.sees_partner_view(user):
        # A partner sees a shared case through the partner portal, never the council's page.
        policy.get_visible_case_or_404(user, pk)
        return redirect("partner-case", pk)
    case = case_get_for_view(user=user, pk=pk, request=request)
    contacts = list(case_contacts(case=case))
    # The family's chronology, newest first, a page of CHRONOLOGY_PER_PAGE at a time
    # (?page=): a long history no longer renders hundreds of events (issue 15).
    events = page_of(request, case_chronology(case=case, user=user), per_page=CHRONOLOGY_PER_PAGE)
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "actions": case_actions(user, case, contacts, has_plan=case.tac_plans.exists()),
            "can_follow_up": policy.can_act(user, case, "follow_up"),
            "can_change_locality": policy.can_change_family_locality(user, case.family),
            "can_record_outcome": policy.can_record_step_up_outcome(user),
            "recommendations": case_recommendations(case_id=case.pk),
            "screenings": case.screenings.select_related("screened_by", "signed_off_by").order_by(
                "-screened_at"
            ),
            "step_ups": case.step_ups.select_related("stepped_up_by").all(),
            "can_review": policy.can_sign_off(user),
            "context": family_context(user=user, family_id=case.family_id, log=False),  # type: ignore[arg-type]
            "contacts": contacts,
            "events": events.object_list,
            "page": events,
            # Sharing with partner agencies (docs/adr/0013): the shares, live or not, and
            # the family's consent decision, where sharing is decided.
            "shares": list(case.shares.select_related("agency", "shared_by", "revoked_by")),
            "can_share": policy.can_share_case(user, case),
            "consent_to_share": dict(Consent.choices).get(family_consent(case), "Not recorded"),
        },
    )
