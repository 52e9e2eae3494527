"""How the adults in a family are related to its children."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import AdultRelationship


class Relationship(models.Model):
    """An adult's relationship to a child (mother, step-parent, partner of a parent…).

    A fact about the family, kept across contacts: the latest contact that says it wins,
    and the change history keeps what it said before.
    """

    adult = models.ForeignKey(
        "pathway.Person", on_delete=models.CASCADE, related_name="relationships_to_children"
    )
    child = models.ForeignKey(
        "pathway.Person", on_delete=models.CASCADE, related_name="relationships_to_adults"
    )
    kind = models.CharField(max_length=20, choices=AdultRelationship.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adult", "child"], name="one_relationship_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(adult=models.F("child")), name="relationship_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adult} is {self.get_kind_display().lower()} of {self.child}"
