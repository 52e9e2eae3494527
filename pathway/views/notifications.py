from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pathway import policy
from pathway.models import Notification, User
from pathway.pagination import page_of
from pathway.selectors.families import household_prefetch
from pathway.services.notifications import notifications_mark_read


def notifications_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = page_of(
        request,
        Notification.objects.filter(user=user)
        .select_related("case", "case__family")
        .prefetch_related(household_prefetch("case__family"))
        .order_by("-created_at", "-pk"),
    )
    notifications = list(page.object_list)
    # A notification can outlive the user's access to its case (a transfer, a reallocation):
    # the family is named only on those the policy still lets this user see.
    case_ids = {n.case_id for n in notifications if n.case_id}
    visible = set(
        policy.cases_visible_to(user).filter(pk__in=sorted(case_ids)).values_list("pk", flat=True)
    )
    for n in notifications:
        n.case_visible = n.case_id in visible  # type: ignore[attr-defined]
    return render(
        request, "pathway/notifications.html", {"notifications": notifications, "page": page}
    )


@require_POST
def notifications_read_view(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("notifications")
