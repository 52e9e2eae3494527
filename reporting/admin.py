"""Administrators set the unit costs the invest-to-save estimate uses (dated reference data)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pathway.admin import AdministratorsOnly
from reporting.models import UnitCost


@admin.register(UnitCost)
class UnitCostAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["kind", "amount", "effective_from", "source", "recorded_by"]
    list_filter = ["kind"]
    fields = ["kind", "amount", "effective_from", "source"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a figure an old estimate used stays, to explain it

    def save_model(self, request: HttpRequest, obj: UnitCost, form: Any, change: bool) -> None:
        obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
