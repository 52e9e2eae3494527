from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from pathway.api.parsers import NUL_MESSAGE

LOGIN_AT_SESSION_KEY = "pathway_login_at"
RENEWED_AT_SESSION_KEY = "pathway_renewed_at"

_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
# Swagger UI (self-hosted from drf-spectacular-sidecar) sets inline styles.
_CSP_API_DOCS = _CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    """Only our own scripts and styles run: no inline script, nothing from elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = _CSP_API_DOCS if request.path.startswith("/api/v1/docs") else _CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class NoStoreMiddleware:
    """Every dynamic response is `Cache-Control: no-store` (issue 10).

    Pages and API answers carry personal data and must never sit in a browser's or a
    proxy's cache, whoever is signed in (an API caller authenticates inside the view, after
    this middleware has run, so the rule does not depend on who the user is). Static files
    are served by WhiteNoise before this middleware and keep their long cache lifetimes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class ApiNulQueryMiddleware:
    """An API query parameter holding a NUL character is a 400 naming the parameter.

    PostgreSQL cannot compare text with a NUL in it (psycopg raises DataError), so any
    lookup from such a parameter would be a 500. JSON bodies are checked by the parser
    (pathway.api.parsers); pages' forms refuse NUL characters in their own fields.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            bad = sorted(
                {
                    key if "\x00" not in key else "non_field_errors"
                    for key, values in request.GET.lists()
                    for value in [key, *values]
                    if "\x00" in value
                }
            )
            if bad:
                return JsonResponse({key: [NUL_MESSAGE] for key in bad}, status=400)
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been.

    The idle timeout is Django's own (SESSION_COOKIE_AGE from the session's last save),
    renewed here at most once a minute; this adds the absolute limit that idle renewal
    would otherwise let run for ever.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT_SESSION_KEY)
            expired = True
            if started:
                age = timezone.now() - datetime.fromisoformat(started)
                expired = age > settings.SESSION_ABSOLUTE_LIFETIME
            if expired:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, "Your session has ended. Sign in again to carry on.")
                return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
            _renew_idle_timeout(request)
        return self.get_response(request)


def _renew_idle_timeout(request: HttpRequest) -> None:
    """Mark the session changed (so Django saves it with a new expiry) only when the last
    renewal is more than SESSION_RENEW_AFTER ago: an active user costs one session write
    a minute, not one a request."""
    now = timezone.now()
    # Signing in saved the session, so its expiry counts from then until the first renewal.
    renewed = request.session.get(RENEWED_AT_SESSION_KEY) or request.session.get(
        LOGIN_AT_SESSION_KEY
    )
    if renewed is None or now - datetime.fromisoformat(renewed) > settings.SESSION_RENEW_AFTER:
        request.session[RENEWED_AT_SESSION_KEY] = now.isoformat()


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user unless its view says otherwise.

    API requests are left to DRF, which answers 401 with JSON instead of a redirect.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: list[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


_REFUSAL = "_pathway_restricted_refusal"


def note_restricted_refusal(request: Any, refusal: Any) -> None:
    """Remember that this request was refused a restricted record (a DRF Request wraps the
    HttpRequest), for RestrictedRefusalMiddleware to record once the response is made."""
    target = getattr(request, "_request", request)
    setattr(target, _REFUSAL, refusal)


class RestrictedRefusalMiddleware:
    """Logs and reports an attempt to open a restricted record (docs/adr/0018).

    The policy answers it with a 404 like any other (pathway.policy.RestrictedRecord404);
    the view's own transaction rolls back with the exception, so the access-log row and the
    auditors' notification are written here, after the response, in a transaction of
    their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        refusal = getattr(request, _REFUSAL, None)
        if refusal is not None and response.status_code == 404 and request.user.is_authenticated:
            from pathway.services.restrictions import restricted_access_refused

            restricted_access_refused(
                user=request.user,  # type: ignore[arg-type]
                kind=refusal.kind,
                pk=refusal.pk,
                request=request,
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        from pathway.policy import RestrictedRecord404

        if isinstance(exception, RestrictedRecord404):
            note_restricted_refusal(request, exception)
