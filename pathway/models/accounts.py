from __future__ import annotations

from datetime import date
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pathway.choices import Role


class User(AbstractUser):
    """A member of staff or a partner-agency practitioner.

    Roles are Django groups named as in `Role`; the locality, team or agency a user works
    for comes from their active memberships.
    """

    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role | str) -> bool:
        return any(str(role) in self.role_names for role in roles)

    @cached_property
    def active_memberships(self) -> list[Membership]:
        return list(
            Membership.objects.active()
            .filter(user=self)
            .select_related("locality", "team", "team__locality", "agency")
        )

    @cached_property
    def locality_ids(self) -> frozenset[int]:
        """Localities this user works in, directly or through a locality team."""
        ids: set[int] = set()
        for membership in self.active_memberships:
            if membership.locality_id:
                ids.add(membership.locality_id)
            elif membership.team and membership.team.locality_id:
                ids.add(membership.team.locality_id)
        return frozenset(ids)

    @cached_property
    def agency_ids(self) -> frozenset[int]:
        return frozenset(m.agency_id for m in self.active_memberships if m.agency_id)

    @cached_property
    def team_ids(self) -> frozenset[int]:
        return frozenset(m.team_id for m in self.active_memberships if m.team_id)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day))


class Membership(models.Model):
    """Links a user to the locality, team or partner agency they work for."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    locality = models.ForeignKey(
        "localities.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    team = models.ForeignKey(
        "localities.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        "localities.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    # How many cases this worker can hold as lead professional (None: not a caseholder).
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(locality__isnull=False)
                | Q(team__isnull=False)
                | Q(agency__isnull=False),
                name="membership_has_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = self.team or self.locality or self.agency
        return f"{self.user} – {where}"
