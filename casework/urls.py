from django.urls import path

from casework.views import case_actions, cases, home

urlpatterns = [
    path("", home.home, name="home"),
    path("cases/", cases.case_list_view, name="case-list"),
    path("cases/<int:pk>/", cases.case_detail_view, name="case-detail"),
    path("cases/<int:pk>/close/", case_actions.case_close_view, name="case-close"),
    path("cases/<int:pk>/reopen/", case_actions.case_reopen_view, name="case-reopen"),
]
