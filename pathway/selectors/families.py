"""What is already known about a family, at the point of decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from pathway import policy
from pathway.choices import ENDED_STAGES, Decision
from pathway.models import (
    AccessLogEntry,
    Case,
    ChronologyEvent,
    Contact,
    Family,
    HouseholdMember,
    User,
)
from pathway.services.audit import access_log_record

# Chronology actions that are decisions worth seeing before making another one.
DECISION_ACTIONS = (
    "screening.decided",
    "screening.signed_off",
    "screening.returned",
    "case.step_up",
    "case.step_down",
    "case.close",
    "case.close_at_front_door",
    "stepup.outcome",
)


@dataclass
class FamilyContext:
    family: Family
    members: list[HouseholdMember]
    recent_contacts: Sequence[Contact]
    contacts_in_last_year: int
    total_contacts: int
    open_case: Case | None
    past_cases: list[Case]
    agencies: list[str]
    decisions: list[ChronologyEvent]
    show_address: bool

    @property
    def repeat_contact_flag(self) -> str | None:
        """e.g. "3rd contact in 12 months", once the council's threshold is reached."""
        n = self.contacts_in_last_year
        if n < settings.REPEAT_CONTACT_THRESHOLD:
            return None
        return f"{ordinal(n)} contact in 12 months"


def household_prefetch(path: str = "family") -> Prefetch[Any]:
    """Prefetch each family's current household members and their people onto
    `family.current_members`, so a list shows every family's display name
    (Family.display_name) and children for one query, however many rows it has.
    `path` leads from the listed model to its family ("" when listing families)."""
    lookup = f"{path}__members" if path else "members"
    return Prefetch(
        lookup,
        queryset=HouseholdMember.objects.current().select_related("person"),
        to_attr="current_members",
    )


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def family_context(
    *, user: User, family_id: int, request: HttpRequest | None = None, log: bool = True
) -> FamilyContext:
    """A summary of the family's history for someone deciding what to do next.

    Shown to anyone who may see one of the family's cases or record contacts. The number
    of queries does not depend on how long the family's history is.
    """
    with transaction.atomic():
        family = Family.objects.select_related("locality").get(pk=family_id)
        members = list(
            HouseholdMember.objects.current()
            .filter(family=family)
            .select_related("person")
            .order_by("relationship", "-person__date_of_birth")
        )
        contacts_qs: QuerySet[Contact] = Contact.objects.filter(family=family)
        year_ago = timezone.now() - timedelta(days=365)
        counts = {
            "year": contacts_qs.filter(received_at__gte=year_ago).count(),
            "total": contacts_qs.count(),
        }
        # Screenings belong to the screening app; the core reads them through the relation
        # that app declares on Contact, never by importing it.
        screening_model: Any = Contact._meta.get_field("screenings").related_model
        screenings = screening_model._default_manager
        applied = screenings.filter(contact=OuterRef("pk"), status="applied").order_by(
            "-screened_at"
        )
        recent_contacts = list(
            contacts_qs.select_related("referral_source", "primary_issue", "case")
            .annotate(decision=Subquery(applied.values("decision")[:1]))
            .order_by("-received_at")[:10]
        )
        for contact in recent_contacts:
            code = getattr(contact, "decision", None)
            contact.outcome = Decision(code).label if code else ""  # type: ignore[attr-defined]
        cases = list(
            Case.objects.filter(family=family)
            .select_related("locality", "team", "lead_professional")
            .order_by("-opened_at")[:11]
        )
        open_case = next((c for c in cases if c.stage not in ENDED_STAGES), None)
        decisions = list(
            ChronologyEvent.objects.filter(family=family, action__in=DECISION_ACTIONS)
            .select_related("actor")
            .order_by("-occurred_at")[:10]
        )
        organisations = (
            contacts_qs.exclude(referrer_organisation="")
            .order_by("referrer_organisation")  # not by date: DISTINCT must see names only
            .values_list("referrer_organisation", flat=True)
            .distinct()[:10]
        )
        agencies = sorted(set(organisations))
        if open_case and open_case.team:
            agencies.insert(0, open_case.team.name)
        if log:
            access_log_record(
                user=user,
                action=AccessLogEntry.Action.VIEW,
                what=f"Family context {family.reference}",
                family=family,
                request=request,
            )
    return FamilyContext(
        family=family,
        members=members,
        recent_contacts=recent_contacts,
        contacts_in_last_year=counts["year"],
        total_contacts=counts["total"],
        open_case=open_case,
        past_cases=[c for c in cases if c is not open_case][:10],
        agencies=agencies,
        decisions=decisions,
        show_address=not family.address_confidential or policy.can_see_confidential_address(user),
    )
