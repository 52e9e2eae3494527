from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localities.models import Locality
from pathway.choices import Stage
from pathway.selectors.cases import (
    case_chronology,
    case_contacts,
    case_get_for_view,
    case_list,
)
from pathway.selectors.families import family_context


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
        "pathway/case_list.html",
        {
            "page": page,
            "stages": Stage.choices,
            "selected_stage": stage,
            "localities": Locality.objects.filter(is_active=True),
            "selected_locality": locality,
        },
    )


def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = case_get_for_view(user=user, pk=pk, request=request)  # type: ignore[arg-type]
    return render(
        request,
        "pathway/case_detail.html",
        {
            "case": case,
            "context": family_context(user=user, family_id=case.family_id, log=False),  # type: ignore[arg-type]
            "contacts": case_contacts(case=case),
            "events": case_chronology(case=case)[:200],
        },
    )
