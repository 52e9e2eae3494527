from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from pathway.models import Case, ChronologyEvent, Family, User


def chronology_record(
    *,
    family: Family,
    action: str,
    summary: str,
    actor: User | None,
    case: Case | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> ChronologyEvent:
    """Append one event to a family's timeline. Call inside the transaction of the change."""
    return ChronologyEvent.objects.create(
        family=family,
        case=case,
        action=action,
        summary=summary[:300],
        actor=actor,
        data=data or {},
        occurred_at=occurred_at or timezone.now(),
    )


def chronology_record_many(events: Iterable[ChronologyEvent]) -> list[ChronologyEvent]:
    """Append many events in one insert (for batch work such as the deadline sweep)."""
    return ChronologyEvent.objects.bulk_create(list(events))
