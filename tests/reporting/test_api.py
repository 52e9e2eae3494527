"""GET /api/v1/reports/performance/: JSON, CSV and Excel, who may read it, bad input."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from pathway.choices import Decision, Role
from pathway.models import AccessLogEntry
from reporting.exports import safe_cell
from tests.pathway.factories import MembershipFactory, UserFactory
from tests.reporting.builders import at, screened

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/performance/"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def outcome_counts(body):
    measure = next(m for m in body["measures"] if m["key"] == "outcomes")
    return {row["code"]: row["cells"]["count"]["value"] for row in measure["tables"][0]["rows"]}


@pytest.fixture
def march(personas):
    """Central: 6 CAF and 2 universal in March; North: 3 CAF."""
    for day in range(2, 8):
        screened(Decision.CAF, at(date(2026, 3, day)), locality=personas.home)
    for day in (9, 10):
        screened(Decision.UNIVERSAL, at(date(2026, 3, day)), locality=personas.home)
    for day in (11, 12, 13):
        screened(Decision.CAF, at(date(2026, 3, day)), locality=personas.away)
    return personas


def test_a_manager_reads_the_measures_as_json(march, client):
    client.force_login(march.manager)
    response = client.get(URL, MARCH)
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert body["locality"] is None
    assert body["source"] == "computed" and body["suppressed"] is False
    counts = outcome_counts(body)
    assert (counts["caf"], counts["universal"], counts["total"]) == (9, 2, 11)
    central = client.get(URL, {**MARCH, "locality": "central"}).json()
    assert (outcome_counts(central)["caf"], central["locality"]) == (6, "central")
    keys = [m["key"] for m in body["measures"]]
    assert keys == [
        "screened",
        "outcomes",
        "caf_compliance",
        "universal_uptake",
        "presenting_issues",
        "referral_sources",
        "step_down",
        "social_care_referrals",
        "invest_to_save",
        "caseload",
        "repeat_contacts",
        "time_to_decision",
    ]
    assert all(m["definition"] for m in body["measures"])


def test_a_locality_leader_sees_small_numbers_only_in_their_own_locality(march, client):
    client.force_login(march.locality_leader)  # leads Central
    own = client.get(URL, {**MARCH, "locality": "central"}).json()
    assert own["suppressed"] is False
    assert outcome_counts(own)["universal"] == 2

    other = client.get(URL, {**MARCH, "locality": "north"}).json()
    assert other["suppressed"] is True
    counts = outcome_counts(other)
    assert counts["caf"] is None  # 3: under 5
    assert counts["universal"] == 0  # nothing to hide in a zero
    outcomes = next(m for m in other["measures"] if m["key"] == "outcomes")
    caf_row = next(r for r in outcomes["tables"][0]["rows"] if r["code"] == "caf")
    assert caf_row["cells"]["count"] == {"value": None, "kind": "count", "suppressed": True}
    # 3 of 3 is 100%: a percentage of a small number is suppressed with it.
    assert caf_row["cells"]["share"]["value"] is None

    borough = client.get(URL, MARCH).json()
    assert borough["suppressed"] is True
    counts = outcome_counts(borough)
    assert (counts["caf"], counts["universal"], counts["total"]) == (9, None, 11)
    compliance = next(m for m in borough["measures"] if m["key"] == "caf_compliance")
    breaches = next(t for t in compliance["tables"] if t["key"] == "breaches")
    assert breaches["rows"] == [] and breaches["withheld"] is True


@pytest.mark.parametrize(
    "role",
    ["contact_officer", "senior_practitioner", "practitioner", "partner", "admin", "auditor"],
)
def test_roles_the_policy_does_not_allow_are_refused(personas, client, role):
    client.force_login(personas.for_role(role))
    response = client.get(URL, MARCH)
    assert response.status_code == 403
    assert "measures" not in response.json()
    assert client.get(URL, {**MARCH, "format": "csv"}).status_code == 403


def test_anonymous_callers_are_refused(client, reference_data):
    assert client.get(URL, MARCH).status_code in (401, 403)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13-01", "to": "2026-03-31"}, "from"),
        ({"from": "2026-03-01", "to": "yesterday"}, "to"),
        ({"from": "2026-04-01", "to": "2026-03-31"}, "to"),
        ({"from": "2026-03-01"}, "to"),
        ({"from": "1066-10-14", "to": "2026-03-31"}, "from"),
        ({"from": "2000-01-01", "to": "2100-12-31"}, "to"),
        ({**MARCH, "locality": "atlantis"}, "locality"),
        ({**MARCH, "locality": "cen\x00tral"}, "locality"),
        ({**MARCH, "locality": "x" * 500}, "locality"),
        ({**MARCH, "format": "pdf"}, "format"),
        ({"from": "", "to": "2026-03-31"}, "from"),
        ({"to": ""}, "to"),
        ({"from": "2026-03-01", "format": "csv"}, "to"),  # an error is JSON, even for a download
    ],
)
def test_bad_input_is_a_400_naming_the_field(personas, client, query, field):
    client.force_login(personas.manager)
    response = client.get(URL, query)
    assert response.status_code in (400, 404), response.content
    if response.status_code == 404:  # DRF's format negotiation answers an unknown format
        assert field == "format"
        return
    assert field in response.json()


def test_safe_cell_neutralises_every_formula_start():
    for dangerous in ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]:
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Police") == "Police"
    assert safe_cell(-50.0) == -50.0
    assert safe_cell(3) == 3
    assert safe_cell(None) is None


@pytest.fixture
def hostile_worker(personas):
    """A caseholder whose name is a formula: the caseload table names workers."""
    worker = UserFactory(
        username="eve.formula",
        role=Role.PRACTITIONER,
        first_name='=HYPERLINK("http://x")',
        last_name="",
    )
    MembershipFactory(user=worker, locality=personas.home, capacity=5)
    return worker


def test_the_csv_export_is_every_figure_with_formulas_neutralised_and_logged(
    march, hostile_worker, client
):
    client.force_login(march.manager)
    response = client.get(URL, {**MARCH, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "measure",
        "table",
        "row_code",
        "row",
        "column",
        "value",
        "kind",
        "suppressed",
    ]
    assert [
        "Screening outcomes",
        "Screening outcomes",
        "caf",
        "CAF recommendation",
        "Screenings",
        "9",
        "count",
        "",
    ] in rows
    names = [row[3] for row in rows if row[2] == "eve.formula"]
    assert names and all(name == '\'=HYPERLINK("http://x")' for name in names)
    logged = AccessLogEntry.objects.filter(user=march.manager)
    assert [(e.action, e.what) for e in logged] == [
        ("export", "Performance report (CSV), 2026-03-01 to 2026-03-31, All localities")
    ]


def test_the_excel_export_opens_with_a_sheet_per_table_and_is_logged(march, hostile_worker, client):
    client.force_login(march.manager)
    response = client.get(URL, {**MARCH, "format": "xlsx", "locality": "central"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[0] == "About"
    assert "outcomes by_decision" in workbook.sheetnames
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert (about["Period from"], about["Locality"]) == ("2026-03-01", "Central")
    outcomes = list(workbook["outcomes by_decision"].iter_rows(values_only=True))
    assert outcomes[0] == ("Row", "Screenings", "Share of all screenings (%)")
    assert ("CAF recommendation", 6, 75.0) in outcomes
    workers = list(workbook["caseload workers"].iter_rows(values_only=True))
    cell = next(row[0] for row in workers if row[0] and "HYPERLINK" in row[0])
    assert cell == '\'=HYPERLINK("http://x")'
    assert AccessLogEntry.objects.filter(user=march.manager, action="export").count() == 1


def test_a_json_read_naming_cases_is_logged_once_and_one_naming_none_is_not(personas, client):
    client.force_login(personas.manager)
    client.get(URL, MARCH)
    assert AccessLogEntry.objects.filter(user=personas.manager).count() == 0
    from tests.caf.factories import RecommendationFactory

    RecommendationFactory(made_on=date(2026, 2, 2))  # due 2 March, never completed: a breach
    client.get(URL, MARCH)
    assert list(
        AccessLogEntry.objects.filter(user=personas.manager).values_list("action", flat=True)
    ) == ["list"]
