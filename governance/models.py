"""Information governance's own records: unusual-access alerts (and, below, restrictions,
legal holds and the retention schedule)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class UnusualAccessAlert(models.Model):
    """That `user`'s access on `day` was reported to the auditors. The unique constraint is
    the claim: a sweep run twice, or on two workers, reports a user at most once a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unusual_access_alerts"
    )
    day = models.DateField()
    records_outside_locality = models.PositiveIntegerField()
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_unusual_access_alert_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.day}: {self.records_outside_locality} outside locality"
