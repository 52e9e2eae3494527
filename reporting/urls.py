from django.urls import path

from reporting import views

urlpatterns = [
    path("reports/", views.dashboard_view, name="reports-dashboard"),
    path("reports/cases/", views.report_cases_view, name="reports-cases"),
    path("reports/rebuild/", views.rebuild_view, name="reports-rebuild"),
]
