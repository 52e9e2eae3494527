"""Shares: a case shared with a partner agency, recorded and revocable (DESIGN §2, §7).

A share is what lets a partner agency's practitioners see a case (pathway.policy). It
is live from `shared_at` until it is revoked or its `ends_on` day has passed; the policy
asks on every request, so revocation and expiry take effect on the partner's very next
request.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import ShareBasis, SharePart, ShareScope


class ShareQuerySet(models.QuerySet["Share"]):
    def live(self, on: date | None = None) -> ShareQuerySet:
        """Not revoked, and not past its end date (a share lasts through `ends_on`)."""
        day = on or timezone.localdate()
        return self.filter(
            Q(revoked_at__isnull=True), Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class Share(models.Model):
    Basis = ShareBasis
    Scope = ShareScope
    Part = SharePart

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey("localities.Agency", on_delete=models.PROTECT, related_name="shares")
    purpose = models.TextField(help_text="Why this agency needs to see the case")
    lawful_basis = models.CharField(max_length=20, choices=ShareBasis.choices)
    safeguarding_reason = models.TextField(
        blank=True, help_text="Required when sharing without consent"
    )
    protocol_reference = models.CharField("information-sharing protocol reference", max_length=100)
    scope = models.CharField(max_length=10, choices=ShareScope.choices, default=ShareScope.WHOLE)
    # With scope "parts": the SharePart values shared.
    parts = models.JSONField(default=list, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    ends_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    objects = ShareQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["agency", "case"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(lawful_basis="safeguarding", safeguarding_reason=""),
                name="share_without_consent_needs_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="share_revoked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.case_id} shared with {self.agency_id}"

    def is_live(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.revoked_at is None and (self.ends_on is None or self.ends_on >= day)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.ends_on is not None and self.ends_on < timezone.localdate():
            return "expired"
        return "live"

    def covers(self, part: str) -> bool:
        return self.scope == ShareScope.WHOLE or part in (self.parts or [])
