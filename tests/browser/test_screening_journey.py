"""Screening from where the contact is, in the browser (issue 11): from the contact queue
to "Screen this contact", the tool one section per page, the computed level before the
decision, a warning for a decision that does not fit the level, and the decision recorded.

axe runs on every page the journey visits and must find nothing.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from localities.models import Agency
from tests.factories import PASSWORD, AgencyFactory, ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Version 1 of the tool (screening/migrations/0002_default_tool.py), in its order.
SECTIONS = [
    "The child's developmental needs",
    "Parenting capacity",
    "Family and environmental factors",
]
HOUSING = "Are there housing problems?"
CAF_AT_UNIVERSAL = (
    "“CAF recommendation” does not usually fit Universal level. A CAF is for "
    "Universal Plus or Targeted needs. Check the decision, or record it anyway if your "
    "rationale explains why."
)


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def answer(page: Page, question: str) -> Locator:
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(question)}$"))
    )
    return row.locator(".govuk-summary-list__value")


def answer_no_concern_to_every_question(page: Page) -> None:
    """'No concern' wherever it is offered, else 'No' (the critical questions)."""
    for group in page.get_by_role("group").all():
        no_concern = group.get_by_label("No concern", exact=True)
        (no_concern if no_concern.count() else group.get_by_label("No", exact=True)).check()


def test_officer_screens_a_contact_from_the_queue(
    page, live_server, personas, tool, sign_in, assert_accessible
):
    contact = ContactFactory(case__locality=personas.home, case__family__locality=personas.home)
    AgencyFactory(
        code="hollins-cc",
        name="Hollins Children's Centre",
        kind=Agency.Kind.CHILDRENS_CENTRE,
        offers_universal_service=True,
    )

    sign_in(page, "olivia.officer", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name=re.compile(r"^Contact queue\b")
    ).click()
    expect(heading(page)).to_have_text("Contacts awaiting screening")
    assert_accessible(page)
    page.get_by_role("link", name=f"Screen this contact {contact.reference}").click()

    for number, title in enumerate(SECTIONS, start=1):
        expect(heading(page)).to_have_text(title)
        expect(page.locator(".govuk-caption-l")).to_have_text(
            f"Multi-agency screening, section {number} of 3"
        )
        assert_accessible(page)
        answer_no_concern_to_every_question(page)
        page.get_by_role("button", name="Continue").click()

    # Every answer "no concern": a score of 0, Universal, shown before the decision.
    expect(heading(page)).to_have_text("Check the answers and decide")
    expect(page.get_by_role("heading", name="Computed level: Universal")).to_be_visible()
    expect(page.locator(".pathway-level-panel")).to_contain_text("Score 0")
    expect(answer(page, HOUSING)).to_have_text("No concern")
    assert_accessible(page)

    # Choosing a CAF at Universal level warns at once, before anything is submitted.
    decisions = page.get_by_role("group", name="Decision", exact=True)
    decisions.get_by_label("CAF recommendation", exact=True).check()
    expect(page.locator("#fit-warning")).to_contain_text(CAF_AT_UNIVERSAL)
    expect(page.get_by_role("button", name="Record the decision anyway")).to_be_visible()
    assert_accessible(page)

    # On reflection, an offer of universal services fits Universal needs.
    decisions.get_by_label("Universal recommendation", exact=True).check()
    expect(page.locator("#fit-warning")).to_have_count(0)
    page.get_by_label("Universal service offered (for a universal recommendation)").select_option(
        label="Hollins Children's Centre"
    )
    page.get_by_label("Rationale for the decision").fill("Mum asks for help with routines.")
    page.get_by_role("button", name="Record the decision", exact=True).click()

    expect(heading(page)).to_contain_text(f"Case {contact.case.reference}")
    expect(page.get_by_role("alert")).to_contain_text(
        "Universal offer recommended (Hollins Children's Centre); follow up with the family by"
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}/contacts/queue/")
    expect(page.get_by_text("No contacts are waiting to be screened.")).to_be_visible()


def screen_to_the_decision(page: Page, live_server, contact) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    page.get_by_role("button", name="Screen this contact").click()
    for title in SECTIONS:
        expect(heading(page)).to_have_text(title)
        answer_no_concern_to_every_question(page)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Computed level: Universal")).to_be_visible()


def test_having_seen_the_warning_the_officer_records_the_decision_anyway(
    page, live_server, personas, tool, sign_in
):
    contact = ContactFactory(case__locality=personas.home, case__family__locality=personas.home)
    sign_in(page, "olivia.officer", PASSWORD)
    screen_to_the_decision(page, live_server, contact)
    page.get_by_role("group", name="Decision", exact=True).get_by_label(
        "CAF recommendation", exact=True
    ).check()
    page.get_by_label("Rationale for the decision").fill("School and GP share the worry.")
    expect(page.locator("#fit-warning")).to_contain_text(CAF_AT_UNIVERSAL)
    page.get_by_role("button", name="Record the decision anyway").click()

    # One press: the warning was seen before it.
    expect(heading(page)).to_contain_text(f"Case {contact.case.reference}")
    expect(page.get_by_role("alert")).to_contain_text("CAF recommended; due")


def test_without_javascript_the_warning_comes_when_the_decision_is_submitted(
    browser, live_server, personas, tool
):
    # axe needs JavaScript: the same warning markup is checked in the journey above.
    contact = ContactFactory(case__locality=personas.home, case__family__locality=personas.home)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("olivia.officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    screen_to_the_decision(page, live_server, contact)

    page.get_by_role("group", name="Decision", exact=True).get_by_label(
        "CAF recommendation", exact=True
    ).check()
    page.get_by_label("Rationale for the decision").fill("School and GP share the worry.")
    expect(page.locator("#fit-warning")).to_have_count(0)
    page.get_by_role("button", name="Record the decision", exact=True).click()

    expect(page.locator("#fit-warning")).to_contain_text(CAF_AT_UNIVERSAL)
    expect(page.get_by_label("CAF recommendation", exact=True)).to_be_checked()
    page.get_by_role("button", name="Record the decision anyway").click()

    expect(heading(page)).to_contain_text(f"Case {contact.case.reference}")
    expect(page.get_by_role("alert")).to_contain_text("CAF recommended; due")
    context.close()
