"""Sign-in: case-insensitive usernames, throttling, one answer for every failure."""

from __future__ import annotations

from time import sleep
from typing import Any

from django import forms
from django.contrib.auth import user_logged_in
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from pathway.middleware import LOGIN_AT_SESSION_KEY
from pathway.models import User
from pathway.services.accounts import (
    login_address_delay,
    login_attempt_record,
    login_is_throttled,
)
from pathway.services.audit import client_ip

INVALID_LOGIN_MESSAGE = "Enter a correct username and password"
THROTTLED_MESSAGE = (
    "Too many unsuccessful attempts to sign in. Wait 15 minutes and try again, "
    "or ask your system administrator to reset your password."
)


class CaseInsensitiveModelBackend(ModelBackend):
    """ModelBackend, with usernames matched regardless of case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get(username__iexact=username.strip())
        except User.DoesNotExist:
            # Hash anyway so an unknown username takes as long as a wrong password.
            User().set_password(password)
            return None
        except User.MultipleObjectsReturned:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def authenticate_with_throttle(
    request: HttpRequest | None, username: str, password: str, *, via: str
) -> tuple[User | None, str | None]:
    """Check the throttle, authenticate and record the attempt (docs/adr/0009).

    Returns (user, None) on success or (None, message). The message is the same for an
    unknown username, a wrong password and a deactivated account. A username with too
    many recent failures is refused with THROTTLED_MESSAGE; a client address with too
    many is only slowed down (a short, bounded delay), so a correct password for any
    other account still signs in. The web sign-in and the API token both come here.
    """
    from django.contrib.auth import authenticate

    ip_address = client_ip(request)
    delay = login_address_delay(ip_address=ip_address)
    if delay > 0:
        sleep(delay)
    if login_is_throttled(username=username):
        login_attempt_record(username=username, ip_address=ip_address, succeeded=False, via=via)
        return None, THROTTLED_MESSAGE
    user = authenticate(request, username=username, password=password)
    login_attempt_record(
        username=username, ip_address=ip_address, succeeded=user is not None, via=via
    )
    if user is None:
        return None, INVALID_LOGIN_MESSAGE
    return user, None


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your username"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            user, message = authenticate_with_throttle(self.request, username, password, via="web")
            if user is None:
                raise forms.ValidationError(message, code="invalid_login")
            self.user_cache = user
        return self.cleaned_data


@receiver(user_logged_in)
def _remember_login_time(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = timezone.now().isoformat()
