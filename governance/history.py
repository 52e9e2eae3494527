"""The record-history pages' reads: every change to a case, person or family (and the
records that hang off it), field by field, from django-simple-history. One query per kind
of record, whatever the number of changes."""

from __future__ import annotations

from caf.models import Assessment, Recommendation, StepUp, TacPlan
from pathway.history import Change, history_changes
from pathway.models import Case, Contact, Family, HouseholdMember, Person, PersonAlias
from screening.models import Screening

LIMIT = 500


def _merged(*groups: list[Change]) -> list[Change]:
    changes = [c for group in groups for c in group]
    changes.sort(key=lambda c: (c.at, c.record, c.record_id), reverse=True)
    return changes[:LIMIT]


def case_history(*, case: Case) -> list[Change]:
    return _merged(
        history_changes(Case.history.filter(id=case.pk), label="Case"),
        history_changes(Contact.history.filter(case_id=case.pk), label="Contact"),
        history_changes(Screening.history.filter(case_id=case.pk), label="Screening"),
        history_changes(
            Recommendation.history.filter(case_id=case.pk),
            label="Recommendation",
        ),
        history_changes(
            Assessment.history.filter(case_id=case.pk),
            label="CAF assessment",
        ),
        history_changes(
            TacPlan.history.filter(case_id=case.pk),
            label="Team Around the Family",
        ),
        history_changes(StepUp.history.filter(case_id=case.pk), label="Step-up"),
    )


def person_history(*, person: Person) -> list[Change]:
    return _merged(
        history_changes(Person.history.filter(id=person.pk), label="Person"),
        history_changes(
            PersonAlias.history.filter(person_id=person.pk),
            label="Other name",
        ),
        history_changes(
            HouseholdMember.history.filter(person_id=person.pk),
            label="Household",
        ),
    )


def family_history(*, family: Family) -> list[Change]:
    return _merged(
        history_changes(Family.history.filter(id=family.pk), label="Family"),
        history_changes(
            HouseholdMember.history.filter(family_id=family.pk),
            label="Household member",
        ),
    )
