"""Look-alikes of a new family or person: what the front door checks before it creates one.

Pages and the API ask the same questions here, through the recording service, so a
duplicate is caught whichever door the contact comes in by.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pathway import policy
from pathway.matching import name_key
from pathway.models import Family, Person, User
from pathway.validators import normalise_nhs_number

if TYPE_CHECKING:
    from frontdoor.services.contacts import NewPerson

LOOK_ALIKES_SHOWN = 10


def families_at_postcode(*, user: User, postcode: str) -> list[Family]:
    """Families this user may see whose address has this (normalised) postcode."""
    return list(
        policy.families_visible_to(user)
        .filter(postcode=postcode)
        .order_by("pk")[:LOOK_ALIKES_SHOWN]
    )


def people_like(
    *,
    user: User,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    nhs_number: str = "",
) -> list[Person]:
    """People this user may see with this NHS number, or with names that sound the same
    (phonetic keys) and the same date of birth. Merged-away records are left out."""
    people = policy.people_visible_to(user).filter(merged_into__isnull=True)
    matches: list[Person] = []
    nhs = normalise_nhs_number(nhs_number)
    if nhs:
        matches += list(people.filter(nhs_number=nhs))
    if date_of_birth:
        matches += list(
            people.filter(
                family_name_key=name_key(family_name),
                given_name_key=name_key(given_name),
                date_of_birth=date_of_birth,
            ).order_by("pk")[:LOOK_ALIKES_SHOWN]
        )
    return list(dict.fromkeys(matches))


def nhs_number_holder(nhs_number: str) -> Person | None:
    """The record that already holds this NHS number, whoever may see it: an NHS number is
    unique across the whole service, not within what one user can see."""
    nhs = normalise_nhs_number(nhs_number)
    if not nhs:
        return None
    return Person.objects.filter(nhs_number=nhs).first()


def is_clearly_same_person(person: Person, new: NewPerson) -> bool:
    """The same NHS number, the same date of birth and a name that sounds the same: the
    record on file is this person (so the contact links it rather than copying it)."""
    return (
        person.date_of_birth is not None
        and person.date_of_birth == new.date_of_birth
        and person.family_name_key == name_key(new.family_name)
        and person.given_name_key == name_key(new.given_name)
    )
