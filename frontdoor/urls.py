from django.urls import path

from frontdoor.views import contacts, people

urlpatterns = [
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
]
