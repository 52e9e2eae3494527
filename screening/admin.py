"""Administrators maintain the screening tool: copy the active version into a draft,
edit the draft's questions, weights and thresholds, then publish it.

Each page asks the access policy (pathway.admin.AdministratorsOnly): the superuser flag
grants nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from pathway.admin import AdministratorsOnly
from screening.models import ScreeningDomain, ScreeningOption, ScreeningQuestion, ScreeningTool
from screening.services import screening_tool_copy, screening_tool_publish


def _editable(obj: Any) -> bool:
    if obj is None:
        return True
    tool = (
        obj
        if isinstance(obj, ScreeningTool)
        else (obj.tool if isinstance(obj, ScreeningDomain) else obj.domain.tool)
    )
    return tool.is_editable


class DraftOnlyMixin:
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _editable(obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and _editable(obj)  # type: ignore[misc]


class DomainInline(DraftOnlyMixin, AdministratorsOnly, admin.TabularInline):
    model = ScreeningDomain
    extra = 0


class OptionInline(DraftOnlyMixin, AdministratorsOnly, admin.TabularInline):
    model = ScreeningOption
    extra = 0


@admin.register(ScreeningTool)
class ScreeningToolAdmin(DraftOnlyMixin, AdministratorsOnly, admin.ModelAdmin):
    list_display = ["version", "name", "status", "published_at"]
    readonly_fields = ["status", "published_at", "created_at"]
    inlines = [DomainInline]
    actions = ["copy_as_new_draft", "publish"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # screenings keep the version they used

    @admin.action(description="Copy into a new draft version")
    def copy_as_new_draft(self, request: HttpRequest, queryset: QuerySet[ScreeningTool]) -> None:
        for tool in queryset:
            copy = screening_tool_copy(tool=tool)
            messages.success(
                request, f"Version {copy.version} created as a draft from version {tool.version}"
            )

    @admin.action(description="Publish (make active)")
    def publish(self, request: HttpRequest, queryset: QuerySet[ScreeningTool]) -> None:
        for tool in queryset:
            try:
                screening_tool_publish(tool=tool)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, f"Version {tool.version} is now the active screening tool"
                )


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(DraftOnlyMixin, AdministratorsOnly, admin.ModelAdmin):
    list_display = ["text", "domain", "order"]
    list_filter = ["domain__tool"]
    inlines = [OptionInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "domain":
            kwargs["queryset"] = ScreeningDomain.objects.filter(
                tool__status=ScreeningTool.Status.DRAFT
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
