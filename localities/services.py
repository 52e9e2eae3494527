"""Localities: postcode rules, allocation, reallocation, transfer and caseloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from localities.models import Allocation, Locality, PostcodeArea, Team
from localities.selectors import agency_lead_memberships
from pathway import policy
from pathway.choices import CASELOAD_STAGES, UNALLOCATED_OPEN_STAGES
from pathway.models import Case, Family, Membership, Notification, User
from pathway.services.chronology import chronology_record
from pathway.services.notifications import NewNotification, notifications_create
from pathway.services.workflow import transition
from pathway.validators import postcode_prefixes, validate_free_text


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


def caseload_of(worker: User) -> int:
    return Case.objects.filter(lead_professional=worker, stage__in=CASELOAD_STAGES).count()


def capacity_of(worker: User, team: Team) -> int | None:
    membership = Membership.objects.active().filter(user=worker, team=team).first()
    return membership.capacity if membership else None


def _lead_membership(worker: User, team: Team, locality_id: int | None) -> Membership | None:
    """The membership that lets `worker` lead a case held by `team`: theirs in the team,
    else a partner agency's caseholding membership in the locality or borough-wide (the
    lead agency does the CAF; the team keeps the case in its locality's view)."""
    in_team = Membership.objects.active().filter(user=worker, team=team).first()
    if in_team is not None:
        return in_team
    if not policy.users_who_may_lead_cases().filter(pk=worker.pk).exists():
        return None
    return (
        agency_lead_memberships(locality_id=locality_id)
        .filter(user=worker)
        .order_by("-locality_id")
        .first()
    )


def _check_team_and_worker(
    case: Case, team: Team, worker: User, allow_over_capacity: bool, errors: dict[str, str]
) -> Locality | None:
    locality = team.locality
    if locality is None:
        errors["team"] = (
            f"{team.name} is a borough-wide team: call it in instead of allocating to it"
        )
    elif case.locality_id and team.locality_id != case.locality_id:
        errors["team"] = f"{team.name} is not in {case.locality}: transfer the case first"
    membership = _lead_membership(worker, team, case.locality_id or team.locality_id)
    if membership is None:
        errors["worker"] = (
            f"{worker} is not a member of {team.name} or a partner agency's lead professional"
        )
    elif not allow_over_capacity:
        capacity = membership.capacity
        load = caseload_of(worker)
        if capacity is not None and load >= capacity:
            errors["worker"] = (
                f"{worker} already holds {load} cases, against a capacity of {capacity}. "
                "Confirm to allocate anyway."
            )
    return locality


def case_allocate(
    *,
    case: Case,
    allocated_by: User,
    team: Team,
    worker: User,
    reason: str = "",
    expected_version: int | None = None,
    allow_over_capacity: bool = False,
) -> Allocation:
    """Allocate a case awaiting allocation to a team and a lead professional. Atomic.

    Refuses (ValidationError) a worker outside the team, a team outside the case's
    locality, or a worker at or over capacity unless `allow_over_capacity`. Raises
    IllegalTransition or StaleCase (409) when someone else allocated it first.
    """
    validate_free_text(reason=reason)
    errors: dict[str, str] = {}
    locality = _check_team_and_worker(case, team, worker, allow_over_capacity, errors)
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
            changes={"locality": locality, "team": team, "lead_professional": worker},
        )
        allocation = Allocation.objects.create(
            case=updated,
            kind=Allocation.Kind.ALLOCATE,
            locality=locality,
            team=team,
            worker=worker,
            reason=reason,
            allocated_by=allocated_by,
        )
        _tell_worker(updated, worker, allocation)
    return allocation


