from django.urls import path

from screening import views

urlpatterns = [
    path("contacts/<int:contact_pk>/screen/", views.screen_contact, name="screen-contact"),
    path(
        "contacts/<int:contact_pk>/screen/<slug:section>/",
        views.screen_contact_section,
        name="screen-contact-section",
    ),
    path("screening/sign-off/", views.sign_off_queue, name="sign-off-queue"),
    path("screening/<int:pk>/", views.screening_review, name="screening-review"),
]
