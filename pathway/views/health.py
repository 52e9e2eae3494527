from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pathway.health import broker_status, database_status, scheduler_status


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The web tier's health, for a load balancer (docs/adr/0007).

    503 "unavailable" when the database or the broker does not answer: this instance
    cannot serve. 200 "degraded" when both answer but the scheduler's heartbeat is stale:
    pages work, but no deadline sweep is running, so the web instance must stay in
    service while a monitor alerts on /healthz/scheduler. 200 "ok" otherwise.
    """
    database = database_status()
    broker = broker_status()
    scheduler = scheduler_status() if database["ok"] else {"ok": False}
    serving = database["ok"] and broker["ok"]
    if not serving:
        status = "unavailable"
    elif not scheduler["ok"]:
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, "database": database, "broker": broker, "scheduler": scheduler}
    return JsonResponse(body, status=200 if serving else 503)


@login_not_required
@never_cache
@require_GET
def healthz_scheduler(request: HttpRequest) -> JsonResponse:
    """The deadline engine's health, for a monitor: 503 when the heartbeat is stale or absent.

    The heartbeat is sent by beat and run by a worker, so a fresh one proves both run.
    """
    scheduler = scheduler_status()
    return JsonResponse(
        {"status": "ok" if scheduler["ok"] else "stale", "scheduler": scheduler},
        status=200 if scheduler["ok"] else 503,
    )
