"""Issue 10 (low): every access-log row says why the record was read.

A reason the user gave when there is one; otherwise the page or API endpoint the record
was read through. The auditor sees it on the access-log page and in the API.
"""

from __future__ import annotations

from django.test import RequestFactory
from django.urls import resolve, reverse

from pathway.models import AccessLogEntry
from pathway.selectors.cases import case_get_for_view
from pathway.services.audit import access_log_record, access_purpose_state
from tests.factories import CaseFactory, PersonFactory


def _home_case(personas):
    return CaseFactory(stage="allocated", locality=personas.home, family__locality=personas.home)


def _purposes(user):
    return list(AccessLogEntry.objects.filter(user=user).values_list("purpose", flat=True))


def test_the_case_page_records_its_name_as_the_purpose(personas, client):
    case = _home_case(personas)
    client.force_login(personas.locality_leader)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    assert _purposes(personas.locality_leader) == ["Case detail page"]


def test_an_api_call_records_the_endpoint_as_the_purpose(personas, client):
    case = _home_case(personas)
    client.force_login(personas.locality_leader)
    assert client.get(reverse("api-case-detail", args=[case.pk])).status_code == 200
    assert _purposes(personas.locality_leader) == ["API case detail"]


def test_lists_and_searches_record_theirs(personas, client):
    PersonFactory(given_name="Jon", family_name="Smyth")
    client.force_login(personas.contact_officer)
    client.get(reverse("case-list"))
    client.get(reverse("api-people-search"), {"q": "Jon Smyth"})
    client.get(reverse("contact-queue"))
    assert sorted(_purposes(personas.contact_officer)) == [
        "API people search",
        "Case list page",
        "Contact queue page",
    ]


def test_the_administration_site_records_the_model_and_page(personas, client):
    client.force_login(personas.auditor)
    assert client.get("/admin/pathway/loginattempt/").status_code == 200
    assert _purposes(personas.auditor) == ["Administration site: login attempts (list)"]


def _request_for(path, user):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.user = user
    return request


def test_a_reason_the_user_gave_is_recorded_instead_of_the_page(personas):
    case = _home_case(personas)
    request = _request_for(f"/cases/{case.pk}/", personas.locality_leader)
    access_purpose_state(request, "  Police asked about the family's safety  ")
    case_get_for_view(user=personas.locality_leader, pk=case.pk, request=request)
    assert _purposes(personas.locality_leader) == ["Police asked about the family's safety"]


def test_a_reason_passed_by_the_caller_wins(personas):
    case = _home_case(personas)
    request = _request_for(f"/cases/{case.pk}/", personas.locality_leader)
    access_purpose_state(request, "Stated earlier")
    case_get_for_view(
        user=personas.locality_leader, pk=case.pk, request=request, purpose="Court order"
    )
    assert _purposes(personas.locality_leader) == ["Court order"]


def test_without_a_request_the_purpose_is_what_the_caller_says(personas):
    access_log_record(user=personas.manager, action="export", what="Report")
    access_log_record(
        user=personas.manager, action="export", what="Report", purpose="Monthly return"
    )
    assert sorted(_purposes(personas.manager)) == ["", "Monthly return"]


def test_the_auditor_reads_the_purpose_on_the_page_and_in_the_api(personas, client):
    case = _home_case(personas)
    client.force_login(personas.locality_leader)
    client.get(reverse("case-detail", args=[case.pk]))
    client.force_login(personas.auditor)
    page = client.get(reverse("access-log")).content.decode()
    assert '<th scope="col" class="govuk-table__header">Why</th>' in page
    assert '<td class="govuk-table__cell">Case detail page</td>' in page
    api = client.get(reverse("api-access-log"), {"case": case.pk}).json()
    assert [row["purpose"] for row in api["results"]] == ["Case detail page"]
