"""The outbox: a broker outage never fails a write, and the work queued during it is
delivered once the broker is back, exactly once (docs/adr/0010).

Finding from issue 10: "Any write answers 500 when Redis is down although it was saved".
The Redis tests run a private redis-server on a free port in a temporary folder, stopped
and started by the test; the shared Redis is never touched.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu import pools as kombu_pools

from caf.models import Recommendation
from config.celery import app as celery_app
from pathway.models import Case, Notification, OutboxMessage
from pathway.services.notifications import SEND_EMAILS_TASK
from pathway.services.outbox import SENT_KEPT_FOR, outbox_enqueue, outbox_relay
from tests.conftest import skip_or_fail
from tests.factories import AwaitingAllocationCaseFactory
from tests.pathway.test_concurrency import race

ROOT = Path(__file__).resolve().parents[2]
APPS = ["pathway", "frontdoor", "casework", "screening", "caf", "localities", "reporting", "demo"]


# --- Pointing Celery at a broker ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reset_connections() -> None:
    """Drop pooled broker connections so the next publish uses the broker now configured."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    original = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"visibility_timeout": 3600}
    _reset_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = original
        _reset_connections()


@pytest.fixture
def dead_broker() -> Iterator[str]:
    """Celery pointed at a Redis URL on which nothing listens: the broker is down."""
    url = f"redis://127.0.0.1:{_free_port()}/0"
    with celery_broker(url):
        yield url


class PrivateRedis:
    """A throwaway redis-server, no persistence, in its own folder, on its own port."""

    def __init__(self, executable: str, folder: Path) -> None:
        self.executable = executable
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert self.process is None
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if self.client().ping():
                    return
            time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1)

    def queued(self) -> int:
        return int(self.client().llen(celery_app.conf.task_default_queue))


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    executable = shutil.which("redis-server")
    if executable is None:
        skip_or_fail("redis-server is not installed (apt-get install -y redis-server)")
        raise AssertionError  # unreachable: skip_or_fail raises
    server = PrivateRedis(executable, tmp_path)
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def task_runs() -> Iterator[list[str]]:
    """The names of the tasks a worker in this process runs, in order."""
    runs: list[str] = []
    lock = threading.Lock()

    def record(sender: object = None, **kwargs: object) -> None:
        with lock:
            runs.append(getattr(sender, "name", "?"))

    task_prerun.connect(record, weak=False)
    try:
        yield runs
    finally:
        task_prerun.disconnect(record)


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


# --- Allocating a case ---------------------------------------------------------------------


@pytest.fixture
def waiting(personas) -> Case:
    case = AwaitingAllocationCaseFactory(locality=personas.home)
    Recommendation.objects.create(
        case=case, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    return case


@pytest.fixture
def team(personas):
    from localities.models import Team

    return Team.objects.get(code="central-early-help")


def _leader_client(personas) -> Client:
    # A 500 is an answer to assert on, not an exception in the test.
    client = Client(raise_request_exception=False)
    client.force_login(personas.locality_leader)
    return client


def allocate_through_the_api(personas, case: Case, team) -> int:
    response = _leader_client(personas).post(
        reverse("api-case-allocate", args=[case.pk]),
        {"team": team.code, "worker": personas.practitioner.username},
        content_type="application/json",
    )
    return response.status_code


def allocate_through_the_page(personas, case: Case, team) -> int:
    response = _leader_client(personas).post(
        reverse("case-allocate", args=[case.pk]),
        {"team": team.pk, "worker": personas.practitioner.pk, "version": case.version},
    )
    return response.status_code


def assert_allocated_with_its_email_pending(personas, case: Case) -> OutboxMessage:
    case.refresh_from_db()
    assert (case.stage, case.lead_professional) == ("allocated", personas.practitioner)
    notification = Notification.objects.get(user=personas.practitioner, kind="allocation")
    message = OutboxMessage.objects.get()
    assert (message.task_name, message.args) == (SEND_EMAILS_TASK, [[notification.pk]])
    assert message.sent_at is None
    return message


# --- A broker outage never fails a request ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_allocating_through_the_api_with_the_broker_down_answers_200_and_queues_the_email(
    personas, waiting, team, dead_broker, caplog
):
    # Other tests start Celery workers, which may leave this logger switched off or not
    # propagating to pytest's capture; make sure it reports here.
    outbox_logger = logging.getLogger("pathway.services.outbox")
    outbox_logger.disabled, outbox_logger.propagate = False, True
    caplog.set_level(logging.WARNING, logger=outbox_logger.name)
    assert allocate_through_the_api(personas, waiting, team) == 200
    message = assert_allocated_with_its_email_pending(personas, waiting)
    # The one attempt after commit failed, was recorded and logged without personal data.
    assert message.attempts == 1
    assert message.last_error.startswith("OperationalError")
    logged = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("pathway"))
    assert f"message {message.pk}" in logged
    notification = Notification.objects.get()
    assert personas.practitioner.email not in logged and notification.message not in logged


