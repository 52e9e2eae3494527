"""GET /api/v1/screening-tool/: the active tool's questions, allowed answers and scoring,
enough to screen through the API without reading the database (issue 11)."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from screening.models import ScreeningTool
from tests.factories import UserFactory


def as_user(client, user):
    token, _ = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def test_the_active_tool_lists_sections_questions_answers_and_scoring(
    personas, client, django_assert_max_num_queries
):
    api = as_user(client, personas.contact_officer)
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/screening-tool/")
    assert response.status_code == 200
    tool = response.json()
    assert (tool["version"], tool["name"]) == (1, "Multi-agency screening tool")
    assert tool["scoring"] == {
        "thresholds": [
            {"level": "universal", "label": "Universal", "from_score": 0},
            {"level": "universal_plus", "label": "Universal Plus", "from_score": 4},
            {"level": "targeted", "label": "Targeted", "from_score": 10},
            {"level": "specialist", "label": "Specialist", "from_score": 20},
            {"level": "statutory", "label": "Statutory", "from_score": 30},
        ],
        "critical_level": "statutory",
        "sign_off_levels": ["specialist", "statutory"],
    }
    assert [s["code"] for s in tool["sections"]] == ["child", "parenting", "family"]
    child = tool["sections"][0]
    assert child["title"] == "The child's developmental needs"
    assert [q["code"] for q in child["questions"]] == [
        "health",
        "education",
        "emotional",
        "relationships",
        "young_carer",
        "missing_exploitation",
        "immediate_risk",
    ]
    health = child["questions"][0]
    assert health["help_text"] == "Including missed health appointments"
    assert health["answers"] == [
        {"value": "none", "label": "No concern", "points": 0, "is_critical": False},
        {"value": "some", "label": "Some concern", "points": 2, "is_critical": False},
        {"value": "significant", "label": "Significant concern", "points": 4, "is_critical": False},
        {"value": "not_known", "label": "Not known", "points": 0, "is_critical": False},
    ]
    assert child["questions"][-1]["answers"] == [
        {"value": "no", "label": "No", "points": 0, "is_critical": False},
        {"value": "yes", "label": "Yes", "points": 0, "is_critical": True},
    ]
    assert sum(len(s["questions"]) for s in tool["sections"]) == 18


def test_a_newly_published_version_is_the_one_served(personas, client):
    ScreeningTool.objects.filter(status="active").update(status="retired")
    ScreeningTool.objects.create(
        version=2,
        status="active",
        universal_plus_from=5,
        targeted_from=11,
        specialist_from=21,
        statutory_from=31,
    )
    tool = as_user(client, personas.senior_practitioner).get("/api/v1/screening-tool/").json()
    assert tool["version"] == 2
    assert tool["sections"] == []
    assert [t["from_score"] for t in tool["scoring"]["thresholds"]] == [0, 5, 11, 21, 31]


def test_no_active_tool_is_404(personas, client):
    ScreeningTool.objects.filter(status="active").update(status="retired")
    response = as_user(client, personas.contact_officer).get("/api/v1/screening-tool/")
    assert response.status_code == 404
    assert "No screening tool is active" in response.json()["detail"]


def test_partners_read_the_tool_and_a_user_without_a_role_does_not(personas, client):
    assert as_user(client, personas.partner).get("/api/v1/screening-tool/").status_code == 200
    nobody = UserFactory(username="no.role")
    assert as_user(client, nobody).get("/api/v1/screening-tool/").status_code == 403
