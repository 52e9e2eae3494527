"""The cases list, page and API: search by family name and reference, filters by stage,
locality, lead professional and due date, bad filters answered without a 500, and every
result through the access policy (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import (
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    RecommendationFactory,
    TacCaseFactory,
    TeamFactory,
    UserFactory,
)


def family(locality, address, *surnames, confidential=False):
    household = FamilyFactory(
        locality=locality, address_line_1=address, address_confidential=confidential
    )
    for i, surname in enumerate(surnames):
        HouseholdMemberFactory(
            family=household,
            person=PersonFactory(
                given_name=["Grace", "Amara", "Tobi"][i % 3],
                family_name=surname,
                date_of_birth=date(1988 + 15 * bool(i), 1, 1 + i),
            ),
            relationship="child" if i else "parent_carer",
        )
    return household


@pytest.fixture
def cases(personas):
    """Four cases, named by their families. The leader and practitioner (in `home`) see
    the first three; "away" is another locality's family with a similar name."""
    home, away = personas.home, personas.away
    okonkwo = AllocatedCaseFactory(
        locality=home,
        family=family(home, "14 Hollins Lane", "Okonkwo-Brennan", "Okonkwo-Brennan"),
        lead_professional=personas.practitioner,
    )
    RecommendationFactory(case=okonkwo, made_on=date(2026, 11, 2), due_on=date(2026, 11, 30))
    shaw = AwaitingAllocationCaseFactory(
        locality=home,
        family=family(home, "9 Shaw Heath", "Shaw", "Shaw"),
        recommendation__made_on=date(2026, 12, 21),
        recommendation__due_on=date(2027, 1, 21),
    )
    worker = UserFactory(username="wes.worker", role="practitioner")
    nowak = TacCaseFactory(
        locality=home,
        team=TeamFactory(code="central-family-support", locality=home),
        family=family(home, "2 Mill Street", "Nowak"),
        lead_professional=worker,
    )
    RecommendationFactory(
        case=nowak, made_on=date(2026, 9, 1), due_on=date(2026, 9, 29), status="completed"
    )
    away_okonkwo = AllocatedCaseFactory(
        locality=away, family=family(away, "1 Hope Street", "Okonkwo", "Okonkwo")
    )
    RecommendationFactory(case=away_okonkwo, made_on=date(2026, 10, 1), due_on=date(2026, 10, 29))
    return {"okonkwo": okonkwo, "shaw": shaw, "nowak": nowak, "away_okonkwo": away_okonkwo}


def listed_on_page(client, **params):
    response = client.get(reverse("case-list"), params)
    assert response.status_code == 200
    return {case.pk for case in response.context["page"].object_list}, response