@pytest.mark.django_db(transaction=True)
def test_allocating_through_the_page_with_the_broker_down_redirects_and_queues_the_email(
    personas, waiting, team, dead_broker
):
    assert allocate_through_the_page(personas, waiting, team) == 302
    assert_allocated_with_its_email_pending(personas, waiting)


@pytest.mark.django_db(transaction=True)
def test_the_relay_with_the_broker_down_fails_quietly_and_keeps_the_work(
    personas, waiting, team, dead_broker
):
    assert allocate_through_the_api(personas, waiting, team) == 200
    result = outbox_relay()
    assert (result.sent, result.failed, result.pending) == (0, 1, 1)
    with pytest.raises(CommandError, match="still pending: 1"):
        call_command("relay_outbox")
    message = OutboxMessage.objects.get()
    assert message.sent_at is None and message.attempts == 3


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_nothing(reference_data, monkeypatch):
    published = []
    monkeypatch.setattr(celery_app, "send_task", lambda *a, **kw: published.append(a))
    with contextlib.suppress(RuntimeError), transaction.atomic():
        outbox_enqueue(SEND_EMAILS_TASK, [[1]])
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0 and published == []
    outbox_enqueue(SEND_EMAILS_TASK, [[2]])  # committed at once (autocommit): published
    assert published == [(SEND_EMAILS_TASK,)]
    assert OutboxMessage.objects.get().sent_at is not None


# --- Delivered once the broker is back, exactly once ---------------------------------------------


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_work_queued_while_redis_is_stopped_is_delivered_exactly_once_when_it_returns(
    personas, waiting, team, private_redis, mailoutbox
):
    private_redis.start()
    with celery_broker(private_redis.url):
        assert private_redis.client().ping()
        private_redis.stop()  # Redis goes down mid-use

        assert allocate_through_the_api(personas, waiting, team) == 200
        assert_allocated_with_its_email_pending(personas, waiting)
        assert outbox_relay().failed == 1  # still down: nothing lost, nothing raised

        private_redis.start()  # the broker returns (empty: it kept nothing)
        call_command("relay_outbox")
        message = OutboxMessage.objects.get()
        assert message.sent_at is not None
        assert private_redis.queued() == 1

        again = outbox_relay()  # a second relay (or beat tick) publishes nothing twice
        assert (again.sent, again.pending) == (0, 0)
        call_command("relay_outbox")
        assert private_redis.queued() == 1

        with (
            task_runs() as runs,
            start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
        ):
            _wait_for(lambda: Notification.objects.filter(emailed_at__isnull=False).exists())
            time.sleep(1.5)  # time for a second delivery, were there one
        assert runs == [SEND_EMAILS_TASK]
        assert private_redis.queued() == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [personas.practitioner.email]


