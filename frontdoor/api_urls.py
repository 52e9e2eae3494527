from django.urls import path

from frontdoor import api

urlpatterns = [
    path("contacts/", api.ContactCreateView.as_view(), name="api-contact-create"),
    path("contacts/<int:pk>/", api.ContactDetailView.as_view(), name="api-contact-detail"),
    path("people/search/", api.PeopleSearchView.as_view(), name="api-people-search"),
]