def listed_by_api(client, **params):
    response = client.get(reverse("api-case-list"), params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def ids(cases, *names):
    return {cases[name].pk for name in names}


def due_before(day):
    return {"due_before_0": day.day, "due_before_1": day.month, "due_before_2": f"{day.year:04d}"}


FILTERS = [
    # (what the page sends, what the API sends, the cases the leader gets)
    ({"q": "okonkwo"}, {"q": "okonkwo"}, ["okonkwo"]),
    ({"q": "Okonkwo-Brenan"}, {"q": "Okonkwo-Brenan"}, ["okonkwo"]),  # by sound
    ({"q": "amara shaw"}, {"q": "amara shaw"}, ["shaw"]),
    ({"q": "Nobody"}, {"q": "Nobody"}, []),
    ({"stage": "awaiting_allocation"}, {"stage": "awaiting_allocation"}, ["shaw"]),
    ({"stage": "tac"}, {"stage": "tac"}, ["nowak"]),
    ({"lead_professional": "none"}, None, ["shaw"]),
    (due_before(date(2026, 12, 1)), {"due_before": "2026-12-01"}, ["okonkwo"]),
    (due_before(date(2026, 11, 30)), {"due_before": "2026-11-30"}, []),
    (due_before(date(2027, 1, 22)), {"due_before": "2027-01-22"}, ["okonkwo", "shaw"]),
    ({"stage": "allocated", "q": "okonkwo"}, {"stage": "allocated", "q": "okonkwo"}, ["okonkwo"]),
]


@pytest.mark.parametrize("page_params, api_params, expected", FILTERS)
def test_each_filter_narrows_the_leaders_list_to_the_expected_cases(
    personas, client, cases, page_params, api_params, expected
):
    client.force_login(personas.locality_leader)
    assert listed_on_page(client, **page_params)[0] == ids(cases, *expected)
    if api_params is not None:
        assert listed_by_api(client, **api_params) == ids(cases, *expected)


def test_search_by_reference_finds_the_case_and_never_one_the_user_may_not_see(
    personas, client, cases
):
    client.force_login(personas.locality_leader)
    okonkwo, away = cases["okonkwo"], cases["away_okonkwo"]
    for q in (okonkwo.reference, okonkwo.reference.lower(), str(okonkwo.pk)):
        assert listed_on_page(client, q=q)[0] == {okonkwo.pk}
        assert listed_by_api(client, q=q) == {okonkwo.pk}
    assert listed_on_page(client, q=okonkwo.family.reference)[0] == {okonkwo.pk}
    assert listed_on_page(client, q=away.reference)[0] == set()
    assert listed_by_api(client, q=away.reference) == set()


def test_the_other_localitys_matching_family_shows_only_to_those_who_may_see_it(
    personas, client, cases
):
    client.force_login(personas.locality_leader)
    assert listed_on_page(client, locality=personas.away.pk)[0] == set()
    assert listed_by_api(client, locality=personas.away.pk) == set()
    assert listed_by_api(client, q="okonkwo", due_before="2026-12-01") == ids(cases, "okonkwo")
    client.force_login(personas.manager)
    assert listed_by_api(client, q="okonkwo") == ids(cases, "okonkwo", "away_okonkwo")
    assert listed_on_page(client, locality=personas.away.pk)[0] == ids(cases, "away_okonkwo")
    assert listed_by_api(client, q="okonkwo", due_before="2026-11-01") == ids(cases, "away_okonkwo")


def test_lead_professional_and_locality_filters(personas, client, cases):
    client.force_login(personas.locality_leader)
    practitioner = personas.practitioner.pk
    assert listed_on_page(client, lead_professional=practitioner)[0] == ids(cases, "okonkwo")
    assert listed_by_api(client, lead_professional=practitioner) == ids(cases, "okonkwo")
    home = personas.home.pk
    assert listed_on_page(client, locality=home)[0] == ids(cases, "okonkwo", "shaw", "nowak")
    assert listed_by_api(client, locality=home) == ids(cases, "okonkwo", "shaw", "nowak")


def test_overdue_only_lists_cases_with_an_open_recommendation_past_its_day(personas, client, cases):
    client.force_login(personas.locality_leader)
    # Today (3 December 2026 or later) the Okonkwo-Brennan CAF, due 30 November, is overdue;
    # the Nowak one was completed.
    assert listed_on_page(client, overdue="on")[0] == ids(cases, "okonkwo")


def test_the_list_names_each_family_and_withholds_a_confidential_address(personas, client):
    home = personas.home
    AllocatedCaseFactory(
        locality=home, family=family(home, "14 Hollins Lane", "Okonkwo-Brennan", confidential=True)
    )
    client.force_login(personas.locality_leader)  # may see a confidential address
    content = client.get(reverse("case-list")).content.decode()
    assert "Okonkwo-Brennan family, 14 Hollins Lane" in content
    client.force_login(personas.manager)  # may not
    content = client.get(reverse("case-list")).content.decode()
    assert "Okonkwo-Brennan family (address withheld)" in content
    assert "Hollins Lane" not in content


@pytest.mark.parametrize(
    "params, field",
    [
        ({"stage": "finished"}, "stage"),
        ({"stage": "tac\x00"}, "stage"),
        ({"locality": "central"}, "locality"),
        ({"locality": "0"}, "locality"),
        ({"locality": "99999999999999999999"}, "locality"),
        ({"lead_professional": "none"}, "lead_professional"),
        ({"lead_professional": "-1"}, "lead_professional"),
        ({"lead_professional": "1\x00"}, "lead_professional"),
        ({"due_before": "31/12/2026"}, "due_before"),
        ({"due_before": "2026-02-30"}, "due_before"),
        ({"due_before": "10000-01-01"}, "due_before"),
        ({"due_before": "2026-12-01\x00"}, "due_before"),
        ({"q": "Okonkwo\x00"}, "q"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it_in_the_api(personas, client, cases, params, field):
    client.force_login(personas.manager)
    response = client.get(reverse("api-case-list"), params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_extreme_dates_are_answered_in_the_api(personas, client, cases, day):
    client.force_login(personas.manager)
    expected = set() if day == "0001-01-01" else ids(cases, "okonkwo", "shaw", "away_okonkwo")
    assert listed_by_api(client, due_before=day) == expected


@pytest.mark.parametrize(
    "params, message",
    [
        ({"stage": "finished"}, "Select a stage from the list"),
        ({"locality": "central"}, "Select a locality from the list"),
        ({"lead_professional": "1\x00"}, "Select a lead professional from the list"),
        ({"q": "Okonkwo\x00"}, "Null characters are not allowed"),
        (
            {"due_before_0": "30", "due_before_1": "2", "due_before_2": "2026"},
            "The due date must be a real date",
        ),
        (
            {"due_before_0": "1\x00", "due_before_1": "2", "due_before_2": "2026"},
            "Null characters are not allowed",
        ),
    ],
)
def test_a_bad_filter_is_an_error_on_the_page_and_the_others_still_apply(
    personas, client, cases, params, message
):
    client.force_login(personas.locality_leader)
    listed, response = listed_on_page(client, **{"stage": "awaiting_allocation", **params})
    assert message in response.content.decode()
    if "stage" not in params:
        assert listed == ids(cases, "shaw")


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_extreme_dates_are_answered_on_the_page(personas, client, cases, day):
    client.force_login(personas.locality_leader)
    expected = set() if day.year == 1 else ids(cases, "okonkwo", "shaw")
    assert listed_on_page(client, **due_before(day))[0] == expected
    assert listed_on_page(client, overdue="on", **due_before(day))[0] == (
        set() if day.year == 1 else ids(cases, "okonkwo")
    )


def test_pages_of_fifty_keep_the_filters(personas, client):
    home = personas.home
    for i in range(51):
        AwaitingAllocationCaseFactory(locality=home, family=family(home, f"{i} Brook Road", "Lee"))
    client.force_login(personas.locality_leader)
    first, response = listed_on_page(client, q="lee")
    assert len(first) == 50
    content = response.content.decode()
    assert "51 cases, showing 1 to 50" in content
    assert 'href="?q=lee&amp;page=2"' in content
    second, _ = listed_on_page(client, q="lee", page="2")
    assert len(second) == 1 and not second & first


def test_the_api_names_each_family_for_its_caller(personas, client):
    home = personas.home
    case = AllocatedCaseFactory(
        locality=home, family=family(home, "14 Hollins Lane", "Okonkwo-Brennan", confidential=True)
    )
    client.force_login(personas.locality_leader)
    listed = client.get(reverse("api-case-list")).json()["results"]
    assert [row["family_name"] for row in listed] == ["Okonkwo-Brennan family, 14 Hollins Lane"]
    client.force_login(personas.manager)
    one = client.get(reverse("api-case-detail", args=[case.pk])).json()
    assert one["family_name"] == "Okonkwo-Brennan family (address withheld)"


@pytest.mark.parametrize("param", ["due_before", "locality", "lead_professional", "stage"])
def test_an_empty_filter_value_is_a_400_too(personas, client, param):
    client.force_login(personas.manager)
    response = client.get(f"{reverse('api-case-list')}?{param}=")
    assert response.status_code == 400
    assert list(response.json()) == [param]
