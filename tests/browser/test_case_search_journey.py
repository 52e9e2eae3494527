"""A locality leader finds a family on the cases list by its surname and opens its case,
which is headed with the family's name and its children (issue 11). axe runs on each page."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import (
    PASSWORD,
    AllocatedCaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def household(locality, address, surname, child, child_age):
    family = FamilyFactory(locality=locality, address_line_1=address)
    today = timezone.localdate()
    for given, relationship, born in (
        ("Grace", "parent_carer", date(1988, 2, 3)),
        (child, "child", today.replace(year=today.year - child_age)),
    ):
        HouseholdMemberFactory(
            family=family,
            relationship=relationship,
            person=PersonFactory(given_name=given, family_name=surname, date_of_birth=born),
        )
    return family


def test_a_leader_searches_the_cases_by_surname_and_opens_the_family_s_case(
    page: Page, live_server, personas, sign_in, assert_accessible
):
    home, away = personas.home, personas.away
    wanted = AllocatedCaseFactory(
        locality=home, family=household(home, "14 Hollins Lane", "Okonkwo-Brennan", "Amara", 7)
    )
    AllocatedCaseFactory(locality=home, family=household(home, "9 Shaw Heath", "Shaw", "Ivy", 4))
    # Another locality's family with the same surname: never listed for this leader.
    AllocatedCaseFactory(
        locality=away, family=household(away, "1 Hope Street", "Okonkwo-Brennan", "Tobi", 3)
    )

    sign_in(page, "lena.leader", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Cases", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    assert_accessible(page)

    page.get_by_label("Family name or case reference").fill("okonkwo")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("caption")).to_contain_text("1 case")
    expect(
        page.get_by_role("link", name="Remove this filter: Family name or case reference: okonkwo")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Okonkwo-Brennan family, 14 Hollins Lane").click()
    expect(page).to_have_url(f"{live_server.url}/cases/{wanted.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Okonkwo-Brennan family, 14 Hollins Lane"
    )
    expect(page.get_by_text("Children: Amara Okonkwo-Brennan (7)")).to_be_visible()
    assert_accessible(page)
