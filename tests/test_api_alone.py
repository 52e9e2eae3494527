"""The API is enough on its own (issue 11): a client holding only the OpenAPI document and a
token per user takes one family from contact to Team Around the Family. Every path comes
from the document, every code and id from the reference endpoints; the database holds only
reference data and users (the personas, and the postcode area that puts the family in
their locality)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, PostcodeAreaFactory


class ApiClient:
    """One user's calls: a token from POST /api/v1/auth/token/, paths from the document."""

    def __init__(self, client: Client, username: str, document: dict[str, Any] | None) -> None:
        self.client = client
        token = client.post(
            "/api/v1/auth/token/",
            {"username": username, "password": PASSWORD},
            content_type="application/json",
        )
        assert token.status_code == 200, token.content
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token.json()['token']}"}
        self.document = document

    def path(self, operation_id: str, **ids: Any) -> str:
        assert self.document is not None
        for path, item in self.document["paths"].items():
            for operation in item.values():
                if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                    return path.format(**ids)
        raise AssertionError(f"The document has no operation {operation_id}")

    def get(self, operation_id: str, expect: int = 200, **ids: Any) -> Any:
        response = self.client.get(self.path(operation_id, **ids), **self.headers)
        assert response.status_code == expect, response.content
        return response.json()

    def post(self, operation_id: str, body: dict[str, Any], expect: int, **ids: Any) -> Any:
        response = self.client.post(
            self.path(operation_id, **ids), body, content_type="application/json", **self.headers
        )
        assert response.status_code == expect, response.content
        return response.json()


def code_for(code_list: dict[str, Any], label: str) -> str:
    [code] = [item["code"] for item in code_list["items"] if item["label"] == label]
    return str(code)


def answers_reaching(tool: dict[str, Any], level: str) -> dict[str, str]:
    """Answers whose total lands in `level`'s band, with no critical answer: the heaviest
    answer to each question that keeps the total below the next level's threshold."""
    starts = [t["from_score"] for t in tool["scoring"]["thresholds"]]
    levels = [t["level"] for t in tool["scoring"]["thresholds"]]
    low = starts[levels.index(level)]
    high = starts[levels.index(level) + 1]
    answers, total = {}, 0
    for section in tool["sections"]:
        for question in section["questions"]:
            fitting = [
                a
                for a in question["answers"]
                if not a["is_critical"] and total + a["points"] < high
            ]
            chosen = max(fitting, key=lambda a: a["points"])
            answers[question["code"]] = chosen["value"]
            total += chosen["points"]
    assert low <= total < high
    return answers


@pytest.mark.parametrize(
    ("level", "needs_sign_off"),
    [("targeted", False), ("specialist", True)],
)
def test_one_family_goes_from_contact_to_tac_through_the_api_alone(
    personas, client, level, needs_sign_off
):
    PostcodeAreaFactory(locality=personas.home, prefix="SK1")
    officer = ApiClient(client, "olivia.officer", None)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json", **officer.headers)
    assert response.status_code == 200
    document = response.json()
    officer.document = document
    senior = ApiClient(client, "sam.senior", document)
    leader = ApiClient(client, "lena.leader", document)
    practitioner = ApiClient(client, "pat.practitioner", document)

    # The contact centre officer records a police notification about a new family.
    lists = officer.get("code_lists_list")
    contact = officer.post(
        "contacts_create",
        {
            "received_at": timezone.now().isoformat(),
            "channel": code_for(lists["channels"], "Police domestic-incident notification"),
            "referral_source": code_for(lists["referral_sources"], "Police"),
            "reason": "Police attended a verbal argument; the children were at home.",
            "primary_issue": code_for(
                lists["presenting_issues"], "Domestic abuse: concerns about parent or carer"
            ),
            "consent": code_for(lists["consent"], "Given"),
            "new_family": {"address": "14 Hollins Lane", "postcode": "SK1 3XE"},
            "children": [
                {"given_name": "Amara", "family_name": "Okonkwo", "date_of_birth": "2019-05-04"}
            ],
        },
        expect=201,
    )
    assert (contact["channel"], contact["referral_source"], contact["primary_issue"]) == (
        "police_domestic_incident",
        "6",
        "3B",
    )
    case_id = contact["case"]

    # ... screens it with the active tool, and recommends a CAF.
    tool = officer.get("screening_tool_retrieve")
    screening = officer.post(
        "cases_screen_create",
        {
            "answers": answers_reaching(tool, level),
            "decision": code_for(lists["decisions"], "CAF recommendation"),
            "rationale": "Repeat incidents; the family would work with a lead professional.",
        },
        expect=201,
        id=case_id,
    )
    assert (screening["computed_level"], screening["decision"]) == (level, "caf")
    assert screening["needs_sign_off"] is needs_sign_off
    assert (level in tool["scoring"]["sign_off_levels"]) is needs_sign_off

    # A senior practitioner signs it off when the rules need it.
    if screening["needs_sign_off"]:
        assert screening["status"] == "awaiting_sign_off"
        signed = senior.post(
            "screenings_sign_off_create", {"comment": "Agreed."}, expect=200, id=screening["id"]
        )
        assert signed["status"] == "applied"

    # The locality leader finds it in their list and allocates it from the locality's
    # teams and workers.
    waiting = leader.get("cases_retrieve", id=case_id)
    assert (waiting["stage"], waiting["locality"]) == ("awaiting_allocation", "central")
    assert case_id in [row["id"] for row in leader.get("cases_list")["results"]]
    [locality] = [row for row in leader.get("localities_list") if row["code"] == "central"]
    detail = leader.get("localities_retrieve", id=locality["id"])
    team, worker = next(
        (team, worker)
        for team in detail["teams"]
        for worker in team["workers"]
        if worker["may_lead_cases"] and not worker["over_capacity"]
    )
    allocated = leader.post(
        "cases_allocate_create",
        {
            "locality": locality["code"],
            "team": team["code"],
            "worker": worker["username"],
            "version": waiting["version"],
        },
        expect=200,
        id=case_id,
    )
    assert (allocated["stage"], allocated["team"]) == ("allocated", "central-early-help")
    assert worker["username"] == "pat.practitioner"

    # The lead professional completes the CAF with the family.
    held = practitioner.get("cases_retrieve", id=case_id)
    [recommendation] = [r for r in held["recommendations"] if r["kind"] == "caf"]
    completed = practitioner.post(
        "recommendations_complete_create",
        {
            "family_views": "Mum wants help to keep the children safe at home.",
            "child_views": "Amara says the shouting scares her.",
            "summary": "Domestic abuse support and parenting work.",
            "needs": [
                {
                    "outcome_area": code_for(lists["outcome_areas"], "Safe from domestic abuse"),
                    "needs": "Safety planning with Women's Aid.",
                }
            ],
            "version": held["version"],
        },
        expect=200,
        id=recommendation["id"],
    )
    assert completed["status"] == "completed"
    assert practitioner.get("cases_retrieve", id=case_id)["stage"] == "tac"


def test_the_document_validates_without_warnings(db, tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`: every endpoint, the new reference
    endpoints included, is described without guesswork."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/v1/screening-tool/:" in (tmp_path / "schema.yaml").read_text()
