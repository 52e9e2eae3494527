"""Recommendations and their 20-working-day limit; step-up to and step-down from social care."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import LevelOfNeed, RecommendationKind, RecommendationStatus, UniversalUptake
from pathway.formatting import govuk_date


class Recommendation(models.Model):
    """A CAF or universal recommendation, due 20 working days after it is made.

    A CAF recommendation is completed when the CAF assessment is completed; a universal
    recommendation when the follow-up with the family (uptake and satisfaction) is
    recorded. `due_on` is computed once, by the working-day calendar, when it is made.
    """

    # Code lists of the core (the case API reads recommendations without importing caf).
    Kind = RecommendationKind
    Status = RecommendationStatus
    Uptake = UniversalUptake

    case = models.ForeignKey(
        "pathway.Case", on_delete=models.PROTECT, related_name="recommendations"
    )
    screening = models.ForeignKey(
        "screening.Screening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(
        "localities.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The recommended service or lead agency",
    )
    made_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    uptake = models.CharField(max_length=20, choices=Uptake.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    satisfaction_comment = models.TextField(blank=True)
    # Set once by the deadline sweep; the conditional update that sets them is the claim.
    reminder_sent_on = models.DateField(null=True, blank=True)
    breached_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["kind", "made_on"]),
            # The sweep's two queues. A row leaves each index as soon as the sweep acts on
            # it, so every batch starts at the front of what is left to do.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status="open", reminder_sent_on__isnull=True, breached_on__isnull=True),
                name="rec_awaiting_reminder",
            ),
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status="open", breached_on__isnull=True),
                name="rec_awaiting_breach",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_is_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("made_on")), name="due_on_not_before_made_on"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} recommendation for {self.case}, "
            f"due {govuk_date(self.due_on)}"
        )

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def on_time(self) -> bool | None:
        if self.completed_on is None:
            return None
        return self.completed_on <= self.due_on


class StepUp(models.Model):
    """A case stepped up to children's social care, and what social care did with it."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted for assessment"
        NFA = "nfa", "No further action by social care"
        RETURNED = "returned", "Returned to early help"

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="step_ups")
    screening = models.ForeignKey(
        "screening.Screening", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    level = models.CharField(
        max_length=20, choices=LevelOfNeed.choices, default=LevelOfNeed.STATUTORY
    )
    from_stage = models.CharField(max_length=30)
    stepped_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    stepped_up_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-stepped_up_at"]

    def __str__(self) -> str:
        return f"Step-up of {self.case} on {govuk_date(self.stepped_up_at)}"


class StepDown(models.Model):
    """A family stepped down from social care into the pathway, with the plan to put in place."""

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="step_downs")
    from_step_up = models.ForeignKey(
        StepUp, null=True, blank=True, on_delete=models.PROTECT, related_name="step_downs"
    )
    reason = models.TextField()
    plan = models.TextField(help_text="The CAF or Team Around the Family to be put in place")
    social_worker = models.CharField(max_length=150, blank=True)
    stepped_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    stepped_down_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-stepped_down_at"]

    def __str__(self) -> str:
        return f"Step-down of {self.case} on {govuk_date(self.stepped_down_at)}"


class Assessment(models.Model):
    """The CAF assessment: strengths and needs by outcome area, and the family's own views.

    Done "with, not to or for" the family: the child's and the family's views are part
    of the record, not an afterthought.
    """

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="assessments")
    recommendation = models.OneToOneField(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="assessment"
    )
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    child_views = models.TextField(blank=True, help_text="In the child's own words")
    family_views = models.TextField(blank=True, help_text="In the family's own words")
    summary = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"CAF assessment for {self.case}"

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None


class ChildView(models.Model):
    """One child's views on the CAF assessment, in their own words: each child is heard,
    not "the children" together."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="views")
    child = models.ForeignKey("pathway.Person", on_delete=models.PROTECT, related_name="+")
    views = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "child"], name="one_view_per_child")
        ]

    def __str__(self) -> str:
        return f"{self.child}'s views in {self.assessment}"


class AssessmentNeed(models.Model):
    """Strengths and needs in one Supporting Families outcome area, and the outcome at closure."""

    class Outcome(models.TextChoices):
        MET = "met", "Need met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    outcome_area = models.ForeignKey(
        "pathway.OutcomeArea", on_delete=models.PROTECT, related_name="+"
    )
    strengths = models.TextField(blank=True)
    needs = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["outcome_area__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "outcome_area"], name="one_need_per_outcome_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome_area.label} in {self.assessment}"


class TacPlan(models.Model):
    """The Team Around the Family: members, meetings, an action plan and reviews."""

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="tac_plans")
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    review_interval_weeks = models.PositiveSmallIntegerField(default=6)
    next_review_due = models.DateField()
    # Set once by the sweep for the review date it flagged; cleared by the next review.
    review_overdue_flagged_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["ended_on", "next_review_due"])]

    def __str__(self) -> str:
        return f"Team Around the Family for {self.case}"


class TacMember(models.Model):
    plan = models.ForeignKey(TacPlan, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(
        "localities.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=150, help_text="The person, as the family knows them")
    role = models.CharField(max_length=150, blank=True)
    # A named professional outside the service (no user): who they work for and how to
    # reach them. A member who is a user is reached through their account.
    organisation = models.CharField(max_length=150, blank=True)
    contact_details = models.CharField(
        max_length=200, blank=True, help_text="Phone number or email address"
    )
    # A borough-wide specialist team called in to the case without taking it over.
    called_in_team = models.ForeignKey(
        "localities.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TacMeeting(models.Model):
    plan = models.ForeignKey(TacPlan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = models.ManyToManyField(TacMember, blank=True, related_name="meetings")
    other_attendees = models.CharField(max_length=300, blank=True, help_text="The family, others")
    minutes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"TAC meeting on {govuk_date(self.held_on)}"


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    plan = models.ForeignKey(TacPlan, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        TacMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(TacMember, on_delete=models.PROTECT, related_name="actions")
    outcome_area = models.ForeignKey(
        "pathway.OutcomeArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Review(models.Model):
    plan = models.ForeignKey(TacPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    progress = models.TextField()
    family_views = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    next_review_due = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review on {govuk_date(self.reviewed_on)}"
