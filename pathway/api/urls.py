from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pathway.api import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("cases/", views.CaseListView.as_view(), name="api-case-list"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<int:pk>/chronology/", views.CaseChronologyView.as_view(), name="api-case-chronology"
    ),
]
