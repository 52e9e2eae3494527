"""Every app's pages at the root, every app's API under /api/v1/ (DESIGN §8 paths)."""

from django.contrib import admin
from django.urls import include, path

api_v1 = [
    path("", include("pathway.api.urls")),
    path("", include("frontdoor.api_urls")),
    path("", include("casework.api_urls")),
    path("", include("screening.api_urls")),
    path("", include("localities.api_urls")),
    path("", include("caf.api_urls")),
    path("", include("governance.api_urls")),
    path("", include("reporting.api_urls")),
    path("", include("partners.api_urls")),
]

urlpatterns = [
    path("", include("pathway.urls")),
    path("", include("casework.urls")),
    path("", include("frontdoor.urls")),
    path("", include("screening.urls")),
    path("", include("caf.urls")),
    path("", include("localities.urls")),
    path("", include("governance.urls")),
    path("", include("reporting.urls")),
    path("", include("partners.urls")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]

handler400 = "pathway.views.pages.bad_request"
handler403 = "pathway.views.pages.permission_denied"
handler404 = "pathway.views.pages.not_found"
handler500 = "pathway.views.pages.server_error"
