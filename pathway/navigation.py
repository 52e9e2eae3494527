"""The service navigation, by role: each user sees links to the work their role does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from pathway import policy
from pathway.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # The policy's answer to "may this user use this section?" (the policy knows roles).
    allowed: Callable[[User], bool]

    def visible_to(self, user: User) -> bool:
        return self.allowed(user)


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home", lambda user: user.is_authenticated),
    NavItem("Record a contact", "contact-start", policy.can_record_contacts),
    NavItem("Contact queue", "contact-queue", policy.can_record_contacts),
    NavItem("Sign-off", "sign-off-queue", policy.can_sign_off),
    NavItem("Follow-ups", "follow-ups", policy.can_follow_up_offers),
    NavItem("Allocation", "allocation-queue", policy.can_use_allocation_queue),
    NavItem("Caseloads", "caseloads", policy.can_view_caseloads),
    NavItem("Step down", "step-down", policy.can_step_down),
    NavItem("Find a person", "people-search", policy.can_search_people),
    NavItem("Cases", "case-list", policy.can_list_cases),
    NavItem("Administration", "admin:index", policy.can_administer),
    NavItem("Access log", "access-log", policy.can_read_access_log),
    NavItem("API documentation", "api-docs", policy.can_read_api_docs),
]


def navigation_for(user: User, current_path: str, unread: int = 0) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for item in NAVIGATION:
        if not item.visible_to(user):
            continue
        href = reverse(item.url_name)
        current = current_path == href or (href != "/" and current_path.startswith(href))
        items.append({"text": item.label, "href": href, "current": current})
    href = reverse("notifications")
    items.append(
        {
            "text": "Notifications",
            "href": href,
            "current": current_path.startswith(href),
            "badge": unread or None,
        }
    )
    return items
