from __future__ import annotations

from django.db.models import Min, Q, QuerySet

from localities.models import Team
from pathway import policy
from pathway.choices import Role, Stage
from pathway.models import Case, Membership, User


def allocation_queue(*, user: User) -> QuerySet[Case]:
    """Cases awaiting allocation in the localities this user may see, the soonest due first."""
    return (
        policy.cases_visible_to(user)
        .filter(stage=Stage.AWAITING_ALLOCATION)
        .select_related("family", "locality")
        .annotate(due_on=Min("recommendations__due_on", filter=Q(recommendations__status="open")))
        .order_by("due_on", "opened_at", "pk")
    )


def allocatable_teams(*, case: Case) -> QuerySet[Team]:
    if case.locality_id is None:
        return Team.objects.none()
    return Team.objects.filter(locality_id=case.locality_id, is_active=True).order_by("name")


def allocatable_workers(*, case: Case) -> QuerySet[User]:
    if case.locality_id is None:
        return User.objects.none()
    memberships = Membership.objects.active().filter(team__locality_id=case.locality_id)
    return (
        User.objects.filter(
            is_active=True,
            pk__in=memberships.values("user_id"),
            groups__name__in=[Role.PRACTITIONER, Role.LOCALITY_LEADER],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
