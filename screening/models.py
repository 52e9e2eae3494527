"""The multi-agency screening tool (versioned) and the screenings done with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import (
    Decision,  # re-exported: screening.models.Decision
    LevelOfNeed,
)


class ScreeningTool(models.Model):
    """One version of the screening tool: its questions, weights and thresholds.

    Only a draft can be edited. Publishing a draft makes it the active version and
    retires the previous one; screenings keep the version they were done with.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=150, default="Multi-agency screening tool")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A total score at or above each threshold reaches that level (Universal starts at 0).
    universal_plus_from = models.PositiveSmallIntegerField(default=4)
    targeted_from = models.PositiveSmallIntegerField(default=10)
    specialist_from = models.PositiveSmallIntegerField(default=20)
    statutory_from = models.PositiveSmallIntegerField(default=30)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True, help_text="What changed in this version and why")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="one_active_screening_tool"
            ),
            models.CheckConstraint(
                condition=Q(universal_plus_from__lt=models.F("targeted_from"))
                & Q(targeted_from__lt=models.F("specialist_from"))
                & Q(specialist_from__lt=models.F("statutory_from")),
                name="screening_thresholds_ascend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def level_for(self, score: int) -> LevelOfNeed:
        if score >= self.statutory_from:
            return LevelOfNeed.STATUTORY
        if score >= self.specialist_from:
            return LevelOfNeed.SPECIALIST
        if score >= self.targeted_from:
            return LevelOfNeed.TARGETED
        if score >= self.universal_plus_from:
            return LevelOfNeed.UNIVERSAL_PLUS
        return LevelOfNeed.UNIVERSAL


class ScreeningDomain(models.Model):
    tool = models.ForeignKey(ScreeningTool, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(max_length=30)
    title = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "code"], name="unique_domain_per_tool")
        ]

    def __str__(self) -> str:
        return self.title


class ScreeningQuestion(models.Model):
    domain = models.ForeignKey(ScreeningDomain, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=30)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="unique_question_per_domain")
        ]

    def __str__(self) -> str:
        return self.text


class ScreeningOption(models.Model):
    """An answer to a question, with its weight. A critical answer forces Statutory."""

    question = models.ForeignKey(
        ScreeningQuestion, on_delete=models.CASCADE, related_name="options"
    )
    value = models.SlugField(max_length=30)
    label = models.CharField(max_length=150)
    points = models.PositiveSmallIntegerField(default=0)
    is_critical = models.BooleanField(
        default=False,
        help_text="Choosing this answer makes the level Statutory, whatever the score",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="unique_option_per_question")
        ]

    def __str__(self) -> str:
        return self.label


class Screening(models.Model):
    """One screening of one contact, with the decision that follows from it."""

    class Status(models.TextChoices):
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
        RETURNED = "returned", "Returned to the officer"
        APPLIED = "applied", "Decision applied"

    contact = models.ForeignKey(
        "pathway.Contact", on_delete=models.PROTECT, related_name="screenings"
    )
    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="screenings")
    tool = models.ForeignKey(ScreeningTool, on_delete=models.PROTECT, related_name="screenings")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    critical_answers = models.JSONField(default=list, blank=True)
    computed_level = models.CharField(max_length=20, choices=LevelOfNeed.choices)
    level_override = models.CharField(max_length=20, choices=LevelOfNeed.choices, blank=True)
    override_reason = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    rationale = models.TextField()
    universal_service = models.ForeignKey(
        "localities.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    needs_sign_off = models.BooleanField(default=False)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    screened_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-screened_at"]
        indexes = [
            models.Index(fields=["status", "screened_at"]),
            models.Index(fields=["decision", "screened_at"]),
        ]
        constraints = [
            # One screening in progress per contact: a second officer cannot start another.
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status__in=["awaiting_sign_off", "applied"]),
                name="one_live_screening_per_contact",
            ),
            models.CheckConstraint(
                condition=Q(level_override="") | ~Q(override_reason=""),
                name="level_override_needs_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk} of contact {self.contact_id}: {self.get_decision_display()}"

    @property
    def level(self) -> str:
        """The level of need decided: the override when there is one."""
        return self.level_override or self.computed_level

    def get_level_display(self) -> str:
        return LevelOfNeed(self.level).label
