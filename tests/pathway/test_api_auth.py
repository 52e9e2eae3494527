"""Token authentication and the OpenAPI schema (DESIGN §8)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, CaseFactory


def obtain_token(client, username, password):
    return client.post(
        reverse("api-token"),
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_a_token_authenticates_api_calls(personas, client):
    case = CaseFactory(locality=personas.home)
    response = obtain_token(client, "olivia.officer", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    listed = client.get(reverse("api-case-list"), HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [case.pk]
    detail = listed.json()["results"][0]
    assert detail["stage"] == "contact"
    assert detail["locality"] == "central"
    assert detail["chronology"].endswith(f"/api/v1/cases/{case.pk}/chronology/")


def test_bad_credentials_get_one_answer_whether_or_not_the_user_exists(personas, client):
    wrong = obtain_token(client, "olivia.officer", "nope")
    unknown = obtain_token(client, "nobody", "nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()


def test_missing_fields_are_field_errors(db, client):
    response = client.post(reverse("api-token"), {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_the_token_endpoint_is_throttled_like_the_sign_in_page(personas, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        obtain_token(client, "olivia.officer", "nope")
    response = obtain_token(client, "olivia.officer", PASSWORD)
    assert response.status_code == 400
    assert "Too many" in response.json()["non_field_errors"][0]


def test_tokens_expire_and_a_new_one_is_issued(personas, client):
    token = obtain_token(client, "olivia.officer", PASSWORD).json()["token"]
    later = timezone.now() + settings.API_TOKEN_LIFETIME + timedelta(minutes=1)
    with time_machine.travel(later):
        expired = client.get(reverse("api-case-list"), HTTP_AUTHORIZATION=f"Token {token}")
        assert expired.status_code == 401
        fresh = obtain_token(client, "olivia.officer", PASSWORD).json()["token"]
        assert fresh != token
        ok = client.get(reverse("api-case-list"), HTTP_AUTHORIZATION=f"Token {fresh}")
        assert ok.status_code == 200


def test_no_credentials_is_401(db, client):
    assert client.get(reverse("api-case-list")).status_code == 401


def test_schema_is_openapi_3_and_documents_the_interfaces(personas, client):
    client.force_login(personas.manager)
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ["/api/v1/auth/token/", "/api/v1/cases/", "/api/v1/cases/{id}/"]:
        assert path in schema["paths"], path
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_the_access_log_answers_who_saw_a_case_for_auditors_only(personas, client):
    case = CaseFactory(locality=personas.home)
    client.force_login(personas.contact_officer)
    client.get(reverse("case-detail", args=[case.pk]))
    client.force_login(personas.auditor)
    response = client.get(reverse("api-access-log"), {"case": case.pk})
    assert response.status_code == 200
    [entry] = response.json()["results"]
    assert (entry["user"], entry["action"], entry["case"]) == ("olivia.officer", "view", case.pk)
    page = client.get(reverse("access-log"), {"case": case.pk})
    assert "(olivia.officer)" in page.content.decode()
    assert client.get(reverse("api-access-log"), {"case": "x"}).status_code == 400
    for role in ("contact_officer", "manager", "admin"):
        client.force_login(personas.for_role(role))
        assert client.get(reverse("api-access-log")).status_code == 403
        assert client.get(reverse("access-log")).status_code == 403
