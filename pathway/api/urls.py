from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pathway.api import audit, cases, contacts, views

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
    path("cases/<int:pk>/screen/", cases.CaseScreenView.as_view(), name="api-case-screen"),
    path("cases/<int:pk>/allocate/", cases.CaseAllocateView.as_view(), name="api-case-allocate"),
    path(
        "cases/<int:pk>/reallocate/", cases.CaseReallocateView.as_view(), name="api-case-reallocate"
    ),
    path("cases/<int:pk>/transfer/", cases.CaseTransferView.as_view(), name="api-case-transfer"),
    path("cases/<int:pk>/step-up/", cases.CaseStepUpView.as_view(), name="api-case-step-up"),
    path("cases/<int:pk>/close/", cases.CaseCloseView.as_view(), name="api-case-close"),
    path("cases/<int:pk>/reopen/", cases.CaseReopenView.as_view(), name="api-case-reopen"),
    path(
        "screenings/<int:pk>/sign-off/",
        cases.ScreeningSignOffView.as_view(),
        name="api-screening-sign-off",
    ),
    path(
        "screenings/<int:pk>/return/",
        cases.ScreeningReturnView.as_view(),
        name="api-screening-return",
    ),
    path("step-downs/", cases.StepDownCreateView.as_view(), name="api-step-downs"),
    path(
        "step-ups/<int:pk>/outcome/", cases.StepUpOutcomeView.as_view(), name="api-step-up-outcome"
    ),
    path(
        "recommendations/<int:pk>/complete/",
        cases.RecommendationCompleteView.as_view(),
        name="api-recommendation-complete",
    ),
    path(
        "recommendations/<int:pk>/follow-up/",
        cases.RecommendationFollowUpView.as_view(),
        name="api-recommendation-follow-up",
    ),
    path("access-log/", audit.AccessLogView.as_view(), name="api-access-log"),
    path("calendar/working-days/", cases.WorkingDaysView.as_view(), name="api-working-days"),
]
