"""The menu marks exactly the section a page belongs to, sub-pages included."""

from __future__ import annotations

import pytest

from pathway.navigation import navigation_for


def current_items(user, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(item["text"]) for item in navigation_for(user, path) if item["current"]]


@pytest.mark.parametrize(
    "role, path, expected",
    [
        ("senior_practitioner", "/", ["Home"]),
        ("senior_practitioner", "/cases/", ["Cases"]),
        ("senior_practitioner", "/cases/12/", ["Cases"]),
        ("senior_practitioner", "/cases/12/tac/meetings/new/", ["Cases"]),
        ("senior_practitioner", "/contacts/new/", ["Record a contact"]),
        ("senior_practitioner", "/contacts/drafts/3/children/", ["Record a contact"]),
        ("senior_practitioner", "/contacts/queue/", ["Contact queue"]),
        ("senior_practitioner", "/contacts/12/screen/", ["Contact queue"]),
        ("senior_practitioner", "/screening/4/", ["Sign-off"]),
        ("senior_practitioner", "/people/5/merge/", ["Find a person"]),
        ("senior_practitioner", "/step-ups/3/outcome/", ["Cases"]),
        ("senior_practitioner", "/recommendations/9/follow-up/", ["Follow-ups"]),
        ("senior_practitioner", "/notifications/", ["Notifications"]),
        ("senior_practitioner", "/accessibility/", []),
        # No contact queue for a practitioner: a contact on their case is part of "Cases".
        ("practitioner", "/contacts/12/", ["Cases"]),
        ("locality_leader", "/cases/12/allocate/", ["Cases"]),
        ("locality_leader", "/allocation/", ["Allocation"]),
        ("manager", "/caseloads/", ["Caseloads"]),
        ("auditor", "/access-log/", ["Access log"]),
    ],
)
def test_exactly_the_matching_section_is_current(role, path, expected, personas):
    assert current_items(personas.for_role(role), path) == expected


@pytest.mark.parametrize("role", ["contact_officer", "practitioner", "manager", "admin"])
def test_api_documentation_is_not_a_menu_item(role, personas):
    labels = [item["text"] for item in navigation_for(personas.for_role(role), "/")]
    assert "API documentation" not in labels


def test_the_footer_links_to_the_api_documentation_for_staff_but_not_partners(personas, client):
    client.force_login(personas.practitioner)
    assert b'href="/api/v1/docs/">API documentation</a>' in client.get("/").content
    client.force_login(personas.partner)
    page = client.get("/", follow=True)
    assert page.redirect_chain == [("/partner/", 302)]
    assert b"API documentation" not in page.content
