"""Administration: users, memberships and reference data; the access log for auditors.

The access policy decides who may use each page (`pathway.policy.can_use_administration`,
`can_administer`, `can_read_access_log`), as well as Django's model permissions: those grant
a superuser everything, and here the superuser flag grants nothing. The user pages never
show or accept is_superuser, is_staff, groups or user_permissions, and list no superuser;
a role is changed only by the dedicated, logged "change role" page
(`pathway.services.accounts.user_role_change`), never by anyone for themselves. Case
records (families, people, contacts, cases) are not in the administration site: they are
read through the service's own pages, which ask the policy and write the access log. The
pages here that show personal data (the access log, sign-in attempts) write exactly one
access-log row per list, search or record page, in the transaction of the read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenProxy

from pathway import policy
from pathway.auth import authenticate_with_throttle
from pathway.choices import Role
from pathway.models import (
    AccessLogEntry,
    LocalClosureDay,
    LoginAttempt,
    Membership,
    OutcomeArea,
    PresentingIssue,
    ReferralSource,
    User,
)
from pathway.services.accounts import ROLE_CHANGE_REASON_MAX_LENGTH, user_role_change
from pathway.services.audit import access_log_record
from pathway.services.mfa import user_mfa_reset

# Fields that grant power; the user pages neither show nor accept them.
PRIVILEGE_FIELDS = frozenset({"is_superuser", "is_staff", "groups", "user_permissions"})


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            user, _message = authenticate_with_throttle(
                self.request, username, password, via="admin"
            )
            if user is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(user)
            self.user_cache = user
        return self.cleaned_data

    def confirm_login_allowed(self, user: Any) -> None:
        # The policy, not is_staff, says who may use the administration site.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not policy.can_use_administration(user):
            raise self.get_invalid_login_error()


def _may_use_administration(request: HttpRequest) -> bool:
    return policy.can_use_administration(request.user)


admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.has_permission = _may_use_administration  # type: ignore[method-assign]
admin.site.site_header = "Supporting Families Pathway administration"
admin.site.site_title = "Supporting Families Pathway"
# Roles are groups with fixed permissions set by migrations: editing a group's permissions
# would be a way round the policy. API tokens come from signing in to the API: creating
# one for somebody else would be acting as them.
for _model in (Group, TokenProxy):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class AdministratorsOnly:
    """For administrators, as the policy says, and within their model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can_administer(request.user) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_administer(request.user) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return policy.can_administer(request.user) and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_administer(request.user) and super().has_change_permission(  # type: ignore[misc]
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_administer(request.user) and super().has_delete_permission(  # type: ignore[misc]
            request, obj
        )


def _rendered_in(response: HttpResponse) -> HttpResponse:
    """Render a TemplateResponse now, so its queries run inside the caller's transaction."""
    if isinstance(response, TemplateResponse) and not response.is_rendered:
        response.render()
    return response


class AccessLoggedReadOnlyAdmin(admin.ModelAdmin):
    """Personal data for information-governance auditors, read-only.

    Each list, search, record or history page writes exactly one access-log row, in the
    transaction that reads the rows it shows; a redirect or refusal writes none.
    """

    actions = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can_read_access_log(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_read_access_log(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _record(self, request: HttpRequest, action: str, what: str) -> None:
        access_log_record(
            user=request.user,  # type: ignore[arg-type]
            action=action,
            what=f"{what} (administration)",
            request=request,
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        with transaction.atomic():
            response = _rendered_in(super().changelist_view(request, extra_context))
            if response.status_code == 200:
                query = request.GET.get(SEARCH_VAR, "").strip()
                plural = str(self.model._meta.verbose_name_plural).capitalize()
                if query:
                    self._record(request, AccessLogEntry.Action.SEARCH, f"{plural}: {query!r}")
                else:
                    self._record(request, AccessLogEntry.Action.LIST, plural)
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        with transaction.atomic():
            response = _rendered_in(
                super().change_view(request, object_id, form_url, extra_context)
            )
            if response.status_code == 200:
                name = self.model._meta.verbose_name
                self._record(request, AccessLogEntry.Action.VIEW, f"{name} {unquote(object_id)}")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        with transaction.atomic():
            response = _rendered_in(super().history_view(request, object_id, extra_context))
            if response.status_code == 200:
                name = self.model._meta.verbose_name
                self._record(
                    request, AccessLogEntry.Action.VIEW, f"History of {name} {unquote(object_id)}"
                )
        return response


# --- Users --------------------------------------------------------------------------------


class MembershipInline(AdministratorsOnly, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["locality", "team", "agency"]


class PathwayUserChangeForm(UserChangeForm):
    """A user's own details; never a privilege (see PRIVILEGE_FIELDS)."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = (
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "phone",
            "is_active",
        )


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label="New role")
    reason = forms.CharField(
        max_length=ROLE_CHANGE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Why this person's role changes. Kept with the change, with your name.",
    )


class MfaResetForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Why (e.g. a lost phone). Kept with the reset, with your name.",
    )


@admin.register(User)
class PathwayUserAdmin(AdministratorsOnly, UserAdmin):
    form = PathwayUserChangeForm
    inlines = [MembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_active"]
    filter_horizontal = ()
    readonly_fields = ["role", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Work", {"fields": ("job_title", "phone")}),
        ("Role and access", {"fields": ("role", "is_active")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    # Stock: username and password only. A new user has no role until it is changed.
    add_fieldsets = UserAdmin.add_fieldsets

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # Superuser accounts are outside the administration: nobody here resets their
        # password or deactivates them, and the flag grants nothing in the service anyway.
        return super().get_queryset(request).filter(is_superuser=False).prefetch_related("groups")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields.append("is_active")  # nobody deactivates (or reactivates) themselves
        return fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        leaked = PRIVILEGE_FIELDS & set(form.base_fields)
        if leaked:  # a guard: fieldsets or a form changed without this rule in mind
            raise ImproperlyConfigured(f"The user form must not offer {sorted(leaked)}")
        return form

    @admin.display(description="Role")
    def role(self, obj: User) -> str:
        labels = [Role(g.name).label for g in obj.groups.all() if g.name in Role.values]
        return ", ".join(sorted(labels)) or "No role"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<id>/role/",
                self.admin_site.admin_view(self.change_role_view),
                name="pathway_user_role",
            ),
            path(
                "<id>/mfa-reset/",
                self.admin_site.admin_view(self.mfa_reset_view),
                name="pathway_user_mfa_reset",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_change_role": obj is not None and policy.can_change_role(request.user, obj),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def change_role_view(self, request: HttpRequest, id: str) -> HttpResponse:
        """The one place in the administration where a role changes (logged, with a reason)."""
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_view_permission(request, user):
            raise Http404("No user found")
        if not policy.can_change_role(request.user, user):
            raise PermissionDenied("You cannot change your own role")
        current = [g.name for g in user.groups.all() if g.name in Role.values]
        form = RoleChangeForm(
            request.POST or None, initial={"role": current[0] if len(current) == 1 else None}
        )
        if request.method == "POST" and form.is_valid():
            try:
                user_role_change(
                    user=user,
                    role=form.cleaned_data["role"],
                    changed_by=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, f"{user} is now a {Role(form.cleaned_data['role']).label.lower()}"
                )
                return HttpResponseRedirect(reverse("admin:pathway_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change the role of {user}",
            "opts": self.opts,
            "original": user,
            "current_role": self.role(user),
            "form": form,
            "is_popup": IS_POPUP_VAR in request.GET,
        }
        return TemplateResponse(request, "admin/pathway/user/change_role.html", context)

    def mfa_reset_view(self, request: HttpRequest, id: str) -> HttpResponse:
        """Reset a user's two-step verification: a logged action, with a reason."""
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_view_permission(request, user):
            raise Http404("No user found")
        if not policy.can_reset_mfa(request.user, user):
            raise PermissionDenied("You cannot reset your own two-step verification")
        form = MfaResetForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user_mfa_reset(
                    user=user,
                    reset_by=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"Two-step verification reset for {user}")
                return HttpResponseRedirect(reverse("admin:pathway_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reset two-step verification for {user}",
            "opts": self.opts,
            "original": user,
            "form": form,
            "is_popup": IS_POPUP_VAR in request.GET,
        }
        return TemplateResponse(request, "admin/pathway/user/mfa_reset.html", context)


# --- Reference data ---------------------------------------------------------------------


@admin.register(ReferralSource, PresentingIssue, OutcomeArea)
class CodeListAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["code", "label", "sort_order", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["code", "label"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # deactivate instead: records point at these codes


@admin.register(LocalClosureDay)
class LocalClosureDayAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


# --- The access log and sign-in attempts, for auditors ----------------------------------


@admin.register(AccessLogEntry)
class AccessLogAdmin(AccessLoggedReadOnlyAdmin):
    list_display = ["at", "user", "action", "what", "purpose"]
    list_filter = ["action"]
    search_fields = ["user__username", "what"]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(AccessLoggedReadOnlyAdmin):
    list_display = ["at", "username", "ip_address", "succeeded", "via"]
    list_filter = ["succeeded", "via"]
    search_fields = ["username"]


# django-otp registers its devices in the administration; here a user's two-step verification
# changes only through the logged reset on the user's page (docs/adr/0014), so they are not.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
