"""Each role's home page: the work it does, through the access policy."""

from __future__ import annotations

from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from caf.models import Recommendation
from frontdoor.selectors.contacts import contact_queue, drafts_in_progress
from pathway import policy
from pathway.choices import CASELOAD_STAGES, Stage
from pathway.models import AccessLogEntry
from pathway.selectors.cases import case_counts_by_stage
from pathway.selectors.families import household_prefetch
from pathway.services.audit import access_log_record


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on the work it does; counts come through the access policy."""
    user = request.user
    if policy.sees_partner_view(user):  # type: ignore[arg-type]
        return redirect("partner-home")
    counts = case_counts_by_stage(user=user)  # type: ignore[arg-type]
    stage_rows = [
        {"stage": stage, "label": stage.label, "count": counts.get(stage.value, 0)}
        for stage in Stage
        if stage.value in counts
    ]
    front_door = policy.can_record_contacts(user)  # type: ignore[arg-type]
    visible = policy.cases_visible_to(user)
    leads = policy.is_locality_leader(user)
    my_cases = (
        visible.filter(lead_professional_id=user.pk, stage__in=CASELOAD_STAGES)
        .select_related("family")
        .prefetch_related(household_prefetch("family"))
        .annotate(due_on=Min("recommendations__due_on", filter=Q(recommendations__status="open")))
        .order_by("due_on", "opened_at")[:50]
        if policy.leads_cases(user)
        else []
    )
    if policy.leads_cases(user):
        # The list names the families: one access-log row per view, as for the case list.
        access_log_record(
            user=user,  # type: ignore[arg-type]
            action=AccessLogEntry.Action.LIST,
            what="Home: cases you lead",
            request=request,
        )
    return render(
        request,
        "casework/home.html",
        {
            "front_door": front_door,
            "queue_count": contact_queue(user=user).count() if front_door else 0,  # type: ignore[arg-type]
            "drafts": drafts_in_progress(user=user)[:5] if front_door else [],  # type: ignore[arg-type]
            "stage_rows": stage_rows,
            "my_cases": my_cases,
            "leads": leads,
            "awaiting_allocation": counts.get(Stage.AWAITING_ALLOCATION, 0),
            "overdue_cafs": (
                Recommendation.objects.filter(
                    case__in=visible, kind="caf", status="open", breached_on__isnull=False
                ).count()
                if leads
                else 0
            ),
            "total_cases": sum(counts.values()),
            "is_admin": policy.can_administer(user),
            "is_auditor": policy.can_read_access_log(user),
            "is_partner": policy.is_partner(user),
        },
    )
