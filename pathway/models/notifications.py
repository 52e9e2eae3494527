from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """Something a user must know: a reminder, a breach, an escalation, an allocation.

    `key` names the event once ("breach:rec:41:user:7"); the unique constraint on it is
    what guarantees that a sweep run twice, or on two workers at once, tells nobody twice.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder"
        BREACH = "breach", "20-day limit breached"
        ESCALATION = "escalation", "Escalation"
        REVIEW_OVERDUE = "review_overdue", "Review overdue"
        ALLOCATION = "allocation", "Allocation"
        TRANSFER = "transfer", "Transfer"
        # Information governance (docs/adr/0017).
        UNUSUAL_ACCESS = "unusual_access", "Unusual access"
        RESTRICTED_ACCESS = "restricted_access", "Restricted record refused"
        SHARE = "share", "Case shared with your agency"
        CAF_WORK = "caf_work", "CAF work recommended to your agency"
        CAF_DECLINED = "caf_declined", "CAF work declined by a partner"
        SUPPORT_REQUEST = "support_request", "Request for support"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # (user, read_at) below serves it
    )
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        "pathway.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    send_email = models.BooleanField(default=True)
    # The email task claims a notification by setting email_claimed_at where it is empty,
    # sends, then sets emailed_at; a claim left by a dead worker expires.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
            # The notifications page's order, one user's newest first (issue 15).
            models.Index(fields=["user", "created_at", "id"], name="notification_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}: {self.message}"
