"""The subject access request sections for sharing with partner agencies: the shares of the
person's cases and the partners' updates and notes on them, registered with the core's
collector (pathway.subject_access). Each costs one query."""

from __future__ import annotations

from partners.models import PartnerNote
from pathway.models import Share
from pathway.subject_access import (
    FREE_TEXT,
    PROFESSIONALS,
    STAFF,
    Item,
    Subject,
    staff_name,
    subject_access_section,
    text,
)


@subject_access_section("shares", "Shared with partner agencies", 90)
def _shares(subject: Subject) -> list[Item]:
    rows = (
        Share.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "agency", "shared_by", "revoked_by")
        .order_by("shared_at", "pk")
    )
    return [
        Item(
            ref=f"share:{s.pk}",
            title=f"Shared with {s.agency.name}, case {s.case.reference}",
            fields={
                "When": text(s.shared_at),
                "Agency": s.agency.name,
                "Purpose": s.purpose,
                "Lawful basis": s.get_lawful_basis_display(),
                "Safeguarding reason": s.safeguarding_reason,
                "Protocol reference": s.protocol_reference,
                "Ends on": text(s.ends_on),
                "Shared by": staff_name(s.shared_by),
                "Revoked": text(s.revoked_at),
                "Revoked by": staff_name(s.revoked_by),
                "Reason for revoking": s.revoke_reason,
            },
            third_party={
                "Shared by": STAFF,
                "Revoked by": STAFF,
                "Purpose": FREE_TEXT,
                "Safeguarding reason": FREE_TEXT,
                "Reason for revoking": FREE_TEXT,
            },
        )
        for s in rows
    ]


@subject_access_section("partner_notes", "Partner agencies' updates and notes", 95)
def _partner_notes(subject: Subject) -> list[Item]:
    rows = (
        PartnerNote.objects.filter(case_id__in=subject.case_ids)
        .select_related("case", "agency", "author")
        .order_by("created_at", "pk")
    )
    return [
        Item(
            ref=f"partner_note:{n.pk}",
            title=f"{n.get_kind_display()} from {n.agency.name}, case {n.case.reference}",
            fields={
                "When": text(n.created_at),
                "Agency": n.agency.name,
                "By": staff_name(n.author),
                "Text": n.text,
            },
            third_party={"By": PROFESSIONALS, "Text": FREE_TEXT},
        )
        for n in rows
    ]
