"""What happens when someone not named on a restricted record tries to open it."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from pathway import policy
from pathway.models import AccessLogEntry, Case, Family, Notification, Person, User
from pathway.services.audit import access_log_record
from pathway.services.notifications import NewNotification, notifications_create


def restricted_access_refused(
    *, user: User, kind: str, pk: int, request: HttpRequest | None = None
) -> None:
    """Write the refused attempt to the access log and tell every information-governance
    auditor (at most once a day per user and record: the notification key is unique).
    The user was answered 404, exactly as for a record that does not exist."""
    reference = {"case": Case.reference_for(pk), "person": f"P{pk}", "family": f"F{pk:06d}"}[kind]
    links: dict[str, object] = {
        "case": Case.objects.filter(pk=pk).first() if kind == "case" else None,
        "person": Person.objects.filter(pk=pk).first() if kind == "person" else None,
        "family": Family.objects.filter(pk=pk).first() if kind == "family" else None,
    }
    day = timezone.localdate().isoformat()
    who = f"{user.get_full_name() or user.username} ({user.username})"
    with transaction.atomic():
        access_log_record(
            user=user,
            action=AccessLogEntry.Action.REFUSED,
            what=f"Refused: restricted {kind} {reference}",
            request=request,
            **links,  # type: ignore[arg-type]
        )
        notifications_create(
            NewNotification(
                user_id=auditor,
                key=f"restricted:{kind}:{pk}:{user.pk}:{day}:{auditor}",
                kind=Notification.Kind.RESTRICTED_ACCESS,
                message=f"{who} tried to open restricted {kind} {reference} and was refused.",
                case_id=pk if kind == "case" else None,
            )
            for auditor in policy.information_governance_auditors()
        )
