"""A family is called by its household's surnames and its first address line (issue 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from pathway.models import Family, Person
from pathway.selectors.families import household_prefetch
from tests.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def member(family, given, surname, relationship="child", born=None, **kwargs):
    person = PersonFactory(
        given_name=given, family_name=surname, date_of_birth=born or date(2015, 6, 1)
    )
    return HouseholdMemberFactory(family=family, person=person, relationship=relationship, **kwargs)


@pytest.fixture
def hollins_lane():
    family = FamilyFactory(address_line_1="14 Hollins Lane", town="Marple", postcode="SK6 6AW")
    member(family, "Grace", "Okonkwo-Brennan", "parent_carer", date(1988, 2, 3))
    member(family, "Amara", "Okonkwo-Brennan", born=date(2019, 5, 10))
    member(family, "Tobi", "Okonkwo-Brennan", born=date(2023, 1, 20))
    return family


def test_a_family_is_named_by_its_surname_and_first_address_line(hollins_lane):
    assert (
        hollins_lane.display_name(show_address=False) == "Okonkwo-Brennan family, 14 Hollins Lane"
    )


def test_a_confidential_address_is_withheld_from_those_who_may_not_see_it(hollins_lane):
    hollins_lane.address_confidential = True
    assert (
        hollins_lane.display_name(show_address=False) == "Okonkwo-Brennan family (address withheld)"
    )
    assert hollins_lane.display_name(show_address=True) == "Okonkwo-Brennan family, 14 Hollins Lane"


def test_several_surnames_read_parents_first_and_people_who_left_are_not_named():
    family = FamilyFactory(address_line_1="2 Mill Street", postcode="SK1 3XE")
    member(family, "Jade", "Reilly", "child", date(2016, 1, 1))
    member(family, "Sean", "Reilly", "child", date(2018, 1, 1))
    member(family, "Lisa", "Nowak", "parent_carer", date(1990, 1, 1))
    member(family, "Tom", "Hart", "other_adult", date(1985, 1, 1))
    member(
        family,
        "Dan",
        "Walsh",
        "parent_carer",
        date(1987, 1, 1),
        ended_on=timezone.localdate() - timedelta(days=10),
    )
    assert family.display_name(show_address=True) == "Nowak, Reilly and Hart family, 2 Mill Street"


def test_a_family_with_no_one_recorded_is_called_by_its_reference_and_postcode():
    family = FamilyFactory(address_line_1="", postcode="SK4 1AA")
    assert family.display_name(show_address=True) == f"Family F{family.pk:06d}, SK4 1AA"


def test_the_children_are_listed_eldest_first_without_the_adults(hollins_lane):
    children = [p.full_name for p in hollins_lane.children_now()]
    assert children == ["Amara Okonkwo-Brennan", "Tobi Okonkwo-Brennan"]


@pytest.mark.parametrize(
    "born, expected, label",
    [
        ({"date_of_birth": date(2019, 5, 10)}, "7", "seven on 3 December 2026"),
        ({"date_of_birth": date(2019, 12, 4)}, "6", "seven tomorrow"),
        ({"date_of_birth": date(2026, 7, 15)}, "4 months", "a baby"),
        ({"date_of_birth": date(2026, 11, 20)}, "0 months", "a newborn"),
        ({"expected_date": date(2027, 2, 1)}, "unborn", "not yet born"),
        ({}, "age not known", "no date of birth"),
    ],
)
def test_ages_read_as_a_heading_says_them(born, expected, label):
    person = Person(given_name="Amara", family_name="Okonkwo-Brennan", **born)
    assert person.age_label(date(2026, 12, 3)) == expected, label


def test_a_list_of_families_reads_every_household_in_one_query(
    hollins_lane, django_assert_num_queries
):
    other = FamilyFactory(address_line_1="9 Shaw Heath", postcode="SK3 8BD")
    member(other, "Ivy", "Shaw")
    with django_assert_num_queries(2):  # the families, then all their current members
        families = list(
            Family.objects.filter(pk__in=[hollins_lane.pk, other.pk])
            .prefetch_related(household_prefetch(""))
            .order_by("pk")
        )
        names = [f.display_name(show_address=False) for f in families]
    assert names == ["Okonkwo-Brennan family, 14 Hollins Lane", "Shaw family, 9 Shaw Heath"]
