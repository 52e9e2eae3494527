"""Issue 14: the retention schedule over records at boundary ages, some on legal hold:
exactly the expected set is anonymised, held and not-yet-due records are untouched, the
dry run changes nothing, and what went is recorded without personal data."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from governance.models import LegalHold, RetentionDisposal, RetentionRule
from governance.retention import add_months, retention_apply, retention_due
from pathway.models import Contact, Person
from tests.factories import (
    CaseFactory,
    ClosedCaseFactory,
    ContactFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    ScreeningFactory,
)

TODAY = date(2026, 12, 8)
LONDON = ZoneInfo("Europe/London")


def _family_case(*born, factory=ClosedCaseFactory, **case):
    family = FamilyFactory(address_line_1="1 Hollins Lane")
    children = [
        HouseholdMemberFactory(
            family=family, person=PersonFactory(given_name="Kid", date_of_birth=day)
        ).person
        for day in born
    ]
    return factory(family=family, locality=family.locality, **case), children


def _nfa_contact(received):
    contact = ContactFactory(
        received_at=received, referrer_name="Mrs Hughes", reason="Worried about the children"
    )
    ScreeningFactory(contact=contact, decision="nfa")
    return contact


@pytest.fixture
def schedule(personas):
    # The schedule as administrators set it: an older rule and the one in force now.
    RetentionRule.objects.create(
        record_class="closed_case",
        basis="record_date",
        keep_for_months=12,
        effective_from=date(2020, 1, 1),
    )
    case_rule = RetentionRule.objects.create(
        record_class="closed_case",
        basis="youngest_child_birth",
        keep_for_months=300,
        effective_from=date(2024, 4, 1),
    )
    # A future rule is not yet in force.
    RetentionRule.objects.create(
        record_class="closed_case",
        basis="record_date",
        keep_for_months=1,
        effective_from=date(2027, 1, 1),
    )
    contact_rule = RetentionRule.objects.create(
        record_class="nfa_contact",
        basis="record_date",
        keep_for_months=24,
        effective_from=date(2024, 4, 1),
    )
    due_case, (due_child,) = _family_case(date(2001, 12, 8))  # 25 today
    adult = HouseholdMemberFactory(
        family=due_case.family,
        relationship="parent_carer",
        person=PersonFactory(given_name="Parent", date_of_birth=date(1980, 1, 1)),
    ).person
    due_case_contact = ContactFactory(case=due_case, referrer_name="PC Jones", reason="A note")
    not_yet_case, _ = _family_case(date(2001, 12, 9))  # 25 tomorrow
    youngest_case, _ = _family_case(date(1995, 1, 1), date(2005, 6, 1))  # the youngest is 21
    held_family_case, (held_family_child,) = _family_case(date(1990, 1, 1))
    LegalHold.objects.create(family=held_family_case.family, reason="Public inquiry")
    held_person_case, (held_child,) = _family_case(date(1990, 1, 1))
    LegalHold.objects.create(person=held_child, reason="Litigation")
    open_case, _ = _family_case(date(1990, 1, 1), factory=CaseFactory, stage="allocated")
    due_contact = _nfa_contact(datetime(2024, 12, 8, 10, tzinfo=LONDON))  # 24 months today
    not_yet_contact = _nfa_contact(datetime(2024, 12, 9, 10, tzinfo=LONDON))
    return {
        "case_rule": case_rule,
        "contact_rule": contact_rule,
        "due_case": due_case,
        "due_child": due_child,
        "adult": adult,
        "due_case_contact": due_case_contact,
        "not_yet_case": not_yet_case,
        "youngest_case": youngest_case,
        "held_family_case": held_family_case,
        "held_family_child": held_family_child,
        "held_person_case": held_person_case,
        "held_child": held_child,
        "open_case": open_case,
        "due_contact": due_contact,
        "not_yet_contact": not_yet_contact,
    }


def _snapshot():
    people = list(Person.objects.order_by("pk").values_list("pk", "given_name", "date_of_birth"))
    contacts = list(Contact.objects.order_by("pk").values_list("pk", "reason", "referrer_name"))
    history = (Person.history.count(), Contact.history.count())
    return people, contacts, history


def test_the_dry_run_lists_exactly_what_is_due_and_changes_nothing(schedule):
    before = _snapshot()
    due = retention_due(today=TODAY)
    s = schedule
    assert [(d.record_class, d.record_id, d.due_on, d.held) for d in due] == [
        ("closed_case", s["due_case"].pk, date(2026, 12, 8), False),
        ("closed_case", s["held_family_case"].pk, date(2015, 1, 1), True),
        ("closed_case", s["held_person_case"].pk, date(2015, 1, 1), True),
        ("nfa_contact", s["due_contact"].pk, date(2026, 12, 8), False),
    ]
    assert due[1].hold_reason == "Legal hold on the family: Public inquiry"
    assert due[2].hold_reason == f"Legal hold on P{s['held_child'].pk}: Litigation"
    assert all(d.rule_id in (s["case_rule"].pk, s["contact_rule"].pk) for d in due)
    assert _snapshot() == before
    assert not RetentionDisposal.objects.exists()


def test_the_run_anonymises_exactly_the_due_records_and_nothing_held(schedule):
    s = schedule
    held_before = Person.objects.get(pk=s["held_child"].pk)
    held_history = Person.history.filter(id=s["held_child"].pk).count()
    not_yet_reason = Contact.objects.get(pk=s["not_yet_contact"].pk).reason
    done = retention_apply(today=TODAY)
    assert sorted((d.record_class, d.record_id) for d in done) == [
        ("closed_case", s["due_case"].pk),
        ("nfa_contact", s["due_contact"].pk),
    ]
    # What went is recorded by class, number, rule and due date: nothing else.
    assert sorted(
        RetentionDisposal.objects.values_list("record_class", "record_id", "rule_id", "due_on")
    ) == [
        ("closed_case", s["due_case"].pk, s["case_rule"].pk, date(2026, 12, 8)),
        ("nfa_contact", s["due_contact"].pk, s["contact_rule"].pk, date(2026, 12, 8)),
    ]
    child = Person.objects.get(pk=s["due_child"].pk)
    assert (child.given_name, child.family_name, child.date_of_birth) == (
        "Removed",
        "Removed",
        None,
    )
    assert Person.objects.get(pk=s["adult"].pk).given_name == "Removed"
    assert not Person.history.filter(id=s["due_child"].pk).exists()
    family = s["due_case"].family
    family.refresh_from_db()
    assert (family.address_line_1, family.postcode) == ("", "")
    contact = Contact.objects.get(pk=s["due_case_contact"].pk)
    assert (contact.reason, contact.referrer_name) == ("Removed under the retention schedule", "")
    nfa = Contact.objects.get(pk=s["due_contact"].pk)
    assert (nfa.reason, nfa.referrer_name) == ("Removed under the retention schedule", "")
    assert not Contact.history.filter(id=s["due_contact"].pk).exists()
    # Held and not yet due: untouched, history and all.
    held_after = Person.objects.get(pk=s["held_child"].pk)
    assert (held_after.given_name, held_after.date_of_birth) == (
        held_before.given_name,
        held_before.date_of_birth,
    )
    assert Person.history.filter(id=s["held_child"].pk).count() == held_history
    assert Person.objects.get(pk=s["held_family_child"].pk).given_name == "Kid"
    assert Contact.objects.get(pk=s["not_yet_contact"].pk).reason == not_yet_reason
    # Run again (or on a second worker): nothing more.
    assert retention_apply(today=TODAY) == []
    assert retention_due(today=TODAY) == [d for d in retention_due(today=TODAY) if d.held]


def test_a_released_hold_lets_the_record_go(schedule):
    LegalHold.objects.filter(family=schedule["held_family_case"].family).update(
        released_at=datetime(2026, 12, 1, tzinfo=LONDON)
    )
    done = retention_apply(today=TODAY)
    assert schedule["held_family_case"].pk in [d.record_id for d in done]
    assert schedule["held_person_case"].pk not in [d.record_id for d in done]


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2001, 12, 8), 300, date(2026, 12, 8)),
        (date(2000, 2, 29), 12, date(2001, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 11, 30), 2, date(2025, 1, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_command_reports_without_changing_anything(schedule):
    out = io.StringIO()
    call_command("retention_report", "--today", "2026-12-08", stdout=out)
    text = out.getvalue()
    assert (
        f"closed_case {schedule['due_case'].reference} due 2026-12-08: would be anonymised" in text
    )
    assert "HELD (Legal hold on the family: Public inquiry)" in text
    assert text.strip().endswith("2 due, 2 on legal hold, on 2026-12-08")
    assert not RetentionDisposal.objects.exists()


@pytest.mark.parametrize("role, status", [("admin", 200), ("auditor", 200), ("practitioner", 403)])
def test_the_report_page(role, status, schedule, personas, client):
    client.force_login(personas.for_role(role))
    response = client.get(reverse("retention-report"))
    assert response.status_code == status
    assert not RetentionDisposal.objects.exists()
