"""Report snapshots: asked for through the outbox, built once per claim, read for past months."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from pathway.choices import Decision
from pathway.models import OutboxMessage
from reporting.models import ReportSnapshot
from reporting.report import month_of
from reporting.services import (
    snapshot_build,
    snapshot_claim,
    snapshot_request,
    snapshots_request_month,
    snapshots_schedule,
)
from reporting.tasks import build_report_snapshot
from tests.reporting.builders import at, rows, screened

FEBRUARY = month_of(date(2026, 2, 1))


@pytest.mark.django_db
def test_asking_twice_for_a_snapshot_keeps_one_row_and_queues_the_build_through_the_outbox(
    personas,
):
    first = snapshot_request(period=FEBRUARY, locality_id=None)
    again = snapshot_request(period=FEBRUARY, locality_id=None)
    assert first.pk == again.pk
    assert ReportSnapshot.objects.count() == 1
    assert again.status == ReportSnapshot.Status.QUEUED
    sent = OutboxMessage.objects.filter(task_name="reporting.tasks.build_report_snapshot")
    assert [m.args for m in sent] == [[first.pk], [first.pk]]


@pytest.mark.django_db
def test_a_month_is_asked_for_the_borough_and_each_locality(personas):
    assert snapshots_request_month(period=FEBRUARY) == 3  # all, Central, North
    localities = set(ReportSnapshot.objects.values_list("locality__code", flat=True))
    assert localities == {None, "central", "north"}
    assert snapshots_request_month(period=FEBRUARY) == 3
    assert ReportSnapshot.objects.count() == 3


@pytest.mark.django_db
def test_the_schedule_builds_the_month_of_yesterday_and_at_month_end_the_month_just_ended(
    personas,
):
    snapshots_schedule(today=date(2026, 3, 15))
    assert set(ReportSnapshot.objects.values_list("period_start", "period_end")) == {
        (date(2026, 3, 1), date(2026, 3, 31))
    }
    ReportSnapshot.objects.all().delete()
    snapshots_schedule(today=date(2026, 3, 1), month_end=True)
    assert set(ReportSnapshot.objects.values_list("period_start", "period_end")) == {
        (date(2026, 2, 1), date(2026, 2, 28))
    }


def test_the_beat_schedule_has_the_nightly_and_month_end_builds():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert (
        schedule["report-snapshots-nightly"]["task"] == "reporting.tasks.schedule_report_snapshots"
    )
    assert schedule["report-snapshots-month-end"]["kwargs"] == {"month_end": True}


@pytest.mark.django_db
def test_a_build_records_the_figures_and_the_versions_and_running_it_again_is_harmless(personas):
    for day in (2, 3, 4, 5, 6):
        screened(Decision.CAF, at(date(2026, 2, day)), locality=personas.home)
    snapshot = snapshot_request(period=FEBRUARY, locality_id=None)

    assert build_report_snapshot.run(snapshot.pk) is True
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.READY
    assert rows(snapshot.measures, "outcomes", "by_decision", "count")["caf"] == 5
    assert snapshot.code_version and snapshot.code_version != ""
    assert snapshot.definitions_version == snapshot.measures["definitions_version"]
    assert snapshot.built_at is not None

    assert snapshot_build(snapshot_id=snapshot.pk) is True  # again: same row, same figures
    snapshot.refresh_from_db()
    assert ReportSnapshot.objects.count() == 1
    assert rows(snapshot.measures, "outcomes", "by_decision", "count")["caf"] == 5


@pytest.mark.django_db
def test_only_one_worker_can_claim_a_snapshot_until_the_claim_goes_stale(personas):
    snapshot = snapshot_request(period=FEBRUARY, locality_id=None)
    first = snapshot_claim(snapshot.pk)
    assert first is not None
    assert snapshot_claim(snapshot.pk) is None
    assert snapshot_build(snapshot_id=snapshot.pk) is False  # the second worker does nothing
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.claim) == (ReportSnapshot.Status.BUILDING, first)
    # A worker that died half an hour into a build loses its claim.
    later = timezone.now() + timedelta(minutes=31)
    assert snapshot_claim(snapshot.pk, now=later) not in (None, first)


@pytest.mark.django_db(transaction=True)
def test_two_workers_building_at_once_build_it_once(personas):
    """Two threads (two database connections) race for one snapshot. Whoever loses the claim
    while the other builds does nothing; one that comes after the build finished builds it
    again over the same row. Either way: one row, ready, built at least once."""
    snapshot = snapshot_request(period=FEBRUARY, locality_id=None)
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(snapshot_build(snapshot_id=snapshot.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 2 and True in results
    assert ReportSnapshot.objects.count() == 1
    assert ReportSnapshot.objects.get(pk=snapshot.pk).status == ReportSnapshot.Status.READY


@pytest.mark.django_db
def test_a_past_month_is_read_as_it_was_reported_and_the_current_period_is_computed_now(
    personas, client
):
    for day in (2, 3, 4, 5, 6):
        screened(Decision.CAF, at(date(2026, 2, day)), locality=personas.home)
    snapshot = snapshot_request(period=FEBRUARY, locality_id=None)
    snapshot_build(snapshot_id=snapshot.pk)
    screened(Decision.CAF, at(date(2026, 2, 20)), locality=personas.home)  # recorded late

    client.force_login(personas.manager)
    body = client.get(
        "/api/v1/reports/performance/", {"from": "2026-02-01", "to": "2026-02-28"}
    ).json()
    assert body["source"] == "snapshot"
    assert rows(body, "outcomes", "by_decision", "count")["caf"] == 5
    assert body["code_version"] == ReportSnapshot.objects.get().code_version
    # Not a whole month: computed now, with the late entry.
    body = client.get(
        "/api/v1/reports/performance/", {"from": "2026-02-01", "to": "2026-02-27"}
    ).json()
    assert body["source"] == "computed"
    assert rows(body, "outcomes", "by_decision", "count")["caf"] == 6
    today = timezone.localdate()
    body = client.get(
        "/api/v1/reports/performance/",
        {"from": today.replace(day=1).isoformat(), "to": today.isoformat()},
    ).json()
    assert body["source"] == "computed"


@pytest.mark.django_db
def test_a_manager_rebuilds_a_month_and_sees_the_progress(personas, client):
    client.force_login(personas.manager)
    response = client.post(
        "/reports/rebuild/", {"from": "2026-02-01", "to": "2026-02-28", "locality": "central"}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == "/reports/?from=2026-02-01&to=2026-02-28&locality=central#snapshots"
    )
    assert ReportSnapshot.objects.filter(status="queued").count() == 3
    page = client.get("/reports/", {"from": "2026-02-01", "to": "2026-02-28"}).content.decode()
    assert "0 of 3 ready, 3 waiting or being built" in page
    snapshot_build(snapshot_id=ReportSnapshot.objects.filter(locality__isnull=True).get().pk)
    page = client.get("/reports/", {"from": "2026-02-01", "to": "2026-02-28"}).content.decode()
    assert "1 of 3 ready, 2 waiting or being built" in page
    assert "from the snapshot built on" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["locality_leader", "practitioner", "admin"])
def test_only_managers_may_rebuild(personas, client, role):
    client.force_login(personas.for_role(role))
    response = client.post("/reports/rebuild/", {"from": "2026-02-01", "to": "2026-02-28"})
    assert response.status_code == 403
    assert ReportSnapshot.objects.count() == 0


def test_every_scheduled_report_task_is_registered_with_celery():
    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry["task"].startswith("reporting."):
            assert entry["task"] in app.tasks
