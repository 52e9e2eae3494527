"""The subject access export, read and logged: what the page and the API both call."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from pathway import policy
from pathway.models import AccessLogEntry, Person, User
from pathway.services.audit import access_log_record
from pathway.subject_access import Section, subject_access_gather, subject_access_redact


def subject_access_export(
    *,
    user: User,
    pk: int | str,
    redactions: set[str] | None = None,
    request: HttpRequest | None = None,
) -> tuple[Person, list[Section]]:
    """Everything held about person `pk`, for information governance only (else Http404):
    the reviewer's version (third-party data flagged) when `redactions` is None, else the
    released version with those fields replaced by "[redacted]". Either is written to the
    access log, in the same transaction as the read, as one row."""
    with transaction.atomic():
        person = policy.get_person_for_subject_access_or_404(user, pk)
        sections = subject_access_gather(person)
        if redactions is None:
            what = f"Subject access export of P{person.pk} (for review)"
        else:
            sections = subject_access_redact(sections, redactions)
            n = len(redactions)
            what = (
                f"Subject access export of P{person.pk} (released, {n} redaction{'s' * (n != 1)})"
            )
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.SUBJECT_ACCESS,
            what=what,
            person=person,
            request=request,
        )
    return person, sections
