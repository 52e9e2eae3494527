"""A canary NHS number, name and address never reach the application's log output,
whether the contact is recorded, refused or its page is missing (issue 15)."""

from __future__ import annotations

import logging

import pytest

from pathway.models import Person
from pathway.validators import nhs_number_is_valid
from tests.frontdoor.test_contacts_api import body, post

CANARY_NHS = "9990000026"
CANARY_ADDRESS = "17 Canarywharf Close"
CANARY_NAME = "Zephyrine"


@pytest.fixture
def every_log_record(caplog):
    caplog.set_level(logging.DEBUG)  # everything, from every logger (django.request too)
    return caplog


def canary_body(**overrides):
    children = [
        {
            "given_name": CANARY_NAME,
            "family_name": "Quill",
            "date_of_birth": "2019-04-03",
            "nhs_number": CANARY_NHS,
        }
    ]
    return body(
        new_family={"address": CANARY_ADDRESS, "postcode": "sk1 3aa"},
        children=children,
        **overrides,
    )


def assert_no_canary(caplog):
    text = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for canary in (CANARY_NHS, "999 000 0026", CANARY_ADDRESS, CANARY_NAME):
        assert canary not in text


def test_the_canary_is_a_valid_test_number():
    assert nhs_number_is_valid(CANARY_NHS)


def test_recording_a_contact_logs_no_personal_data(personas, client, every_log_record):
    client.force_login(personas.contact_officer)
    response = post(client, canary_body())
    assert response.status_code == 201, response.json()
    assert Person.objects.filter(nhs_number=CANARY_NHS).exists()
    assert_no_canary(every_log_record)


def test_refused_and_failing_requests_log_no_personal_data(personas, client, every_log_record):
    client.force_login(personas.contact_officer)
    # A 400 (a field error), a 400 for a NUL byte, a 404 and a refused (403) search.
    assert post(client, canary_body(primary_issue="nope")).status_code == 400
    assert post(client, canary_body(reason="a\x00b")).status_code == 400
    assert client.get(f"/api/v1/people/search/?q={CANARY_NAME}%00").status_code == 400
    assert client.get(f"/cases/999999/?q={CANARY_NHS}").status_code == 404
    client.force_login(personas.partner)
    assert client.get(f"/api/v1/people/search/?q={CANARY_NHS}").status_code in (403, 404)
    # Something was logged (the 4xx warnings), so the check is not vacuous.
    assert any(r.name == "django.request" for r in every_log_record.records)
    assert_no_canary(every_log_record)
