"""Information governance's pages."""

from django.urls import path

from governance import views

urlpatterns = [
    path("access-log/", views.access_log_view, name="access-log"),
    path("access-log/export.csv", views.access_log_export_view, name="access-log-export"),
    path("people/<int:pk>/access-log/", views.person_access_log_view, name="person-access-log"),
    path("subject-access/", views.subject_access_start_view, name="subject-access-start"),
    path("people/<int:pk>/subject-access/", views.subject_access_view, name="subject-access"),
]
