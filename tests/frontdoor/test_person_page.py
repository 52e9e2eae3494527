"""The person page leads somewhere (issue 11): to the family's open case, and to recording a
contact about the family with the family already chosen; people search says how many
matched and asks for more when it shows only the best of them."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from pathway.choices import Stage
from pathway.models import ContactDraft
from tests.factories import (
    CaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def family(personas):
    family = FamilyFactory(
        address_line_1="14 Hollins Lane", postcode="SK4 2AB", locality=personas.home
    )
    mum = PersonFactory(given_name="Grace", family_name="Okafor", date_of_birth=None)
    HouseholdMemberFactory(family=family, person=mum, relationship="parent_carer")
    return family


def mum(family):
    return family.members.get(relationship="parent_carer").person


def test_the_person_page_links_to_the_familys_open_case(personas, family, client):
    CaseFactory(family=family, stage=Stage.CLOSED, locality=personas.home)
    open_case = CaseFactory(family=family, stage=Stage.CONTACT, locality=personas.home)
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("person-detail", args=[mum(family).pk])))
    assert re.search(
        rf'<a class="govuk-link" href="/cases/{open_case.pk}/">Okafor family, 14 Hollins Lane</a>',
        page,
    )
    assert (
        f'<a class="govuk-link" href="/cases/{open_case.pk}/">Case {open_case.reference}</a>'
        in page
    )
    assert "Open case" in page


def test_a_case_the_user_may_not_see_is_not_linked(personas, family, client):
    # A plan running in a locality: the front door finds the person but not the case.
    hidden = CaseFactory(family=family, stage=Stage.TAC, locality=personas.away)
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("person-detail", args=[mum(family).pk])))
    assert f"/cases/{hidden.pk}/" not in page
    assert "None you can see" in page


def test_record_a_contact_about_this_family_starts_with_the_family_chosen(personas, family, client):
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("person-detail", args=[mum(family).pk])))
    assert "Record a contact about this family" in page
    assert f'<input type="hidden" name="family" value="{family.pk}">' in page

    response = client.post(reverse("contact-start"), {"family": family.pk})
    draft = ContactDraft.objects.get()
    assert response.url == reverse("contact-draft-step", args=[draft.pk, "received"])
    assert draft.cleaned("family")["family_id"] == family.pk
    # The family question is passed over: after who made the contact come the children.
    from tests.frontdoor.test_contact_form import received, step

    assert received(client, draft).status_code == 302
    after_referrer = client.post(step(draft, "referrer"), {"referral_source": "1C"})
    assert after_referrer.url == step(draft, "children")


def test_a_family_the_officer_may_not_see_is_not_chosen(personas, client):
    stranger = FamilyFactory()
    client.force_login(personas.practitioner)  # may not record contacts at all
    assert client.post(reverse("contact-start"), {"family": stranger.pk}).status_code == 403
    client.force_login(personas.contact_officer)
    client.post(reverse("contact-start"), {"family": "not-a-number"})
    assert ContactDraft.objects.get().cleaned("family") is None


def test_who_may_not_record_contacts_is_not_offered_it(personas, family, client):
    client.force_login(personas.manager)
    page = text(client.get(reverse("person-detail", args=[mum(family).pk])))
    assert "Record a contact about this family" not in page


# --- People search: how many, and refine --------------------------------------------------


def test_search_says_how_many_matched_and_asks_to_refine_past_the_first_25(personas, client):
    for n in range(30):
        PersonFactory(given_name=f"Child{n:02d}", family_name="Smith")
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("people-search"), {"q": "Smith"}))
    assert "30 matches for name “Smith”" in page
    assert "Showing the best 25 of 30. Add a date of birth, a postcode or a full name" in page


def test_search_that_shows_every_match_does_not_ask_to_refine(personas, client):
    PersonFactory(given_name="Ada", family_name="Okafor")
    client.force_login(personas.contact_officer)
    page = text(client.get(reverse("people-search"), {"q": "Ada Okafor"}))
    assert "1 match for name “Ada Okafor”" in page
    assert "Showing the best" not in page
