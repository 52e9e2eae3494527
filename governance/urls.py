"""Information governance's pages."""

from django.urls import path

from governance import views

urlpatterns = [
    path("access-log/", views.access_log_view, name="access-log"),
    path("access-log/export.csv", views.access_log_export_view, name="access-log-export"),
    path("people/<int:pk>/access-log/", views.person_access_log_view, name="person-access-log"),
    path("subject-access/", views.subject_access_start_view, name="subject-access-start"),
    path("people/<int:pk>/subject-access/", views.subject_access_view, name="subject-access"),
    path("restrictions/", views.restrictions_view, name="restrictions"),
    path("restrictions/<int:pk>/lift/", views.restriction_lift_view, name="restriction-lift"),
    path("cases/<int:pk>/history/", views.case_history_view, name="case-history"),
    path("people/<int:pk>/history/", views.person_history_view, name="person-history"),
    path("families/<int:pk>/history/", views.family_history_view, name="family-history"),
    path("retention/", views.retention_report_view, name="retention-report"),
]
