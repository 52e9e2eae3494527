from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pathway.api import audit, calendar, code_lists, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("access-log/", audit.AccessLogView.as_view(), name="api-access-log"),
    path("code-lists/", code_lists.CodeListsView.as_view(), name="api-code-lists"),
    path("code-lists/<str:name>/", code_lists.CodeListView.as_view(), name="api-code-list"),
    path("calendar/working-days/", calendar.WorkingDaysView.as_view(), name="api-working-days"),
]
