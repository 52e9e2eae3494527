from django.contrib import admin
from django.urls import include, path

from pathway.views import auth, cases, health, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", auth.SignOutView.as_view(), name="logout"),
    path("cases/", cases.case_list_view, name="case-list"),
    path("cases/<int:pk>/", cases.case_detail_view, name="case-detail"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include("pathway.api.urls")),
    path("admin/", admin.site.urls),
]
