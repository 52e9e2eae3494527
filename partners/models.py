"""What partner agencies add to a shared case, and the requests for support they send.

The share itself (what lets a partner see a case) is the core's (pathway.models.Share):
the access policy must see it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PartnerNote(models.Model):
    """An update or case note a partner practitioner records on a case shared with their
    agency, marked with the agency. A restricted note is for the agency and the council
    only: other agencies' practitioners never see it."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        CASE_NOTE = "case_note", "Case note"

    case = models.ForeignKey("pathway.Case", on_delete=models.PROTECT, related_name="partner_notes")
    agency = models.ForeignKey("localities.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField()
    restricted = models.BooleanField(
        default=False, help_text="Only my agency and the council may read it"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on case {self.case_id} by agency {self.agency_id}"


class CafWorkResponse(models.Model):
    """A partner agency's answer to CAF work recommended to it: accepted, or declined with
    a reason (which returns the work to the locality leader)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    recommendation = models.ForeignKey(
        "caf.Recommendation", on_delete=models.PROTECT, related_name="partner_responses"
    )
    agency = models.ForeignKey("localities.Agency", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-responded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "agency"], name="one_answer_per_agency_per_recommendation"
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="declined", reason=""),
                name="a_decline_gives_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by agency {self.agency_id}"


class SupportRequest(models.Model):
    """A request for support a partner practitioner sent in online: a contact in the
    Contact Centre's queue, with the partner as referrer. The partner sees its outcome,
    not the case (unless the case is shared with their agency)."""

    contact = models.OneToOneField(
        "pathway.Contact", on_delete=models.PROTECT, related_name="support_request"
    )
    agency = models.ForeignKey("localities.Agency", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Request for support {self.pk} from agency {self.agency_id}"

    @property
    def outcome(self) -> str:
        """What the partner is told: the screening decision once it takes effect, never the
        case (prefetch contact__screenings to list many)."""
        if self.contact.screened_at is None:
            screenings = list(self.contact.screenings.all())
            if screenings:
                return "Screened: waiting for a senior practitioner's sign-off"
            return "Waiting to be screened by the Contact Centre"
        decided = sorted(self.contact.screenings.all(), key=lambda s: s.screened_at)
        if not decided:
            return "Closed by the Contact Centre"
        return f"Screened: {decided[-1].get_decision_display()}"
