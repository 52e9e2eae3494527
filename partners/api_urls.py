from django.urls import path

from partners import api

urlpatterns = [
    path("cases/<int:pk>/share/", api.CaseShareView.as_view(), name="api-case-share"),
    path("shares/", api.ShareListView.as_view(), name="api-share-list"),
    path("shares/<int:pk>/revoke/", api.ShareRevokeView.as_view(), name="api-share-revoke"),
    path(
        "cases/<int:pk>/partner-notes/",
        api.CasePartnerNotesView.as_view(),
        name="api-case-partner-notes",
    ),
    path(
        "recommendations/<int:pk>/accept/",
        api.CafWorkAcceptView.as_view(),
        name="api-recommendation-accept",
    ),
    path(
        "recommendations/<int:pk>/decline/",
        api.CafWorkDeclineView.as_view(),
        name="api-recommendation-decline",
    ),
    path(
        "requests-for-support/", api.SupportRequestsView.as_view(), name="api-requests-for-support"
    ),
]
