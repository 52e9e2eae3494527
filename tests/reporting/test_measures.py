"""Each measure of DESIGN §6 on hand-built records whose right answer is counted by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from caf.models import Recommendation, StepUp
from pathway.choices import Decision, Role, Stage
from pathway.models import PresentingIssue
from reporting.measures import drill_cases, report_build
from reporting.measures.base import Scope
from reporting.models import UnitCost
from reporting.report import Period, month_of
from tests.caf.factories import RecommendationFactory, StepUpFactory
from tests.localities.factories import AllocatedCaseFactory
from tests.pathway.factories import CaseFactory, FamilyFactory, MembershipFactory, UserFactory
from tests.reporting.builders import at, contact, rows, screened, step_down

pytestmark = pytest.mark.django_db

MARCH = month_of(date(2026, 3, 1))
APRIL = month_of(date(2026, 4, 1))


def build(period: Period, locality=None, today: date | None = None):
    return report_build(Scope(period, locality.pk if locality else None, today))


def test_the_reference_check_87_cases_give_34_caf_52_universal_1_existing_caf(personas):
    """DESIGN §6: the pathway's first 4 weeks live."""
    for n in range(34):
        screened(
            Decision.CAF, at(date(2026, 3, 2) + timedelta(days=n % 26)), locality=personas.home
        )
    for n in range(52):
        screened(
            Decision.UNIVERSAL,
            at(date(2026, 3, 2) + timedelta(days=n % 26)),
            locality=personas.home,
        )
    screened(Decision.EXISTING_CAF, at(date(2026, 3, 20)), locality=personas.home)

    report = build(MARCH)

    outcomes = rows(report, "outcomes", "by_decision", "count")
    assert outcomes["caf"] == 34
    assert outcomes["universal"] == 52
    assert outcomes["existing_caf"] == 1
    assert outcomes["step_up"] == outcomes["advice"] == outcomes["nfa"] == 0
    assert outcomes["total"] == 87
    assert rows(report, "screened", "summary") == {"contacts": 87, "families": 87}


def test_families_are_counted_once_however_many_of_their_contacts_were_screened(personas):
    family = FamilyFactory(locality=personas.home)
    first = screened(Decision.CAF, at(date(2026, 3, 3)), locality=personas.home, family=family)
    # The repeat contact joins the same case.
    from tests.pathway.factories import ContactFactory
    from tests.screening.factories import ScreeningFactory

    again = ContactFactory(case=first.case, received_at=at(date(2026, 3, 9)))
    ScreeningFactory(contact=again, decision=Decision.NFA, screened_at=at(date(2026, 3, 9)))
    screened(Decision.ADVICE, at(date(2026, 3, 10)), locality=personas.home)

    assert rows(build(MARCH), "screened", "summary") == {"contacts": 3, "families": 2}


def test_period_boundaries_are_whole_days_in_london_and_a_sign_off_counts_when_it_applies(
    personas,
):
    # 31 March 2026 is in British Summer Time: 23:59 there is 22:59 UTC.
    screened(Decision.CAF, at(date(2026, 3, 31), 23, 59), locality=personas.home)
    screened(Decision.CAF, at(date(2026, 4, 1), 0, 0), locality=personas.home)
    screened(Decision.CAF, at(date(2026, 3, 1), 0, 0), locality=personas.home)
    screened(Decision.CAF, at(date(2026, 2, 28), 23, 59), locality=personas.home)
    # Screened in March, signed off in April: the decision took effect in April.
    screened(
        Decision.CAF,
        at(date(2026, 3, 31), 16),
        locality=personas.home,
        level_override="specialist",
        override_reason="Escalating concerns",
        signed_off=True,
        signed_off_at=at(date(2026, 4, 1), 9),
    )
    # Still waiting for sign-off: not decided at all.
    screened(
        Decision.CAF,
        at(date(2026, 3, 15)),
        locality=personas.home,
        level_override="specialist",
        override_reason="Escalating concerns",
    )

    assert rows(build(MARCH), "outcomes", "by_decision", "count")["caf"] == 2
    assert rows(build(APRIL), "outcomes", "by_decision", "count")["caf"] == 2
    one_day = Period(date(2026, 3, 31), date(2026, 3, 31))
    assert rows(build(one_day), "outcomes", "by_decision", "count")["caf"] == 1


def test_a_locality_filter_counts_only_that_locality(personas):
    screened(Decision.CAF, at(date(2026, 3, 3)), locality=personas.home)
    screened(Decision.CAF, at(date(2026, 3, 4)), locality=personas.home)
    screened(Decision.CAF, at(date(2026, 3, 5)), locality=personas.away)

    assert rows(build(MARCH, personas.home), "outcomes", "by_decision", "count")["caf"] == 2
    assert rows(build(MARCH, personas.away), "outcomes", "by_decision", "count")["caf"] == 1
    assert rows(build(MARCH), "outcomes", "by_decision", "count")["caf"] == 3


