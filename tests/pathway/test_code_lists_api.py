"""GET /api/v1/code-lists/ and /api/v1/code-lists/{name}/: the codes of DESIGN §5 and the
pathway's own vocabularies, exactly as a client must send them (issue 11)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from pathway.models import ReferralSource
from tests.factories import UserFactory

REFERRAL_SOURCES = [
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
    "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
]  # fmt: skip
PRESENTING_ISSUES = [
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C",
    "5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F",
    "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C",
    "19B", "19C", "20", "21", "22A", "23A", "24A",
]  # fmt: skip


def as_user(client, user):
    token, _ = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def codes(body):
    return [item["code"] for item in body["items"]]


def test_every_list_carries_the_codes_a_client_sends(personas, client):
    lists = as_user(client, personas.contact_officer).get("/api/v1/code-lists/").json()
    assert sorted(lists) == [
        "channels",
        "closure_reasons",
        "consent",
        "decisions",
        "lawful_bases",
        "levels_of_need",
        "outcome_areas",
        "presenting_issues",
        "referral_sources",
        "sexes",
        "uptake",
    ]
    assert codes(lists["referral_sources"]) == REFERRAL_SOURCES
    assert codes(lists["presenting_issues"]) == PRESENTING_ISSUES
    assert lists["referral_sources"]["items"][17] == {"code": "6", "label": "Police"}
    assert lists["presenting_issues"]["items"][7] == {
        "code": "3B",
        "label": "Domestic abuse: concerns about parent or carer",
        "factor": "3",
        "subject": "B",
    }
    assert [i["label"] for i in lists["outcome_areas"]["items"]] == [
        "Getting a good education",
        "Good early years development",
        "Improved mental and physical health",
        "Promoting recovery and reducing harm from substance use",
        "Improved family relationships",
        "Children safe from abuse and exploitation",
        "Crime prevention and tackling crime",
        "Safe from domestic abuse",
        "Secure housing",
        "Financial stability",
    ]
    assert codes(lists["decisions"]) == [
        "caf",
        "universal",
        "existing_caf",
        "step_up",
        "advice",
        "nfa",
    ]
    assert codes(lists["consent"]) == ["given", "refused", "not_sought"]
    assert codes(lists["uptake"]) == ["taken_up", "declined", "not_contactable"]
    assert codes(lists["closure_reasons"]) == [
        "needs_met",
        "not_needing_early_help",
        "consent_withdrawn",
        "stepped_up",
        "referred_elsewhere",
        "moved_out_of_area",
        "no_further_action",
        "other",
    ]
    assert codes(lists["lawful_bases"]) == [
        "public_task",
        "legal_obligation",
        "vital_interests",
        "safeguarding",
    ]
    assert codes(lists["levels_of_need"]) == [
        "universal",
        "universal_plus",
        "targeted",
        "specialist",
        "statutory",
    ]
    assert lists["channels"]["used_for"] == "contact `channel`"


def test_one_list_by_name_and_an_unknown_name_is_404(personas, client):
    api = as_user(client, personas.practitioner)
    body = api.get("/api/v1/code-lists/uptake/").json()
    assert body == {
        "name": "uptake",
        "title": "Uptake of a universal offer",
        "used_for": "follow-up `uptake`",
        "items": [
            {"code": "taken_up", "label": "Taken up"},
            {"code": "declined", "label": "Declined"},
            {"code": "not_contactable", "label": "Not contactable"},
        ],
    }
    assert api.get("/api/v1/code-lists/colours/").status_code == 404


def test_a_deactivated_code_is_no_longer_offered(personas, client):
    ReferralSource.objects.filter(code="9").update(is_active=False)
    body = as_user(client, personas.contact_officer).get("/api/v1/code-lists/referral_sources/")
    assert "9" not in codes(body.json())
    assert len(body.json()["items"]) == 21


@pytest.mark.parametrize("role", ["partner", "admin", "auditor", "manager"])
def test_every_role_partners_included_reads_the_code_lists(personas, client, role):
    assert as_user(client, personas.for_role(role)).get("/api/v1/code-lists/").status_code == 200


def test_a_user_without_a_role_is_refused_and_no_token_is_401(personas, client):
    assert client.get("/api/v1/code-lists/").status_code == 401
    nobody = UserFactory(username="no.role")
    assert as_user(client, nobody).get("/api/v1/code-lists/").status_code == 403
    assert client.get("/api/v1/code-lists/decisions/").status_code == 403
