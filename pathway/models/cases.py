"""Cases (a family's episode on the pathway) and the contacts that open or join them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pathway.choices import (
    ENDED_STAGES,
    CaseOrigin,
    Channel,
    ClosureReason,
    Consent,
    LawfulBasis,
    LevelOfNeed,
    Stage,
)


class Case(models.Model):
    """A family's episode on the pathway.

    `stage` changes only through the workflow services (see pathway.workflow); `version`
    goes up by one at every change so a form posted against an old view of the case is
    refused instead of silently overwriting someone else's decision.
    """

    family = models.ForeignKey("pathway.Family", on_delete=models.PROTECT, related_name="cases")
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.CONTACT)
    level_of_need = models.CharField(
        max_length=20, choices=LevelOfNeed.choices, blank=True, default=""
    )
    origin = models.CharField(max_length=20, choices=CaseOrigin.choices, default=CaseOrigin.CONTACT)
    locality = models.ForeignKey(
        "localities.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    team = models.ForeignKey(
        "localities.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_cases",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=30, choices=ClosureReason.choices, blank=True, default=""
    )
    closure_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    # True while one of the case's contacts waits to be screened: what the front door's
    # access rule asks (pathway.policy._front_door), kept as a column so that an index
    # serves it instead of an EXISTS per case. Kept by
    # pathway.services.cases.case_awaiting_screening_refresh (docs/adr/0019).
    has_unscreened_contact = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["has_unscreened_contact"])

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["stage", "opened_at"]),
            models.Index(fields=["locality", "stage"]),
            # The case list's order (newest first, id to break ties), scanned backwards.
            models.Index(fields=["opened_at", "id"], name="case_newest_first"),
            # The few cases with a contact waiting: the front door's rule.
            models.Index(
                fields=["id"],
                condition=Q(has_unscreened_contact=True),
                name="case_awaiting_screening",
            ),
        ]
        constraints = [
            # A repeat contact joins the open case: a family never has two at once.
            models.UniqueConstraint(
                fields=["family"],
                condition=~Q(stage__in=sorted(s.value for s in ENDED_STAGES)),
                name="one_open_case_per_family",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("case-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return self.reference_for(self.pk) if self.pk else "C(new)"

    @staticmethod
    def reference_for(pk: int) -> str:
        return f"C{pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.stage not in ENDED_STAGES


class Contact(models.Model):
    """One contact about a family, as recorded by the Contact Centre."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    family = models.ForeignKey("pathway.Family", on_delete=models.PROTECT, related_name="contacts")
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=30, choices=Channel.choices)
    referral_source = models.ForeignKey(
        "pathway.ReferralSource", on_delete=models.PROTECT, related_name="contacts"
    )
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_email = models.EmailField(blank=True)
    reason = models.TextField(help_text="In the caller's words")
    primary_issue = models.ForeignKey(
        "pathway.PresentingIssue", on_delete=models.PROTECT, related_name="primary_contacts"
    )
    secondary_issues = models.ManyToManyField(
        "pathway.PresentingIssue", blank=True, related_name="secondary_contacts"
    )
    consent_to_share = models.CharField(max_length=12, choices=Consent.choices)
    lawful_basis = models.CharField(
        max_length=30,
        choices=LawfulBasis.choices,
        blank=True,
        default="",
        help_text="Required when sharing without consent",
    )
    consent_to_contact = models.CharField(
        max_length=12, choices=Consent.choices, default=Consent.NOT_SOUGHT
    )
    subjects: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "pathway.Person", through="ContactSubject", related_name="contacts"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recorded_contacts"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Set when the contact's screening decision takes effect; until then it is in the
    # Contact Centre's queue.
    screened_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[secondary_issues])

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["family", "received_at"]),
            models.Index(fields=["screened_at", "received_at"]),
            # The contact queue's order, over only the contacts waiting to be screened.
            models.Index(
                fields=["received_at", "id"],
                condition=Q(screened_at__isnull=True),
                name="contact_queue_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent_to_share="refused", lawful_basis="")
                & ~Q(consent_to_share="not_sought", lawful_basis=""),
                name="contact_sharing_without_consent_needs_lawful_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact {self.reference} on {self.received_at:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("contact-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"R{self.pk:07d}" if self.pk else "R(new)"

    @property
    def awaiting_screening(self) -> bool:
        return self.screened_at is None


class ContactSubject(models.Model):
    """A child or adult a contact is about."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="subject_links")
    person = models.ForeignKey("pathway.Person", on_delete=models.PROTECT, related_name="+")
    is_child = models.BooleanField(default=True)
    # A domestic-abuse notification names the adult the police say caused the harm. Kept
    # per contact (it is what this contact alleges), never shown to partners.
    alleged_perpetrator = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "person"], name="unique_contact_subject")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.contact}"
