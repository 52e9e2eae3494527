"""Issue 10: bad input that answered 500 is a 400 with field errors."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from pathway.govuk_forms import DateInputField
from tests.factories import CaseFactory


@pytest.fixture
def leader_client(personas, client):
    client.force_login(personas.locality_leader)
    return client


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    "field, body",
    [
        ("locality", {"locality": "north\x00", "reason": "moved"}),
        ("reason", {"locality": "north", "reason": "moved\x00"}),
    ],
)
def test_a_nul_byte_in_any_api_field_is_a_400_naming_it(field, body, personas, leader_client):
    case = CaseFactory(
        stage="awaiting_allocation", locality=personas.home, family__locality=personas.home
    )
    response = _post(leader_client, reverse("api-case-transfer", args=[case.pk]), body)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_nul_byte_nested_in_a_list_names_the_top_level_field(personas, leader_client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    body = {"reason": "needs_met", "note": [{"outcome_area": "education\x00"}]}
    response = _post(leader_client, reverse("api-case-close", args=[case.pk]), body)
    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    case.refresh_from_db()
    assert case.stage == "allocated"


def test_json_nested_50000_deep_is_a_400(personas, leader_client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    deep = "[" * 50_000 + "]" * 50_000
    response = leader_client.post(
        reverse("api-case-close", args=[case.pk]), deep, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_json_nested_past_the_limit_but_within_python_is_a_400(personas, leader_client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    body = {"reason": "needs_met", "note": json.loads("[" * 40 + "]" * 40)}
    response = _post(leader_client, reverse("api-case-close", args=[case.pk]), body)
    assert response.status_code == 400


def test_a_nul_byte_in_an_api_query_parameter_is_a_400(leader_client):
    response = leader_client.get(reverse("api-working-days"), {"start": "2026-12-21\x00", "add": 1})
    assert response.status_code == 400
    assert list(response.json()) == ["start"]


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_extreme_dates_in_the_calendar_are_a_400(start, leader_client):
    response = leader_client.get(reverse("api-working-days"), {"start": start, "add": 20})
    assert response.status_code == 400
    assert "start" in response.json()


def test_the_calendar_still_answers_inside_its_range(leader_client):
    response = leader_client.get(reverse("api-working-days"), {"start": "2026-12-21", "add": 20})
    assert response.json() == {"date": "2027-01-21"}


@pytest.mark.parametrize(
    "day, month, year", [("1" * 40, "1", "2026"), ("1", "1" * 40, "2026"), ("123", "1", "2026")]
)
def test_a_huge_day_or_month_in_a_date_field_is_a_form_error(day, month, year):
    field = DateInputField(label_lower="date of birth")
    with pytest.raises(Exception) as error:
        field.clean([day, month, year])
    assert "must be a real date" in str(error.value)


@pytest.mark.parametrize("content_type", ["multipart", "urlencoded"])
def test_a_nul_byte_in_a_form_encoded_api_body_is_a_400_naming_it(content_type, db, client):
    from urllib.parse import urlencode

    data = {"username": "olivia\x00officer", "password": "anything"}
    if content_type == "multipart":
        response = client.post("/api/v1/auth/token/", data)
    else:
        response = client.post(
            "/api/v1/auth/token/",
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 400
    assert "NUL" in str(response.json()["username"])
