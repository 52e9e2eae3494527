from django.urls import path

from caf import views

urlpatterns = [
    path("cases/<int:pk>/step-up/", views.step_up_view, name="case-step-up"),
    path("step-downs/new/", views.step_down_view, name="step-down"),
    path("recommendations/follow-up/", views.follow_up_list, name="follow-ups"),
]
