from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from pathway.formatting import govuk_date


class ContactDraft(models.Model):
    """A contact being recorded, saved at every step so a dropped call loses nothing.

    `data` holds, per step, what the officer last typed (`raw`) and, once it passed
    validation, the cleaned values (`clean`). Only its owner can see or resume it.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_drafts"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_contact = models.OneToOneField(
        "pathway.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "submitted_contact"])]

    def __str__(self) -> str:
        return f"Draft {self.pk} by {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("contact-draft-resume", args=[self.pk])

    def raw(self, step: str) -> dict[str, Any] | None:
        return self.data.get(step, {}).get("raw")

    def cleaned(self, step: str) -> dict[str, Any] | None:
        return self.data.get(step, {}).get("clean")

    @property
    def summary(self) -> str:
        family = self.cleaned("family") or {}
        received = self.cleaned("received") or {}
        parts = []
        if received.get("channel_label"):
            parts.append(received["channel_label"])
        if family.get("label"):
            parts.append(family["label"])
        return " – ".join(parts) or "Nothing entered yet"


class LocalClosureDay(models.Model):
    """A day the council's early-help services are closed (not a working day)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{govuk_date(self.date)} {self.reason}"


class PersonMerge(models.Model):
    """Two person records found to be one person; `moved` lists what was repointed.

    Undoing the merge moves exactly those rows back and revives the merged record.
    """

    kept = models.ForeignKey("pathway.Person", on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(
        "pathway.Person", on_delete=models.PROTECT, related_name="merges_absorbed"
    )
    reason = models.CharField(max_length=300)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    moved = models.JSONField(default=dict)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged} merged into {self.kept}"
