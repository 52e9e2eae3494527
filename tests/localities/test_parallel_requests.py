"""Two locality leaders press "Allocate" on the same case at the same moment, over HTTP."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import date

import pytest
from django.db import connection

from caf.models import Recommendation
from localities.models import Allocation, Team
from pathway.models import Case
from tests.conftest import skip_or_fail
from tests.factories import PASSWORD, AwaitingAllocationCaseFactory, MembershipFactory, UserFactory


def token_for(base, username):
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["token"]


def allocate(base, token, case_id, body):
    request = urllib.request.Request(
        f"{base}/api/v1/cases/{case_id}/allocate/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_allocations_succeeds(personas, live_server):
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: the live server and the test share one database")
    case = AwaitingAllocationCaseFactory(locality=personas.home)
    Recommendation.objects.create(
        case=case, kind="caf", made_on=date(2026, 11, 2), due_on=date(2026, 11, 30)
    )
    team = Team.objects.get(code="central-early-help")
    second_leader = UserFactory(username="lee.second", role="locality_leader")
    MembershipFactory(user=second_leader, locality=personas.home)
    colleague = UserFactory(username="cal.colleague", role="practitioner")
    MembershipFactory(user=colleague, team=team, capacity=10)
    tokens = [token_for(live_server.url, "lena.leader"), token_for(live_server.url, "lee.second")]
    bodies = [
        {"team": team.code, "worker": "pat.practitioner", "version": case.version},
        {"team": team.code, "worker": "cal.colleague", "version": case.version},
    ]
    barrier = threading.Barrier(2)
    results: list[tuple[int, dict]] = [(0, {})] * 2

    def press(i):
        barrier.wait(timeout=10)
        results[i] = allocate(live_server.url, tokens[i], case.pk, bodies[i])

    threads = [threading.Thread(target=press, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409], results
    loser = next(body for status, body in results if status == 409)
    assert loser["stage"] == "allocated"
    assert "changed by someone else" in loser["detail"] or "cannot be" in loser["detail"]
    case = Case.objects.get(pk=case.pk)
    winner = next(body for status, body in results if status == 200)
    assert Allocation.objects.filter(case=case).count() == 1
    assert case.lead_professional.username in {"pat.practitioner", "cal.colleague"}
    assert winner["stage"] == "allocated"
