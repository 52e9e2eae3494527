"""Issue 9: the page and the API are two doors to one service, verb by verb.

For each verb that is not in test_action_matrix's grids (screen, allocate, sign-off, return,
step-down, CAF completion, follow-up, step-up outcome) the two doors must:
  (a) refuse the same people: 403 where the user may see the case but not act, 404 where
      the user may not see it, and nothing is written;
  (b) refuse a version of the case that someone else has moved on: 409 from the API, the
      conflict message on the page, and nothing is written;
  (c) write the same access-log rows when the action is carried out.
Every expected answer is written out by hand below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import F
from django.urls import reverse

from caf.models import Assessment, Recommendation, StepDown, StepUp, TacPlan
from pathway.models import AccessLogEntry, Case, ChronologyEvent
from screening.models import Screening
from tests.caf.factories import StepUpFactory
from tests.factories import (
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    ContactFactory,
    RecommendationFactory,
    ScreeningCaseFactory,
    SteppedUpCaseFactory,
    UniversalOfferCaseFactory,
)
from tests.screening.factories import (
    TARGETED_CONCERNS,
    ScreeningFactory,
    active_tool,
    answers_for,
)

STALE = "changed by someone else"


@dataclass
class Scene:
    """One case, ready for one verb, and how each door asks for it."""

    case: Case
    api_url: str
    api_body: Callable[[int], dict[str, Any]]  # the case version the user saw -> JSON body
    page_url: str
    page_form: Callable[[int], dict[str, Any]]  # the case version -> the posted form
    written: Callable[[], tuple[Any, ...]]  # what the verb writes, to prove nothing was


def _home(personas) -> dict[str, Any]:
    return {"locality": personas.home, "family__locality": personas.home}


def _screen(personas) -> Scene:
    contact = ContactFactory(case__locality=personas.home, case__family__locality=personas.home)
    answers = answers_for(active_tool(), TARGETED_CONCERNS)  # Targeted: no sign-off needed
    return Scene(
        case=contact.case,
        api_url=reverse("api-case-screen", args=[contact.case_id]),
        api_body=lambda v: {
            "contact": contact.pk,
            "answers": answers,
            "decision": "caf",
            "rationale": "Mum agrees support would help",
            "version": v,
        },
        page_url=reverse("screen-contact", args=[contact.pk]),
        page_form=lambda v: {
            **{f"q_{code}": value for code, value in answers.items()},
            "action": "decide",
            "decision": "caf",
            "universal_service": "",
            "level_override": "",
            "override_reason": "",
            "rationale": "Mum agrees support would help",
            "version": v,
        },
        written=lambda: (
            Screening.objects.filter(contact=contact).count(),
            Recommendation.objects.filter(case=contact.case).count(),
        ),
    )


def _allocate(personas) -> Scene:
    case = AwaitingAllocationCaseFactory(**_home(personas))
    team = personas.practitioner.memberships.get().team
    return Scene(
        case=case,
        api_url=reverse("api-case-allocate", args=[case.pk]),
        api_body=lambda v: {"team": team.code, "worker": "pat.practitioner", "version": v},
        page_url=reverse("case-allocate", args=[case.pk]),
        page_form=lambda v: {
            "team": team.pk,
            "worker": personas.practitioner.pk,
            "reason": "",
            "version": v,
        },
        written=lambda: (case.allocations.count(),),
    )


def _screening_waiting(personas) -> tuple[Case, Screening]:
    case = ScreeningCaseFactory(**_home(personas))
    return case, Screening.objects.get(case=case)


def _sign_off(personas) -> Scene:
    case, screening = _screening_waiting(personas)
    return Scene(
        case=case,
        api_url=reverse("api-screening-sign-off", args=[screening.pk]),
        api_body=lambda v: {"comment": "Agreed", "version": v},
        page_url=reverse("screening-review", args=[screening.pk]),
        page_form=lambda v: {"action": "sign_off", "comment": "Agreed", "version": v},
        written=lambda: (
            Screening.objects.get(pk=screening.pk).status,
            Recommendation.objects.filter(case=case).count(),
        ),
    )


def _return(personas) -> Scene:
    case, screening = _screening_waiting(personas)
    return Scene(
        case=case,
        api_url=reverse("api-screening-return", args=[screening.pk]),
        api_body=lambda v: {"comment": "Check the level again", "version": v},
        page_url=reverse("screening-review", args=[screening.pk]),
        page_form=lambda v: {"action": "return", "comment": "Check the level again", "version": v},
        written=lambda: (Screening.objects.get(pk=screening.pk).status,),
    )


def _complete(personas) -> Scene:
    case = AllocatedCaseFactory(**_home(personas), lead_professional=personas.practitioner)
    recommendation = RecommendationFactory(case=case)
    return Scene(
        case=case,
        api_url=reverse("api-recommendation-complete", args=[recommendation.pk]),
        api_body=lambda v: {
            "family_views": "We want help with the mornings",
            "summary": "Mum and dad agree",
            "needs": [{"outcome_area": "EDUCATION", "needs": "Attendance 82%"}],
            "version": v,
        },
        page_url=reverse("caf-assessment", args=[case.pk]),
        page_form=lambda v: {
            "family_views": "We want help with the mornings",
            "child_views": "",
            "summary": "Mum and dad agree",
            "needs_EDUCATION": "Attendance 82%",
            "action": "complete",
            "version": v,
        },
        written=lambda: (
            Assessment.objects.filter(case=case).count(),
            TacPlan.objects.filter(case=case).count(),
            Recommendation.objects.get(pk=recommendation.pk).status,
        ),
    )


def _follow_up(personas) -> Scene:
    case = UniversalOfferCaseFactory(**_home(personas))
    offer = RecommendationFactory(universal=True, case=case)
    return Scene(
        case=case,
        api_url=reverse("api-recommendation-follow-up", args=[offer.pk]),
        api_body=lambda v: {"uptake": "declined", "version": v},
        page_url=reverse("follow-up", args=[offer.pk]),
        page_form=lambda v: {"uptake": "declined", "satisfaction": "", "comment": "", "version": v},
        written=lambda: (Recommendation.objects.get(pk=offer.pk).status,),
    )


def _step_up_outcome(personas) -> Scene:
    step_up = StepUpFactory(case__locality=personas.home, case__family__locality=personas.home)
    return Scene(
        case=step_up.case,
        api_url=reverse("api-step-up-outcome", args=[step_up.pk]),
        api_body=lambda v: {"outcome": "returned", "version": v},
        page_url=reverse("step-up-outcome", args=[step_up.pk]),
        page_form=lambda v: {"outcome": "returned", "note": "", "version": v},
        written=lambda: (StepUp.objects.get(pk=step_up.pk).outcome,),
    )


def _step_down(personas) -> Scene:
    """Step-down names a family, not a case: neither door takes a case version (see
    test_a_second_step_down_is_refused_alike_by_both_doors)."""
    case = SteppedUpCaseFactory(**_home(personas))
    return Scene(
        case=case,
        api_url=reverse("api-step-downs"),
        api_body=lambda v: {
            "family": case.family_id,
            "reason": "Returned to early help",
            "plan": "CAF with the school",
        },
        page_url=reverse("step-down"),
        page_form=lambda v: {
            "family": case.family_id,
            "reason": "Returned to early help",
            "plan": "CAF with the school",
            "social_worker": "",
        },
        written=lambda: (StepDown.objects.filter(case__family=case.family).count(),),
    )


SCENES = {
    "screen": _screen,
    "allocate": _allocate,
    "sign_off": _sign_off,
    "return_screening": _return,
    "complete_caf": _complete,
    "follow_up": _follow_up,
    "record_step_up_outcome": _step_up_outcome,
    "step_down": _step_down,
}

# The persona who carries out each verb in these scenes, and the stage the case reaches.
DONE_BY = {
    "screen": ("contact_officer", "awaiting_allocation"),
    "allocate": ("locality_leader", "allocated"),
    "sign_off": ("senior_practitioner", "awaiting_allocation"),
    "return_screening": ("senior_practitioner", "contact"),
    "complete_caf": ("practitioner", "tac"),
    "follow_up": ("contact_officer", "closed"),
    "record_step_up_outcome": ("senior_practitioner", "stepped_up"),
    "step_down": ("senior_practitioner", "awaiting_allocation"),
}


def _api(client, scene: Scene, version: int):
    return client.post(scene.api_url, scene.api_body(version), content_type="application/json")


def _page(client, scene: Scene, version: int, **kwargs: Any):
    return client.post(scene.page_url, scene.page_form(version), **kwargs)


def _nothing_written(scene: Scene, before: tuple[Any, ...], stage: str, version: int) -> None:
    scene.case.refresh_from_db()
    assert (scene.case.stage, scene.case.version) == (stage, version)
    assert scene.written() == before
    assert not ChronologyEvent.objects.filter(case=scene.case).exists()


# --- (a) the same refusals --------------------------------------------------------------

# verb, persona, the answer from both doors, and the case page's answer to that persona
# (which, when it shows the case, offers no way to the action). 403: may see the case, may
# not act; 404: may not see it. (Step-down names no case in its URL, so it asks the role first:
# a partner hears 403 there, from both doors.)
REFUSALS = [
    ("screen", "practitioner", 403, 200),
    ("screen", "manager", 403, 200),
    ("screen", "partner", 404, 404),
    ("screen", "auditor", 404, 404),
    ("allocate", "practitioner", 403, 200),
    ("allocate", "senior_practitioner", 403, 200),
    ("allocate", "contact_officer", 404, 404),
    ("allocate", "partner", 404, 404),
    ("sign_off", "contact_officer", 403, 200),
    ("sign_off", "locality_leader", 403, 200),
    ("sign_off", "partner", 404, 404),
    ("return_screening", "contact_officer", 403, 200),
    ("return_screening", "manager", 403, 200),
    ("complete_caf", "manager", 403, 200),
    ("complete_caf", "contact_officer", 404, 404),
    ("complete_caf", "partner", 404, 404),
    ("follow_up", "practitioner", 403, 200),
    ("follow_up", "manager", 403, 200),
    ("follow_up", "partner", 404, 404),
    ("record_step_up_outcome", "practitioner", 403, 200),
    ("record_step_up_outcome", "partner", 404, 404),
    ("step_down", "contact_officer", 403, 404),
    ("step_down", "practitioner", 403, 200),
    ("step_down", "manager", 403, 200),
]


@pytest.mark.parametrize(
    "verb, role, expected, case_page", REFUSALS, ids=[f"{v}-{r}" for v, r, *_ in REFUSALS]
)
def test_both_doors_refuse_the_same_people(verb, role, expected, case_page, personas, client):
    scene = SCENES[verb](personas)
    stage, version = scene.case.stage, scene.case.version
    before = scene.written()
    client.force_login(personas.for_role(role))

    detail = client.get(reverse("case-detail", args=[scene.case.pk]))
    assert detail.status_code == case_page
    assert scene.page_url not in detail.content.decode()

    api = _api(client, scene, version)
    page = _page(client, scene, version)

    assert (api.status_code, page.status_code) == (expected, expected)
    if expected == 404:
        assert scene.case.reference not in api.content.decode()
        assert scene.case.reference not in page.content.decode()
    _nothing_written(scene, before, stage, version)


@pytest.mark.parametrize("verb", sorted(SCENES))
def test_the_case_page_offers_each_action_to_whoever_takes_it(verb, personas, client):
    scene = SCENES[verb](personas)
    client.force_login(personas.for_role(DONE_BY[verb][0]))
    detail = client.get(reverse("case-detail", args=[scene.case.pk]))
    assert detail.status_code == 200
    assert scene.page_url in detail.content.decode()


def test_a_caf_recommendation_is_not_followed_up_through_either_door(personas, client):
    # A senior practitioner sees and may act on a case just passed to a locality.
    case = AwaitingAllocationCaseFactory(**_home(personas))
    caf = Recommendation.objects.get(case=case)
    client.force_login(personas.senior_practitioner)
    api = client.post(
        reverse("api-recommendation-follow-up", args=[caf.pk]),
        {"uptake": "declined", "version": 1},
        content_type="application/json",
    )
    page = client.post(
        reverse("follow-up", args=[caf.pk]),
        {"uptake": "declined", "satisfaction": "", "comment": "", "version": 1},
    )
    refusal = "Only a universal recommendation is followed up; a CAF is completed"
    assert api.status_code == 400 and api.json() == {"recommendation": [refusal]}
    assert page.status_code == 200 and refusal in page.content.decode()
    caf.refresh_from_db()
    assert (caf.status, caf.uptake) == ("open", "")


def test_a_screening_the_senior_may_not_see_is_404_through_both_doors(personas, client):
    # Screened and applied long ago, on a case since allocated: out of the front door's sight.
    case = AllocatedCaseFactory(**_home(personas))
    contact = ContactFactory(case=case)
    screening = ScreeningFactory(contact=contact)
    client.force_login(personas.senior_practitioner)
    for api_url, action in (
        ("api-screening-sign-off", "sign_off"),
        ("api-screening-return", "return"),
    ):
        api = client.post(
            reverse(api_url, args=[screening.pk]),
            {"comment": "x", "version": case.version},
            content_type="application/json",
        )
        page = client.post(
            reverse("screening-review", args=[screening.pk]),
            {"action": action, "comment": "x", "version": case.version},
        )
        assert (api.status_code, page.status_code) == (404, 404)
    screening.refresh_from_db()
    assert (screening.status, screening.signed_off_by) == ("applied", None)


def test_a_family_the_leader_may_not_step_down_is_unknown_to_both_doors(personas, client):
    # A family of the other locality, whose case this leader cannot see.
    case = SteppedUpCaseFactory(locality=personas.away, family__locality=personas.away)
    client.force_login(personas.locality_leader)
    body = {"family": case.family_id, "reason": "Returned", "plan": "CAF"}
    api = client.post(reverse("api-step-downs"), body, content_type="application/json")
    page = client.post(reverse("step-down"), {**body, "social_worker": ""})
    assert api.status_code == 400 and list(api.json()) == ["family"]
    assert page.status_code == 200
    assert "There is no family with that record number" in page.content.decode()
    case.refresh_from_db()
    assert (case.stage, case.version) == ("stepped_up", 2)
    assert not StepDown.objects.exists()


# --- (b) the same stale-version check -----------------------------------------------------

# The case's stage, and the version the user saw, in each scene (from the state-named
# factories: 1 plus the transitions that led there).
SEEN = {
    "screen": ("contact", 1),
    "allocate": ("awaiting_allocation", 1),
    "sign_off": ("screening", 2),
    "return_screening": ("screening", 2),
    "complete_caf": ("allocated", 3),
    "follow_up": ("universal_offer", 2),
    "record_step_up_outcome": ("stepped_up", 2),
}


@pytest.mark.parametrize("verb", sorted(SEEN))
def test_a_stale_version_is_refused_alike_by_both_doors(verb, personas, client):
    scene = SCENES[verb](personas)
    stage, seen = SEEN[verb]
    assert (scene.case.stage, scene.case.version) == (stage, seen)
    # Someone else moves the case on after the user loaded it.
    Case.objects.filter(pk=scene.case.pk).update(version=F("version") + 1)
    before = scene.written()
    client.force_login(personas.for_role(DONE_BY[verb][0]))

    api = _api(client, scene, seen)
    assert api.status_code == 409, api.content
    assert STALE in api.json()["detail"]
    # Completing a CAF saves the assessment sent with it first, under the same check.
    refused = "assess" if verb == "complete_caf" else verb
    assert (api.json()["verb"], api.json()["version"]) == (refused, seen + 1)

    page = _page(client, scene, seen, follow=True)
    assert page.redirect_chain == [(reverse("case-detail", args=[scene.case.pk]), 302)]
    assert STALE in page.content.decode()

    _nothing_written(scene, before, stage, seen + 1)


def test_the_caf_page_refuses_a_stale_version_when_only_saving_the_assessment(personas, client):
    scene = _complete(personas)
    Case.objects.filter(pk=scene.case.pk).update(version=4)
    client.force_login(personas.practitioner)
    form = {**scene.page_form(3), "action": "save"}
    page = client.post(scene.page_url, form, follow=True)
    assert STALE in page.content.decode()
    assert not Assessment.objects.filter(case=scene.case).exists()


def test_a_contact_screened_meanwhile_is_refused_alike_by_both_doors(personas, client):
    scene = _screen(personas)
    client.force_login(personas.contact_officer)
    assert _api(client, scene, 1).status_code == 201  # an officer, first
    scene.case.refresh_from_db()
    assert (scene.case.stage, scene.case.version) == ("awaiting_allocation", 2)
    events = ChronologyEvent.objects.filter(case=scene.case).count()

    # The case has left the front door: an officer may no longer act on it at all.
    assert (_api(client, scene, 2).status_code, _page(client, scene, 2).status_code) == (
        403,
        403,
    )
    # A senior practitioner still may, and both doors say the contact is already screened.
    client.force_login(personas.senior_practitioner)
    api = _api(client, scene, 2)
    page = _page(client, scene, 2, follow=True)
    assert api.status_code == 409
    assert "has already been screened" in api.json()["detail"]
    assert page.redirect_chain == [(reverse("case-detail", args=[scene.case.pk]), 302)]
    assert "has already been screened" in page.content.decode()

    scene.case.refresh_from_db()
    assert (scene.case.stage, scene.case.version) == ("awaiting_allocation", 2)
    assert scene.written() == (1, 1)
    assert ChronologyEvent.objects.filter(case=scene.case).count() == events


def test_a_second_step_down_is_refused_alike_by_both_doors(personas, client):
    """Step-down names a family: the race it can lose is to another step-down of the same
    family, which both doors refuse with the same field error, writing nothing more."""
    scene = _step_down(personas)
    client.force_login(personas.senior_practitioner)
    assert _api(client, scene, 0).status_code == 201  # someone else, first
    scene.case.refresh_from_db()
    assert (scene.case.stage, scene.case.version) == ("awaiting_allocation", 3)
    events = ChronologyEvent.objects.filter(case=scene.case).count()

    api = _api(client, scene, 0)
    page = _page(client, scene, 0)

    assert api.status_code == 400
    assert api.json() == {
        "family": ["This family already has an open case on the pathway: add to that case"]
    }
    assert page.status_code == 200
    assert "This family already has an open case on the pathway" in page.content.decode()
    scene.case.refresh_from_db()
    assert (scene.case.stage, scene.case.version) == ("awaiting_allocation", 3)
    assert scene.written() == (1,)
    assert ChronologyEvent.objects.filter(case=scene.case).count() == events


# --- (c) the same access-log rows ---------------------------------------------------------

# The access-log rows one successful action writes, by action, through either door.
# Carrying out an action on a case the user opens by its id reads the case (one "view"
# row); the sign-off, follow-up, step-up-outcome and step-down doors reach the case through
# the screening, recommendation, step-up or family and show nothing more than the form did.
LOGGED = {
    "screen": {"view": 1},
    "allocate": {"view": 1},
    "sign_off": {},
    "return_screening": {},
    "complete_caf": {"view": 1},
    "follow_up": {},
    "record_step_up_outcome": {},
    "step_down": {},
}


def _log_counts(user) -> Counter[str]:
    return Counter(AccessLogEntry.objects.filter(user=user).values_list("action", flat=True))


@pytest.mark.parametrize("verb", sorted(LOGGED))
def test_both_doors_write_the_same_access_log_rows(verb, personas, client):
    role, reached = DONE_BY[verb]
    user = personas.for_role(role)
    client.force_login(user)
    through_api, through_page = SCENES[verb](personas), SCENES[verb](personas)

    before = _log_counts(user)
    api = _api(client, through_api, through_api.case.version)
    assert api.status_code in (200, 201), api.content
    after_api = _log_counts(user)
    page = _page(client, through_page, through_page.case.version)
    assert page.status_code == 302, page.content.decode()[:3000]
    after_page = _log_counts(user)

    assert dict(after_api - before) == LOGGED[verb]
    assert dict(after_page - after_api) == LOGGED[verb]
    for scene in (through_api, through_page):
        scene.case.refresh_from_db()
        assert scene.case.stage == reached
