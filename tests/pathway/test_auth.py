"""Sign-in, sign-out, throttling and session lifetimes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pathway.auth import INVALID_LOGIN_MESSAGE, THROTTLED_MESSAGE
from pathway.models import LoginAttempt
from tests.factories import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_officer_signs_in_lands_on_home_and_signs_out(personas, client):
    response = sign_in(client, "olivia.officer", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "Contact centre officer" in home.content.decode()
    out = client.post(reverse("logout"))
    assert "You have signed out" in out.content.decode()
    assert client.get(reverse("home")).status_code == 302  # back to sign-in


def test_usernames_are_not_case_sensitive(personas, client):
    assert sign_in(client, "Olivia.Officer", PASSWORD).status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_answer(personas, client):
    wrong = sign_in(client, "olivia.officer", "not-the-password")
    unknown = sign_in(client, "nobody.here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert INVALID_LOGIN_MESSAGE in wrong.content.decode()
    body_wrong = without_csrf(wrong.content.decode()).replace("olivia.officer", "USERNAME")
    body_unknown = without_csrf(unknown.content.decode()).replace("nobody.here", "USERNAME")
    assert body_wrong == body_unknown


def test_a_deactivated_account_gets_the_same_answer_as_a_wrong_password(personas, client):
    personas.manager.is_active = False
    personas.manager.save()
    response = sign_in(client, "max.manager", PASSWORD)
    assert INVALID_LOGIN_MESSAGE in response.content.decode()


def test_sign_in_is_throttled_after_repeated_failures(personas, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "olivia.officer", "wrong")
    # Even the right password is now refused, with a message saying why.
    response = sign_in(client, "olivia.officer", PASSWORD)
    assert response.status_code == 200
    assert THROTTLED_MESSAGE in response.content.decode()
    # An unknown username is throttled in exactly the same way.
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "nobody.here", "wrong")
    assert THROTTLED_MESSAGE in sign_in(client, "nobody.here", "wrong").content.decode()


def test_the_throttle_lifts_after_the_window(personas, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "olivia.officer", "wrong")
    later = timezone.now() + settings.LOGIN_FAILURE_WINDOW + timedelta(minutes=1)
    with time_machine.travel(later):
        assert sign_in(client, "olivia.officer", PASSWORD).status_code == 302


def test_a_success_resets_the_count_but_keeps_the_record(personas, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "olivia.officer", "wrong")
    assert sign_in(client, "olivia.officer", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "olivia.officer", "wrong")
    assert sign_in(client, "olivia.officer", PASSWORD).status_code == 302
    assert LoginAttempt.objects.filter(username="olivia.officer", succeeded=False).count() == 8


def test_sessions_expire_after_thirty_idle_minutes(personas, client):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(client, "olivia.officer", PASSWORD)
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_reads_do_not_write_the_session_until_a_minute_has_passed(personas, client):
    sign_in(client, "olivia.officer", PASSWORD)
    client.get(reverse("home"))
    session = Session.objects.get()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [
        q
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]
    assert Session.objects.get().expire_date == session.expire_date
    # Two minutes later the next request renews the expiry: 30 minutes from then.
    later = timezone.now() + timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date == later + timedelta(minutes=30)


def test_a_session_active_every_twenty_minutes_stays_signed_in(personas, client):
    sign_in(client, "olivia.officer", PASSWORD)
    start = timezone.now()
    for minutes in (20, 40, 60, 80):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(reverse("home")).status_code == 200


def test_an_active_session_still_ends_at_the_absolute_lifetime(personas, client):
    sign_in(client, "olivia.officer", PASSWORD)
    start = timezone.now()
    # Active every 20 minutes, so the idle timeout never fires…
    step = timedelta(minutes=20)
    moment = start
    while moment < start + settings.SESSION_ABSOLUTE_LIFETIME - step:
        moment += step
        with time_machine.travel(moment):
            assert client.get(reverse("home")).status_code == 200
    # …but the absolute limit does.
    with time_machine.travel(start + settings.SESSION_ABSOLUTE_LIFETIME + timedelta(minutes=1)):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_out_needs_a_post(personas, client):
    sign_in(client, "olivia.officer", PASSWORD)
    assert client.get(reverse("logout")).status_code == 405


def test_production_hashes_passwords_with_argon2():
    assert settings.PRODUCTION_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "role, visible, hidden",
    [
        ("contact_officer", ["Cases"], ["Administration"]),
        ("admin", ["Administration"], ["Cases"]),
        ("partner", ["Home", "Shared cases"], ["Cases", "Administration", "API documentation"]),
    ],
)
def test_navigation_depends_on_role(role, visible, hidden, personas, client):
    client.force_login(personas.for_role(role))
    # A partner's home is the partner portal (/partner/): follow the redirect.
    page = client.get(reverse("home"), follow=True)
    nav = [item["text"] for item in page.context["navigation"]]
    for label in visible:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_home_shows_each_role_its_work(personas, client):
    from tests.factories import AllocatedCaseFactory, AwaitingAllocationCaseFactory

    mine = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    AwaitingAllocationCaseFactory(locality=personas.home)
    client.force_login(personas.practitioner)
    page = client.get(reverse("home"))
    assert list(page.context["my_cases"]) == [mine]
    client.force_login(personas.locality_leader)
    page = client.get(reverse("home"))
    assert page.context["awaiting_allocation"] == 1
    assert "Waiting to be allocated" in page.content.decode()
