from django.urls import path

from partners import views

urlpatterns = [
    path("partner/", views.partner_home, name="partner-home"),
    path("partner/cases/<int:pk>/", views.partner_case, name="partner-case"),
    path("partner/cases/<int:pk>/notes/", views.partner_note_view, name="partner-note-add"),
    path(
        "partner/recommendations/<int:pk>/accept/",
        views.caf_accept_view,
        name="partner-caf-accept",
    ),
    path(
        "partner/recommendations/<int:pk>/decline/",
        views.caf_decline_view,
        name="partner-caf-decline",
    ),
    path("partner/requests/new/", views.support_request_view, name="partner-support-request"),
    path("cases/<int:pk>/share/", views.case_share_view, name="case-share"),
    path("shares/<int:pk>/revoke/", views.share_revoke_view, name="share-revoke"),
]
