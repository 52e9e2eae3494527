from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from pathway import policy
from pathway.choices import Role
from pathway.models import Notification
from pathway.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, object]:
    context: dict[str, object] = {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "phase": settings.PHASE,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
        context["unread_notifications"] = unread
        context["navigation"] = navigation_for(user, request.path, unread)
        context["can_read_api_docs"] = policy.can_read_api_docs(user)
        context["role_labels"] = [
            label for value, label in Role.choices if value in user.role_names
        ]
    return context
