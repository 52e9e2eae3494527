"""Search ranking: misspellings, nicknames, dates of birth, postcodes and NHS numbers."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.selectors.people import parse_people_query, people_search
from pathway.models import AccessLogEntry, PersonAlias
from tests.factories import (
    AllocatedCaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    LocalityFactory,
    PersonFactory,
)


def person(given, family, born, postcode="SK1 3XE", locality=None, **extra):
    household = FamilyFactory(postcode=postcode, **({"locality": locality} if locality else {}))
    someone = PersonFactory(given_name=given, family_name=family, date_of_birth=born, **extra)
    HouseholdMemberFactory(family=household, person=someone)
    return someone


def search(user, text="", **kwargs):
    return people_search(user=user, query=parse_people_query(text, **kwargs))


@pytest.fixture
def smiths(personas):
    return {
        "john": person("John", "Smith", date(2018, 3, 12), postcode="SK4 2AB"),
        "jane": person("Jane", "Smith", date(2016, 7, 1)),
        "joan": person("Joan", "Smithson", date(2018, 3, 12)),
        "amelia": person("Amelia", "Holt", date(2019, 5, 20), nhs_number="9434765919"),
    }


def test_a_misspelt_name_finds_the_person_with_reasons(personas, smiths):
    results = search(personas.contact_officer, "Jon Smyth")
    assert results[0].person == smiths["john"]
    assert "Family name sounds alike" in results[0].reasons
    assert any("John" in reason for reason in results[0].reasons)
    assert smiths["amelia"] not in [m.person for m in results]


def test_a_nickname_finds_the_formal_name(personas):
    william = person("William", "Turner", date(2015, 1, 1))
    results = search(personas.contact_officer, "Bill Turner")
    assert results[0].person == william
    assert "William is a usual form of Bill" in results[0].reasons


def test_an_exact_match_ranks_above_a_sound_alike(personas, smiths):
    results = search(personas.contact_officer, "Jane Smith")
    assert results[0].person == smiths["jane"]
    assert results[0].score > results[1].score


def test_date_of_birth_breaks_ties_and_is_explained(personas, smiths):
    results = search(personas.contact_officer, "Smith 12/03/2018")
    assert results[0].person == smiths["john"]
    assert "Same date of birth" in results[0].reasons


def test_a_date_of_birth_window_for_an_unsure_caller(personas, smiths):
    exact = search(personas.contact_officer, "Smith", date_of_birth=date(2018, 3, 20))
    assert smiths["john"] not in [m.person for m in exact if "date" in " ".join(m.reasons)]
    windowed = search(
        personas.contact_officer, "Smith", date_of_birth=date(2018, 3, 20), dob_window_days=31
    )
    john = next(m for m in windowed if m.person == smiths["john"])
    assert "Born within 31 days of the date given" in john.reasons


def test_day_and_month_swapped_is_recognised(personas, smiths):
    results = search(personas.contact_officer, "Smith", date_of_birth=date(2018, 12, 3))
    john = next(m for m in results if m.person == smiths["john"])
    assert "Date of birth with day and month swapped" in john.reasons


def test_postcode_alone_finds_the_household(personas, smiths):
    results = search(personas.contact_officer, "sk4 2ab")
    assert [m.person for m in results] == [smiths["john"]]
    assert results[0].reasons == ["Same postcode"]


def test_nhs_number_alone_finds_the_person(personas, smiths):
    results = search(personas.contact_officer, "943 476 5919")
    assert results[0].person == smiths["amelia"]
    assert "Same NHS number" in results[0].reasons


def test_aliases_are_searched(personas, smiths):
    PersonAlias.objects.create(person=smiths["amelia"], given_name="Millie", family_name="Brennan")
    results = search(personas.contact_officer, "Millie Brennan")
    assert results[0].person == smiths["amelia"]
    assert any(reason.startswith("Also known as") for reason in results[0].reasons)


def test_merged_duplicates_never_appear(personas, smiths):
    smiths["jane"].merged_into = smiths["john"]
    smiths["jane"].save()
    assert smiths["jane"] not in [m.person for m in search(personas.contact_officer, "Jane Smith")]


def test_every_search_is_logged(personas, smiths):
    search(personas.contact_officer, "Jon Smyth")
    entry = AccessLogEntry.objects.get(action="search")
    assert entry.user == personas.contact_officer
    assert "Jon Smyth" in entry.what


def test_locality_staff_find_only_people_in_cases_they_can_see(personas):
    mine = person("Ava", "Brook", date(2017, 1, 1), locality=personas.home)
    theirs = person("Ava", "Brooke", date(2017, 1, 1), locality=LocalityFactory(code="elsewhere"))
    AllocatedCaseFactory(family=mine.households.get().family, locality=personas.home)
    AllocatedCaseFactory(family=theirs.households.get().family, locality=personas.away)
    found = [m.person for m in search(personas.practitioner, "Ava Brook")]
    assert found == [mine]
    front_door = [m.person for m in search(personas.contact_officer, "Ava Brook")]
    assert set(front_door) == {mine, theirs}


def test_roles_without_search_find_nobody(personas, smiths):
    assert search(personas.partner, "John Smith") == []
    assert search(personas.admin, "John Smith") == []


def test_an_empty_query_finds_nothing_and_logs_nothing(personas, smiths):
    assert search(personas.contact_officer, "   ") == []
    assert not AccessLogEntry.objects.exists()


def test_the_search_box_is_parsed_into_its_parts():
    query = parse_people_query("Jon Smyth 12/03/2018 sk42ab 943 476 5919")
    assert (query.given_name, query.family_name) == ("Jon", "Smyth")
    assert query.date_of_birth == date(2018, 3, 12)
    assert query.postcode == "SK4 2AB"
    assert query.nhs_number == "9434765919"
