"""The service navigation at a laptop's width: one line for every role, exactly one current
section (sub-pages included), and the API documentation in the footer rather than the menu."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pathway.models import Notification, User
from tests.factories import PASSWORD, AllocatedCaseFactory, CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(os.environ.get("VAR_DIR", "var")) / "screenshots"

# (role, username, page to open – a sub-page of a section where the role has one, the
# section expected to be current, whether the footer links to the API documentation)
CASE_PAGE = "/cases/{case}/"
JOURNEYS = [
    # Contact officers and senior practitioners see cases while they are at the front door.
    ("contact_officer", "olivia.officer", "/cases/{front_door_case}/", "Cases", True),
    ("senior_practitioner", "sam.senior", "/cases/{front_door_case}/", "Cases", True),
    ("locality_leader", "lena.leader", "/cases/{case}/reallocate/", "Cases", True),
    ("practitioner", "pat.practitioner", "/cases/{case}/caf/", "Cases", True),
    ("manager", "max.manager", CASE_PAGE, "Cases", True),
    ("partner", "pip.partner", "/notifications/", "Notifications", False),
    ("admin", "ada.admin", "/notifications/", "Notifications", True),
    ("auditor", "aud.auditor", "/access-log/", "Access log", True),
]


def menu_items(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Menu").get_by_role("listitem")


@pytest.mark.parametrize("role, username, path, current, api_docs_in_footer", JOURNEYS)
def test_the_menu_sits_on_one_line_with_one_current_section(
    page, live_server, personas, sign_in, role, username, path, current, api_docs_in_footer
):
    case = AllocatedCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        team=personas.practitioner.memberships.get().team,
        lead_professional=personas.practitioner,
    )
    front_door_case = CaseFactory(locality=personas.home)
    # A two-digit unread count widens the last item: the line must still hold.
    user = User.objects.get(username=username)
    Notification.objects.bulk_create(
        Notification(user=user, key=f"test:{n}", kind="reminder", message="Due soon")
        for n in range(12)
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, username, PASSWORD)
    response = page.goto(
        f"{live_server.url}{path.format(case=case.pk, front_door_case=front_door_case.pk)}"
    )
    assert response is not None and response.status == 200, f"{role} cannot open {path}"

    items = menu_items(page)
    expect(items.first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"navigation-{role}.png"))
    tops = {round(box["y"]) for box in (item.bounding_box() for item in items.all()) if box}
    assert len(tops) == 1, f"{role}'s menu wraps onto {len(tops)} lines at 1280 px: {tops}"

    marked = page.get_by_role("navigation", name="Menu").locator("[aria-current='page']")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text(current if current != "Notifications" else "Notifications 12")

    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="API documentation")).to_have_count(0)
    footer_link = page.get_by_role("contentinfo").get_by_role("link", name="API documentation")
    expect(footer_link).to_have_count(1 if api_docs_in_footer else 0)