def case_reallocate(
    *,
    case: Case,
    reallocated_by: User,
    team: Team,
    worker: User,
    reason: str,
    expected_version: int | None = None,
    allow_over_capacity: bool = False,
) -> Allocation:
    """Give an allocated case a new team or lead professional in the same locality."""
    errors: dict[str, str] = {}
    validate_free_text(reason=reason)
    if not reason.strip():
        errors["reason"] = "Enter why the case is being reallocated"
    if case.lead_professional_id == worker.pk and case.team_id == team.pk:
        errors["worker"] = f"The case is already held by {worker} in {team.name}"
    locality = _check_team_and_worker(case, team, worker, allow_over_capacity, errors)
    if errors or locality is None:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = transition(
            case_id=case.pk,
            verb="reallocate",
            actor=reallocated_by,
            expected_version=expected_version,
            summary=f"Reallocated to {worker} ({team.name}): {reason.strip()}"[:300],
            data={"team": team.pk, "worker": worker.pk},
            changes={"team": team, "lead_professional": worker},
        )
        allocation = Allocation.objects.create(
            case=updated,
            kind=Allocation.Kind.REALLOCATE,
            locality=locality,
            team=team,
            worker=worker,
            reason=reason.strip(),
            allocated_by=reallocated_by,
        )
        _tell_worker(updated, worker, allocation)
    return allocation


def case_transfer(
    *,
    case: Case,
    transferred_by: User,
    locality: Locality,
    reason: str,
    expected_version: int | None = None,
) -> Allocation:
    """Send a case to another locality's allocation queue; its leaders are told. Atomic."""
    errors: dict[str, str] = {}
    validate_free_text(reason=reason)
    if not reason.strip():
        errors["reason"] = "Enter why the case is moving to another locality"
    if locality.pk == case.locality_id:
        errors["locality"] = f"The case is already in {locality}"
    if not locality.is_active:
        errors["locality"] = f"{locality} is no longer an active locality"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = (
            Case.objects.select_for_update(of=("self",)).select_related("locality").get(pk=case.pk)
        )
        moved = f"from {before.locality or 'no locality'} to {locality}"
        updated = transition(
            case_id=case.pk,
            verb="transfer",
            actor=transferred_by,
            expected_version=expected_version,
            summary=f"Transferred {moved}: {reason.strip()}"[:300],
            data={"from_locality": before.locality_id, "to_locality": locality.pk},
            changes={"locality": locality, "team": None, "lead_professional": None},
        )
        allocation = Allocation.objects.create(
            case=updated,
            kind=Allocation.Kind.TRANSFER,
            locality=locality,
            reason=reason.strip(),
            allocated_by=transferred_by,
        )
        notifications_create(
            NewNotification(
                user_id=leader,
                key=f"transfer:allocation:{allocation.pk}:user:{leader}",
                kind=Notification.Kind.TRANSFER,
                case_id=updated.pk,
                message=f"Case {updated.reference} has been transferred to {locality} and is "
                "waiting to be allocated",
            )
            for leader in policy.locality_leaders(locality.pk)
        )
    return allocation


def _tell_worker(case: Case, worker: User, allocation: Allocation) -> None:
    notifications_create(
        [
            NewNotification(
                user_id=worker.pk,
                key=f"allocation:{allocation.pk}:user:{worker.pk}",
                kind=Notification.Kind.ALLOCATION,
                case_id=case.pk,
                message=f"Case {case.reference} has been allocated to you as lead professional",
            )
        ]
    )


def family_locality_change(
    *, family: Family, changed_by: User, locality: Locality, reason: str
) -> Family:
    """Change the locality suggested from a family's postcode, with a reason.

    An open case that no locality team holds yet moves with the family; one already
    allocated stays where it is until it is transferred.
    """
    validate_free_text(reason=reason)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the family's locality is changing"})
    with transaction.atomic():
        locked = Family.objects.select_for_update().get(pk=family.pk)
        if not policy.can_change_family_locality(changed_by, locked):
            raise PermissionDenied("You may not change this family's locality")
        if locked.locality_id == locality.pk:
            raise ValidationError({"locality": f"The family is already in {locality}"})
        previous = locked.locality
        locked.locality = locality
        locked.save(update_fields=["locality"])
        # The version goes up as for any change to a case, so a form opened before the
        # move (an allocation, say) is refused rather than filed in the old locality.
        moved = Case.objects.filter(family=locked, stage__in=UNALLOCATED_OPEN_STAGES).update(
            locality=locality, version=F("version") + 1
        )
        chronology_record(
            family=locked,
            action="family.locality_changed",
            actor=changed_by,
            summary=f"Locality changed from {previous or 'none'} to {locality}: {reason.strip()}"[
                :300
            ],
            data={
                "from": previous.pk if previous else None,
                "to": locality.pk,
                "cases_moved": moved,
            },
        )
    return locked
