from django.urls import path

from screening import api

urlpatterns = [
    path("screening-tool/", api.ScreeningToolView.as_view(), name="api-screening-tool"),
    path("cases/<int:pk>/screen/", api.CaseScreenView.as_view(), name="api-case-screen"),
    path(
        "screenings/<int:pk>/sign-off/",
        api.ScreeningSignOffView.as_view(),
        name="api-screening-sign-off",
    ),
    path(
        "screenings/<int:pk>/return/",
        api.ScreeningReturnView.as_view(),
        name="api-screening-return",
    ),
]
