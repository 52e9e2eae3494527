from django.urls import path

from caf import views

urlpatterns = [
    path("cases/<int:pk>/step-up/", views.step_up_view, name="case-step-up"),
    path("step-downs/new/", views.step_down_view, name="step-down"),
    path("recommendations/follow-up/", views.follow_up_list, name="follow-ups"),
    path("recommendations/<int:pk>/follow-up/", views.follow_up_view, name="follow-up"),
    path("step-ups/<int:pk>/outcome/", views.step_up_outcome_view, name="step-up-outcome"),
    path("cases/<int:pk>/caf/", views.caf_assessment_view, name="caf-assessment"),
    path("cases/<int:pk>/tac/", views.tac_view, name="tac"),
    path("cases/<int:pk>/tac/members/new/", views.tac_member_add_view, name="tac-member-add"),
    path("cases/<int:pk>/tac/meetings/new/", views.tac_meeting_view, name="tac-meeting"),
    path(
        "cases/<int:pk>/tac/actions/<int:action_pk>/status/",
        views.tac_action_status_view,
        name="tac-action-status",
    ),
    path("cases/<int:pk>/tac/reviews/new/", views.tac_review_view, name="tac-review"),
    path("cases/<int:pk>/tac/close/", views.tac_close_view, name="tac-close"),
]
