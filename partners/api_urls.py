from django.urls import path

from partners import api

urlpatterns = [
    path("cases/<int:pk>/share/", api.CaseShareView.as_view(), name="api-case-share"),
    path("shares/", api.ShareListView.as_view(), name="api-share-list"),
    path("shares/<int:pk>/revoke/", api.ShareRevokeView.as_view(), name="api-share-revoke"),
]
