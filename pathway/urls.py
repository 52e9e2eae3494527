"""The core's pages: signing in and out, notifications, health, static pages (the access-log
pages are information governance's, governance/urls.py)."""

from django.urls import path

from pathway.views import auth, health, notifications, pages

urlpatterns = [
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", auth.SignOutView.as_view(), name="logout"),
    path("sign-in/code/", auth.mfa_verify_view, name="mfa-verify"),
    path("sign-in/set-up-two-step/", auth.mfa_setup_view, name="mfa-setup"),
    path("notifications/", notifications.notifications_view, name="notifications"),
    path("notifications/read/", notifications.notifications_read_view, name="notifications-read"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/scheduler", health.healthz_scheduler, name="healthz-scheduler"),
    path("favicon.ico", pages.favicon),
]
