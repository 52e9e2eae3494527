"""Administration: users, memberships and reference data.

Case records (families, people, contacts, cases) are registered read-only and only
for those explicitly granted view permission (the `admin` role is not): a system
administrator manages the service, not the casework. Every record opened here is
written to the access log, as anywhere else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from pathway.auth import authenticate_with_throttle
from pathway.models import (
    AccessLogEntry,
    Case,
    Contact,
    Family,
    LocalClosureDay,
    LoginAttempt,
    Membership,
    OutcomeArea,
    Person,
    PresentingIssue,
    ReferralSource,
    User,
)
from pathway.services.audit import access_log_record


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


admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_header = "Supporting Families Pathway administration"
admin.site.site_title = "Supporting Families Pathway"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["locality", "team", "agency"]


@admin.register(User)
class PathwayUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    fieldsets = (*UserAdmin.fieldsets, ("Work", {"fields": ("job_title", "phone")}))  # type: ignore[misc]


@admin.register(ReferralSource, PresentingIssue, OutcomeArea)
class CodeListAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "sort_order", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["code", "label"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # deactivate instead: records point at these codes


class AuditedReadOnlyAdmin(SimpleHistoryAdmin):
    """Read-only case data for explicitly authorised users; each record opened is logged."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        with transaction.atomic():
            response = super().change_view(request, object_id, form_url, extra_context)
            obj = self.get_object(request, object_id)
            if obj is not None and response.status_code == 200:
                access_log_record(
                    user=request.user,  # type: ignore[arg-type]
                    action=AccessLogEntry.Action.VIEW,
                    what=f"{self.model._meta.verbose_name} {obj} (administration)",
                    case=obj if isinstance(obj, Case) else None,
                    person=obj if isinstance(obj, Person) else None,
                    family=obj if isinstance(obj, Family) else None,
                    request=request,
                )
        return response


@admin.register(Family)
class FamilyAdmin(AuditedReadOnlyAdmin):
    list_display = ["__str__", "locality", "created_at"]
    list_filter = ["locality"]


@admin.register(Person)
class PersonAdmin(AuditedReadOnlyAdmin):
    list_display = ["__str__", "date_of_birth"]


@admin.register(Case)
class CaseAdmin(AuditedReadOnlyAdmin):
    list_display = ["reference", "stage", "locality", "opened_at"]
    list_filter = ["stage", "locality"]


@admin.register(Contact)
class ContactAdmin(AuditedReadOnlyAdmin):
    list_display = ["__str__", "channel", "referral_source"]
    list_filter = ["channel"]


@admin.register(LocalClosureDay)
class LocalClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "what", "purpose"]
    list_filter = ["action"]
    search_fields = ["user__username", "what"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(AccessLogAdmin):
    list_display = ["at", "username", "ip_address", "succeeded", "via"]
    list_filter = ["succeeded", "via"]
    search_fields = ["username"]
