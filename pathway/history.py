"""Change history (django-simple-history) read field by field: who changed what, when.

Used by the record-history pages and the subject access export. The rows of one
queryset are compared with the previous row of the same record in Python, so a history
costs one query however many changes it holds (no `prev_record` query per row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet

_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Bookkeeping that says nothing a reader needs.
_SKIPPED = {"id", "version", "updated_at", "given_name_key", "family_name_key"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    at: datetime
    kind: str
    record: str
    record_id: int
    by: str
    by_id: int | None
    reason: str
    fields: list[FieldChange] = field(default_factory=list)


def _shown(record: Model, name: str) -> str:
    value = getattr(record, name, None)
    display = getattr(record, f"get_{name}_display", None)
    if callable(display) and value not in (None, ""):
        return str(display())
    if value is None:
        return ""
    return str(value)


def _tracked_fields(model: type[Model]) -> list[tuple[str, str]]:
    """(attribute, label) of each tracked field of a historical model, foreign keys by id."""
    names = []
    for f in model._meta.fields:
        if f.name.startswith("history_") or f.name in _SKIPPED:
            continue
        attribute = f.attname
        names.append((attribute, str(getattr(f, "verbose_name", f.name))))
    return names


def history_changes(rows: QuerySet[Any], *, label: str) -> list[Change]:
    """Each historical row of `rows` (one historical model) as a Change: every field on
    creation, the fields that differ from the record's previous row after, newest first.
    `label` names the record kind ("Person", "Case")."""
    rows = rows.select_related("history_user").order_by("id", "history_date", "history_id")
    model = rows.model
    fields = _tracked_fields(model)
    previous: dict[int, Model] = {}
    changes = []
    for row in rows:
        before = previous.get(row.id)
        changed = []
        for attribute, name in fields:
            new = _shown(row, attribute)
            old = _shown(before, attribute) if before is not None else ""
            if before is None and row.history_type == "+" and new == "":
                continue
            if before is None or old != new:
                changed.append(FieldChange(name, old, new))
        previous[row.id] = row
        user = row.history_user
        changes.append(
            Change(
                at=row.history_date,
                kind=_KINDS.get(row.history_type, row.history_type),
                record=label,
                record_id=row.id,
                by=(user.get_full_name() or user.username) if user else "The system",
                by_id=user.pk if user else None,
                reason=getattr(row, "history_change_reason", "") or "",
                fields=changed,
            )
        )
    changes.sort(key=lambda c: (c.at, c.record, c.record_id), reverse=True)
    return changes
