"""Administrators maintain localities, postcode areas, teams, agencies and schools.

Each page asks the access policy (pathway.admin.AdministratorsOnly): the superuser flag
grants nothing."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localities.models import Agency, Locality, PostcodeArea, School, Team
from pathway.admin import AdministratorsOnly


class PostcodeAreaInline(AdministratorsOnly, admin.TabularInline):
    model = PostcodeArea
    extra = 1


@admin.register(Locality)
class LocalityAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "is_active"]
    search_fields = ["code", "name"]
    inlines = [PostcodeAreaInline]


@admin.register(Team)
class TeamAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "locality", "is_active"]
    list_filter = ["kind", "locality"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "tier", "offers_universal_service", "is_active"]
    list_filter = ["kind", "tier"]
    search_fields = ["code", "name"]


@admin.register(School)
class SchoolAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ["urn", "name", "locality", "link_worker"]
    list_filter = ["locality"]
    search_fields = ["urn", "name"]
    autocomplete_fields = ["link_worker"]
