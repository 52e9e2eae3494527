"""A contact officer signs in, lands on their home page and signs out; axe finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_contact_officer_signs_in_and_out(page, live_server, personas, sign_in, assert_accessible):
    CaseFactory(locality=personas.home)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to Supporting Families Pathway"
    )
    assert_accessible(page)

    sign_in(page, "olivia.officer", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your work")
    expect(page.get_by_text("Contact centre officer").first).to_be_visible()
    expect(page.get_by_role("link", name="Contact received")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_a_wrong_password_is_reported_accessibly(
    page, live_server, personas, sign_in, assert_accessible
):
    sign_in(page, "olivia.officer", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)


def test_case_pages_are_accessible(page, live_server, personas, sign_in, assert_accessible):
    case = CaseFactory(locality=personas.home)
    sign_in(page, "olivia.officer", PASSWORD)
    page.goto(f"{live_server.url}/cases/")
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert_accessible(page)
