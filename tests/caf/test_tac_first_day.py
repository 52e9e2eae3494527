"""The case page and the Team Around the Family as a lead professional meets them (issue 11):
the next step first and step-up secondary, TAC members who use the service or come from
outside it, outcomes by their labels, and each child's own views on the CAF."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caf.models import ChildView, Recommendation, TacMember
from caf.services import caf_complete, tac_close, tac_member_add
from pathway.models import OutcomeArea
from tests.caf.test_caf_and_tac import assess
from tests.factories import (
    AllocatedCaseFactory,
    HouseholdMemberFactory,
    PersonFactory,
    UserFactory,
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def buttons(page: str) -> list[tuple[str, str]]:
    """The case page's action buttons, in order: (label, GOV.UK button class)."""
    group = re.search(r'<div class="govuk-button-group">(.*?)</div>', page, re.S)
    assert group, "no buttons"
    return [
        (label.strip(), classes.strip())
        for classes, label in re.findall(
            r'class="govuk-button ?([^"]*)" data-module="govuk-button">([^<]+)</a>', group.group(1)
        )
    ]


@pytest.fixture
def allocated(personas):
    case = AllocatedCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        lead_professional=personas.practitioner,
    )
    Recommendation.objects.create(
        case=case, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    return case


@pytest.fixture
def plan(personas, allocated):
    assess(allocated, personas.practitioner)
    return caf_complete(case=allocated, completed_by=personas.practitioner)


# --- The case page: the next step first -----------------------------------------------------


def test_the_locality_leader_sees_the_next_step_first_and_step_up_as_secondary(
    personas, allocated, client
):
    client.force_login(personas.locality_leader)
    page = text(client.get(reverse("case-detail", args=[allocated.pk])))
    assert buttons(page) == [
        ("Record the CAF assessment", ""),
        ("Reallocate", "govuk-button--secondary"),
        ("Transfer to another locality", "govuk-button--secondary"),
        ("Step up to social care", "govuk-button--secondary"),
        ("Close the case", "govuk-button--secondary"),
    ]


def test_the_plan_comes_first_for_its_lead_professional(personas, plan, client):
    client.force_login(personas.practitioner)
    page = text(client.get(reverse("case-detail", args=[plan.case_id])))
    assert buttons(page)[0] == ("Team Around the Family", "")
    assert ("Step up to social care", "govuk-button--secondary") in buttons(page)


# --- Members who use the service, and named professionals from outside ------------------------


def test_a_member_who_uses_the_service_is_added_from_their_account(personas, plan):
    nurse = UserFactory(username="sue.nurse", first_name="Sue", last_name="Nurse", role="partner")
    nurse.job_title = "School nurse"
    nurse.save()
    member = tac_member_add(plan=plan, added_by=personas.practitioner, user=nurse)
    assert (member.name, member.role, member.user) == ("Sue Nurse", "School nurse", nurse)


def test_a_named_professional_from_outside_the_service(personas, plan, client):
    client.force_login(personas.practitioner)
    url = reverse("tac-member-add", args=[plan.case_id])
    form = text(client.get(url))
    assert "Someone who uses this service (optional)" in form
    assert "Or someone from outside the service" in form
    response = client.post(
        url,
        {
            "name": "Dr Amir Shah",
            "role": "GP",
            "organisation": "Heaton Moor Medical Centre",
            "contact_details": "0161 555 0134",
        },
    )
    assert response.status_code == 302
    member = TacMember.objects.get(name="Dr Amir Shah")
    assert (member.role, member.organisation, member.contact_details, member.user) == (
        "GP",
        "Heaton Moor Medical Centre",
        "0161 555 0134",
        None,
    )
    page = text(client.get(reverse("tac", args=[plan.case_id])))
    assert "Dr Amir Shah, GP (Heaton Moor Medical Centre)" in page
    assert "Contact: 0161 555 0134" in page


def test_a_member_needs_a_name_or_an_account(personas, plan, client):
    with pytest.raises(ValidationError, match="choose someone who uses this service"):
        tac_member_add(plan=plan, added_by=personas.practitioner)
    client.force_login(personas.practitioner)
    response = client.post(reverse("tac-member-add", args=[plan.case_id]), {"role": "GP"})
    assert response.status_code == 200
    assert "Enter the member's name, or choose someone who uses this service" in text(response)


def test_administrators_are_not_offered_as_members(personas, plan, client):
    client.force_login(personas.practitioner)
    form = text(client.get(reverse("tac-member-add", args=[plan.case_id])))
    assert str(personas.partner) in form
    assert str(personas.admin) not in form


# --- Outcomes by their labels -----------------------------------------------------------------


def test_each_needs_outcome_shows_its_label_once_the_plan_closes(personas, plan, client):
    needs = {n.outcome_area.code: n.pk for n in plan.case.assessments.get().needs.all()}
    education = OutcomeArea.objects.get(code="EDUCATION").label
    client.force_login(personas.practitioner)
    close = text(client.get(reverse("tac-close", args=[plan.case_id])))
    assert "Need met" in close and "Partly met" in close
    assert 'value="partly_met"' in close and ">partly_met<" not in close
    tac_close(
        case=plan.case,
        closed_by=personas.practitioner,
        reason="needs_met",
        outcomes={needs["EDUCATION"]: "partly_met", needs["FAMILYREL"]: "met"},
    )
    page = text(client.get(reverse("tac", args=[plan.case_id])))
    assert "Outcome for each need" in page
    assert re.search(rf"{re.escape(education)}</dt><dd[^>]*>Partly met</dd>", page)
    assert "partly_met" not in page


# --- Each child's views -------------------------------------------------------------------------


def test_the_caf_records_each_childs_views_in_their_own_words(personas, allocated, client):
    amara = PersonFactory(given_name="Amara", family_name="Okafor", date_of_birth=date(2017, 5, 1))
    tobi = PersonFactory(given_name="Tobi", family_name="Okafor", date_of_birth=date(2021, 2, 3))
    for child in (amara, tobi):
        HouseholdMemberFactory(family=allocated.family, person=child, relationship="child")
    client.force_login(personas.practitioner)
    url = reverse("caf-assessment", args=[allocated.pk])
    form = text(client.get(url))
    assert "Amara Okafor's views, in their own words" in form
    assert "Tobi Okafor's views, in their own words" in form
    response = client.post(
        url,
        {
            "version": allocated.version,
            f"views_{amara.pk}": "I don't like it when they shout",
            f"views_{tobi.pk}": "",
            "family_views": "We want help with mornings",
        },
    )
    assert response.status_code == 302
    views = {v.child.given_name: v.views for v in ChildView.objects.all()}
    assert views == {"Amara": "I don't like it when they shout"}
    # Shown again as written, for the next visit.
    assert "I don't like it when they shout" in text(client.get(url))


def test_views_are_only_for_the_familys_children(personas, allocated):
    from caf.services import caf_assessment_save

    stranger = PersonFactory()
    with pytest.raises(ValidationError, match="children living in the family"):
        caf_assessment_save(
            case=allocated,
            saved_by=personas.practitioner,
            child_views="",
            family_views="",
            summary="",
            needs=[],
            children_views={stranger.pk: "Not theirs to record"},
        )


def test_the_api_records_each_childs_views_and_refuses_another_familys_child(
    personas, allocated, client
):
    amara = PersonFactory(given_name="Amara", family_name="Okafor", date_of_birth=date(2017, 5, 1))
    HouseholdMemberFactory(family=allocated.family, person=amara, relationship="child")
    stranger = PersonFactory()
    rec = allocated.recommendations.get()
    client.force_login(personas.practitioner)
    url = reverse("api-recommendation-complete", args=[rec.pk])
    body = {
        "family_views": "We want to stop the arguments",
        "needs": [{"outcome_area": "FAMILYREL", "needs": "Conflict"}],
    }
    refused = client.post(
        url,
        {**body, "children_views": [{"child": stranger.pk, "views": "Not theirs"}]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "children_views" in refused.json()
    done = client.post(
        url,
        {**body, "children_views": [{"child": amara.pk, "views": "I like my teacher"}]},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert [(v.child, v.views) for v in ChildView.objects.all()] == [(amara, "I like my teacher")]
