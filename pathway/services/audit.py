from __future__ import annotations

import ipaddress
from typing import Any

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


# Words a URL name spells in lower case that a reader expects in capitals.
_ACRONYMS = {"api": "API", "caf": "CAF", "tac": "TAC"}
_STATED_PURPOSE = "_access_log_purpose"


def access_purpose_state(request: HttpRequest | Any, reason: str) -> None:
    """Record the reason the user gave for opening records in this request (e.g. one
    chosen before opening a restricted or out-of-team record). Every access-log row the
    request writes afterwards carries it, whichever selector writes the row."""
    target = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
    setattr(target, _STATED_PURPOSE, reason.strip())


def access_purpose(request: HttpRequest | None) -> str:
    """Why a record was read, when the caller did not say: the reason the user stated in
    this request (access_purpose_state), else the page or API endpoint it was read
    through, from the URL's name ("case-detail" is "Case detail page", "api-case-detail"
    "API case detail"). Empty with no request (a command or task names its own)."""
    if request is None:
        return ""
    stated = getattr(request, _STATED_PURPOSE, "")
    if stated:
        return str(stated)
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return ""
    if match.namespace == "admin":
        return _admin_purpose(match.func, match.url_name)
    words = [_ACRONYMS.get(w, w) for w in match.url_name.replace("_", "-").split("-") if w]
    if not words:
        return ""
    if words[0] != "API":
        words.append("page")
    text = " ".join(words)
    return text[:1].upper() + text[1:]


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
    """Record a read of personal data. Call inside the transaction that performs the read.

    `purpose` is why: a reason the user chose, when the caller has one; otherwise the
    reason stated in the request or the page or endpoint read through (access_purpose).
    """
    return AccessLogEntry.objects.create(
        user=user,
        action=action,
        what=what[:200],
        case=case,
        person=person,
        family=family,
        purpose=(purpose.strip() or access_purpose(request))[:200],
        path=(request.get_full_path()[:300] if request else ""),
        ip_address=client_ip(request),
    )


_ADMIN_PAGES = {"changelist": "list", "change": "record", "history": "history"}


def _admin_purpose(view: Any, url_name: str) -> str:
    """For the administration site: e.g. "Administration site: access log entries (list)"."""
    model_admin = getattr(view, "model_admin", None)
    if model_admin is None:
        return "Administration site"
    page = url_name.rsplit("_", 1)[-1]
    plural = str(model_admin.model._meta.verbose_name_plural)
    return f"Administration site: {plural} ({_ADMIN_PAGES.get(page, page)})"


# What each page or endpoint that opens a case shows, for its access-log row: a CAF or TAC
# sub-page is logged as what it is, not as the case page. Feature apps add their own pages
# with case_page_register (URL names are strings: the core imports no feature app).
CASE_PAGES: dict[str, str] = {
    "case-detail": "Case",
    "api-case-detail": "Case",
    "api-case-chronology": "Chronology",
    "case-close": "Close",
    "case-reopen": "Reopen",
    "case-step-up": "Step-up",
    "case-allocate": "Allocation",
    "case-reallocate": "Reallocation",
    "case-transfer": "Transfer",
    "caf-assessment": "CAF assessment",
    "tac": "Team Around the Family",
    "tac-member-add": "TAC member",
    "tac-meeting": "TAC meeting",
    "tac-action-status": "TAC action",
    "tac-review": "TAC review",
    "tac-close": "TAC closure",
    "case-history": "Change history",
}


def case_page_register(url_name: str, label: str) -> None:
    """Name what a feature's case page shows, for the access log ("CAF assessment")."""
    CASE_PAGES[url_name] = label


def case_page_what(request: HttpRequest | None, case: Case) -> str:
    """The access-log `what` for opening `case` through this request's page: "Case
    C000012" for the case itself, "CAF assessment, case C000012" for a sub-page."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    label = CASE_PAGES.get(match.url_name or "", "Case") if match is not None else "Case"
    if label == "Case":
        return f"Case {case.reference}"
    return f"{label}, case {case.reference}"