@pytest.mark.django_db(transaction=True)
def test_with_redis_up_the_work_is_published_as_the_change_commits(
    personas, waiting, team, private_redis
):
    private_redis.start()
    with celery_broker(private_redis.url):
        assert allocate_through_the_page(personas, waiting, team) == 302
        message = OutboxMessage.objects.get()
        assert message.sent_at is not None and message.attempts == 1
        assert private_redis.queued() == 1
        assert outbox_relay().sent == 0
        assert private_redis.queued() == 1


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_publish_each_row_once(reference_data, monkeypatch):
    if connection.vendor != "postgresql":
        skip_or_fail("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")
    OutboxMessage.objects.bulk_create(
        OutboxMessage(task_name=SEND_EMAILS_TASK, args=[[n]]) for n in range(30)
    )
    published: list[str] = []
    lock = threading.Lock()

    def slow_send_task(name, args=None, task_id=None, **options):
        time.sleep(0.01)  # long enough for the two relays to meet on the same rows
        with lock:
            published.append(task_id)

    monkeypatch.setattr(celery_app, "send_task", slow_send_task)
    results = race(outbox_relay, outbox_relay)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(published) == sorted({f"outbox-{m.pk}" for m in OutboxMessage.objects.all()})
    assert sum(r.sent for r in results) == 30
    assert outbox_relay().sent == 0
    assert len(published) == 30


def test_a_failed_publish_leaves_the_row_pending_for_the_next_run(db, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(task_name=SEND_EMAILS_TASK, args=[[n]]) for n in range(3)
    )
    monkeypatch.setattr(celery_app, "send_task", refused)
    result = outbox_relay()
    assert (result.sent, result.failed, result.pending) == (0, 1, 3)  # stopped at the first
    monkeypatch.setattr(celery_app, "send_task", lambda *a, **kw: None)
    assert outbox_relay().sent == 3
    first = OutboxMessage.objects.get(pk=rows[0].pk)
    assert first.attempts == 2 and first.last_error == ""


def test_sent_rows_are_purged_after_a_week_and_pending_ones_never(db, monkeypatch):
    old = timezone.now() - SENT_KEPT_FOR - timedelta(hours=1)
    sent = OutboxMessage.objects.create(task_name="x", created_at=old, sent_at=old)
    pending = OutboxMessage.objects.create(task_name="x", created_at=old)
    recent = OutboxMessage.objects.create(task_name="x", sent_at=timezone.now())
    monkeypatch.setattr(celery_app, "send_task", lambda *a, **kw: 1 / 0)  # keep it pending
    assert outbox_relay().purged == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {pending.pk, recent.pk}
    assert not OutboxMessage.objects.filter(pk=sent.pk).exists()


# --- Wiring ----------------------------------------------------------------------------------


def test_the_relay_is_on_the_beat_schedule_often_enough():
    entry = celery_app.conf.beat_schedule["relay-outbox"]
    assert entry["task"] == "pathway.tasks.relay_outbox"
    assert entry["schedule"] <= timedelta(seconds=30)  # delivered within a minute of return
    assert "pathway.tasks.relay_outbox" in celery_app.tasks
    assert SEND_EMAILS_TASK in celery_app.tasks


def test_application_code_enqueues_only_through_the_outbox():
    direct = re.compile(r"\.(delay|delay_on_commit|apply_async|send_task)\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line) and path != ROOT / "pathway/services/outbox.py"
    ]
    assert offenders == []
    assert "send_task(" in (ROOT / "pathway/services/outbox.py").read_text()


def test_a_notification_email_task_run_twice_sends_once(personas, mailoutbox):
    from pathway.services.notifications import NewNotification, notifications_create
    from pathway.tasks import send_notification_emails

    ids = notifications_create(
        [
            NewNotification(
                user_id=personas.practitioner.pk, key="k1", kind="allocation", message="m"
            )
        ]
    )
    assert OutboxMessage.objects.get().args == [ids]
    assert send_notification_emails(ids) == 1
    assert send_notification_emails(ids) == 0  # a second delivery from the outbox is harmless
    assert len(mailoutbox) == 1
