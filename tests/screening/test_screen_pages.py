"""Screening from where the contact is (issue 11): "Screen this contact" on the contact
page and the queue for those who may screen; the tool one section per page; the level of
need shown before the decision; a warning, not a block, for a decision that does not fit."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from screening.models import Screening
from tests.factories import ContactFactory
from tests.screening.factories import ScreeningCaseFactory
from tests.screening.test_scoring import all_answers

SCREEN_LINK = "Screen this contact"
CAF_AT_UNIVERSAL = (
    "“CAF recommendation” does not usually fit Universal level. "
    "A CAF is for Universal Plus or Targeted needs. "
    "Check the decision, or record it anyway if your rationale explains why."
)


@pytest.fixture
def contact(personas, tool):
    return ContactFactory(case__locality=personas.home, case__family__locality=personas.home)


def text(response) -> str:
    return html.unescape(response.content.decode())


def fit_warning(response) -> str | None:
    """The warning shown above the decision, if any."""
    found = re.search(
        r'<div class="govuk-warning-text" id="fit-warning" data-text="([^"]*)">',
        response.content.decode(),
    )
    return html.unescape(found.group(1)) if found else None


def section_data(tool, section: str, **overrides: str) -> dict[str, str]:
    """The form data for one section: every question of that section of `tool`."""
    answers = all_answers(tool, **overrides)
    codes = set(tool.domains.get(code=section).questions.values_list("code", flat=True))
    return {f"q_{code}": value for code, value in answers.items() if code in codes}


def decision_data(tool, contact, decision: str, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {f"q_{code}": value for code, value in all_answers(tool).items()}
    data.update(
        action="decide",
        decision=decision,
        rationale="Mum asked for a parenting course",
        version=contact.case.version,
        **extra,
    )
    return data


# --- The way in ------------------------------------------------------------------------


def test_a_contact_officer_is_offered_screening_on_the_contact_page(personas, contact, client):
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("contact-detail", args=[contact.pk])))
    assert f'<a href="/contacts/{contact.pk}/screen/" role="button"' in page
    assert SCREEN_LINK in page


@pytest.mark.parametrize("persona", ["manager", "locality_leader"])
def test_who_may_read_the_contact_but_not_screen_is_not_offered_it(
    personas, contact, client, persona
):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("contact-detail", args=[contact.pk]))
    assert response.status_code == 200
    assert SCREEN_LINK not in text(response)


def test_a_contact_waiting_for_sign_off_is_not_offered_again(personas, client):
    case = ScreeningCaseFactory(locality=personas.home, family__locality=personas.home)
    waiting = case.contacts.get()
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("contact-detail", args=[waiting.pk])))
    assert "Awaiting screening" in page  # not applied yet, so still in the queue
    assert SCREEN_LINK not in page


def test_the_queue_offers_screening_per_contact_that_may_be_screened(personas, contact, client):
    waiting = ScreeningCaseFactory(
        locality=personas.home, family__locality=personas.home
    ).contacts.get()
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("contact-queue")))
    assert waiting.reference in page and contact.reference in page
    links = re.findall(r'href="/contacts/(\d+)/screen/">Screen this contact', page)
    assert links == [str(contact.pk)]


@pytest.mark.parametrize("persona", ["manager", "locality_leader"])
def test_the_queue_is_not_theirs(personas, contact, client, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("contact-queue"))
    assert response.status_code == 403
    assert SCREEN_LINK not in text(response)


# --- One section per page, then the level, then the decision --------------------------------


def test_the_sections_lead_to_the_level_shown_before_the_decision(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    start = client.get(reverse("screen-contact", args=[contact.pk]))
    assert start.url == f"/contacts/{contact.pk}/screen/child/"
    first = text(client.get(start.url))
    assert "Multi-agency screening, section 1 of 3" in first
    assert '<h1 class="govuk-heading-l">The child\'s developmental needs</h1>' in first
    assert "Are there guidance and boundaries?" not in first  # a later section's question

    step = client.post(start.url, section_data(tool, "child"))
    assert step.url == f"/contacts/{contact.pk}/screen/parenting/"
    step = client.post(
        step.url, section_data(tool, "parenting", boundaries="some", parent_substance="some")
    )
    assert step.url == f"/contacts/{contact.pk}/screen/family/"
    step = client.post(step.url, section_data(tool, "family", domestic_abuse="significant"))
    assert step.url == f"/contacts/{contact.pk}/screen/"

    decide = client.get(step.url)
    page = text(decide)
    # boundaries 1 + parent_substance 3 + domestic_abuse 6 = 10: Targeted.
    assert "Computed level: Targeted" in page
    assert "Score 10" in page
    assert page.index("Computed level: Targeted") < page.index('name="decision"')
    assert page.index("Is there domestic abuse in the household?") < page.index("Computed level")
    assert "Significant concern" in page
    assert f'href="/contacts/{contact.pk}/screen/parenting/">Change' in page
    assert fit_warning(decide) is None
    # The table the page's script warns from, as the officer chooses.
    table = json.loads(
        re.search(
            r'<script id="decision-fit-warnings" type="application/json">(.*?)</script>',
            decide.content.decode(),
        ).group(1)
    )
    assert table["caf"]["universal"] == CAF_AT_UNIVERSAL
    assert table["caf"]["targeted"] == ""
    assert table["step_up"]["statutory"] == ""


def test_a_changed_section_keeps_the_other_answers_and_returns_to_the_decision(
    personas, contact, tool, client
):
    client.force_login(personas.contact_officer)
    for section in ("child", "parenting", "family"):
        client.post(
            reverse("screen-contact-section", args=[contact.pk, section]),
            section_data(tool, section),
        )
    assert "Computed level: Universal" in text(
        client.get(reverse("screen-contact", args=[contact.pk]))
    )
    change = reverse("screen-contact-section", args=[contact.pk, "family"])
    form = text(client.get(change))
    assert 'name="q_housing" type="radio" value="none" checked>' in form
    back = client.post(
        change, section_data(tool, "family", housing="significant", income="significant")
    )
    assert back.url == f"/contacts/{contact.pk}/screen/"
    # housing 2 + income 2 = 4: Universal Plus.
    assert "Computed level: Universal Plus" in text(client.get(back.url))


def test_an_unanswered_question_is_an_error_next_to_it(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    data = section_data(tool, "family")
    del data["q_housing"]
    response = client.post(reverse("screen-contact-section", args=[contact.pk, "family"]), data)
    assert response.status_code == 200
    page = text(response)
    assert re.search(
        r'id="id_q_housing-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> Answer “Are there housing problems\?”',
        page,
    )


def test_an_unknown_section_and_a_contact_out_of_sight_are_not_found(personas, contact, client):
    client.force_login(personas.contact_officer)
    assert (
        client.get(reverse("screen-contact-section", args=[contact.pk, "nope"])).status_code == 404
    )
    hidden = ContactFactory(case__stage="allocated", case__locality=personas.away)
    hidden.screened_at = hidden.received_at
    hidden.save()
    assert (
        client.get(reverse("screen-contact-section", args=[hidden.pk, "child"])).status_code == 404
    )


# --- The fit warning ---------------------------------------------------------------------


def test_a_caf_at_universal_is_warned_about_then_recorded_if_confirmed(
    personas, contact, tool, client
):
    client.force_login(personas.contact_officer)
    url = reverse("screen-contact", args=[contact.pk])
    warned = client.post(url, decision_data(tool, contact, "caf"))
    assert warned.status_code == 200
    page = text(warned)
    assert fit_warning(warned) == CAF_AT_UNIVERSAL
    assert f'<span class="govuk-visually-hidden">Warning</span>{CAF_AT_UNIVERSAL}</strong>' in page
    assert 'name="fit_confirmed" value="caf:universal"' in page
    assert "Record the decision anyway" in page
    assert not Screening.objects.filter(contact=contact).exists()

    recorded = client.post(url, decision_data(tool, contact, "caf", fit_confirmed="caf:universal"))
    assert recorded.status_code == 302
    screening = Screening.objects.get(contact=contact)
    assert (screening.decision, screening.computed_level) == ("caf", "universal")


def test_a_confirmation_for_another_decision_does_not_count(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    url = reverse("screen-contact", args=[contact.pk])
    response = client.post(
        url,
        decision_data(
            tool,
            contact,
            "step_up",
            fit_confirmed="caf:universal",
        ),
    )
    assert response.status_code == 200
    assert fit_warning(response) == (
        "“Step up to social care” does not usually fit Universal level. A step-up to social "
        "care is for Specialist or Statutory needs. Check the decision, or record it anyway "
        "if your rationale explains why."
    )
    assert not Screening.objects.filter(contact=contact).exists()


def test_a_decision_that_fits_is_recorded_without_a_warning(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    response = client.post(
        reverse("screen-contact", args=[contact.pk]), decision_data(tool, contact, "advice")
    )
    assert response.status_code == 302
    assert Screening.objects.get(contact=contact).decision == "advice"


def test_an_override_is_judged_at_the_level_decided(personas, contact, tool, client):
    client.force_login(personas.contact_officer)
    response = client.post(
        reverse("screen-contact", args=[contact.pk]),
        decision_data(
            tool,
            contact,
            "caf",
            level_override="targeted",
            override_reason="Third contact this term about the same child",
        ),
    )
    assert response.status_code == 302
    screening = Screening.objects.get(contact=contact)
    assert (screening.level_override, screening.status) == ("targeted", "awaiting_sign_off")
