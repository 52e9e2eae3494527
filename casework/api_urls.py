from django.urls import path

from casework import api

urlpatterns = [
    path("cases/", api.CaseListView.as_view(), name="api-case-list"),
    path("cases/<int:pk>/", api.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<int:pk>/chronology/", api.CaseChronologyView.as_view(), name="api-case-chronology"
    ),
    path("cases/<int:pk>/close/", api.CaseCloseView.as_view(), name="api-case-close"),
    path("cases/<int:pk>/reopen/", api.CaseReopenView.as_view(), name="api-case-reopen"),
]
