from django.contrib import admin
from django.urls import include, path

from pathway.views import (
    audit,
    auth,
    case_actions,
    cases,
    contacts,
    health,
    notifications,
    pages,
    people,
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", auth.SignOutView.as_view(), name="logout"),
    path("cases/", cases.case_list_view, name="case-list"),
    path("cases/<int:pk>/", cases.case_detail_view, name="case-detail"),
    path("cases/<int:pk>/close/", case_actions.case_close_view, name="case-close"),
    path("cases/<int:pk>/reopen/", case_actions.case_reopen_view, name="case-reopen"),
    path("contacts/new/", contacts.contact_start, name="contact-start"),
    path("contacts/queue/", contacts.contact_queue_view, name="contact-queue"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/drafts/<int:pk>/", contacts.contact_draft_resume, name="contact-draft-resume"),
    path(
        "contacts/drafts/<int:pk>/check/", contacts.contact_draft_check, name="contact-draft-check"
    ),
    path(
        "contacts/drafts/<int:pk>/discard/",
        contacts.contact_draft_discard_view,
        name="contact-draft-discard",
    ),
    path(
        "contacts/drafts/<int:pk>/<slug:step>/",
        contacts.contact_draft_step,
        name="contact-draft-step",
    ),
    path(
        "contacts/drafts/<int:pk>/<slug:step>/autosave/",
        contacts.contact_draft_autosave,
        name="contact-draft-autosave",
    ),
    path("people/search/", people.people_search_view, name="people-search"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/merge/", people.person_merge_view, name="person-merge"),
    path(
        "people/<int:pk>/merges/<int:merge_pk>/undo/",
        people.person_merge_undo_view,
        name="person-merge-undo",
    ),
    path("notifications/", notifications.notifications_view, name="notifications"),
    path("access-log/", audit.access_log_view, name="access-log"),
    path("notifications/read/", notifications.notifications_read_view, name="notifications-read"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/scheduler", health.healthz_scheduler, name="healthz-scheduler"),
    path("favicon.ico", pages.favicon),
    path("", include("screening.urls")),
    path("", include("caf.urls")),
    path("", include("localities.urls")),
    path("api/v1/", include("pathway.api.urls")),
    path("admin/", admin.site.urls),
]