def test_the_20_working_day_limit_counts_bank_holidays_and_lists_the_breaches(personas):
    # Made Mon 21 December 2026: Christmas (25th), Boxing Day substitute (28th) and New
    # Year's Day are not working days, so it is due on Thursday 21 January 2027 (DESIGN §4).
    made = date(2026, 12, 21)
    on_time = RecommendationFactory(
        made_on=made, status="completed", completed_on=date(2027, 1, 21)
    )
    late = RecommendationFactory(made_on=made, status="completed", completed_on=date(2027, 1, 22))
    overdue = RecommendationFactory(made_on=made)
    withdrawn = RecommendationFactory(made_on=made, status="withdrawn")
    assert {r.due_on for r in (on_time, late, overdue, withdrawn)} == {date(2027, 1, 21)}
    # Made Fri 27 March 2026, over Easter: due Tuesday 28 April; open, on its due day.
    pending = RecommendationFactory(made_on=date(2026, 3, 27))
    assert pending.due_on == date(2026, 4, 28)

    january = build(month_of(date(2027, 1, 1)), today=date(2027, 2, 1))
    summary = rows(january, "caf_compliance", "summary")
    assert summary["decided"] == 3
    assert summary["on_time"] == 1
    assert summary["on_time_percent"] == 33.3
    assert summary["breaches"] == 2
    assert summary["late"] == 1
    assert summary["overdue"] == 1
    assert summary["pending"] == 0
    breaches = rows(january, "caf_compliance", "breaches", "case")
    assert sorted(breaches) == sorted([str(late.case_id), str(overdue.case_id)])
    assert rows(january, "caf_compliance", "breaches", "days_late") == {
        str(late.case_id): 1,
        str(overdue.case_id): 11,
    }

    april = rows(build(APRIL, today=date(2026, 4, 28)), "caf_compliance", "summary")
    assert (april["decided"], april["pending"], april["on_time_percent"]) == (0, 1, None)
    # The day after, it is a breach.
    april = rows(build(APRIL, today=date(2026, 4, 29)), "caf_compliance", "summary")
    assert (april["decided"], april["overdue"], april["pending"]) == (1, 1, 0)


def test_universal_offer_uptake_and_satisfaction(personas):
    def followed_up(uptake: str, satisfaction: int | None, on: date = date(2026, 3, 10)):
        RecommendationFactory(
            universal=True,
            made_on=on - timedelta(days=7),
            status="completed",
            completed_on=on,
            uptake=uptake,
            satisfaction=satisfaction,
        )

    followed_up("taken_up", 5)
    followed_up("taken_up", 4)
    followed_up("taken_up", 4)
    followed_up("declined", None)
    followed_up("not_contactable", None)
    followed_up("taken_up", 1, on=date(2026, 4, 1))  # another month
    RecommendationFactory(universal=True, made_on=date(2026, 3, 2))  # not yet followed up

    report = build(MARCH)
    summary = rows(report, "universal_uptake", "summary")
    assert summary == {"followed_up": 5, "taken_up_percent": 60.0, "rated": 3, "mean": 4.33}
    assert rows(report, "universal_uptake", "uptake", "count") == {
        "taken_up": 3,
        "declined": 1,
        "not_contactable": 1,
        "total": 5,
    }
    assert rows(report, "universal_uptake", "satisfaction", "count") == {
        "1": 0,
        "2": 0,
        "3": 0,
        "4": 2,
        "5": 1,
    }


def test_the_census_suffix_names_a_person_only_for_factors_1_to_6(reference_data):
    """CIN census guidance: 8B–8F, 18B/C and 19B/C are sub-types about the child."""
    subjects = dict(PresentingIssue.objects.values_list("code", "subject"))
    for code in ["8B", "8C", "8D", "8E", "8F", "18B", "18C", "19B", "19C"]:
        assert subjects[code] == "A", code
    assert (subjects["3A"], subjects["3B"], subjects["3C"]) == ("A", "B", "C")
    assert (subjects["6B"], subjects["16A"], subjects["20"]) == ("B", "A", "")


def test_primary_and_secondary_presenting_issues_with_whom_each_is_about(personas):
    contact(at(date(2026, 3, 2)), locality=personas.home, primary="3B", secondary=("4B", "18C"))
    contact(at(date(2026, 3, 3)), locality=personas.home, primary="3B", secondary=("4B",))
    contact(at(date(2026, 3, 4)), locality=personas.home, primary="18C")
    contact(at(date(2026, 4, 4)), locality=personas.home, primary="16A")  # April

    report = build(MARCH)
    assert rows(report, "presenting_issues", "issues", "primary") == {"3B": 2, "4B": 0, "18C": 1}
    assert rows(report, "presenting_issues", "issues", "secondary") == {"3B": 0, "4B": 2, "18C": 1}
    assert rows(report, "presenting_issues", "issues", "about") == {
        "3B": "Parent or carer",
        "4B": "Parent or carer",
        "18C": "Child",
    }
    assert rows(report, "presenting_issues", "by_subject", "primary") == {
        "Child": 1,
        "Parent or carer": 2,
    }


