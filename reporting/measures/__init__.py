"""The performance measures of DESIGN §6, each defined once, and the cases behind them.

Each measure is a function of a Scope (period and locality) returning a Measure whose
`definition` is the function's docstring: what is counted, the numerator and denominator,
which date, which boundary. `report_build` runs them all; `drill_cases` answers "which
cases are behind this figure" with the same querysets the figure counted.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from caf.models import StepUp
from pathway.choices import Decision
from pathway.models import Case, Contact
from reporting.measures import front_door, leaders, recommendations, social_care
from reporting.measures.base import (
    Scope,
    caf_recommendations_due,
    cases_of,
    contacts_received,
    decided_screenings,
    step_ups,
    universal_follow_ups,
)
from reporting.report import Measure, Period, month_of

MEASURES: list[Callable[[Scope], Measure]] = [
    front_door.families_screened,
    front_door.screening_outcomes,
    recommendations.caf_compliance,
    recommendations.universal_uptake,
    front_door.presenting_issues,
    front_door.referral_sources,
    social_care.successful_step_down,
    social_care.referrals_to_social_care,
    social_care.invest_to_save,
    leaders.caseload_against_capacity,
    front_door.repeat_contacts,
    front_door.time_to_decision,
]

# Raise when a measure's meaning changes in a way its docstring does not show.
DEFINITIONS_REVISION = 1


def definitions_version() -> str:
    """Names the measure definitions a report was built with: the revision and a hash of
    every definition's text, so a changed definition is a changed version."""
    text = "\n".join(inspect.getdoc(m) or "" for m in MEASURES)
    return f"{DEFINITIONS_REVISION}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def report_build(scope: Scope) -> dict[str, Any]:
    """Every measure for the scope, as the plain dictionary each door works from."""
    return {
        "period": {"from": scope.period.start.isoformat(), "to": scope.period.end.isoformat()},
        "locality": scope.locality_id,
        "as_of": (scope.today or timezone.localdate()).isoformat(),
        "definitions_version": definitions_version(),
        "measures": [measure(scope).as_dict() for measure in MEASURES],
    }


# --- Drill-down: the cases behind a figure -------------------------------------------------


def _month_scope(scope: Scope, arg: str) -> Scope:
    """`arg` "all" is the scope; "YYYY-MM" the month cut to the scope's period."""
    if arg == "all":
        return scope
    month = month_of(date.fromisoformat(f"{arg}-01"))
    period = Period(max(month.start, scope.period.start), min(month.end, scope.period.end))
    return Scope(period, scope.locality_id, scope.today)


def _screenings(scope: Scope, arg: str) -> QuerySet[Case]:
    return cases_of(decided_screenings(_month_scope(scope, arg or "all")))


def _diverted(scope: Scope, arg: str) -> QuerySet[Case]:
    return cases_of(decided_screenings(_month_scope(scope, arg)).exclude(decision=Decision.STEP_UP))


def _step_ups(scope: Scope, arg: str) -> QuerySet[Case]:
    if arg == "awaiting":
        return cases_of(step_ups(scope).filter(outcome=""))
    return cases_of(step_ups(_month_scope(scope, arg)))


def _caf_due(scope: Scope, arg: str) -> QuerySet[Case]:
    today = scope.as_of
    rows = caf_recommendations_due(scope)
    filters = {
        "on_time": Q(completed_on__isnull=False, completed_on__lte=F("due_on")),
        "late": Q(completed_on__isnull=False, completed_on__gt=F("due_on")),
        "overdue": Q(completed_on__isnull=True, due_on__lt=today),
        "pending": Q(completed_on__isnull=True, due_on__gte=today),
    }
    filters["breach"] = filters["late"] | filters["overdue"]
    filters["decided"] = filters["breach"] | filters["on_time"]
    return cases_of(rows.filter(filters[arg]))


def _step_downs(scope: Scope, arg: str) -> QuerySet[Case]:
    rows = social_care.annotated_step_downs(scope)
    filters = {
        "all": Q(),
        "failed": Q(stepped_up_again=True),
        "successful": Q(stepped_up_again=False, window_over=True),
        "too_soon": Q(stepped_up_again=False, window_over=False),
    }
    return cases_of(rows.filter(filters[arg]))


def _repeat(scope: Scope, arg: str) -> QuerySet[Case]:
    contacts = contacts_received(scope)
    per_family = contacts.order_by().values("family_id").annotate(n=Count("pk"))
    if arg == "2+":
        families = per_family.filter(n__gte=2)
    elif arg == "4":
        families = per_family.filter(n__gte=4)
    else:
        families = per_family.filter(n=int(arg))
    return cases_of(contacts.filter(family_id__in=families.values("family_id")))


DRILLS: dict[str, Callable[[Scope, str], QuerySet[Case]]] = {
    "screened": _screenings,
    "outcome": lambda s, a: cases_of(decided_screenings(s).filter(decision=a)),
    "caf_due": _caf_due,
    "uptake": lambda s, a: cases_of(
        universal_follow_ups(s) if a == "all" else universal_follow_ups(s).filter(uptake=a)
    ),
    "satisfaction": lambda s, a: cases_of(
        universal_follow_ups(s).filter(satisfaction__isnull=False)
        if a == "all"
        else universal_follow_ups(s).filter(satisfaction=int(a))
    ),
    "received": lambda s, a: cases_of(contacts_received(s)),
    "primary_issue": lambda s, a: cases_of(contacts_received(s).filter(primary_issue__code=a)),
    "secondary_issue": lambda s, a: cases_of(
        contacts_received(s).filter(
            Exists(
                Contact.secondary_issues.through.objects.filter(
                    contact_id=OuterRef("pk"), presentingissue__code=a
                )
            )
        )
    ),
    "source": lambda s, a: cases_of(contacts_received(s).filter(referral_source__code=a)),
    "step_down": _step_downs,
    "step_up": _step_ups,
    "step_up_accepted": lambda s, a: cases_of(
        step_ups(_month_scope(s, a)).filter(outcome=StepUp.Outcome.ACCEPTED)
    ),
    "diverted": _diverted,
    "repeat": _repeat,
}


class UnknownFigure(ValueError):
    pass


def drill_cases(scope: Scope, key: str) -> QuerySet[Case]:
    """The cases behind the figure `key` (as a Figure's `drill`), for the scope. Every
    caller narrows this to the cases the user may see (pathway.policy). Raises
    UnknownFigure for a key no figure uses."""
    name, _, arg = key.partition(":")
    drill = DRILLS.get(name)
    if drill is None:
        raise UnknownFigure(key)
    try:
        return drill(scope, arg)
    except (KeyError, ValueError, TypeError) as error:
        raise UnknownFigure(key) from error
