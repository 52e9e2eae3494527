"""Restricted records: a person or family only named users may open (docs/adr/0018)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RecordRestrictionQuerySet(models.QuerySet["RecordRestriction"]):
    def active(self) -> RecordRestrictionQuerySet:
        return self.filter(lifted_at__isnull=True)


class RecordRestriction(models.Model):
    """A high-profile family, a staff member's child: while active, only `allowed_users`
    may list or open the person or family, their cases and everything on them. The access
    policy (pathway.policy) reads it in the one Q that answers both questions."""

    family = models.ForeignKey(
        "pathway.Family", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "pathway.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=300)
    allowed_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RecordRestrictionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(family__isnull=False, person__isnull=True)
                | Q(family__isnull=True, person__isnull=False),
                name="restriction_names_a_family_or_a_person",
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(lifted_at__isnull=True, family__isnull=False),
                name="one_active_restriction_per_family",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(lifted_at__isnull=True, person__isnull=False),
                name="one_active_restriction_per_person",
            ),
        ]

    def __str__(self) -> str:
        what = f"family F{self.family_id:06d}" if self.family_id else f"person P{self.person_id}"
        return f"Restriction on {what}"
