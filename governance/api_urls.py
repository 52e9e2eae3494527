"""Information governance's API (DESIGN §8)."""

from django.urls import path

from governance import api

urlpatterns = [
    path(
        "people/<int:pk>/subject-access/",
        api.SubjectAccessView.as_view(),
        name="api-subject-access",
    ),
]
