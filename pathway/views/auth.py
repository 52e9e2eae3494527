from __future__ import annotations

import base64
import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathway import policy
from pathway.auth import SignInForm
from pathway.models import User
from pathway.services.mfa import (
    mfa_enrolment_confirm,
    mfa_enrolment_start,
    mfa_is_enrolled,
    mfa_verify,
)
from pathway.views.common import add_form_errors

# Between the password and the one-time code: whose sign-in this is, until when, and where
# to go after. Nobody is signed in until the code is right (docs/adr/0014).
MFA_PENDING = "_mfa_pending"
MFA_PENDING_SECONDS = 600


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not policy.mfa_required(user):
            return super().form_valid(form)
        self.request.session[MFA_PENDING] = {
            "user": user.pk,
            "until": time.time() + MFA_PENDING_SECONDS,
            "next": self.get_success_url(),
        }
        return redirect("mfa-verify" if mfa_is_enrolled(user) else "mfa-setup")


class SignOutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        error_messages={"required": "Enter the code"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _pending_user(request: HttpRequest) -> tuple[User | None, str]:
    pending = request.session.get(MFA_PENDING) or {}
    if not pending or pending.get("until", 0) < time.time():
        return None, ""
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending.get("next") or settings.LOGIN_REDIRECT_URL


def _finish(request: HttpRequest, user: User, device: Any, then: str) -> None:
    request.session.pop(MFA_PENDING, None)
    auth_login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    otp_login(request, device)


@login_not_required
def mfa_verify_view(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user, then = _pending_user(request)
    if user is None:
        return redirect("login")
    if not mfa_is_enrolled(user):
        return redirect("mfa-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            _finish(request, user, device, then)
            return redirect(then)
        form.add_error("code", "The code is not right: enter the code your app shows now")
    return render(request, "registration/mfa_verify.html", {"form": form})


@login_not_required
def mfa_setup_view(request: HttpRequest) -> HttpResponse:
    """Enrolment on first sign-in: add the service to an authenticator app, confirm with a
    code, then see the recovery codes once."""
    user, then = _pending_user(request)
    if user is None:
        return redirect("login")
    if mfa_is_enrolled(user):
        return redirect("mfa-verify")
    device: TOTPDevice = mfa_enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = mfa_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            _finish(request, user, confirmed, then)
            return render(
                request, "registration/mfa_recovery_codes.html", {"codes": codes, "next": then}
            )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/mfa_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "config_url": device.config_url,
        },
    )
