"""A manager's journey through the performance dashboard: filter, drill down, export; axe
clean at each step, the error state included."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from pathway.choices import Decision
from tests.conftest import ensure_reference_data
from tests.factories import PASSWORD
from tests.reporting.builders import at, screened

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_filters_drills_down_and_exports(
    page: Page, live_server, personas, sign_in, assert_accessible
):
    ensure_reference_data()
    cases = [
        screened(Decision.CAF, at(date(2026, 3, day)), locality=personas.home).case
        for day in (2, 3, 4, 5, 6, 9)
    ]
    screened(Decision.UNIVERSAL, at(date(2026, 3, 10)), locality=personas.away)

    sign_in(page, "max.manager", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Performance reports", level=1)).to_be_visible()
    assert_accessible(page)

    # A period the wrong way round: an error summary linked to the field.
    page.get_by_role("textbox", name="From", exact=True).fill("2026-03-31")
    page.get_by_role("textbox", name="To", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The end of the period must be the same as or after its start"
    )
    assert_accessible(page)

    page.get_by_role("textbox", name="From", exact=True).fill("2026-03-01")
    page.get_by_role("textbox", name="To", exact=True).fill("2026-03-31")
    page.get_by_label("Locality").select_option(label="Central")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("1 March 2026 to 31 March 2026, Central")).to_be_visible()
    outcomes = page.locator("#table-outcomes-by_decision")
    caf_row = outcomes.get_by_role("row").filter(has_text="CAF recommendation").first
    expect(caf_row.get_by_role("cell").first).to_have_text(
        "6: the cases behind CAF recommendation, Screenings"
    )
    assert_accessible(page)

    csv_link = page.get_by_role("link", name="CSV of this report")
    response = page.request.get(f"{live_server.url}{csv_link.get_attribute('href')}")
    assert response.status == 200
    assert "CAF recommendation" in response.text()

    caf_row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Cases behind the figure")).to_be_visible()
    for case in cases:
        expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    assert_accessible(page)
    excel = page.get_by_role("link", name="Excel of these cases")
    response = page.request.get(f"{live_server.url}{excel.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
