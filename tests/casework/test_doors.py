"""The page and the API are two doors to one service: same version check, same access log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathway.models import AccessLogEntry, ChronologyEvent
from tests.casework.test_action_matrix import VERBS
from tests.factories import CaseFactory

# A role allowed each verb, and a stage it is allowed from (see test_action_matrix's grids).
ALLOWED = {
    "close": ("locality_leader", "allocated"),
    "reopen": ("locality_leader", "closed"),
    "step_up": ("practitioner", "tac"),
    "transfer": ("locality_leader", "awaiting_allocation"),
}


@pytest.mark.parametrize("verb", sorted(ALLOWED))
def test_a_stale_version_is_refused_alike_by_both_doors(verb, personas, client):
    _grid, api_url, page_url, body, form, _target = VERBS[verb]
    role, stage = ALLOWED[verb]
    client.force_login(personas.for_role(role))
    case = CaseFactory(stage=stage, locality=personas.home, family__locality=personas.home)
    case.version = 5  # someone else moved it on since the user loaded version 4
    case.save()

    api = client.post(
        reverse(api_url, args=[case.pk]), {**body, "version": 4}, content_type="application/json"
    )
    assert api.status_code == 409
    assert "changed by someone else" in api.json()["detail"]

    if form.get("locality") == "away":
        form = {**form, "locality": personas.away.pk}
    page = client.post(reverse(page_url, args=[case.pk]), {**form, "version": 4}, follow=True)
    assert "changed by someone else" in page.content.decode()

    case.refresh_from_db()
    assert (case.stage, case.version) == (stage, 5)
    assert not ChronologyEvent.objects.filter(case=case).exists()


def _rows(user, action):
    return AccessLogEntry.objects.filter(user=user, action=action).count()


def test_listing_cases_writes_one_access_log_row_through_either_door(personas, client):
    leader = personas.locality_leader
    CaseFactory(locality=personas.home)
    client.force_login(leader)
    assert client.get(reverse("case-list")).status_code == 200
    assert _rows(leader, AccessLogEntry.Action.LIST) == 1
    assert client.get(reverse("api-case-list")).status_code == 200
    assert _rows(leader, AccessLogEntry.Action.LIST) == 2


def test_opening_a_case_writes_one_access_log_row_through_either_door(personas, client):
    leader = personas.locality_leader
    case = CaseFactory(locality=personas.home, family__locality=personas.home)
    client.force_login(leader)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    page_rows = AccessLogEntry.objects.filter(user=leader, case=case).count()
    assert client.get(reverse("api-case-detail", args=[case.pk])).status_code == 200
    api_rows = AccessLogEntry.objects.filter(user=leader, case=case).count() - page_rows
    assert page_rows == api_rows == 1
