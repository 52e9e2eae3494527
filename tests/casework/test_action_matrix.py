"""Action × role × stage, through the API and through the pages, with every answer written out.

Each grid is the expected answer for a case of the home locality (no team, no contacts) at
each stage, for each role's persona:
  ok   the action is carried out (API 200/201; page redirects and the stage moves)
  403  the user may see the case but not take the action
  404  the user may not see the case (DESIGN §7: not "forbidden")
  409  allowed for the user, but not from this stage (page: redirect with the message,
       nothing changes)
The two doors must give the same answer (issue 9: "the HTML and API doors of every verb
behave the same"), so one grid serves both.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathway.models import Case, ChronologyEvent
from tests.factories import CaseFactory

STAGES = [
    "contact",
    "screening",
    "awaiting_allocation",
    "universal_offer",
    "allocated",
    "tac",
    "stepped_up",
    "closed",
]


# Column headings of the grids, one per stage, shortened to fit.
COLUMNS = [
    "contact",
    "screening",
    "awaiting",
    "universal",
    "allocated",
    "tac",
    "stepped_up",
    "closed",
]


def grid(text: str) -> dict[tuple[str, str], str]:
    rows = [line.split() for line in text.strip().splitlines()]
    header, body = rows[0], rows[1:]
    assert header == ["role", *COLUMNS], header
    answers = {}
    for role, *cells in body:
        assert len(cells) == len(STAGES), role
        answers.update({(role, stage): cell for stage, cell in zip(STAGES, cells, strict=True)})
    return answers


CLOSE = grid("""
role                contact screening awaiting universal allocated tac stepped_up closed
contact_officer     403     403       404      403       404       404 404        404
senior_practitioner 409     409       ok       ok        404       404 409        409
locality_leader     409     409       ok       ok        ok        ok  409        409
practitioner        409     409       ok       ok        ok        ok  409        409
manager             403     403       403      403       403       403 403        403
partner             404     404       404      404       404       404 404        404
admin               404     404       404      404       404       404 404        404
auditor             404     404       404      404       404       404 404        404
""")

REOPEN = grid("""
role                contact screening awaiting universal allocated tac stepped_up closed
contact_officer     403     403       404      403       404       404 404        404
senior_practitioner 409     409       409      409       404       404 409        ok
locality_leader     409     409       409      409       409       409 409        ok
practitioner        403     403       403      403       403       403 403        403
manager             403     403       403      403       403       403 403        403
partner             404     404       404      404       404       404 404        404
admin               404     404       404      404       404       404 404        404
auditor             404     404       404      404       404       404 404        404
""")

STEP_UP = grid("""
role                contact screening awaiting universal allocated tac stepped_up closed
contact_officer     403     403       404      403       404       404 404        404
senior_practitioner ok      ok        ok       ok        404       404 409        409
locality_leader     ok      ok        ok       ok        ok        ok  409        409
practitioner        ok      ok        ok       ok        ok        ok  409        409
manager             403     403       403      403       403       403 403        403
partner             404     404       404      404       404       404 404        404
admin               404     404       404      404       404       404 404        404
auditor             404     404       404      404       404       404 404        404
""")

TRANSFER = grid("""
role                contact screening awaiting universal allocated tac stepped_up closed
contact_officer     403     403       404      403       404       404 404        404
senior_practitioner 403     403       403      403       404       404 403        403
locality_leader     409     409       ok       409       ok        ok  409        409
practitioner        403     403       403      403       403       403 403        403
manager             403     403       403      403       403       403 403        403
partner             404     404       404      404       404       404 404        404
admin               404     404       404      404       404       404 404        404
auditor             404     404       404      404       404       404 404        404
""")

# verb: (grid, API URL name, page URL name, API body, page form, the stage it leads to)
VERBS = {
    "close": (
        CLOSE,
        "api-case-close",
        "case-close",
        {"reason": "needs_met"},
        {"reason": "needs_met", "note": ""},
        "closed",
    ),
    "reopen": (
        REOPEN,
        "api-case-reopen",
        "case-reopen",
        {"reason": "The family asked for help again"},
        {"reason": "The family asked for help again"},
        "contact",
    ),
    "step_up": (
        STEP_UP,
        "api-case-step-up",
        "case-step-up",
        {"reason": "Injuries reported by the school"},
        {"reason": "Injuries reported by the school", "level": "statutory"},
        "stepped_up",
    ),
    "transfer": (
        TRANSFER,
        "api-case-transfer",
        "case-transfer",
        {"locality": "north", "reason": "The family moved"},
        {"locality": "away", "reason": "The family moved"},
        "awaiting_allocation",
    ),
}

ROLES = [
    "contact_officer",
    "senior_practitioner",
    "locality_leader",
    "practitioner",
    "manager",
    "partner",
    "admin",
    "auditor",
]
MATRIX = [(verb, role, stage) for verb in VERBS for role in ROLES for stage in STAGES]
IDS = [f"{verb}-{role}-at-{stage}" for verb, role, stage in MATRIX]


def _case(personas, stage: str) -> Case:
    return CaseFactory(stage=stage, locality=personas.home, family__locality=personas.home)


@pytest.mark.parametrize("verb, role, stage", MATRIX, ids=IDS)
def test_through_the_api(verb, role, stage, personas, client):
    answers, api_url, _page_url, body, _form, target = VERBS[verb]
    expected = answers[(role, stage)]
    case = _case(personas, stage)
    client.force_login(personas.for_role(role))
    response = client.post(
        reverse(api_url, args=[case.pk]),
        {**body, "version": case.version},
        content_type="application/json",
    )
    case.refresh_from_db()
    if expected == "ok":
        assert response.status_code in (200, 201), response.content
        assert case.stage == target
        return
    assert response.status_code == int(expected), response.content
    assert (case.stage, case.version) == (stage, 1)
    if expected == "409":
        assert response.json()["verb"] == verb
        assert response.json()["stage"] == stage
    if expected == "404":
        assert case.reference not in response.content.decode()


@pytest.mark.parametrize("verb, role, stage", MATRIX, ids=IDS)
def test_through_the_pages(verb, role, stage, personas, client):
    answers, _api_url, page_url, _body, form, target = VERBS[verb]
    expected = answers[(role, stage)]
    case = _case(personas, stage)
    if form.get("locality") == "away":
        form = {**form, "locality": personas.away.pk}
    client.force_login(personas.for_role(role))
    response = client.post(reverse(page_url, args=[case.pk]), {**form, "version": case.version})
    case.refresh_from_db()
    if expected == "ok":
        assert response.status_code == 302, response.content[:2000]
        assert case.stage == target
        return
    if expected == "409":
        # The page shows the case as it is now, with the workflow's refusal.
        assert response.status_code == 302
        assert response.url == reverse("case-detail", args=[case.pk])
        page = client.get(response.url).content.decode()
        assert "cannot be" in page
    else:
        assert response.status_code == int(expected)
    assert (case.stage, case.version) == (stage, 1)
    assert not ChronologyEvent.objects.filter(case=case).exists()