def test_referral_sources(personas):
    contact(at(date(2026, 3, 2)), locality=personas.home, source="6")
    contact(at(date(2026, 3, 9)), locality=personas.home, source="6")
    contact(at(date(2026, 3, 20)), locality=personas.home, source="2A")
    contact(at(date(2026, 2, 20)), locality=personas.home, source="2A")  # February

    by_source = rows(build(MARCH), "referral_sources", "by_source", "count")
    assert (by_source["6"], by_source["2A"], by_source["3A"], by_source["total"]) == (2, 1, 0, 3)
    share = rows(build(MARCH), "referral_sources", "by_source", "share")
    assert (share["6"], share["2A"]) == (66.7, 33.3)


def test_successful_step_down_means_not_stepped_up_again_within_12_months(personas):
    def family_stepped_down(when):
        family = FamilyFactory(locality=personas.home)
        case = CaseFactory(family=family, stage=Stage.ALLOCATED)
        step_down(case, when)
        return family

    held = family_stepped_down(at(date(2025, 1, 15)))
    failed = family_stepped_down(at(date(2025, 1, 20)))
    StepUpFactory(case__family=failed, stepped_up_at=at(date(2025, 11, 3)))
    later = family_stepped_down(at(date(2025, 1, 25)))
    # Stepped up again, but 13 months later: outside the window.
    StepUpFactory(case__family=later, stepped_up_at=at(date(2026, 2, 26)))
    recent = family_stepped_down(at(date(2025, 1, 30)))
    assert held and recent

    january_2025 = month_of(date(2025, 1, 1))
    summary = rows(build(january_2025, today=date(2026, 1, 27)), "step_down", "summary")
    # On 27 January 2026 the window of the step-down of 30 January 2025 is still running.
    assert summary == {
        "total": 4,
        "successful": 2,
        "failed": 1,
        "too_soon": 1,
        "successful_percent": 66.7,
    }
    summary = rows(build(january_2025, today=date(2026, 3, 1)), "step_down", "summary")
    assert (summary["successful"], summary["too_soon"], summary["successful_percent"]) == (
        3,
        0,
        75.0,
    )


def test_step_ups_going_on_to_assessment_and_contacts_diverted_as_a_monthly_trend(personas):
    def stepped_up(when, outcome):
        StepUpFactory(case__family__locality=personas.home, stepped_up_at=when, outcome=outcome)

    stepped_up(at(date(2026, 1, 10)), StepUp.Outcome.ACCEPTED)
    stepped_up(at(date(2026, 1, 11)), StepUp.Outcome.NFA)
    stepped_up(at(date(2026, 1, 31), 23, 30), StepUp.Outcome.ACCEPTED)  # still January
    stepped_up(at(date(2026, 2, 2)), StepUp.Outcome.RETURNED)
    stepped_up(at(date(2026, 2, 3)), "")  # social care has not answered yet
    for when, decision in [
        (date(2026, 1, 5), Decision.CAF),
        (date(2026, 1, 6), Decision.UNIVERSAL),
        (date(2026, 1, 7), Decision.STEP_UP),
        (date(2026, 1, 8), Decision.NFA),
        (date(2026, 2, 9), Decision.STEP_UP),
        (date(2026, 2, 10), Decision.ADVICE),
    ]:
        screened(decision, at(when), locality=personas.home)

    report = build(Period(date(2026, 1, 1), date(2026, 2, 28)))
    trend = {
        column: rows(report, "social_care_referrals", "trend", column)
        for column in [
            "step_ups",
            "accepted",
            "assessed_percent",
            "screened",
            "diverted",
            "diverted_percent",
        ]
    }
    assert trend == {
        "step_ups": {"2026-01": 3, "2026-02": 2},
        "accepted": {"2026-01": 2, "2026-02": 0},
        "assessed_percent": {"2026-01": 66.7, "2026-02": 0.0},
        "screened": {"2026-01": 4, "2026-02": 2},
        "diverted": {"2026-01": 3, "2026-02": 1},
        "diverted_percent": {"2026-01": 75.0, "2026-02": 50.0},
    }
    assert rows(report, "social_care_referrals", "summary") == {
        "step_ups": 5,
        "awaiting": 1,
        "accepted": 2,
        "assessed_percent": 50.0,
        "diverted": 4,
        "diverted_percent": 66.7,
    }


