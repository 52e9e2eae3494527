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


class RetentionRule(models.Model):
    """How long one class of record is kept: dated reference data set by administrators.
    The rule in force on a day is the latest whose `effective_from` is on or before it."""

    class RecordClass(models.TextChoices):
        CLOSED_CASE = "closed_case", "Closed case (and the family's records on it)"
        NFA_CONTACT = "nfa_contact", "Contact that led to no further action"

    class Basis(models.TextChoices):
        YOUNGEST_CHILD_BIRTH = "youngest_child_birth", "From the youngest child's birth"
        RECORD_DATE = "record_date", "From the record's own date (closed or received)"

    record_class = models.CharField(max_length=20, choices=RecordClass.choices)
    basis = models.CharField(max_length=25, choices=Basis.choices)
    keep_for_months = models.PositiveIntegerField(
        help_text="For example 300 (25 years) from the youngest child's birth"
    )
    effective_from = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "effective_from"], name="one_retention_rule_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_class_display()}: {self.keep_for_months} months ({self.basis})"


class LegalHold(models.Model):
    """An inquiry or litigation: while active, nothing about the family or person is
    anonymised or deleted by the retention schedule, whatever its date."""

    family = models.ForeignKey(
        "pathway.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "pathway.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(family__isnull=False) | models.Q(person__isnull=False),
                name="legal_hold_names_a_family_or_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold on {(self.family_id and f'F{self.family_id}') or f'P{self.person_id}'}"


class RetentionDisposal(models.Model):
    """What the retention job anonymised: the class, the record's number, the rule and the
    day it was due. No personal data. Unique per record: the claim that makes the nightly
    job safe to run twice or on two workers."""

    record_class = models.CharField(max_length=20, choices=RetentionRule.RecordClass.choices)
    record_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=20, default="anonymised")
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="disposals")
    due_on = models.DateField()
    processed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "record_id"], name="one_disposal_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_class} {self.record_id} {self.action} {self.processed_at:%Y-%m-%d}"
