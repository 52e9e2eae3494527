from django.urls import path

from localities import api

urlpatterns = [
    path("localities/", api.LocalityListView.as_view(), name="api-locality-list"),
    path("localities/<int:pk>/", api.LocalityDetailView.as_view(), name="api-locality-detail"),
    path("agencies/", api.AgencyListView.as_view(), name="api-agency-list"),
    path(
        "families/<int:pk>/locality/",
        api.FamilyLocalityView.as_view(),
        name="api-family-locality",
    ),
    path("cases/<int:pk>/allocate/", api.CaseAllocateView.as_view(), name="api-case-allocate"),
    path(
        "cases/<int:pk>/reallocate/", api.CaseReallocateView.as_view(), name="api-case-reallocate"
    ),
    path("cases/<int:pk>/transfer/", api.CaseTransferView.as_view(), name="api-case-transfer"),
]
