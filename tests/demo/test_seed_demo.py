"""seed_demo: demo users do not start with a backlog of unread notifications, and loading
the demo on the embedded defaults (no Redis: the file-system broker) warns about nothing."""

from __future__ import annotations

import io
import logging
import warnings

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q
from kombu import pools as kombu_pools

from config.celery import app as celery_app
from demo.cases import DEMO_UNREAD_NOTIFICATIONS
from pathway.models import Notification, User


def _reset_connections() -> None:
    """Drop pooled broker connections so the next task uses the broker now configured."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture
def embedded_broker(tmp_path):
    """The broker `make run` uses with no REDIS_URL: kombu's file-system transport."""
    original = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.broker_url = settings.EMBEDDED_BROKER_URL
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    for folder in ("queue", "control"):
        (tmp_path / folder).mkdir()
    _reset_connections()
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = original
    _reset_connections()


@pytest.mark.django_db(transaction=True)
def test_seed_demo_leaves_at_most_five_unread_and_warns_about_nothing(
    reference_data, settings, embedded_broker, caplog
):
    # reference_data: `migrate` loads the roles before seed_demo runs; a transactional test
    # before this one may have flushed them.
    settings.DEBUG = True
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call_command("seed_demo", "--families", "60", "--seed", "11", stdout=io.StringIO())

    problems = [
        f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING
    ]
    problems += [f"{w.category.__name__}: {w.message}" for w in caught]
    assert problems == []

    counts = User.objects.annotate(
        total=Count("notifications"),
        unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)),
    ).values_list("username", "total", "unread")
    # The demo's history does notify people (reminders, breaches, escalations, allocations)…
    assert max(total for _, total, _ in counts) > 5
    # …but nobody starts with more than five unread, and the busy start with exactly five.
    assert DEMO_UNREAD_NOTIFICATIONS == 5
    for username, total, unread in counts:
        assert unread == min(total, 5), (username, total, unread)
    # The five left unread are each user's newest.
    for user in User.objects.filter(notifications__read_at__isnull=False).distinct():
        newest = list(user.notifications.order_by("-created_at", "-pk")[:5])
        assert all(n.read_at is None for n in newest), user.username
    assert Notification.objects.filter(read_at__isnull=True).count() <= 5 * User.objects.count()
    # The history was emailed in its day: the worker's first run sends none of it again.
    assert not Notification.objects.filter(send_email=True, emailed_at__isnull=True).exists()
    # The partner demo login (health visiting) sees exactly one case, shared with consent.
    from pathway import policy
    from pathway.models import Share

    partner = User.objects.get(username="partner")
    assert policy.cases_visible_to(partner).count() == 1
    assert Share.objects.get().lawful_basis == "consent"


def test_the_demo_partner_signs_in_with_a_printed_recovery_code_once(reference_data, settings):
    """Partners need two-step verification (docs/adr/0014): seed_demo prints recovery codes
    for the demo partner so a newcomer can sign in, and each works once."""
    from rest_framework.test import APIClient

    from demo.organisation import DEMO_PASSWORD

    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--families", "3", "--seed", "5", stdout=out)
    printed = out.getvalue()
    assert "two-step verification: enter a recovery code, each once: demo0001, demo0002" in printed
    client = APIClient()
    body = {"username": "partner", "password": DEMO_PASSWORD}
    assert client.post("/api/v1/auth/token/", body, format="json").status_code == 401
    first = client.post("/api/v1/auth/token/", {**body, "otp_code": "demo0001"}, format="json")
    assert first.status_code == 200 and first.json()["token"]
    again = client.post("/api/v1/auth/token/", {**body, "otp_code": "demo0001"}, format="json")
    assert again.status_code == 401
