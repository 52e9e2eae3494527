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
    # Path prefixes of the section's other pages (its own address always counts).
    sections: tuple[str, ...] = ()

    def visible_to(self, user: User) -> bool:
        return self.allowed(user)

    def match_length(self, href: str, current_path: str) -> int:
        """How specifically `current_path` belongs to this section: the longest matching
        prefix, or 0 when it is not in the section. Home matches only itself."""
        if href == "/":
            return 1 if current_path == "/" else 0
        prefixes = (href, *self.sections)
        return max((len(p) for p in prefixes if current_path.startswith(p)), default=0)


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home", lambda user: user.is_authenticated),
    NavItem(
        "Record a contact", "contact-start", policy.can_record_contacts, ("/contacts/drafts/",)
    ),
    # A contact's own pages (/contacts/12/, its screening) belong to the queue it came from.
    NavItem("Contact queue", "contact-queue", policy.can_record_contacts, ("/contacts/",)),
    NavItem("Sign-off", "sign-off-queue", policy.can_sign_off, ("/screening/",)),
    NavItem("Follow-ups", "follow-ups", policy.can_follow_up_offers, ("/recommendations/",)),
    NavItem("Allocation", "allocation-queue", policy.can_use_allocation_queue),
    NavItem("Caseloads", "caseloads", policy.can_view_caseloads),
    NavItem("Step down", "step-down", policy.can_step_down, ("/step-downs/",)),
    NavItem("Find a person", "people-search", policy.can_search_people, ("/people/",)),
    # Everything that hangs off a case (its CAF, TAC, allocation, step-up, a contact or a
    # screening on it) is part of "Cases" for those who have no nearer section.
    NavItem(
        "Cases",
        "case-list",
        policy.can_list_cases,
        ("/families/", "/step-ups/", "/contacts/", "/screening/"),
    ),
    NavItem("Reports", "reports-dashboard", policy.can_read_reports),
    NavItem("Shared cases", "partner-home", policy.sees_partner_view, ("/partner/",)),
    NavItem("Administration", "admin:index", policy.can_administer),
    NavItem("Access log", "access-log", policy.can_read_access_log),
]


def navigation_for(user: User, current_path: str, unread: int = 0) -> list[dict[str, object]]:
    """The menu items `user` may see, with `current` set on exactly the one section that
    `current_path` belongs to (the most specific match; none if it belongs to none).

    The API documentation is not a menu item: it is linked from the footer
    (`policy.can_read_api_docs`), as front-line staff do not use it day to day."""
    items: list[dict[str, object]] = []
    lengths: list[int] = []
    for item in NAVIGATION:
        if not item.visible_to(user):
            continue
        href = reverse(item.url_name)
        items.append({"text": item.label, "href": href, "current": False})
        lengths.append(item.match_length(href, current_path))
    href = reverse("notifications")
    items.append({"text": "Notifications", "href": href, "current": False, "badge": unread or None})
    lengths.append(len(href) if current_path.startswith(href) else 0)
    best = max(lengths)
    if best:
        # Ties go to the first item in menu order.
        items[lengths.index(best)]["current"] = True
    return items