def test_invest_to_save_is_an_estimate_at_the_unit_costs_in_force(personas):
    for when, decision in [
        (date(2026, 3, 2), Decision.CAF),
        (date(2026, 3, 3), Decision.UNIVERSAL),
        (date(2026, 3, 4), Decision.NFA),
        (date(2026, 3, 5), Decision.STEP_UP),
    ]:
        screened(decision, at(when), locality=personas.home)
    # A new assessment cost from 1 March applies; one from 1 April does not, yet.
    UnitCost.objects.create(
        kind="social_care_assessment", amount=Decimal("400"), effective_from=date(2026, 3, 1)
    )
    UnitCost.objects.create(
        kind="social_care_assessment", amount=Decimal("999"), effective_from=date(2026, 4, 1)
    )

    report = build(MARCH)
    measure = next(m for m in report["measures"] if m["key"] == "invest_to_save")
    assert measure["estimate"] is True
    assert "estimate" in measure["title"].lower() and "estimate" in measure["notes"][0].lower()
    assert rows(report, "invest_to_save", "summary") == {
        "diverted": 3,
        "avoided": 1200.0,  # 3 × £400
        "caf": 1,
        "support": 1250.0,  # 1 × £1,250
        "net": -50.0,
    }
    assert rows(report, "invest_to_save", "unit_costs", "amount") == {
        "social_care_assessment": 400.0,
        "family_support": 1250.0,
        "child_in_care": 36653.0,
    }


def test_repeat_contacts_per_family(personas):
    three, two, one = (FamilyFactory(locality=personas.home) for _ in range(3))
    for day in (2, 9, 16):
        contact(at(date(2026, 3, day)), family=three)
    contact(at(date(2026, 3, 3)), family=two)
    contact(at(date(2026, 3, 31), 23), family=two)
    contact(at(date(2026, 4, 1), 1), family=two)  # April
    contact(at(date(2026, 3, 5)), family=one)

    report = build(MARCH)
    assert rows(report, "repeat_contacts", "by_contacts", "families") == {
        "1": 1,
        "2": 1,
        "3": 1,
        "4": 0,
    }
    assert rows(report, "repeat_contacts", "summary") == {
        "families": 3,
        "repeat": 2,
        "average": 2.0,
    }


def test_time_from_contact_to_decision(personas):
    received = at(date(2026, 3, 2), 9)
    for hours in (2, 4, 10):
        screened(
            Decision.CAF,
            received + timedelta(hours=hours),
            locality=personas.home,
            received=received,
        )

    summary = rows(build(MARCH), "time_to_decision", "summary")
    assert summary["count"] == 3
    assert summary["median"] == 4.0
    assert summary["mean"] == 5.3
    assert summary["p90"] == 8.8  # 4 + 0.8 × (10 − 4)


def test_caseload_against_capacity(personas):
    for _ in range(3):
        AllocatedCaseFactory(
            lead_professional=personas.practitioner, family__locality=personas.home
        )
    closed = AllocatedCaseFactory(
        lead_professional=personas.practitioner, family__locality=personas.home
    )
    closed.stage = Stage.CLOSED
    closed.save()
    away_worker = UserFactory(username="al.away", role=Role.PRACTITIONER)
    MembershipFactory(user=away_worker, locality=personas.away, capacity=4)

    report = build(MARCH, personas.home)
    assert rows(report, "caseload", "workers", "open_cases") == {"pat.practitioner": 3}
    assert rows(report, "caseload", "summary") == {
        "workers": 1,
        "open_cases": 3,
        "capacity": 10,
        "used": 30.0,
        "over": 0,
    }
    assert rows(build(MARCH), "caseload", "summary")["capacity"] == 14


def test_a_figure_drills_down_to_exactly_the_cases_it_counted(personas):
    caf = [
        screened(Decision.CAF, at(date(2026, 3, d)), locality=personas.home).case_id for d in (2, 3)
    ]
    screened(Decision.UNIVERSAL, at(date(2026, 3, 4)), locality=personas.home)
    screened(Decision.CAF, at(date(2026, 4, 4)), locality=personas.home)

    scope = Scope(MARCH)
    assert sorted(drill_cases(scope, "outcome:caf").values_list("pk", flat=True)) == sorted(caf)
    assert drill_cases(scope, "screened").count() == 3
    assert drill_cases(scope, "diverted:2026-03").count() == 3


def test_a_recommendation_withdrawn_is_not_in_the_limit(personas):
    RecommendationFactory(made_on=date(2026, 3, 2), status=Recommendation.Status.WITHDRAWN)
    summary = rows(build(month_of(date(2026, 3, 30))), "caf_compliance", "summary")
    assert summary["decided"] == summary["pending"] == 0
