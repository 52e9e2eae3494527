from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from pathway.actors import SYSTEM_ACTORS


class ChronologyEventQuerySet(models.QuerySet["ChronologyEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The chronology is append-only: events are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The chronology is append-only: events are never deleted")


class ChronologyEvent(models.Model):
    """One entry on a family's append-only timeline.

    `action` is a dotted code naming what happened ("contact.recorded", "case.screened"),
    so reports and filters never parse the human summary.
    """

    # No single-column indexes on these: the (family, occurred_at) and (case, occurred_at)
    # indexes below serve every lookup, and each index costs the sweep's bulk inserts.
    family = models.ForeignKey(
        "pathway.Family", on_delete=models.PROTECT, related_name="events", db_index=False
    )
    case = models.ForeignKey(
        "pathway.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    data = models.JSONField(default=dict, blank=True)

    objects = ChronologyEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "pk"]
        indexes = [
            models.Index(fields=["family", "occurred_at"]),
            models.Index(fields=["case", "occurred_at"]),
            models.Index(fields=["action", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("The chronology is append-only: events are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The chronology is append-only: events are never deleted")

    @property
    def actor_label(self) -> str:
        """Who did it: the user, or the system process named in the event's data."""
        if self.actor_id is not None:
            return str(self.actor)
        system = SYSTEM_ACTORS.get(self.data.get("system_actor", ""))
        return system.label if system else "the system"
