"""First-day journeys (issue 11), in Chromium with axe on every page they visit:

1. A locality leader at the allocation queue: an overdue CAF says by how many working days,
   a Specialist case is flagged for senior review, the lead-professional list follows the
   chosen team, and a partner agency's health visitor is made lead professional.
2. A contact officer finds a person, goes from the person page to the family's open case,
   and records a contact about the family with the family already chosen.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from localities.models import Agency, Team
from pathway.calendar import WorkingDayCalendar
from pathway.choices import LevelOfNeed, Stage
from tests.factories import (
    PASSWORD,
    AwaitingAllocationCaseFactory,
    CaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def offered_groups(page: Page) -> list[str]:
    """The groups of the lead-professional list a user can choose from now."""
    return page.get_by_label("Lead professional").evaluate(
        "select => [...select.querySelectorAll('optgroup')]"
        ".filter(group => !group.hidden && !group.disabled).map(group => group.label)"
    )


def test_a_locality_leader_allocates_from_the_queue_to_a_partner_health_visitor(
    page, live_server, personas, sign_in, assert_accessible
):
    today = timezone.localdate()
    overdue = AwaitingAllocationCaseFactory(locality=personas.home, family__locality=personas.home)
    due = today - timedelta(days=14)
    overdue.recommendations.update(made_on=due - timedelta(days=28), due_on=due)
    days_over = WorkingDayCalendar().working_days_between(due, today)
    specialist = AwaitingAllocationCaseFactory(
        locality=personas.home, level_of_need=LevelOfNeed.SPECIALIST
    )
    family_support = TeamFactory(
        code="central-family-support", name="Central Family Support", locality=personas.home
    )
    fay = UserFactory(
        username="fay.worker", first_name="Fay", last_name="Worker", role="practitioner"
    )
    MembershipFactory(user=fay, team=family_support, capacity=8)
    hana = UserFactory(
        username="hana.visitor", first_name="Hana", last_name="Visitor", role="partner"
    )
    MembershipFactory(user=hana, agency=Agency.objects.get(code="health-visiting"), capacity=6)

    sign_in(page, "lena.leader", PASSWORD)
    page.goto(f"{live_server.url}/allocation/")
    expect(heading(page)).to_have_text("Cases awaiting allocation")
    overdue_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=overdue.reference)
    )
    expect(overdue_row).to_contain_text(f"Overdue by {days_over} working days")
    specialist_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=specialist.reference)
    )
    expect(specialist_row).to_contain_text("Senior review: Specialist level")
    assert_accessible(page)

    overdue_row.get_by_role("link", name=re.compile("^Allocate")).click()
    expect(heading(page)).to_have_text("Allocate the case")
    assert_accessible(page)
    page.get_by_label("Team").select_option(label="Central Family Support")
    assert offered_groups(page) == [
        "Central Family Support",
        "Health Visiting (partner agency)",
    ]
    page.get_by_label("Team").select_option(label="Central Early Help")
    assert offered_groups(page) == ["Central Early Help", "Health Visiting (partner agency)"]
    page.get_by_label("Lead professional").select_option(label="Hana Visitor")
    assert_accessible(page)
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Case {overdue.reference} allocated to Hana Visitor"
    )
    overdue.refresh_from_db()
    assert (overdue.stage, overdue.lead_professional, overdue.team) == (
        Stage.ALLOCATED,
        hana,
        Team.objects.get(code="central-early-help"),
    )


def test_an_officer_goes_from_the_person_page_to_the_case_and_a_new_contact(
    page, live_server, personas, sign_in, assert_accessible
):
    family = FamilyFactory(
        address_line_1="14 Hollins Lane", postcode="SK4 2AB", locality=personas.home
    )
    grace = PersonFactory(given_name="Grace", family_name="Okafor")
    HouseholdMemberFactory(family=family, person=grace, relationship="parent_carer")
    case = CaseFactory(family=family, stage=Stage.CONTACT, locality=personas.home)

    sign_in(page, "olivia.officer", PASSWORD)
    page.get_by_label("Find a person or family").fill("Grace Okafor")
    page.get_by_label("Find a person or family").press("Enter")
    expect(
        page.get_by_role("heading", level=2, name="1 match for name “Grace Okafor”")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Grace Okafor").click()
    expect(heading(page)).to_have_text("Grace Okafor")
    assert_accessible(page)

    card = page.locator(".govuk-summary-card").filter(has_text="Okafor family, 14 Hollins Lane")
    expect(card.get_by_role("link", name=f"Case {case.reference}")).to_be_visible()
    card.get_by_role("link", name="Okafor family, 14 Hollins Lane").click()
    expect(heading(page)).to_contain_text("Okafor family, 14 Hollins Lane")
    page.go_back()

    card.get_by_role("button", name="Record a contact about this family").click()
    expect(heading(page)).to_have_text("How and when the contact came in")
    assert_accessible(page)
    page.get_by_label("Phone call", exact=True).check()
    now = timezone.localtime() - timedelta(minutes=10)
    boxes = page.get_by_role("group", name="Date received", exact=True)
    boxes.get_by_label("Day").fill(str(now.day))
    boxes.get_by_label("Month").fill(str(now.month))
    boxes.get_by_label("Year").fill(str(now.year))
    page.get_by_label("Time received").fill(now.strftime("%H:%M"))
    page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Who made the contact")
    page.get_by_label("Who made the contact?").select_option("1C")
    page.get_by_role("button", name="Save and continue").click()
    # The family was chosen on the person page: its question is passed over.
    expect(heading(page)).to_have_text("Which children is the contact about?")
    assert_accessible(page)
