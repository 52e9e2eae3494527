"""The interactive API documentation passes the same axe checks as the service's pages,
less four rules that only a fork of Swagger UI could satisfy (see SWAGGER_UI_MARKUP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE_OPTIONS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Swagger UI (a React app, served as-is from drf-spectacular-sidecar) builds this markup
# itself; our template cannot change it without forking the library:
# - heading-order: it titles the page h1 and each group of operations h3, skipping h2;
# - nested-interactive: each operation's summary is a button holding the path link and the
#   "copy path" and "authorise" buttons;
# - region: it renders the API's title block outside the <main> it makes for the
#   operations, and a second <main> of ours would nest landmarks;
# - select-name: an enum query parameter (e.g. the report's `format`) is shown as a disabled
#   <select> with no label until "Try it out" is pressed.
# The page is a tool for developers of partner systems; the same information is in the
# OpenAPI document at /api/v1/schema/. Everything our template controls is checked: the
# language, the title, colour contrast and target sizes (fixed in the template's CSS).
SWAGGER_UI_MARKUP = ["heading-order", "nested-interactive", "region", "select-name"]
DOCS_AXE_OPTIONS = {
    **AXE_OPTIONS,
    "rules": {rule: {"enabled": False} for rule in SWAGGER_UI_MARKUP},
}


def test_the_api_documentation_is_accessible(page, live_server, personas, sign_in, axe):
    sign_in(page, "pat.practitioner", PASSWORD)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(page).to_have_title("API documentation – Supporting Families Pathway API")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Supporting Families Pathway API")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link")).to_have_text(
        "Back to Supporting Families Pathway"
    )
    results = axe.run(page, options=DOCS_AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

    # One operation opened, as a developer reads it.
    page.locator(".opblock-summary-control").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    results = axe.run(page, options=DOCS_AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
