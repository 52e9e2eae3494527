"""Unit costs for the invest-to-save estimate, and the report snapshots Celery builds."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UnitCost(models.Model):
    """What the council says one unit of a service costs, from a date (reference data).

    The estimate for a period uses, for each kind, the cost in force on the period's last
    day: the row of that kind with the latest `effective_from` not after it. An
    administrator adds a row for a new figure; old rows stay, so old estimates can be
    explained.
    """

    class Kind(models.TextChoices):
        SOCIAL_CARE_ASSESSMENT = "social_care_assessment", "Social-care family assessment"
        FAMILY_SUPPORT = "family_support", "Family support (10 × 1 hour)"
        CHILD_IN_CARE = "child_in_care", "A child taken into care (a year)"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    effective_from = models.DateField()
    source = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="one_unit_cost_a_day"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="unit_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: £{self.amount:,.2f} from {self.effective_from:%-d %b %Y}"
        )


class ReportSnapshot(models.Model):
    """The measures for one period and locality (none: the whole borough), as built.

    Built by Celery (reporting.services.snapshot_build); the dashboard reads it for past
    periods, so a past month stays as it was reported. One row per period and locality:
    the unique constraint is what two workers race on, and the conditional update of
    `status` to BUILDING is the claim only one of them wins.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    period_start = models.DateField()
    period_end = models.DateField()
    locality = models.ForeignKey(
        "localities.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    measures = models.JSONField(default=dict, blank=True)
    code_version = models.CharField(max_length=40, blank=True)
    definitions_version = models.CharField(max_length=40, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-period_start", "locality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "locality"],
                nulls_distinct=False,
                name="one_snapshot_per_period_and_locality",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="snapshot_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        where = self.locality or "All localities"
        return f"Report {self.period_start}–{self.period_end}, {where} ({self.status})"
