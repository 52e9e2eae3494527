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
    """200 when the database and the broker answer, 503 (with which one failed) otherwise.

    The scheduler's last heartbeat is reported for information: a stopped worker does
    not make the web tier unhealthy, but it must be visible.
    """
    database = database_status()
    broker = broker_status()
    healthy = database["ok"] and broker["ok"]
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "broker": broker,
        "scheduler": scheduler_status() if database["ok"] else {"ok": False},
    }
    return JsonResponse(body, status=200 if healthy else 503)
