from __future__ import annotations

from django.http import HttpRequest

from pathway.models import AccessLogEntry, Case, Family, Person, User


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is set by the WSGI server; behind the council's proxy it is the proxy's
    # address unless the proxy is configured to pass the client on.
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    *,
    user: User,
    action: str,
    what: str,
    case: Case | None = None,
    person: Person | None = None,
    family: Family | None = None,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Record a read of personal data. Call inside the transaction that performs the read."""
    return AccessLogEntry.objects.create(
        user=user,
        action=action,
        what=what[:200],
        case=case,
        person=person,
        family=family,
        purpose=purpose[:200],
        path=(request.get_full_path()[:300] if request else ""),
        ip_address=client_ip(request),
    )
