from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessLogEntry(models.Model):
    """Who viewed, searched or exported what personal data, when and why.

    Written in the same transaction as the read it records.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        SEARCH = "search", "Searched"
        EXPORT = "export", "Exported"
        SUBJECT_ACCESS = "subject_access", "Subject access request"
        # An attempt to open a restricted record by someone not named on it (answered 404).
        REFUSED = "refused", "Refused (restricted record)"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_log"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    case = models.ForeignKey(
        "pathway.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "pathway.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        "pathway.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(max_length=200)
    purpose = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["case", "at"]),
            models.Index(fields=["person", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.what}"


class LoginAttempt(models.Model):
    """Every sign-in attempt, for throttling and for the auditor."""

    at = models.DateTimeField(default=timezone.now)
    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()
    via = models.CharField(max_length=10, default="web")

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["ip_address", "at"]),
        ]

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {outcome}"


class Heartbeat(models.Model):
    """The last time a scheduled job ran; /healthz shows it so a dead worker is visible."""

    name = models.CharField(max_length=60, unique=True)
    last_beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.last_beat_at:%Y-%m-%d %H:%M:%S}"
