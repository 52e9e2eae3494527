"""Issue 14, the auditor's tools: the access log searched by record, user, action, purpose
and dates, paged, exported as formula-safe CSV (the export itself logged); who has looked
at one person; case sub-pages logged as what they are; unusual access reported once."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse

from governance.csv_export import neutralise
from governance.models import UnusualAccessAlert
from governance.services import unusual_access_alerts_raise
from pathway.models import AccessLogEntry, Notification, OutboxMessage
from tests.factories import (
    CaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    TacCaseFactory,
)

LONDON = ZoneInfo("Europe/London")


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def log(personas):
    """Six rows, written out: who read what, when and why."""
    family = FamilyFactory(locality=personas.home)
    amelia = PersonFactory(given_name="Amelia", family_name="Okonkwo")
    HouseholdMemberFactory(family=family, person=amelia)
    bram = PersonFactory(given_name="Bram", family_name="Stoker")
    case = CaseFactory(family=family, locality=personas.home, stage="allocated")
    leader, officer = personas.locality_leader, personas.contact_officer

    def row(key, **fields):
        return AccessLogEntry.objects.create(**fields)

    rows = {
        "leader_case": row(
            1,
            user=leader,
            action="view",
            what=f"Case {case.reference}",
            case=case,
            family=family,
            purpose="Case detail page",
            at=_at(2),
        ),
        "leader_amelia": row(
            2,
            user=leader,
            action="view",
            what=f"Person P{amelia.pk}",
            person=amelia,
            purpose="Person detail page",
            at=_at(3),
        ),
        "officer_search": row(
            3,
            user=officer,
            action="search",
            what="People search: okonkwo",
            purpose="People search page",
            at=_at(4),
        ),
        "officer_bram": row(
            4,
            user=officer,
            action="view",
            what=f"Person P{bram.pk}",
            person=bram,
            purpose="Safeguarding check requested by school",
            at=_at(5),
        ),
        "officer_export": row(
            5,
            user=officer,
            action="export",
            what='=HYPERLINK("http://x")',
            purpose="-2+3",
            at=_at(6),
        ),
        "leader_late": row(
            6,
            user=leader,
            action="view",
            what=f"TAC meeting, case {case.reference}",
            case=case,
            family=family,
            purpose="TAC meeting page",
            at=_at(7, 23),
        ),
    }
    return {"rows": rows, "amelia": amelia, "bram": bram, "case": case, "family": family}


def _ids(response):
    return [e.pk for e in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            {},
            [
                "leader_late",
                "officer_export",
                "officer_bram",
                "officer_search",
                "leader_amelia",
                "leader_case",
            ],
        ),
        # A name finds rows about her and rows about the family she lives in.
        ({"record": "amelia okonkwo"}, ["leader_late", "leader_amelia", "leader_case"]),
        ({"record": "Stoker"}, ["officer_bram"]),
        ({"user": "olivia.officer"}, ["officer_export", "officer_bram", "officer_search"]),
        ({"action": "search"}, ["officer_search"]),
        ({"purpose": "safeguarding"}, ["officer_bram"]),
        # Dates are inclusive, the to date to its last minute.
        (
            {
                "date_from_0": "3",
                "date_from_1": "11",
                "date_from_2": "2026",
                "date_to_0": "5",
                "date_to_1": "11",
                "date_to_2": "2026",
            },
            ["officer_bram", "officer_search", "leader_amelia"],
        ),
        ({"date_from_0": "7", "date_from_1": "11", "date_from_2": "2026"}, ["leader_late"]),
        ({"user": "lena", "action": "view", "purpose": "TAC"}, ["leader_late"]),
    ],
)
def test_the_search_filters(query, expected, log, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("access-log"), query)
    assert response.status_code == 200
    assert _ids(response) == [log["rows"][name].pk for name in expected]


def test_references_find_their_rows(log, personas, client):
    client.force_login(personas.auditor)
    by_person = client.get(reverse("access-log"), {"record": f"P{log['amelia'].pk:06d}"})
    assert _ids(by_person) == [log["rows"]["leader_amelia"].pk]
    by_case = client.get(reverse("access-log"), {"record": log["case"].reference})
    assert _ids(by_case) == [log["rows"]["leader_late"].pk, log["rows"]["leader_case"].pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"}, "date_from"),
        ({"date_to_0": "1", "date_to_1": "1", "date_to_2": "9999"}, "date_to"),
        (
            {
                "date_from_0": "5",
                "date_from_1": "11",
                "date_from_2": "2026",
                "date_to_0": "4",
                "date_to_1": "11",
                "date_to_2": "2026",
            },
            "date_to",
        ),
        ({"record": "a\x00b"}, "record"),
        ({"user": "x" * 101}, "user"),
        ({"action": "delete"}, "action"),
    ],
)
def test_bad_search_input_is_a_field_error(query, field, log, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("access-log"), query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"govuk-error-summary" in response.content


def test_the_log_is_paged_fifty_at_a_time(personas, client):
    for n in range(120):
        AccessLogEntry.objects.create(
            user=personas.manager, action="list", what=f"Row {n}", at=_at(1) + timedelta(minutes=n)
        )
    client.force_login(personas.auditor)
    first = client.get(reverse("access-log"))
    assert [e.what for e in first.context["page"].object_list][:2] == ["Row 119", "Row 118"]
    assert len(first.context["page"].object_list) == 50
    third = client.get(reverse("access-log"), {"page": "3"})
    assert [e.what for e in third.context["page"].object_list] == [
        f"Row {n}" for n in range(19, -1, -1)
    ]
    assert b'aria-current="page">3<' in third.content
    assert b"govuk-pagination" in third.content


def test_a_page_of_the_log_costs_the_same_queries_however_long(
    personas, client, django_assert_max_num_queries
):
    for n in range(60):
        AccessLogEntry.objects.create(user=personas.manager, action="list", what=f"Row {n}")
    client.force_login(personas.auditor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("access-log")).status_code == 200


def test_the_csv_export_is_formula_safe_and_logged(log, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("access-log-export"), {"user": "olivia.officer"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:6] == ["when", "user", "username", "action", "what", "purpose"]
    assert [(r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("olivia.officer", "export", '\'=HYPERLINK("http://x")', "'-2+3"),
        (
            "olivia.officer",
            "view",
            f"Person P{log['bram'].pk}",
            "Safeguarding check requested by school",
        ),
        ("olivia.officer", "search", "People search: okonkwo", "People search page"),
    ]
    exported = AccessLogEntry.objects.filter(user=personas.auditor)
    assert [(e.action, e.what) for e in exported] == [
        ("export", "Access log export, 3 rows (user=olivia.officer)")
    ]


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=1+1", "'=1+1"),
        ("+44 161", "'+44 161"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Amelia", "Amelia"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


@pytest.mark.parametrize(
    "role", ["contact_officer", "locality_leader", "manager", "admin", "partner"]
)
def test_only_auditors_search_or_export(role, personas, client):
    client.force_login(personas.for_role(role))
    assert client.get(reverse("access-log")).status_code == 403
    assert client.get(reverse("access-log-export")).status_code == 403


def test_who_has_looked_at_a_person(log, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("person-access-log", args=[log["amelia"].pk]))
    assert response.status_code == 200
    rows = log["rows"]
    written = AccessLogEntry.objects.filter(user=personas.auditor)
    assert [(e.action, e.what, e.person_id) for e in written] == [
        ("view", f"Access history of person P{log['amelia'].pk}", log["amelia"].pk)
    ]
    # This look itself (it names her), her own row and the rows about her family's case;
    # not Bram's, not the search.
    assert _ids(response) == [
        written[0].pk,
        rows["leader_late"].pk,
        rows["leader_amelia"].pk,
        rows["leader_case"].pk,
    ]


@pytest.mark.parametrize("role", ["contact_officer", "locality_leader", "manager"])
def test_only_auditors_see_who_has_looked(role, log, personas, client):
    client.force_login(personas.for_role(role))
    assert client.get(reverse("person-access-log", args=[log["amelia"].pk])).status_code == 404


def test_the_api_searches_the_same_way(log, personas, client):
    client.force_login(personas.auditor)
    response = client.get(reverse("api-access-log"), {"record": "okonkwo", "action": "view"})
    assert response.status_code == 200
    body = response.json()
    results = body["results"] if isinstance(body, dict) else body
    assert [r["id"] for r in results] == [
        log["rows"]["leader_late"].pk,
        log["rows"]["leader_amelia"].pk,
        log["rows"]["leader_case"].pk,
    ]
    bad = client.get(reverse("api-access-log"), {"date_from": "2026-13-01", "action": "nope"})
    assert bad.status_code == 400
    assert set(bad.json()) >= {"date_from", "action"}


# --- Case sub-pages are logged as what they are -----------------------------------------


@pytest.mark.parametrize(
    "url_name, what",
    [
        ("case-detail", "Case {ref}"),
        ("tac", "Team Around the Family, case {ref}"),
        ("caf-assessment", "CAF assessment, case {ref}"),
        ("api-case-chronology", "Chronology, case {ref}"),
    ],
)
def test_case_sub_pages_are_logged_as_what_they_are(url_name, what, personas, client):
    case = TacCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        lead_professional=personas.practitioner,
    )
    client.force_login(personas.practitioner)
    client.get(reverse(url_name, args=[case.pk]))
    rows = AccessLogEntry.objects.filter(user=personas.practitioner)
    assert [r.what for r in rows] == [what.format(ref=case.reference)]


# --- Unusual access -----------------------------------------------------------------------


@override_settings(UNUSUAL_ACCESS_OUTSIDE_LOCALITY_PER_DAY=2)
def test_unusual_access_is_reported_to_auditors_once_a_day(personas):
    second_auditor = type(personas.auditor).objects.create(username="ian.ig")
    second_auditor.groups.add(*personas.auditor.groups.all())
    day = datetime(2026, 11, 10, 9, tzinfo=LONDON)
    leader = personas.locality_leader  # works in `home`
    away_cases = [
        CaseFactory(locality=personas.away, family__locality=personas.away) for _ in range(3)
    ]
    home_cases = [
        CaseFactory(locality=personas.home, family__locality=personas.home) for _ in range(4)
    ]
    for case in [*away_cases[:2], *home_cases]:
        AccessLogEntry.objects.create(user=leader, action="view", what="x", case=case, at=day)
    # Two away records (the same one twice counts once) and any number at home: not unusual.
    AccessLogEntry.objects.create(user=leader, action="view", what="x", case=away_cases[0], at=day)
    assert unusual_access_alerts_raise(day=day.date()) == []
    # A third away record, but the day before: still not.
    AccessLogEntry.objects.create(
        user=leader, action="view", what="x", case=away_cases[2], at=day - timedelta(days=1)
    )
    assert unusual_access_alerts_raise(day=day.date()) == []
    AccessLogEntry.objects.create(user=leader, action="view", what="x", case=away_cases[2], at=day)
    # A manager (no locality) opens everything: not counted.
    for case in away_cases:
        AccessLogEntry.objects.create(
            user=personas.manager, action="view", what="x", case=case, at=day
        )
    outbox_before = OutboxMessage.objects.count()
    assert unusual_access_alerts_raise(day=day.date()) == [leader.pk]
    assert unusual_access_alerts_raise(day=day.date()) == []  # run again: nothing new
    alerts = Notification.objects.filter(kind="unusual_access").order_by("user_id")
    assert [(n.user_id, n.message) for n in alerts] == [
        (
            auditor.pk,
            f"Unusual access: {leader.get_full_name()} (lena.leader) opened 3 case "
            "records outside their locality on 10 November 2026. Check the access log.",
        )
        for auditor in sorted([personas.auditor, second_auditor], key=lambda u: u.pk)
    ]
    assert list(
        UnusualAccessAlert.objects.values_list("user_id", "day", "records_outside_locality")
    ) == [(leader.pk, day.date(), 3)]
    assert OutboxMessage.objects.count() == outbox_before + 1  # the auditors' emails
