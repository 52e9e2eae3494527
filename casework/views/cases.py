from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from caf.selectors import case_recommendations
from localities.models import Locality
from pathway import policy
from pathway.choices import Role, Stage
from pathway.models import Case, Contact, User
from pathway.selectors.cases import (
    case_chronology,
    case_contacts,
    case_get_for_view,
    case_list,
)
from pathway.selectors.families import family_context
from pathway.workflow import allowed_verbs


def case_list_view(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    if stage not in Stage.values:
        stage = ""
    locality_id = request.GET.get("locality", "")
    locality = int(locality_id) if locality_id.isdigit() else None
    cases = case_list(user=request.user, stage=stage or None, locality_id=locality)  # type: ignore[arg-type]
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/case_list.html",
        {
            "page": page,
            "stages": Stage.choices,
            "selected_stage": stage,
            "localities": Locality.objects.filter(is_active=True),
            "selected_locality": locality,
        },
    )


def case_actions(
    user: User, case: Case, contacts: list[Contact], has_plan: bool = False
) -> list[dict[str, str]]:
    """The buttons this user gets on this case: the verbs the table allows from its stage
    that the policy lets the user do."""
    verbs = set(allowed_verbs(case.stage))
    actions = []
    if policy.can_act(user, case, "screen"):
        for contact in contacts:
            if contact.screened_at is None:
                actions.append(
                    {
                        "label": f"Screen contact {contact.reference}",
                        "url": reverse("screen-contact", args=[contact.pk]),
                        "style": "",
                    }
                )
    if "allocate" in verbs and policy.can_act(user, case, "allocate"):
        actions.append(
            {"label": "Allocate", "url": reverse("case-allocate", args=[case.pk]), "style": ""}
        )
    if "step_up" in verbs and policy.can_act(user, case, "step_up"):
        actions.append(
            {
                "label": "Step up to social care",
                "url": reverse("case-step-up", args=[case.pk]),
                "style": "govuk-button--warning",
            }
        )
    if "reallocate" in verbs and policy.can_act(user, case, "reallocate"):
        actions.append(
            {
                "label": "Reallocate",
                "url": reverse("case-reallocate", args=[case.pk]),
                "style": "govuk-button--secondary",
            }
        )
    if "transfer" in verbs and policy.can_act(user, case, "transfer"):
        actions.append(
            {
                "label": "Transfer to another locality",
                "url": reverse("case-transfer", args=[case.pk]),
                "style": "govuk-button--secondary",
            }
        )
    if case.stage == Stage.ALLOCATED and policy.can_act(user, case, "complete_caf"):
        actions.append(
            {
                "label": "Record the CAF assessment",
                "url": reverse("caf-assessment", args=[case.pk]),
                "style": "",
            }
        )
    if has_plan:
        actions.append(
            {"label": "Team Around the Family", "url": reverse("tac", args=[case.pk]), "style": ""}
        )
    if "close" in verbs and policy.can_act(user, case, "close"):
        # A plan closes with the outcome for each need, on its own page.
        url = reverse("tac-close" if case.stage == Stage.TAC else "case-close", args=[case.pk])
        actions.append({"label": "Close the case", "url": url, "style": "govuk-button--secondary"})
    if "reopen" in verbs and policy.can_act(user, case, "reopen"):
        actions.append(
            {
                "label": "Reopen",
                "url": reverse("case-reopen", args=[case.pk]),
                "style": "govuk-button--secondary",
            }
        )
    return actions


def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_for_view(user=user, pk=pk, request=request)
    contacts = list(case_contacts(case=case))
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "actions": case_actions(user, case, contacts, has_plan=case.tac_plans.exists()),
            "can_follow_up": policy.can_act(user, case, "follow_up"),
            "can_change_locality": case.is_open
            and user.has_role(Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER)
            and policy.can_change_case(user, case),
            "can_record_outcome": policy.can_sign_off(user) or policy.can_step_down(user),
            "recommendations": case_recommendations(case_id=case.pk),
            "screenings": case.screenings.select_related("screened_by", "signed_off_by").order_by(
                "-screened_at"
            ),
            "step_ups": case.step_ups.select_related("stepped_up_by").all(),
            "can_review": policy.can_sign_off(user),
            "context": family_context(user=user, family_id=case.family_id, log=False),  # type: ignore[arg-type]
            "contacts": contacts,
            "events": case_chronology(case=case)[:200],
        },
    )
