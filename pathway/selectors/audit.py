from __future__ import annotations

from django.db.models import QuerySet

from pathway.models import AccessLogEntry


def access_log(
    *, case_id: int | None = None, person_id: int | None = None, user_id: int | None = None
) -> QuerySet[AccessLogEntry]:
    """Who viewed, listed, searched or exported what, newest first (auditors only)."""
    entries = AccessLogEntry.objects.select_related("user", "case", "person", "family")
    if case_id:
        entries = entries.filter(case_id=case_id)
    if person_id:
        entries = entries.filter(person_id=person_id)
    if user_id:
        entries = entries.filter(user_id=user_id)
    return entries.order_by("-at", "-pk")
