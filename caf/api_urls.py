from django.urls import path

from caf import api

urlpatterns = [
    path("cases/<int:pk>/step-up/", api.CaseStepUpView.as_view(), name="api-case-step-up"),
    path("step-downs/", api.StepDownCreateView.as_view(), name="api-step-downs"),
    path("step-ups/<int:pk>/outcome/", api.StepUpOutcomeView.as_view(), name="api-step-up-outcome"),
    path(
        "recommendations/<int:pk>/complete/",
        api.RecommendationCompleteView.as_view(),
        name="api-recommendation-complete",
    ),
    path(
        "recommendations/<int:pk>/follow-up/",
        api.RecommendationFollowUpView.as_view(),
        name="api-recommendation-follow-up",
    ),
]
