"""Hand-built records for the report tests: each helper makes exactly what it says, on the
day it is given, so every expected figure can be counted on the fingers."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from caf.models import StepDown
from localities.models import Agency
from pathway.choices import Decision, LevelOfNeed, Role
from pathway.models import Family, PresentingIssue, ReferralSource
from tests.localities.factories import AgencyFactory
from tests.pathway.factories import ContactFactory, FamilyFactory, UserFactory
from tests.screening.factories import UNIVERSAL_PLUS_CONCERNS, ScreeningFactory

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on `day`, London time."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def officer() -> Any:
    return UserFactory(username="report.officer", role=Role.CONTACT_OFFICER)


def universal_service() -> Agency:
    return AgencyFactory(
        code="report-childrens-centre",
        kind=Agency.Kind.CHILDRENS_CENTRE,
        tier=LevelOfNeed.UNIVERSAL,
        offers_universal_service=True,
    )


def screened(
    decision: str,
    when: datetime,
    *,
    locality: Any,
    family: Family | None = None,
    received: datetime | None = None,
    **extra: Any,
) -> Any:
    """A contact about a family in `locality`, screened at `when` with `decision` applied."""
    family = family or FamilyFactory(locality=locality)
    contact = ContactFactory(
        case__family=family, recorded_by=officer(), received_at=received or when
    )
    if decision == Decision.UNIVERSAL:
        extra.setdefault("universal_service", universal_service())
        extra.setdefault("concerns", UNIVERSAL_PLUS_CONCERNS)
    return ScreeningFactory(contact=contact, decision=decision, screened_at=when, **extra)


def contact(
    when: datetime,
    *,
    locality: Any = None,
    family: Family | None = None,
    source: str = "1C",
    primary: str = "14A",
    secondary: tuple[str, ...] = (),
) -> Any:
    family = family or FamilyFactory(locality=locality)
    # A repeat contact joins the family's open case.
    case = family.cases.exclude(stage__in=["closed", "stepped_up"]).first()
    target = {"case": case} if case else {"case__family": family}
    made = ContactFactory(
        **target,
        recorded_by=officer(),
        received_at=when,
        referral_source=ReferralSource.objects.get(code=source),
        primary_issue=PresentingIssue.objects.get(code=primary),
    )
    if secondary:
        made.secondary_issues.set(PresentingIssue.objects.filter(code__in=secondary))
    return made


def step_down(case: Any, when: datetime) -> StepDown:
    return StepDown.objects.create(
        case=case,
        reason="Social care assessment complete",
        plan="CAF with the school as lead",
        stepped_down_by=UserFactory(username="sw.social", role=Role.SENIOR_PRACTITIONER),
        stepped_down_at=when,
    )


def rows(report: dict[str, Any], measure: str, table: str, column: str = "value") -> dict[str, Any]:
    """One table of a built report as {row code: value of `column`}."""
    found = next(m for m in report["measures"] if m["key"] == measure)
    chosen = next(t for t in found["tables"] if t["key"] == table)
    return {row["code"]: row["cells"][column]["value"] for row in chosen["rows"]}
