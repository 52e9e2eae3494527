from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pathway.models import Notification, User
from pathway.services.notifications import notifications_mark_read


def notifications_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    notifications = Notification.objects.filter(user=user).select_related("case")[:200]
    return render(request, "pathway/notifications.html", {"notifications": notifications})


@require_POST
def notifications_read_view(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)  # type: ignore[arg-type]
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("notifications")
