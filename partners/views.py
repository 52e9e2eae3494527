"""The partner portal, and the council's share and revoke pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.services.contacts import NewFamily, NewPerson
from partners.forms import (
    DeclineForm,
    PartnerNoteForm,
    RevokeForm,
    ShareForm,
    SupportRequestForm,
)
from partners.selectors import (
    caf_work_for,
    case_shares,
    partner_cases,
    partner_notes_visible,
    support_requests_of,
)
from partners.services import (
    caf_work_accept,
    caf_work_decline,
    partner_note_add,
    support_request_details,
    support_request_send,
)
from pathway import policy
from pathway.choices import Consent
from pathway.models import AccessLogEntry
from pathway.selectors.cases import case_chronology, case_get_for_view
from pathway.services.audit import access_log_record
from pathway.services.shares import family_consent, share_create, share_revoke
from pathway.views.common import add_form_errors, current_user


def _partner_only(request: HttpRequest) -> None:
    if not policy.sees_partner_view(current_user(request)):
        raise PermissionDenied


def partner_home(request: HttpRequest) -> HttpResponse:
    """The cases shared with the partner's agency, and the requests for support they sent."""
    _partner_only(request)
    user = current_user(request)
    with transaction.atomic():
        cases = list(partner_cases(user=user)[:200])
        requests = list(support_requests_of(user=user)[:20])
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.LIST,
            what="Partner portal: cases shared with your agency",
            request=request,
        )
    return render(
        request,
        "partners/home.html",
        {
            "cases": cases,
            "support_requests": requests,
            "can_request_support": policy.can_request_support(user),
        },
    )


def partner_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A shared case as a partner sees it: no internals, no confidential address, the
    chronology filtered to what partners may see, their agency's CAF work and notes."""
    user = current_user(request)
    if not policy.sees_partner_view(user):
        policy.get_visible_case_or_404(user, pk)
        return redirect("case-detail", pk)
    case = case_get_for_view(user=user, pk=pk, request=request)
    return _render_partner_case(request, case, PartnerNoteForm())


def _render_partner_case(request: HttpRequest, case, note_form: PartnerNoteForm) -> HttpResponse:  # type: ignore[no-untyped-def]
    user = current_user(request)
    sees_recommendations = policy.partner_may_see_part(user, case, "recommendations")
    return render(
        request,
        "partners/case.html",
        {
            "case": case,
            "events": list(case_chronology(case=case, user=user)[:200]),
            "notes": list(partner_notes_visible(user=user, case=case)),
            "caf_work": caf_work_for(user=user, case=case) if sees_recommendations else [],
            "recommendations": (
                list(case.recommendations.select_related("agency").order_by("due_on"))
                if sees_recommendations
                else []
            ),
            "can_add_note": policy.can_add_partner_note(user, case),
            "note_form": note_form,
        },
    )


@require_POST
def partner_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    _partner_only(request)
    user = current_user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    form = PartnerNoteForm(request.POST)
    if form.is_valid():
        try:
            partner_note_add(
                case=case,
                author=user,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                restricted=form.cleaned_data["restricted"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, "Your update has been added to the case")
            return redirect("partner-case", case.pk)
    return _render_partner_case(request, case, form)


@require_POST
def caf_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    _partner_only(request)
    user = current_user(request)
    recommendation = policy.get_visible_recommendation_or_404(user, pk)
    try:
        caf_work_accept(recommendation=recommendation, responded_by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "You have accepted the CAF work")
    return redirect("partner-case", recommendation.case_id)


def caf_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    _partner_only(request)
    user = current_user(request)
    recommendation = policy.get_visible_recommendation_or_404(user, pk)
    if not policy.can_respond_to_caf_work(user, recommendation):
        raise PermissionDenied
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            caf_work_decline(
                recommendation=recommendation, responded_by=user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, "You have declined the CAF work: the locality leader is told")
            return redirect("partner-case", recommendation.case_id)
    return render(
        request,
        "partners/decline.html",
        {"form": form, "recommendation": recommendation, "case": recommendation.case},
    )


def case_share_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Share a case with a partner agency (the council's staff who may share it)."""
    user = current_user(request)
    case = case_get_for_view(user=user, pk=pk, request=request)
    if not policy.can_share_case(user, case):
        raise PermissionDenied
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            share = share_create(
                case=case,
                shared_by=user,
                agency=data["agency"],
                purpose=data["purpose"],
                lawful_basis=data["lawful_basis"],
                safeguarding_reason=data["safeguarding_reason"],
                protocol_reference=data["protocol_reference"],
                scope=data["scope"],
                parts=data["parts"],
                ends_on=data["ends_on"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, f"Case {case.reference} shared with {share.agency.name}")
            return redirect("case-detail", case.pk)
    consent = family_consent(case)
    return render(
        request,
        "partners/share.html",
        {
            "case": case,
            "form": form,
            "consent": dict(Consent.choices).get(consent, "Not recorded"),
            "consent_given": consent == Consent.GIVEN,
            "may_share_without_consent": policy.can_share_without_consent(user),
            "shares": list(case_shares(case=case)),
        },
    )


def share_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    share = policy.get_visible_share_or_404(user, pk)
    if not policy.can_revoke_share(user, share):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            share_revoke(share=share, revoked_by=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, f"Sharing with {share.agency.name} revoked")
            return redirect("case-detail", share.case_id)
    return render(
        request, "partners/revoke.html", {"form": form, "share": share, "case": share.case}
    )


def support_request_view(request: HttpRequest) -> HttpResponse:
    """A partner practitioner sends a request for support to the Contact Centre."""
    user = current_user(request)
    if not policy.can_request_support(user):
        raise PermissionDenied
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adults = []
        if data["adult_given_name"] or data["adult_family_name"]:
            adults.append(
                NewPerson(
                    given_name=data["adult_given_name"], family_name=data["adult_family_name"]
                )
            )
        try:
            support_request_send(
                requested_by=user,
                details=support_request_details(
                    reason=data["reason"],
                    primary_issue=data["primary_issue"],
                    consent_to_share=data["consent"],
                    lawful_basis=data["lawful_basis"],
                    children=[
                        NewPerson(
                            given_name=data["child_given_name"],
                            family_name=data["child_family_name"],
                            date_of_birth=data["child_date_of_birth"],
                        )
                    ],
                    adults=adults,
                ),
                new_family=NewFamily(
                    postcode=data["postcode"], address_line_1=data["address_line_1"]
                ),
            )
        except ValidationError as exc:
            add_form_errors(form, _support_errors(exc))
        else:
            messages.success(
                request,
                "Your request for support has been sent to the Contact Centre. Its outcome "
                "will show on this page.",
            )
            return redirect("partner-home")
    return render(request, "partners/support_request.html", {"form": form})


# The recording service names its fields after the contact; the page after its own boxes.
_SUPPORT_FIELDS = {
    "children": "child_given_name",
    "children[0]": "child_given_name",
    "adults": "adult_given_name",
    "adults[0]": "adult_given_name",
    "new_family": "postcode",
    "consent_to_share": "consent",
}


def _support_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {_SUPPORT_FIELDS.get(name, name): errors for name, errors in exc.message_dict.items()}
    )
