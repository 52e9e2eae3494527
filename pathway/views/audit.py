from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pathway import policy
from pathway.selectors.audit import access_log


def access_log_view(request: HttpRequest) -> HttpResponse:
    if not policy.can_read_access_log(request.user):
        raise PermissionDenied
    filters = {key: request.GET.get(key, "") for key in ("case", "person", "user")}
    entries = access_log(
        **{f"{key}_id": int(value) for key, value in filters.items() if value.isdigit()}
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "pathway/access_log.html", {"page": page, "filters": filters})
