"""Issue 14: the subject access export holds every record about the person (and nothing
about anyone else's family), flags third-party data, releases with redactions, is logged,
and is refused (404) to everyone but information governance."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from caf.models import Assessment, Review, TacMeeting
from localities.models import Agency, Allocation
from partners.models import PartnerNote
from pathway.models import (
    AccessLogEntry,
    ChronologyEvent,
    Notification,
    PersonAlias,
    Relationship,
    Share,
)
from pathway.subject_access import REDACTED, registered_sections, subject_access_gather
from tests.factories import (
    ContactFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    RecommendationFactory,
    ScreeningFactory,
    StepUpFactory,
    TacCaseFactory,
)


@pytest.fixture
def seeded(personas):
    """Amelia Okonkwo, seven, with one of every kind of record; her mother Grace; a
    referrer; and another family, none of whose records may appear."""
    family = FamilyFactory(locality=personas.home)
    amelia = PersonFactory(
        given_name="Amelia", family_name="Okonkwo", date_of_birth=date(2019, 5, 4)
    )
    grace = PersonFactory(given_name="Grace", family_name="Okonkwo", date_of_birth=date(1990, 1, 2))
    own_household = HouseholdMemberFactory(family=family, person=amelia, relationship="child")
    HouseholdMemberFactory(family=family, person=grace, relationship="parent_carer")
    alias = PersonAlias.objects.create(person=amelia, given_name="Millie", kind="nickname")
    relationship = Relationship.objects.create(adult=grace, child=amelia, kind="mother")
    case = TacCaseFactory(
        family=family, locality=personas.home, lead_professional=personas.practitioner
    )
    contact = ContactFactory(
        case=case,
        children=[amelia],
        referrer_name="Mrs Hughes",
        referrer_organisation="Hollins Primary School",
        reason="Grace told school she is struggling since Amelia's dad left.",
    )
    screening = ScreeningFactory(contact=contact)
    recommendation = RecommendationFactory(case=case)
    assessment = Assessment.objects.create(
        case=case,
        lead_professional=personas.practitioner,
        child_views="Amelia wants her mum to be happy.",
        family_views="Grace would like help with routines.",
    )
    plan = case.tac_plans.get()
    meeting = TacMeeting.objects.create(
        plan=plan,
        held_on=date(2026, 11, 2),
        minutes="Agreed a bedtime plan",
        recorded_by=personas.practitioner,
    )
    review = Review.objects.create(
        plan=plan,
        reviewed_on=date(2026, 11, 30),
        next_review_due=date(2027, 1, 11),
        progress="Better sleep",
        recorded_by=personas.practitioner,
    )
    step_up = StepUpFactory(case=case)
    event = ChronologyEvent.objects.create(
        family=family,
        case=case,
        action="note.added",
        summary="Home visit",
        actor=personas.practitioner,
    )
    notification = Notification.objects.create(
        user=personas.practitioner, key="sar-test", kind="reminder", case=case, message="Review due"
    )
    looked = AccessLogEntry.objects.create(
        user=personas.locality_leader, action="view", what=f"Person P{amelia.pk}", person=amelia
    )
    health_visiting = Agency.objects.get(code="health-visiting")
    share = Share.objects.create(
        case=case,
        agency=health_visiting,
        purpose="Health visitor to join the TAF",
        lawful_basis="consent",
        protocol_reference="GM-ISP-2024",
        shared_by=personas.locality_leader,
    )
    note = PartnerNote.objects.create(
        case=case, agency=health_visiting, author=personas.partner, text="Visited; all well"
    )
    # Someone else's family: none of it is Amelia's.
    other_family = FamilyFactory(locality=personas.home)
    stranger = PersonFactory(given_name="Zebedee", family_name="Quartermaine")
    HouseholdMemberFactory(family=other_family, person=stranger)
    other_case = TacCaseFactory(family=other_family, locality=personas.home)
    ContactFactory(case=other_case, children=[stranger])
    ChronologyEvent.objects.create(family=other_family, case=other_case, action="x", summary="x")
    AccessLogEntry.objects.create(user=personas.manager, action="view", what="x", person=stranger)
    Share.objects.create(
        case=other_case,
        agency=health_visiting,
        purpose="Not Amelia's",
        lawful_basis="consent",
        protocol_reference="GM-ISP-2024",
        shared_by=personas.locality_leader,
    )
    # A change to her record, for the history.
    amelia.family_name = "Okonkwo-Brennan"
    amelia.save()
    expected = {
        f"person:{amelia.pk}",
        f"alias:{alias.pk}",
        f"household:{own_household.pk}",
        f"relationship:{relationship.pk}",
        f"contact:{contact.pk}",
        f"case:{case.pk}",
        f"screening:{screening.pk}",
        f"recommendation:{recommendation.pk}",
        f"caf:{assessment.pk}",
        f"tac:{plan.pk}",
        f"tac-meeting:{meeting.pk}",
        f"tac-review:{review.pk}",
        f"allocation:{Allocation.objects.get(case=case).pk}",
        f"step-up:{step_up.pk}",
        f"event:{event.pk}",
        f"notification:{notification.pk}",
        f"access:{looked.pk}",
        f"share:{share.pk}",
        f"partner_note:{note.pk}",
    }
    return {
        "amelia": amelia,
        "contact": contact,
        "own_household": own_household,
        "family": family,
        "case": case,
        "alias": alias,
        "expected": expected,
    }


def _refs(body):
    return {item["ref"] for s in body["sections"] for item in s["items"]}


def _item(body, ref):
    return next(i for s in body["sections"] for i in s["items"] if i["ref"] == ref)


def test_every_record_about_her_is_in_the_export_and_nothing_else(seeded, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("api-subject-access", args=[seeded["amelia"].pk]))
    assert response.status_code == 200
    body = response.json()
    refs = _refs(body)
    assert {r for r in refs if not r.startswith("history:")} == seeded["expected"]
    history = [i for s in body["sections"] if s["key"] == "history" for i in s["items"]]
    titles = {i["title"].split(",")[0] for i in history}
    amelia, family, case = seeded["amelia"], seeded["family"], seeded["case"]
    assert {
        f"Created Person {amelia.pk}",
        f"Changed Person {amelia.pk}",
        f"Created Other name {seeded['alias'].pk}",
        f"Created Household {seeded['own_household'].pk}",
        f"Created Family {family.pk}",
        f"Created Contact {seeded['contact'].pk}",
        f"Created Case {case.pk}",
    } <= titles
    changed = next(i for i in history if i["title"].startswith(f"Changed Person {amelia.pk}"))
    assert changed["fields"]["Changes"] == "family name: Okonkwo → Okonkwo-Brennan"
    assert "Zebedee" not in response.content.decode()
    assert [s["key"] for s in body["sections"]] == registered_sections()


def test_third_party_data_is_flagged(seeded, personas, client):
    client.force_login(personas.auditor)
    body = client.get(reverse("api-subject-access", args=[seeded["amelia"].pk])).json()
    contact = _item(body, f"contact:{seeded['contact'].pk}")
    assert contact["fields"]["Referrer name"] == "Mrs Hughes"
    assert contact["third_party"]["Referrer name"] == "The referrer"
    assert contact["third_party"]["Recorded by"] == "Staff"
    household = _item(body, f"household:{seeded['own_household'].pk}")
    assert household["fields"]["Other members"] == "Grace Okonkwo (parent or carer)"
    assert household["third_party"] == {"Other members": "Other family members"}
    person = _item(body, f"person:{seeded['amelia'].pk}")
    assert person["third_party"] == {}  # her own record


def test_redaction_is_applied_to_what_is_released(seeded, personas, client):
    client.force_login(personas.auditor)
    url = reverse("api-subject-access", args=[seeded["amelia"].pk])
    contact_ref = f"contact:{seeded['contact'].pk}"
    body = client.get(url, {"redact": [f"{contact_ref}|Referrer name"]}).json()
    contact = _item(body, contact_ref)
    assert contact["fields"]["Referrer name"] == REDACTED
    assert contact["fields"]["Referrer organisation"] == "Hollins Primary School"
    everything = client.get(url, {"redact": "third_party"})
    text = everything.content.decode()
    for third_party in ("Mrs Hughes", "Hollins Primary", "Grace", "pat.practitioner"):
        assert third_party not in text
    assert "Amelia" in text  # her own data is released
    assert REDACTED in text


def test_the_page_reviews_then_releases_with_the_ticked_redactions(seeded, personas, client):
    client.force_login(personas.auditor)
    url = reverse("subject-access", args=[seeded["amelia"].pk])
    review = client.get(url)
    assert review.status_code == 200
    page = review.content.decode()
    assert "Mrs Hughes" in page and "Third party: The referrer" in page
    contact_ref = f"contact:{seeded['contact'].pk}"
    assert f'value="{contact_ref}|Referrer name" checked' in page
    released = client.post(url, {"redact": [f"{contact_ref}|Referrer name"]})
    assert released.status_code == 200
    page = released.content.decode()
    assert "Mrs Hughes" not in page and REDACTED in page
    assert "Hollins Primary School" in page
    as_json = client.post(url, {"redact": [f"{contact_ref}|Referrer name"], "format": "json"})
    assert _item(as_json.json(), contact_ref)["fields"]["Referrer name"] == REDACTED
    rows = AccessLogEntry.objects.filter(user=personas.auditor).order_by("pk")
    amelia = seeded["amelia"].pk
    assert [(r.action, r.what, r.person_id) for r in rows] == [
        ("subject_access", f"Subject access export of P{amelia} (for review)", amelia),
        ("subject_access", f"Subject access export of P{amelia} (released, 1 redaction)", amelia),
        ("subject_access", f"Subject access export of P{amelia} (released, 1 redaction)", amelia),
    ]


def test_the_api_export_is_logged_once(seeded, personas, client):
    client.force_login(personas.auditor)
    client.get(reverse("api-subject-access", args=[seeded["amelia"].pk]))
    rows = AccessLogEntry.objects.filter(user=personas.auditor)
    assert [(r.action, r.purpose) for r in rows] == [("subject_access", "API subject access")]


@pytest.mark.parametrize(
    "role",
    [
        "contact_officer",
        "senior_practitioner",
        "locality_leader",
        "practitioner",
        "partner",
        "manager",
        "admin",
    ],
)
def test_anyone_but_information_governance_gets_404(role, seeded, personas, client):
    client.force_login(personas.for_role(role))
    pk = seeded["amelia"].pk
    assert client.get(reverse("api-subject-access", args=[pk])).status_code == 404
    assert client.get(reverse("subject-access", args=[pk])).status_code == 404
    assert not AccessLogEntry.objects.filter(action="subject_access").exists()


def test_a_person_who_does_not_exist_is_404(personas, client):
    client.force_login(personas.auditor)
    assert client.get(reverse("api-subject-access", args=[999999])).status_code == 404


def test_gathering_costs_a_fixed_number_of_queries(seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        subject_access_gather(seeded["amelia"])


def test_the_start_page_finds_the_person(seeded, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("subject-access-start"), {"person": f"P{seeded['amelia'].pk}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("subject-access", args=[seeded["amelia"].pk])
    bad = client.get(reverse("subject-access-start"), {"person": "nobody"})
    assert bad.status_code == 200 and b"govuk-error-summary" in bad.content
