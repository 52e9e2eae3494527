"""Issue 10 (low): a case the user may not see answers 404 at every case-scoped URL, never
403, whatever the user's role and whether or not the role could ever take the action
(DESIGN §7; the rule is in pathway/policy.py's docstring).

The case sits in the other locality (North), at the Team Around the Family stage, with a
screened contact, a screening waiting for sign-off, a CAF and a universal recommendation,
a step-up and a TAC plan with an action: something behind every kind of case URL. Only a
manager sees it; everyone else must be told "not found".
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from caf.models import ActionItem
from pathway.models import AccessLogEntry
from tests.factories import (
    ContactFactory,
    RecommendationFactory,
    ScreeningFactory,
    StepUpFactory,
    TacCaseFactory,
)
from tests.screening.factories import SPECIALIST_CONCERNS

# Roles that may not see a TAC case in North: the front door (not a front-door stage, no
# contact waiting), Central's leader and practitioner, and the roles with no case scope.
CANNOT_SEE = [
    "contact_officer",
    "senior_practitioner",
    "locality_leader",
    "practitioner",
    "partner",
    "admin",
    "auditor",
]

# (URL name, which record's id it takes, the methods it answers)
PAGES = [
    ("case-detail", "case", ["get"]),
    ("case-close", "case", ["get", "post"]),
    ("case-reopen", "case", ["get", "post"]),
    ("case-step-up", "case", ["get", "post"]),
    ("case-allocate", "case", ["get", "post"]),
    ("case-reallocate", "case", ["get", "post"]),
    ("case-transfer", "case", ["get", "post"]),
    ("caf-assessment", "case", ["get", "post"]),
    ("tac", "case", ["get"]),
    ("tac-member-add", "case", ["get", "post"]),
    ("tac-meeting", "case", ["get", "post"]),
    ("tac-action-status", "case+action", ["post"]),
    ("tac-review", "case", ["get", "post"]),
    ("tac-close", "case", ["get", "post"]),
    ("contact-detail", "contact", ["get"]),
    ("screen-contact", "contact", ["get", "post"]),
    ("screen-contact-section", "contact+section", ["get", "post"]),
    ("screening-review", "screening", ["get", "post"]),
    ("follow-up", "universal", ["get", "post"]),
    ("step-up-outcome", "step_up", ["get", "post"]),
    ("family-locality", "family", ["get", "post"]),
]

API = [
    ("api-case-detail", "case", ["get"]),
    ("api-case-chronology", "case", ["get"]),
    ("api-case-close", "case", ["post"]),
    ("api-case-reopen", "case", ["post"]),
    ("api-case-step-up", "case", ["post"]),
    ("api-case-screen", "case", ["post"]),
    ("api-case-allocate", "case", ["post"]),
    ("api-case-reallocate", "case", ["post"]),
    ("api-case-transfer", "case", ["post"]),
    ("api-contact-detail", "contact", ["get"]),
    ("api-screening-sign-off", "screening", ["post"]),
    ("api-screening-return", "screening", ["post"]),
    ("api-recommendation-complete", "caf", ["post"]),
    ("api-recommendation-follow-up", "universal", ["post"]),
    ("api-step-up-outcome", "step_up", ["post"]),
    ("api-family-locality", "family", ["post"]),
]

# A body each door would accept from someone allowed, so a 404 cannot be a 400 in disguise.
BODY = {
    "reason": "other",
    "note": "Closing",
    "version": 4,
    "comment": "Agreed",
    "outcome": "accepted",
    "uptake": "taken_up",
    "satisfaction": 5,
    "locality": "central",
    "status": "done",
}


@pytest.fixture
def hidden(personas):
    """The records of one North case at the TAC stage, by the kind of id a URL takes."""
    case = TacCaseFactory(locality=personas.away, family__locality=personas.away)
    contact = ContactFactory(case=case)
    ScreeningFactory(contact=ContactFactory(case=case), signed_off=True)  # both screened
    waiting = ScreeningFactory(contact=contact, concerns=SPECIALIST_CONCERNS)
    contact.refresh_from_db()
    contact.screened_at = waiting.screened_at
    contact.save(update_fields=["screened_at"])
    plan = case.tac_plans.get()
    action = ActionItem.objects.create(
        plan=plan,
        description="Attend the parenting course",
        owner=plan.members.get(),
        due_on=date(2027, 2, 1),
    )
    return {
        "case": [case.pk],
        "case+action": [case.pk, action.pk],
        "family": [case.family_id],
        "contact+section": [contact.pk, "health"],
        "contact": [contact.pk],
        "screening": [waiting.pk],
        "caf": [RecommendationFactory(case=case).pk],
        "universal": [RecommendationFactory(universal=True, case=case).pk],
        "step_up": [StepUpFactory(case=case, from_stage="tac").pk],
    }


def _requests(urls):
    return [(name, kind, method) for name, kind, methods in urls for method in methods]


# Every role above gets exactly this; one test per URL and method, each role asked in turn
# (one fixture per URL keeps the matrix quick).
EVERY_ROLE_404 = {
    "contact_officer": 404,
    "senior_practitioner": 404,
    "locality_leader": 404,
    "practitioner": 404,
    "partner": 404,
    "admin": 404,
    "auditor": 404,
}


@pytest.mark.parametrize("name, kind, method", _requests(PAGES))
def test_a_page_of_a_case_you_may_not_see_is_404(name, kind, method, personas, hidden, client):
    url = reverse(name, args=hidden[kind])
    answers = {}
    for role in CANNOT_SEE:
        client.force_login(personas.for_role(role))
        response = client.get(url) if method == "get" else client.post(url, BODY)
        answers[role] = response.status_code
    assert answers == EVERY_ROLE_404
    assert not AccessLogEntry.objects.filter(case_id=hidden["case"][0]).exists()


@pytest.mark.parametrize("name, kind, method", _requests(API))
def test_an_api_url_of_a_case_you_may_not_see_is_404(name, kind, method, personas, hidden, client):
    def ask(args):
        url = reverse(name, args=args)
        if method == "get":
            return client.get(url)
        return client.post(url, BODY, content_type="application/json")

    answers, bodies = {}, {}
    for role in CANNOT_SEE:
        client.force_login(personas.for_role(role))
        response = ask(hidden[kind])
        answers[role] = response.status_code
        # Word for word what a record that does not exist gets.
        bodies[role] = response.json() == ask([987654321] * len(hidden[kind])).json()
    assert answers == EVERY_ROLE_404
    assert bodies == dict.fromkeys(CANNOT_SEE, True)


# The manager sees the same case but takes none of these actions: 403, not 404. This is
# the other half of the rule, and shows the case above is really there.
MANAGER_SEES_BUT_MAY_NOT_ACT = [
    ("case-detail", "case", "get", 200),
    ("tac", "case", "get", 200),
    ("contact-detail", "contact", "get", 200),
    ("case-close", "case", "get", 403),
    ("case-step-up", "case", "get", 403),
    ("screening-review", "screening", "get", 403),
    ("step-up-outcome", "step_up", "get", 403),
    ("api-case-detail", "case", "get", 200),
    ("api-case-close", "case", "post", 403),
    ("api-screening-sign-off", "screening", "post", 403),
    ("api-step-up-outcome", "step_up", "post", 403),
    ("api-recommendation-follow-up", "universal", "post", 403),
]


@pytest.mark.parametrize("name, kind, method, expected", MANAGER_SEES_BUT_MAY_NOT_ACT)
def test_a_case_you_see_but_may_not_act_on_is_403(
    name, kind, method, expected, personas, hidden, client
):
    client.force_login(personas.manager)
    url = reverse(name, args=hidden[kind])
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, BODY, content_type="application/json")
    assert response.status_code == expected
