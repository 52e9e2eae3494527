"""The service navigation, by role: each user sees links to the work their role does."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from pathway.choices import Role
from pathway.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]

    def visible_to(self, user: User) -> bool:
        return bool(self.roles & user.role_names)


_ALL_CASE_ROLES = frozenset(
    {
        Role.CONTACT_OFFICER,
        Role.SENIOR_PRACTITIONER,
        Role.LOCALITY_LEADER,
        Role.PRACTITIONER,
        Role.MANAGER,
    }
)

_FRONT_DOOR = frozenset({Role.CONTACT_OFFICER, Role.SENIOR_PRACTITIONER})

NAVIGATION: list[NavItem] = [
    NavItem("Home", "home", frozenset(Role.values)),
    NavItem("Record a contact", "contact-start", _FRONT_DOOR),
    NavItem("Contact queue", "contact-queue", _FRONT_DOOR),
    NavItem("Sign-off", "sign-off-queue", frozenset({Role.SENIOR_PRACTITIONER})),
    NavItem("Follow-ups", "follow-ups", _FRONT_DOOR),
    NavItem(
        "Allocation",
        "allocation-queue",
        frozenset({Role.LOCALITY_LEADER, Role.MANAGER, Role.SENIOR_PRACTITIONER}),
    ),
    NavItem("Caseloads", "caseloads", frozenset({Role.LOCALITY_LEADER, Role.MANAGER})),
    NavItem("Step down", "step-down", frozenset({Role.SENIOR_PRACTITIONER, Role.LOCALITY_LEADER})),
    NavItem("Find a person", "people-search", _ALL_CASE_ROLES),
    NavItem("Cases", "case-list", _ALL_CASE_ROLES),
    NavItem("Administration", "admin:index", frozenset({Role.ADMIN})),
    NavItem("Access log", "access-log", frozenset({Role.AUDITOR})),
    NavItem("API documentation", "api-docs", frozenset(Role.values) - {Role.PARTNER}),
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
