from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from localities.models import Allocation, Locality, PostcodeArea, Team
from pathway.models import Case, Membership, User
from pathway.validators import postcode_prefixes
from pathway.workflow import transition


def locality_for_postcode(postcode: str) -> Locality | None:
    """The locality serving a postcode; the longest configured prefix wins.

    Prefixes are tried sector first ("SK4 2"), then district ("SK4"), then area ("SK").
    """
    prefixes = postcode_prefixes(postcode)
    if not prefixes:
        return None
    areas = {
        area.prefix: area.locality
        for area in PostcodeArea.objects.filter(
            prefix__in=prefixes, locality__is_active=True
        ).select_related("locality")
    }
    for prefix in prefixes:
        if prefix in areas:
            return areas[prefix]
    return None


def case_allocate(
    *,
    case: Case,
    allocated_by: User,
    team: Team,
    worker: User,
    reason: str = "",
    expected_version: int | None = None,
) -> Allocation:
    """Allocate a case awaiting allocation to a team and a lead professional. Atomic.

    Raises ValidationError when the worker is not in the team or the team is not in the
    case's locality, and IllegalTransition or StaleCase (409) when someone else has
    allocated it first.
    """
    errors: dict[str, str] = {}
    locality = team.locality
    if locality is None:
        errors["team"] = (
            f"{team.name} is a borough-wide team: call it in instead of allocating to it"
        )
    elif case.locality_id and team.locality_id != case.locality_id:
        errors["team"] = f"{team.name} is not in {case.locality}: transfer the case first"
    if not Membership.objects.active().filter(user=worker, team=team).exists():
        errors["worker"] = f"{worker} is not a member of {team.name}"
    if errors or locality is None:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = transition(
            case_id=case.pk,
            verb="allocate",
            actor=allocated_by,
            expected_version=expected_version,
            summary=f"Allocated to {worker} ({team.name})" + (f": {reason}" if reason else ""),
            data={"team": team.pk, "worker": worker.pk},
            locality=locality,
            team=team,
            lead_professional=worker,
        )
        return Allocation.objects.create(
            case=updated,
            kind=Allocation.Kind.ALLOCATE,
            locality=locality,
            team=team,
            worker=worker,
            reason=reason,
            allocated_by=allocated_by,
        )
