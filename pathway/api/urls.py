from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pathway.api import contacts, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("contacts/", contacts.ContactCreateView.as_view(), name="api-contact-create"),
    path("contacts/<int:pk>/", contacts.ContactDetailView.as_view(), name="api-contact-detail"),
    path("people/search/", contacts.PeopleSearchView.as_view(), name="api-people-search"),
    path("cases/", views.CaseListView.as_view(), name="api-case-list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<int:pk>/chronology/", views.CaseChronologyView.as_view(), name="api-case-chronology"
    ),
]
