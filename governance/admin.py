"""The retention schedule and legal holds, in the administration site (administrators)."""

from __future__ import annotations

from django.contrib import admin

from governance.models import LegalHold, RetentionDisposal, RetentionRule
from pathway.admin import AdministratorsOnly


@admin.register(RetentionRule)
class RetentionRuleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["record_class", "basis", "keep_for_months", "effective_from"]
    list_filter = ["record_class"]


@admin.register(LegalHold)
class LegalHoldAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["__str__", "reason", "placed_at", "released_at"]
    raw_id_fields = ["family", "person"]
    exclude = ["placed_by"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RetentionDisposal)
class RetentionDisposalAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["record_class", "record_id", "action", "due_on", "processed_at"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
