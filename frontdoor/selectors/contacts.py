from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from pathway import policy
from pathway.models import AccessLogEntry, Contact, ContactDraft, User
from pathway.selectors.families import household_prefetch
from pathway.services.audit import access_log_record


def contact_queue(
    *,
    user: User,
    channel: str | None = None,
    primary_issue: str | None = None,
    locality_id: int | None = None,
    request: HttpRequest | None = None,
) -> QuerySet[Contact]:
    """Contacts waiting to be screened that this user may see, oldest first.

    With `request` (the queue page, which lists families and children), the listing is
    written to the access log, one row per view; a count (the home page) reads no one's
    record and passes none.
    """
    if request is not None:
        access_log_record(
            user=user, action=AccessLogEntry.Action.LIST, what="Contact queue", request=request
        )
    contacts = (
        policy.contacts_visible_to(user)
        .filter(screened_at__isnull=True)
        .select_related("family", "case", "case__locality", "referral_source", "primary_issue")
        .prefetch_related("secondary_issues", household_prefetch("family"))
    )
    if channel:
        contacts = contacts.filter(channel=channel)
    if primary_issue:
        contacts = contacts.filter(primary_issue__code=primary_issue)
    if locality_id:
        contacts = contacts.filter(case__locality_id=locality_id)
    return contacts.order_by("received_at", "pk")


def contact_get_for_view(
    *, user: User, pk: int | str, request: HttpRequest | None = None
) -> Contact:
    """One contact, if the user may see its case (else 404), with the read logged."""
    with transaction.atomic():
        try:
            contact = (
                policy.contacts_visible_to(user)
                .select_related(
                    "case",
                    "family",
                    "referral_source",
                    "primary_issue",
                    "recorded_by",
                    "case__locality",
                )
                .prefetch_related("secondary_issues", "subject_links__person")
                .get(pk=pk)
            )
        except (Contact.DoesNotExist, ValueError, TypeError):
            raise Http404("No contact found") from None
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.VIEW,
            what=f"Contact {contact.reference}",
            case=contact.case,
            family=contact.family,
            request=request,
        )
    return contact


def drafts_in_progress(*, user: User) -> QuerySet[ContactDraft]:
    return ContactDraft.objects.filter(owner=user, submitted_contact__isnull=True).order_by(
        "-updated_at"
    )
