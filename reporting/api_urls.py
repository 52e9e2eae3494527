from django.urls import path

from reporting import api

urlpatterns = [
    path(
        "reports/performance/", api.PerformanceReportView.as_view(), name="api-performance-report"
    ),
]
