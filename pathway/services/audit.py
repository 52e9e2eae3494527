from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from pathway.models import AccessLogEntry, Case, Family, Person, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the client, for throttling sign-in and for the access log.

    With `TRUSTED_PROXY_COUNT` = N > 0 (N reverse proxies in front of the app, each
    appending the address it received the request from to X-Forwarded-For), the client is
    the N-th entry from the right: the address the outermost trusted proxy saw. Entries to
    its left were sent by the client and could say anything, so they are never read. When
    the header is missing, has fewer than N entries, or the entry is not an IP address,
    the answer is REMOTE_ADDR (the nearest proxy), never a guess. With N = 0 (the default)
    the header is ignored: anyone can send it.
    """
    if request is None:
        return None
    remote = _ip_or_none(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR")
    if not header:
        return remote
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < trusted:
        return remote
    return _ip_or_none(entries[-trusted]) or remote


def _ip_or_none(text: str) -> str | None:
    """`text` as a normalised IP address, or None when it is not one (a scoped IPv6
    address such as fe80::1%eth0 is refused: the database's address type cannot hold it)."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        return None
    return str(address)


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
