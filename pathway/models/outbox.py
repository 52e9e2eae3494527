from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the change that asks for it.

    The row is durable the moment the change commits, whether or not the broker is up; the
    relay (`pathway.services.outbox`) publishes it by task name and sets `sent_at` in the
    same short transaction that claimed it, so a row published once is never published
    again. Arguments are ids only, never personal data (tasks take ids: STYLE.md).
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # The broker's error class and message (which name a host, never a person).
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The relay's question, "what is still to send, oldest first", reads only the
            # few unsent rows however many have been sent.
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="outbox_unsent"),
        ]

    def __str__(self) -> str:
        state = f"sent {self.sent_at:%Y-%m-%d %H:%M:%S}" if self.sent_at else "pending"
        return f"{self.task_name} #{self.pk} ({state})"
