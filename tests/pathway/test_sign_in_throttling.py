"""Sign-in throttling behind the council's proxy (issue 10, docs/adr/0009).

Per username: after LOGIN_FAILURE_LIMIT failures that username is refused. Per client
address: after LOGIN_FAILURE_LIMIT_PER_ADDRESS failures every attempt from it is slowed by
a short, bounded delay, but a correct password for an account that is not itself
throttled is never refused. The client address is the one the outermost of
TRUSTED_PROXY_COUNT proxies saw, read from X-Forwarded-For; REMOTE_ADDR otherwise.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse

import pathway.auth
from pathway.auth import INVALID_LOGIN_MESSAGE, THROTTLED_MESSAGE
from pathway.models import AccessLogEntry, LoginAttempt
from tests.factories import PASSWORD, CaseFactory

PROXY = "10.20.0.5"  # the council's reverse proxy, as the app sees it (REMOTE_ADDR)
CLIENT = "203.0.113.7"  # one office's public address, behind the proxy
OTHER_CLIENT = "198.51.100.23"


@pytest.fixture
def one_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


@pytest.fixture
def sleeps(monkeypatch):
    """Record the slow-down instead of waiting for it."""
    recorded: list[float] = []
    monkeypatch.setattr(pathway.auth, "sleep", recorded.append, raising=False)
    return recorded


def web_sign_in(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def api_sign_in(client, username, password, **meta):
    return client.post(
        reverse("api-token"),
        {"username": username, "password": password},
        content_type="application/json",
        **meta,
    )


def web_refusal(response) -> str | None:
    """None when signed in; otherwise the message shown."""
    if response.status_code == 302:
        return None
    body = response.content.decode()
    for message in (THROTTLED_MESSAGE, INVALID_LOGIN_MESSAGE):
        if message in body:
            return message
    raise AssertionError(f"unexpected answer {response.status_code}")


def api_refusal(response) -> str | None:
    if response.status_code == 200:
        assert response.json()["token"]
        return None
    assert response.status_code == 400
    return response.json()["non_field_errors"][0]


def from_client(address: str = CLIENT) -> dict[str, str]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def thirty_failures_from_one_address(sign_in, client) -> None:
    """A password spray: the address limit's worth of failures, for several usernames,
    including a real user (lena.leader) who is thereby locked out herself."""
    usernames = ["lena.leader", "guess.one", "guess.two", "guess.three", "guess.four", "guess.5"]
    attempts = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert attempts >= len(usernames) * settings.LOGIN_FAILURE_LIMIT
    for i in range(attempts):
        sign_in(client, usernames[i % len(usernames)], "Wrong-password-1", **from_client())


@pytest.mark.parametrize(
    "sign_in, refusal", [(web_sign_in, web_refusal), (api_sign_in, api_refusal)], ids=["web", "api"]
)
def test_address_failures_behind_the_proxy_never_refuse_another_users_correct_password(
    sign_in, refusal, personas, client, one_trusted_proxy, sleeps
):
    thirty_failures_from_one_address(sign_in, client)
    # A colleague in the same office signs in with the right password: slowed, not refused.
    assert refusal(sign_in(client, "olivia.officer", PASSWORD, **from_client())) is None
    assert sleeps, "an address over its limit is slowed down"
    assert all(0 < delay <= 2 for delay in sleeps)
    client.logout()  # a signed-in browser is sent away from the sign-in page
    # The username that was itself sprayed is locked out, with today's message…
    assert refusal(sign_in(client, "lena.leader", PASSWORD, **from_client())) == THROTTLED_MESSAGE
    # …from any address.
    locked = sign_in(client, "lena.leader", PASSWORD, **from_client(OTHER_CLIENT))
    assert refusal(locked) == THROTTLED_MESSAGE
    # A wrong password from the sprayed address is still just a wrong password.
    wrong = sign_in(client, "max.manager", "Wrong-password-1", **from_client())
    assert refusal(wrong) == INVALID_LOGIN_MESSAGE
    spray = LoginAttempt.objects.filter(username__in=["lena.leader", "guess.one"])
    assert set(spray.values_list("ip_address", flat=True)) >= {CLIENT}


@pytest.mark.parametrize(
    "sign_in, refusal", [(web_sign_in, web_refusal), (api_sign_in, api_refusal)], ids=["web", "api"]
)
def test_without_a_trusted_proxy_address_failures_slow_but_never_refuse_a_correct_password(
    sign_in, refusal, personas, client, sleeps
):
    for i in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
        sign_in(client, f"guess.{i}", "Wrong-password-1", REMOTE_ADDR=PROXY)
    assert not sleeps, "no slow-down below the address limit"
    assert refusal(sign_in(client, "olivia.officer", PASSWORD, REMOTE_ADDR=PROXY)) is None
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 2


def test_the_slow_down_is_per_client_address_behind_the_proxy(
    personas, client, one_trusted_proxy, sleeps
):
    thirty_failures_from_one_address(web_sign_in, client)
    sleeps.clear()
    assert (
        web_refusal(web_sign_in(client, "sam.senior", PASSWORD, **from_client(OTHER_CLIENT)))
        is None
    )
    assert not sleeps, "another office behind the same proxy is not slowed"


def test_the_slow_down_really_waits_a_bounded_time(personas, client, settings):
    from pathway.services.accounts import LOGIN_ADDRESS_DELAY_SECONDS

    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 1
    web_sign_in(client, "guess.one", "Wrong-password-1")
    started = time.monotonic()
    assert web_refusal(web_sign_in(client, "olivia.officer", PASSWORD)) is None
    assert time.monotonic() - started >= LOGIN_ADDRESS_DELAY_SECONDS
    assert 0 < LOGIN_ADDRESS_DELAY_SECONDS <= 2


def test_x_forwarded_for_is_ignored_with_no_trusted_proxy(personas, client):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default: nothing in front of the app is trusted
    # A client cannot pick its address (to escape the throttle or to frame another) by
    # sending the header itself.
    web_sign_in(client, "olivia.officer", "Wrong-password-1", **from_client())
    assert LoginAttempt.objects.get().ip_address == PROXY


def test_with_one_trusted_proxy_only_the_entry_it_added_is_believed(
    personas, client, one_trusted_proxy
):
    # The client sent its own X-Forwarded-For ("6.6.6.6"); the proxy appended what it saw.
    spoofed = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"6.6.6.6, {CLIENT}"}
    web_sign_in(client, "olivia.officer", "Wrong-password-1", **spoofed)
    assert LoginAttempt.objects.get().ip_address == CLIENT


def test_with_two_trusted_proxies_the_outermost_ones_view_is_used(personas, client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    chain = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"6.6.6.6, {CLIENT}, 10.20.0.9"}
    api_sign_in(client, "olivia.officer", "Wrong-password-1", **chain)
    assert LoginAttempt.objects.get().ip_address == CLIENT


def test_with_one_trusted_proxy_the_access_log_and_login_attempts_record_the_forwarded_address(
    personas, client, one_trusted_proxy
):
    assert web_refusal(web_sign_in(client, "olivia.officer", PASSWORD, **from_client())) is None
    assert LoginAttempt.objects.get(succeeded=True).ip_address == CLIENT
    case = CaseFactory(locality=personas.home)
    assert client.get(reverse("case-detail", args=[case.pk]), **from_client()).status_code == 200
    entry = AccessLogEntry.objects.filter(case=case).latest("pk")
    assert entry.ip_address == CLIENT
    token = api_sign_in(client, "olivia.officer", PASSWORD, **from_client(OTHER_CLIENT))
    assert LoginAttempt.objects.filter(via="api").get().ip_address == OTHER_CLIENT
    client.get(
        reverse("api-case-detail", args=[case.pk]),
        HTTP_AUTHORIZATION=f"Token {token.json()['token']}",
        **from_client(OTHER_CLIENT),
    )
    assert AccessLogEntry.objects.filter(case=case).latest("pk").ip_address == OTHER_CLIENT


@pytest.mark.parametrize(
    "header, count",
    [
        ("not-an-address", 1),
        ("203.0.113.7, <script>", 1),
        ("", 1),
        ("203.0.113.7, ", 1),  # an empty last entry is not skipped to reach the one before
        ("203.0.113.7", 2),  # fewer entries than trusted proxies
        ("300.1.2.3", 1),
        ("fe80::1%eth0", 1),
        (None, 1),
    ],
)
def test_a_malformed_forwarded_header_falls_back_to_remote_addr(
    header, count, personas, client, settings
):
    settings.TRUSTED_PROXY_COUNT = count
    # The header is read when it is well formed…
    well_formed = ", ".join(["2001:db8::7"] + ["10.20.0.9"] * (count - 1))
    web_sign_in(client, "olivia.officer", "Wrong-password-1", **from_client(well_formed))
    assert LoginAttempt.objects.get().ip_address == "2001:db8::7"
    LoginAttempt.objects.all().delete()
    # …and ignored when it is not.
    meta = {"REMOTE_ADDR": PROXY}
    if header is not None:
        meta["HTTP_X_FORWARDED_FOR"] = header
    response = web_sign_in(client, "olivia.officer", "Wrong-password-1", **meta)
    assert response.status_code == 200
    assert LoginAttempt.objects.get().ip_address == PROXY
