"""Personal-data responses are never cacheable (issue 10: `Cache-Control: no-store`)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import CaseFactory


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("name", ["home", "case-list", "contact-queue", "notifications"])
def test_signed_in_pages_are_no_store(name, personas, client):
    client.force_login(personas.senior_practitioner)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _no_store(response)


def test_a_case_page_and_its_api_answer_are_no_store(personas, client):
    case = CaseFactory(locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    assert _no_store(client.get(reverse("case-detail", args=[case.pk])))
    token = Token.objects.create(user=personas.locality_leader)
    client.logout()
    api = client.get(
        reverse("api-case-detail", args=[case.pk]), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert api.status_code == 200
    assert _no_store(api)


def test_errors_and_the_sign_in_page_are_no_store(personas, client):
    assert _no_store(client.get(reverse("login")))
    client.force_login(personas.partner)
    assert _no_store(client.get("/cases/999999/"))


def test_static_files_keep_their_cache_lifetime(client):
    response = client.get("/static/images/favicon.svg")
    assert response.status_code == 200
    assert not _no_store(response)
