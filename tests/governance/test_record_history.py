"""Issue 14: the case, person and family pages' change history shows each change, field
by field, who made it and when; the view is logged; the policy decides who sees it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from pathway.models import AccessLogEntry, PersonAlias
from tests.factories import HouseholdMemberFactory, PersonFactory, TacCaseFactory


@pytest.fixture
def case(personas):
    return TacCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        lead_professional=personas.practitioner,
    )


def _changes(response):
    return [
        (
            c.kind,
            c.record,
            c.record_id,
            [(f.field, f.old, f.new) for f in c.fields if c.kind != "Created"],
        )
        for c in response.context["changes"]
    ]


def test_the_person_history_shows_each_change(case, personas, client):
    person = PersonFactory(
        given_name="Amelia", family_name="Okonkwo", date_of_birth=date(2019, 5, 4)
    )
    HouseholdMemberFactory(family=case.family, person=person)
    person.family_name = "Okonkwo-Brennan"
    person.save()
    person.date_of_birth = date(2019, 5, 5)
    person.nhs_number = ""
    person.save()
    alias = PersonAlias.objects.create(person=person, given_name="Millie", kind="nickname")
    client.force_login(personas.locality_leader)
    response = client.get(reverse("person-history", args=[person.pk]))
    assert response.status_code == 200
    changes = _changes(response)
    assert changes[0] == ("Created", "Other name", alias.pk, [])
    assert (
        "Changed",
        "Person",
        person.pk,
        [("date of birth", "2019-05-04", "2019-05-05")],
    ) in changes
    assert (
        "Changed",
        "Person",
        person.pk,
        [("family name", "Okonkwo", "Okonkwo-Brennan")],
    ) in changes
    assert [c[:2] for c in changes].count(("Created", "Person")) == 1
    page = response.content.decode()
    assert "Okonkwo-Brennan" in page and "Family name" in page
    rows = AccessLogEntry.objects.filter(user=personas.locality_leader)
    assert [(r.action, r.what) for r in rows] == [
        ("view", f"Change history of person P{person.pk}")
    ]


def test_the_case_history_shows_stage_changes_and_is_logged(case, personas, client):
    case.stage = "closed"
    case.closure_reason = "needs_met"
    case.save()
    client.force_login(personas.practitioner)
    response = client.get(reverse("case-history", args=[case.pk]))
    assert response.status_code == 200
    mine = [c for c in _changes(response) if c[1] == "Case" and c[0] == "Changed"]
    assert len(mine) == 1
    fields = {f: (old, new) for f, old, new in mine[0][3]}
    assert fields["stage"] == ("Team Around the Family", "Closed")
    rows = AccessLogEntry.objects.filter(user=personas.practitioner)
    assert [r.what for r in rows] == [f"Change history, case {case.reference}"]


def test_the_family_history(case, personas, client):
    case.family.address_line_1 = "14 Hollins Lane"
    case.family.save()
    client.force_login(personas.locality_leader)
    response = client.get(reverse("family-history", args=[case.family_id]))
    assert response.status_code == 200
    changed = [c for c in _changes(response) if c[0] == "Changed"]
    assert changed[0][1:3] == ("Family", case.family_id)
    assert changed[0][3][0][0] == "address line 1" and changed[0][3][0][2] == "14 Hollins Lane"


@pytest.mark.parametrize("role", ["partner", "admin", "auditor"])
def test_those_who_cannot_open_the_record_get_404(role, case, personas, client):
    client.force_login(personas.for_role(role))
    assert client.get(reverse("case-history", args=[case.pk])).status_code == 404
    person = HouseholdMemberFactory(family=case.family).person
    assert client.get(reverse("person-history", args=[person.pk])).status_code == 404
    assert client.get(reverse("family-history", args=[case.family_id])).status_code == 404


def test_the_history_costs_the_same_queries_however_long(
    case, personas, client, django_assert_max_num_queries
):
    for n in range(15):
        case.closure_note = f"note {n}"
        case.save()
    client.force_login(personas.practitioner)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("case-history", args=[case.pk])).status_code == 200
