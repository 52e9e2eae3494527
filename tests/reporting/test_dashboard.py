"""The dashboard (/reports/) and the cases behind a figure."""

from __future__ import annotations

import re
from datetime import date

import pytest

from pathway.choices import Decision
from pathway.models import AccessLogEntry
from tests.reporting.builders import at, screened

pytestmark = pytest.mark.django_db
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def march(personas):
    """Central: 6 CAF and 2 universal in March; North: 3 CAF."""
    cases = {"central": [], "north": []}
    for day in range(2, 8):
        cases["central"].append(
            screened(Decision.CAF, at(date(2026, 3, day)), locality=personas.home).case
        )
    for day in (9, 10):
        screened(Decision.UNIVERSAL, at(date(2026, 3, day)), locality=personas.home)
    for day in (11, 12, 13):
        cases["north"].append(
            screened(Decision.CAF, at(date(2026, 3, day)), locality=personas.away).case
        )
    personas.march_cases = cases
    return personas


def caf_cell(html: str) -> str:
    table = html.split('id="table-outcomes-by_decision"', 1)[1].split("</table>", 1)[0]
    row = table.split("CAF recommendation</th>", 1)[1].split("</tr>", 1)[0]
    return re.findall(r"<td[^>]*>(.*?)</td>", row)[0]


def test_a_manager_filters_by_period_and_locality_and_can_drill_down(
    march, client, django_assert_max_num_queries
):
    client.force_login(march.manager)
    # Three reports (this period, the one before, a year before): the queries do not grow
    # with the data (each measure is a few set-based queries).
    with django_assert_max_num_queries(140):
        page = client.get("/reports/", {**MARCH, "locality": "central"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 March 2026 to 31 March 2026, Central" in html
    cell = caf_cell(html)
    assert ">6<" in cell and "/reports/cases/?" in cell and "figure=outcome%3Acaf" in cell
    assert (
        "/api/v1/reports/performance/?from=2026-03-01&amp;to=2026-03-31&amp;locality=central&amp;format=csv"
        in html
    )
    assert "Compared with earlier periods" in html
    assert "Previous period (1 February 2026 to 28 February 2026)" in html
    assert "A year before (1 March 2025 to 31 March 2025)" in html
    assert "This is an estimate, not a measured saving." in html
    assert "<svg" in html and 'aria-hidden="true"' in html

    link = re.search(r'href="(/reports/cases/\?[^"]*figure=outcome%3Acaf[^"]*)"', html).group(1)
    drill = client.get(link.replace("&amp;", "&"))
    assert drill.status_code == 200
    listed = set(re.findall(r"C\d{6}", drill.content.decode()))
    assert listed == {c.reference for c in march.march_cases["central"]}
    logged = AccessLogEntry.objects.filter(user=march.manager, action="list")
    assert [e.what for e in logged] == [
        "Cases behind outcome:caf, 2026-03-01 to 2026-03-31, Central"
    ]


def test_the_default_is_the_last_complete_month(march, client):
    client.force_login(march.manager)
    page = client.get("/reports/")
    assert page.status_code == 200
    assert page.context["period"].is_whole_month


def test_bad_dates_are_an_error_summary_and_field_errors(personas, client):
    client.force_login(personas.manager)
    page = client.get("/reports/", {"from": "2026-04-01", "to": "2026-03-31"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert "The end of the period must be the same as or after its start" in html
    assert 'href="#id_to"' in html
    page = client.get(
        "/reports/", {"from": "31/03/2026", "to": "2026-03-31", "locality": "atlantis"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Enter the first day as year-month-day" in html
    assert "Select a valid choice" in html


def test_a_leader_sees_small_numbers_suppressed_outside_their_locality_and_no_drill_down(
    march, client
):
    client.force_login(march.locality_leader)
    html = client.get("/reports/", {**MARCH, "locality": "north"}).content.decode()
    assert "Fewer than 5" in caf_cell(html)
    assert "/reports/cases/" not in html
    assert "withheld" in html
    own = client.get("/reports/", {**MARCH, "locality": "central"}).content.decode()
    assert ">6<" in caf_cell(own) and "/reports/cases/" in caf_cell(own)

    refused = client.get("/reports/cases/", {**MARCH, "locality": "north", "figure": "outcome:caf"})
    assert refused.status_code == 403
    assert client.get("/reports/cases/", {**MARCH, "figure": "outcome:caf"}).status_code == 403
    allowed = client.get(
        "/reports/cases/", {**MARCH, "locality": "central", "figure": "outcome:caf"}
    )
    assert set(re.findall(r"C\d{6}", allowed.content.decode())) == {
        c.reference for c in march.march_cases["central"]
    }


@pytest.mark.parametrize(
    "role",
    ["contact_officer", "senior_practitioner", "practitioner", "partner", "admin", "auditor"],
)
def test_roles_the_policy_does_not_allow_get_403_and_no_menu_item(personas, client, role):
    client.force_login(personas.for_role(role))
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/cases/", {**MARCH, "figure": "screened"}).status_code == 403
    home = client.get("/").content.decode()
    assert 'href="/reports/"' not in home


@pytest.mark.parametrize("role", ["manager", "locality_leader"])
def test_readers_have_the_menu_item(personas, client, role):
    client.force_login(personas.for_role(role))
    assert 'href="/reports/"' in client.get("/").content.decode()


def test_an_unknown_figure_is_a_404(personas, client):
    client.force_login(personas.manager)
    assert client.get("/reports/cases/", {**MARCH, "figure": "nonsense"}).status_code == 404
    assert (
        client.get("/reports/cases/", {**MARCH, "figure": "satisfaction:many"}).status_code == 404
    )
    assert client.get("/reports/cases/", {**MARCH, "figure": "screened:2026-99"}).status_code == 404


def test_the_cases_behind_a_figure_export_as_csv_logged(march, client):
    client.force_login(march.manager)
    response = client.get("/reports/cases/", {**MARCH, "figure": "outcome:caf", "format": "csv"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "case,stage,locality,opened_on,closed_on"
    assert len(lines) == 1 + 9
    logged = AccessLogEntry.objects.filter(user=march.manager)
    assert [(e.action, e.what) for e in logged] == [
        ("export", "Cases behind outcome:caf, 2026-03-01 to 2026-03-31, All localities (CSV)")
    ]


@pytest.mark.parametrize("path", ["/reports/", "/reports/cases/"])
def test_the_report_pages_belong_to_the_reports_section(personas, path):
    from pathway.navigation import navigation_for

    items = navigation_for(personas.manager, path)
    assert [item["text"] for item in items if item["current"]] == ["Reports"]
