"""Issue 14: the information-governance pages are axe-clean."""

from __future__ import annotations

import pytest

from pathway.models import AccessLogEntry
from tests.factories import (
    PASSWORD,
    ContactFactory,
    HouseholdMemberFactory,
    PersonFactory,
    TacCaseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(personas):
    case = TacCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        lead_professional=personas.practitioner,
    )
    child = PersonFactory(given_name="Amelia", family_name="Okonkwo")
    HouseholdMemberFactory(family=case.family, person=child)
    ContactFactory(case=case, children=[child], referrer_name="Mrs Hughes")
    AccessLogEntry.objects.create(
        user=personas.locality_leader, action="view", what=f"Person P{child.pk}", person=child
    )
    return {"case": case, "child": child}


def test_the_auditors_pages_are_accessible(page, live_server, records, sign_in, assert_accessible):
    child = records["child"]
    sign_in(page, "aud.auditor", PASSWORD)
    for path in (
        "/access-log/?record=okonkwo",
        "/access-log/?date_from_0=31&date_from_1=2&date_from_2=2026",  # with an error
        f"/people/{child.pk}/access-log/",
        "/subject-access/",
        f"/people/{child.pk}/subject-access/",
        "/retention/",
        "/restrictions/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.goto(f"{live_server.url}/people/{child.pk}/subject-access/")
    page.get_by_role("button", name="Release with these redactions").click()
    assert "[redacted]" in page.content()
    assert_accessible(page)


def test_the_practitioners_pages_are_accessible(
    page, live_server, records, sign_in, assert_accessible
):
    case, child = records["case"], records["child"]
    sign_in(page, "sam.senior", PASSWORD)
    page.goto(f"{live_server.url}/restrictions/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/people/{child.pk}/history/")
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, "pat.practitioner", PASSWORD)
    for path in (f"/cases/{case.pk}/history/", f"/families/{case.family_id}/history/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
