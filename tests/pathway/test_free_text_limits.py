"""Issue 10 (low): a 1 MB close note or step-up reason is refused, naming the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathway.validators import MAX_FREE_TEXT
from tests.factories import CaseFactory

MEGABYTE = "x" * 1_000_000


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("api-case-close", {"reason": "other", "note": MEGABYTE}, "note"),
        ("api-case-step-up", {"reason": MEGABYTE}, "reason"),
        ("api-case-transfer", {"locality": "north", "reason": MEGABYTE}, "reason"),
    ],
)
def test_a_megabyte_of_free_text_is_a_400_naming_the_field(url, body, field, personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    response = client.post(reverse(url, args=[case.pk]), body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert f"{MAX_FREE_TEXT:,} characters or fewer" in response.json()[field][0]
    case.refresh_from_db()
    assert (case.stage, case.version) == ("allocated", 1)


def test_the_longest_allowed_note_is_kept_whole(personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    note = "y" * MAX_FREE_TEXT
    response = client.post(
        reverse("api-case-close", args=[case.pk]),
        {"reason": "other", "note": note},
        content_type="application/json",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.closure_note == note


def test_the_close_page_shows_the_limit_next_to_the_field(personas, client):
    case = CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)
    client.force_login(personas.locality_leader)
    page = client.post(
        reverse("case-close", args=[case.pk]),
        {"reason": "other", "note": MEGABYTE, "version": case.version},
    )
    assert page.status_code == 200
    assert "characters or fewer" in " ".join(page.context["form"].errors["note"])
