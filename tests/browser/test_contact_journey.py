"""Recording a contact in the browser: every question page, check your answers, the queue;
drafts that survive a dropped call; finding people; merging duplicates; error messages.

axe runs on every page these journeys visit and must find nothing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.factories import PASSWORD, FamilyFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = "Your answers on this page have been saved."
DOMESTIC_ABUSE_PARENT = "Domestic abuse: concerns about parent or carer"  # 3B
MENTAL_HEALTH_PARENT = "Mental health: concerns about parent or carer"  # 4B
SAFEGUARDING = "Safeguarding of children and individuals at risk (DPA 2018)"


# --- Looking at pages ------------------------------------------------------------------


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def answer(page: Page, question: str) -> Locator:
    """The answer shown against `question` in a summary list (check your answers, details)."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(question)}$"))
    )
    return row.locator(".govuk-summary-list__value")


def date_boxes(page: Page, legend: str) -> Locator:
    return page.get_by_role("group", name=legend, exact=True)


def fill_date(page: Page, legend: str, day: date) -> None:
    boxes = date_boxes(page, legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def expect_date(page: Page, legend: str, day: date) -> None:
    boxes = date_boxes(page, legend)
    expect(boxes.get_by_label("Day")).to_have_value(str(day.day))
    expect(boxes.get_by_label("Month")).to_have_value(str(day.month))
    expect(boxes.get_by_label("Year")).to_have_value(str(day.year))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")


# --- The question pages, in the officer's words ------------------------------------------


def start_recording_a_contact(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Record a contact").click()
    expect(heading(page)).to_have_text("How and when the contact came in")


def say_how_and_when_it_came_in(page: Page, channel: str, day: date, time: str) -> None:
    expect(heading(page)).to_have_text("How and when the contact came in")
    page.get_by_label(channel, exact=True).check()
    fill_date(page, "Date received", day)
    page.get_by_label("Time received").fill(time)


def say_who_made_the_contact(
    page: Page, source_code: str, name: str = "", organisation: str = ""
) -> None:
    expect(heading(page)).to_have_text("Who made the contact")
    page.get_by_label("Who made the contact?").select_option(source_code)
    page.get_by_label("Referrer's name (optional)").fill(name)
    page.get_by_label("Organisation (optional)").fill(organisation)


def search_for_the_family(page: Page, words: str) -> None:
    expect(heading(page)).to_have_text("The family")
    page.get_by_label("Search by name, date of birth, postcode or NHS number").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name=f"Results for “{words}”")).to_be_visible()


def choose_to_create_a_new_family(page: Page) -> None:
    """The new-family form is on the results page: folded away under the matches when
    there are some, open under its own heading when there are none."""
    folded = page.locator("summary", has_text="None of these: create a new family")
    if folded.count():
        folded.click()
    else:
        expect(page.get_by_role("heading", name="Create a new family")).to_be_visible()
    expect(page.get_by_label("Address line 1", exact=True)).to_be_visible()


def give_the_new_familys_address(page: Page, line_1: str, town: str, postcode: str) -> None:
    page.get_by_label("Address line 1", exact=True).fill(line_1)
    page.get_by_label("Town or city (optional)").fill(town)
    page.get_by_label("Postcode", exact=True).fill(postcode)


def add_a_person(
    page: Page, given: str, family: str, born: date | None = None, sex: str = "Not known"
) -> None:
    """Fill the "Add a child" or "Add an adult" form (without pressing its button)."""
    page.get_by_label("First name").fill(given)
    page.get_by_label("Last name").fill(family)
    if born:
        fill_date(page, "Date of birth (optional if not known)", born)
    page.get_by_label(sex, exact=True).check()


def give_the_reason(page: Page, reason: str, primary: str, secondary: list[str]) -> None:
    expect(heading(page)).to_have_text("Why they made contact")
    page.get_by_label("What is the contact about, in the caller's words?").fill(reason)
    page.get_by_label("Primary presenting issue").select_option(primary)
    if secondary:
        page.locator("summary", has_text="Secondary presenting issues (optional)").click()
        for issue in secondary:
            page.get_by_label(issue).check()


def record_consent(page: Page, to_share: str, to_contact: str, lawful_basis: str = "") -> None:
    expect(heading(page)).to_have_text("Consent")
    page.get_by_role(
        "group",
        name="Has the family consented to information being shared with partner agencies?",
    ).get_by_label(to_share, exact=True).check()
    if lawful_basis:
        page.get_by_role("group", name="Lawful basis for sharing without consent").get_by_label(
            lawful_basis
        ).check()
    page.get_by_role(
        "group", name="Has the family agreed to be contacted by services?"
    ).get_by_label(to_contact, exact=True).check()


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


# --- 1. The whole journey ------------------------------------------------------------------


def test_officer_records_a_police_notification_about_a_new_family_with_two_children(
    page, live_server, personas, sign_in, assert_accessible
):
    yesterday = timezone.localdate() - timedelta(days=1)
    sign_in(page, "olivia.officer", PASSWORD)
    expect(heading(page)).to_contain_text("Your work")
    assert_accessible(page)

    start_recording_a_contact(page, live_server)
    assert_accessible(page)
    say_how_and_when_it_came_in(page, "Police domestic-incident notification", yesterday, "22:15")
    save_and_continue(page)

    assert_accessible(page)
    say_who_made_the_contact(page, "6", name="PC Dawn Reyes", organisation="Greater Manchester")
    save_and_continue(page)

    assert_accessible(page)
    search_for_the_family(page, "Okafor")
    expect(page.get_by_text("No matching people found.")).to_be_visible()
    assert_accessible(page)
    choose_to_create_a_new_family(page)
    assert_accessible(page)
    give_the_new_familys_address(page, "14 Hollins Lane", "Stockport", "sk4 2ab")
    save_and_continue(page)

    expect(heading(page)).to_have_text("Which children is the contact about?")
    assert_accessible(page)
    add_a_person(page, "Ada", "Okafor", born=date(2017, 5, 14), sex="Female")
    page.get_by_role("button", name="Add this child").click()
    expect(page.get_by_role("alert")).to_contain_text("Ada Okafor added")
    assert_accessible(page)
    # The second child's last name is suggested from the first.
    expect(page.get_by_label("Last name")).to_have_value("Okafor")
    add_a_person(page, "Tobi", "Okafor", born=date(2021, 11, 2), sex="Male")
    page.get_by_role("button", name="Add this child").click()
    expect(page.get_by_role("alert")).to_contain_text("Tobi Okafor added")
    added = page.locator("main li").filter(has=page.get_by_role("button", name="Remove"))
    expect(added).to_contain_text(["Ada Okafor", "Tobi Okafor"])
    assert_accessible(page)
    save_and_continue(page)

    expect(heading(page)).to_have_text("Which adults are in the household? (optional)")
    assert_accessible(page)
    add_a_person(page, "Grace", "Okafor", sex="Female")
    page.get_by_role("button", name="Add this adult").click()
    expect(page.get_by_role("alert")).to_contain_text("Grace Okafor added")
    assert_accessible(page)
    # Each adult's relationship to each child, and (a police notification) the alleged
    # perpetrator question.
    page.get_by_label("Grace Okafor: relationship to Ada Okafor").select_option("Mother")
    page.get_by_label("Grace Okafor: relationship to Tobi Okafor").select_option("Mother")
    expect(
        page.get_by_label("The police name Grace Okafor as the alleged perpetrator")
    ).not_to_be_checked()
    page.get_by_role("button", name="Save the adults and continue").click()

    assert_accessible(page)
    give_the_reason(
        page,
        "Police called to a verbal argument between mum and her partner; both children "
        "were at home.",
        primary="3B",
        secondary=[f"4B: {MENTAL_HEALTH_PARENT}"],
    )
    assert_accessible(page)  # with the secondary issues open
    save_and_continue(page)

    assert_accessible(page)
    record_consent(page, to_share="Not sought", to_contact="Not sought", lawful_basis=SAFEGUARDING)
    save_and_continue(page)

    expect(heading(page)).to_have_text("Check your answers before recording the contact")
    expect(answer(page, "How it came in")).to_have_text("Police domestic-incident notification")
    expect(answer(page, "Received")).to_have_text(f"{yesterday.day} {yesterday:%B %Y} at 10:15pm")
    expect(answer(page, "Referral source")).to_contain_text("6: Police")
    expect(answer(page, "Referral source")).to_contain_text("PC Dawn Reyes, Greater Manchester")
    expect(answer(page, "Family")).to_have_text("New family: 14 Hollins Lane, Stockport, SK4 2AB")
    children = answer(page, "Children").get_by_role("listitem")
    expect(children).to_have_text(
        ["Ada Okafor, born 14 May 2017", "Tobi Okafor, born 2 November 2021"]
    )
    expect(answer(page, "Adults")).to_have_text(
        "Grace Okafor: mother of Ada Okafor, mother of Tobi Okafor"
    )
    expect(answer(page, "Reason")).to_contain_text("Police called to a verbal argument")
    expect(answer(page, "Primary issue")).to_have_text(f"3B: {DOMESTIC_ABUSE_PARENT}")
    expect(answer(page, "Secondary issues")).to_have_text(f"4B: {MENTAL_HEALTH_PARENT}")
    expect(answer(page, "Consent to share")).to_contain_text("Not sought")
    expect(answer(page, "Consent to share")).to_contain_text(f"Lawful basis: {SAFEGUARDING}")
    expect(answer(page, "Consent to contact")).to_have_text("Not sought")
    assert_accessible(page)

    page.get_by_role("button", name="Record the contact").click()
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(re.compile(r"Contact \S+ recorded: case \S+ opened"))
    expect(heading(page)).to_have_text(re.compile(r"^Contact \S+$"))
    reference = heading(page).inner_text().removeprefix("Contact ").strip()
    expect(page.get_by_text("Awaiting screening", exact=True)).to_be_visible()
    about = answer(page, "About").get_by_role("listitem")
    expect(about).to_have_text(["Ada Okafor", "Tobi Okafor", "Grace Okafor (adult)"])
    assert_accessible(page)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Go to the contact queue").click()
    expect(heading(page)).to_have_text("Contacts awaiting screening")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Police domestic-incident notification")
    expect(row).to_contain_text(f"3B: {DOMESTIC_ABUSE_PARENT}")
    expect(row).to_contain_text(f"4B: {MENTAL_HEALTH_PARENT}")
    assert_accessible(page)


# --- 2. A draft survives an interruption -----------------------------------------------------


def answer_the_first_two_questions(page: Page, day: date) -> None:
    say_how_and_when_it_came_in(page, "Police domestic-incident notification", day, "09:40")
    save_and_continue(page)
    say_who_made_the_contact(page, "6", name="PC Dawn Reyes", organisation="Greater Manchester")
    save_and_continue(page)
    expect(heading(page)).to_have_text("The family")


def start_typing_a_new_familys_address_then_stop(page: Page) -> None:
    """The call drops while the officer is typing: nothing is submitted."""
    search_for_the_family(page, "Okafor")
    choose_to_create_a_new_family(page)
    page.get_by_label("Address line 1", exact=True).fill("14 Hollins Lane")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)


def carry_on_from_the_home_page(page: Page) -> None:
    expect(page.get_by_role("heading", name="Your unfinished contacts")).to_be_visible()
    carry_on = page.get_by_role("link", name="Carry on: Police domestic-incident notification")
    expect(carry_on).to_have_count(1)
    carry_on.click()


def expect_the_first_two_answers_kept(page: Page, day: date, assert_accessible) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Back").click()
    expect(heading(page)).to_have_text("Who made the contact")
    expect(page.get_by_label("Who made the contact?")).to_have_value("6")
    expect(page.get_by_label("Referrer's name (optional)")).to_have_value("PC Dawn Reyes")
    expect(page.get_by_label("Organisation (optional)")).to_have_value("Greater Manchester")
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    expect(heading(page)).to_have_text("How and when the contact came in")
    expect(page.get_by_label("Police domestic-incident notification", exact=True)).to_be_checked()
    expect_date(page, "Date received", day)
    expect(page.get_by_label("Time received")).to_have_value("09:40")
    assert_accessible(page)


def test_an_interrupted_draft_keeps_every_answer_including_autosaved_typing(
    page, live_server, personas, sign_in, assert_accessible
):
    yesterday = timezone.localdate() - timedelta(days=1)
    sign_in(page, "olivia.officer", PASSWORD)
    start_recording_a_contact(page, live_server)
    answer_the_first_two_questions(page, yesterday)
    start_typing_a_new_familys_address_then_stop(page)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "olivia.officer", PASSWORD)
    expect(heading(page)).to_contain_text("Your work")
    assert_accessible(page)
    carry_on_from_the_home_page(page)
    # The first question not yet answered, with the half-typed address straight back.
    expect(heading(page)).to_have_text("The family")
    assert_accessible(page)
    expect(page.get_by_label("Address line 1", exact=True)).to_have_value("14 Hollins Lane")
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("")
    # Shown as typed, not as errors: the officer has not submitted this page yet.
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(page)
    expect_the_first_two_answers_kept(page, yesterday, assert_accessible)


def test_carrying_on_shows_the_half_typed_new_family_address_straight_away(
    page, live_server, personas, sign_in
):
    sign_in(page, "olivia.officer", PASSWORD)
    start_recording_a_contact(page, live_server)
    answer_the_first_two_questions(page, timezone.localdate() - timedelta(days=1))
    start_typing_a_new_familys_address_then_stop(page)
    sign_out(page)

    sign_in(page, "olivia.officer", PASSWORD)
    carry_on_from_the_home_page(page)
    expect(heading(page)).to_have_text("The family")
    expect(page.get_by_label("Address line 1", exact=True)).to_have_value(
        "14 Hollins Lane", timeout=2000
    )


@pytest.fixture
def assert_accessible_as_served(browser, assert_accessible):  # type: ignore[no-untyped-def]
    """axe for a page in a browser with JavaScript off.

    Playwright cannot evaluate axe where JavaScript is disabled (the call never returns),
    so the HTML the server sent is replayed, at the same address, in a second page that
    has JavaScript, and checked there.
    """
    checker = browser.new_context()

    def check(page: Page) -> None:
        html, url = page.content(), page.url
        replay = checker.new_page()
        replay.route(
            lambda address: address == url,
            lambda route: route.fulfill(body=html, content_type="text/html"),
        )
        replay.goto(url)
        assert_accessible(replay)
        replay.close()

    yield check
    checker.close()


def test_without_javascript_submitted_answers_are_kept_across_sign_in(
    browser, live_server, personas, sign_in, assert_accessible_as_served
):
    assert_accessible = assert_accessible_as_served
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        yesterday = timezone.localdate() - timedelta(days=1)
        sign_in(page, "olivia.officer", PASSWORD)
        start_recording_a_contact(page, live_server)
        say_how_and_when_it_came_in(
            page, "Police domestic-incident notification", yesterday, "09:40"
        )
        save_and_continue(page)
        # Submitted without a referral source: refused, but what was typed is kept.
        expect(heading(page)).to_have_text("Who made the contact")
        # The police channel preselects source 6; the officer clears it by mistake.
        expect(page.get_by_label("Who made the contact?")).to_have_value("6")
        page.get_by_label("Who made the contact?").select_option("")
        page.get_by_label("Referrer's name (optional)").fill("PC Dawn Reyes")
        page.get_by_label("Organisation (optional)").fill("Greater Manchester")
        save_and_continue(page)
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select who made the contact")
        assert_accessible(page)
        sign_out(page)

        sign_in(page, "olivia.officer", PASSWORD)
        # This time, from the "Record a contact" page's list of unfinished contacts.
        page.get_by_role("link", name="Record a contact", exact=True).click()
        expect(heading(page)).to_have_text("Record a contact")
        unfinished = page.get_by_role("table", name="Your unfinished contacts").get_by_role("row")
        expect(unfinished).to_have_count(2)  # the header and one contact
        expect(unfinished.nth(1)).to_contain_text("Police domestic-incident notification")
        assert_accessible(page)
        unfinished.nth(1).get_by_role("link", name=re.compile("^Carry on")).click()
        expect(heading(page)).to_have_text("Who made the contact")
        expect(page.get_by_label("Referrer's name (optional)")).to_have_value("PC Dawn Reyes")
        expect(page.get_by_label("Organisation (optional)")).to_have_value("Greater Manchester")
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
        assert_accessible(page)
        page.get_by_label("Who made the contact?").select_option("6")
        save_and_continue(page)
        expect(heading(page)).to_have_text("The family")
        expect_the_first_two_answers_kept(page, yesterday, assert_accessible)
    finally:
        context.close()


# --- 3. Finding people whose names are misspelt or nicknamed -------------------------------------


def search_for_people(page: Page, live_server, words: str) -> None:  # type: ignore[no-untyped-def]
    """Search from the home page's "Find a person or family" box."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox", name="Find a person or family").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(heading(page)).to_have_text("Find a person or family")


def result_for(page: Page, full_name: str) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=full_name, exact=True))


def test_search_finds_misspelt_and_nicknamed_names(
    page, live_server, personas, sign_in, assert_accessible
):
    smiths = FamilyFactory(locality=personas.home, address_line_1="7 Hatherlow", postcode="SK6 3DR")
    HouseholdMemberFactory(
        family=smiths,
        person=PersonFactory(
            given_name="John", family_name="Smith", date_of_birth=date(2018, 3, 12)
        ),
    )
    HouseholdMemberFactory(
        family=FamilyFactory(locality=personas.home),
        person=PersonFactory(
            given_name="William", family_name="Brown", date_of_birth=date(2016, 7, 1)
        ),
    )
    HouseholdMemberFactory(
        family=FamilyFactory(locality=personas.home),
        person=PersonFactory(
            given_name="Mary", family_name="Jones", date_of_birth=date(2018, 3, 12)
        ),
    )
    sign_in(page, "olivia.officer", PASSWORD)

    search_for_people(page, live_server, "Jon Smyth")
    expect(
        page.get_by_role("heading", level=2, name="1 match for name “Jon Smyth”")
    ).to_be_visible()
    john = result_for(page, "John Smith")
    expect(john).to_contain_text("12 March 2018")
    expect(john).to_contain_text(f"{smiths.reference}: 7 Hatherlow")
    expect(john.get_by_role("cell").nth(3)).to_have_text(
        "Family name sounds alike; John is a usual form of Jon"
    )
    expect(page.get_by_role("link", name="Mary Jones")).to_have_count(0)
    assert_accessible(page)

    search_for_people(page, live_server, "Bill Browne")
    expect(
        page.get_by_role("heading", level=2, name="1 match for name “Bill Browne”")
    ).to_be_visible()
    expect(result_for(page, "William Brown").get_by_role("cell").nth(3)).to_have_text(
        "Family name sounds alike; William is a usual form of Bill"
    )
    assert_accessible(page)


# --- 4. Merging a duplicate, and undoing it ----------------------------------------------------


def test_senior_practitioner_merges_a_duplicate_and_undoes_it(
    page, live_server, personas, sign_in, assert_accessible
):
    family = FamilyFactory(locality=personas.home)
    born = date(2018, 3, 12)
    kept = PersonFactory(given_name="John", family_name="Smith", date_of_birth=born)
    duplicate = PersonFactory(given_name="Jon", family_name="Smith", date_of_birth=born)
    HouseholdMemberFactory(family=family, person=kept)
    HouseholdMemberFactory(family=family, person=duplicate)
    sign_in(page, "sam.senior", PASSWORD)

    search_for_people(page, live_server, "John Smith 12/03/2018")
    expect(result_for(page, "John Smith")).to_have_count(1)
    expect(result_for(page, "Jon Smith")).to_have_count(1)
    result_for(page, "John Smith").get_by_role("link").click()
    expect(heading(page)).to_have_text("John Smith")
    expect(page.get_by_text(f"Record P{kept.pk}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Merge a duplicate record into this one").click()
    expect(heading(page)).to_have_text("Merge a duplicate into John Smith")
    assert_accessible(page)
    page.get_by_label("Record number of the duplicate to merge into this one").fill(
        str(duplicate.pk)
    )
    page.get_by_label("Why are these the same person?").fill(
        "Same child and date of birth: first name misspelt on a police notification"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check these are the same person")).to_be_visible()
    side_by_side = page.get_by_role("table")
    expect(side_by_side).to_contain_text(f"Keep: P{kept.pk}")
    expect(side_by_side).to_contain_text(f"Merge: P{duplicate.pk}")
    expect(page.get_by_role("row", name=re.compile("^Name"))).to_contain_text("Jon Smith")
    assert_accessible(page)
    page.get_by_role("button", name=f"Merge P{duplicate.pk} into P{kept.pk}").click()

    expect(heading(page)).to_have_text("John Smith")
    expect(page.get_by_role("alert")).to_contain_text(
        f"P{duplicate.pk} was merged into this record. You can undo this below."
    )
    expect(answer(page, "Also known as")).to_contain_text("Jon Smith")
    merged = page.get_by_role("listitem").filter(has_text=f"P{duplicate.pk} (Jon Smith) merged by")
    expect(merged).to_contain_text("first name misspelt on a police notification")
    assert_accessible(page)

    # Opening the duplicate now leads to the record kept, and search shows one child.
    page.goto(f"{live_server.url}/people/{duplicate.pk}/")
    expect(heading(page)).to_have_text("John Smith")
    expect(page.get_by_text(f"P{duplicate.pk} was merged into this record")).to_be_visible()
    assert_accessible(page)
    search_for_people(page, live_server, "Smith")
    expect(result_for(page, "Jon Smith")).to_have_count(0)
    expect(result_for(page, "John Smith")).to_have_count(1)

    page.goto(f"{live_server.url}/people/{kept.pk}/")
    page.get_by_role("button", name=f"Undo this merge of P{duplicate.pk}").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"The merge was undone: P{duplicate.pk} is a separate record again"
    )
    expect(merged).to_contain_text("Undone")
    expect(page.get_by_role("button", name=re.compile("Undo this merge"))).to_have_count(0)
    expect(answer(page, "Also known as")).to_have_text("None")
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/{duplicate.pk}/")
    expect(heading(page)).to_have_text("Jon Smith")
    expect(page.get_by_text("This record was merged into")).to_have_count(0)
    assert_accessible(page)


# --- 5. Error messages ----------------------------------------------------------------------


def test_an_invalid_postcode_and_a_future_date_of_birth_are_explained(
    page, live_server, personas, sign_in, assert_accessible
):
    sign_in(page, "olivia.officer", PASSWORD)
    start_recording_a_contact(page, live_server)
    answer_the_first_two_questions(page, timezone.localdate() - timedelta(days=1))
    search_for_the_family(page, "Okafor")
    choose_to_create_a_new_family(page)
    give_the_new_familys_address(page, "14 Hollins Lane", "Stockport", "SK4 2A")
    save_and_continue(page)

    postcode_message = "Enter a real UK postcode, like SK1 3XE"
    expect(page).to_have_title(re.compile(r"^Error: The family"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text([postcode_message])
    postcode = page.get_by_label("Postcode", exact=True)
    expect(page.locator("#id_postcode-error")).to_have_text(f"Error: {postcode_message}")
    expect(postcode).to_have_attribute("aria-describedby", re.compile(r"\bid_postcode-error\b"))
    expect(postcode).to_have_value("SK4 2A")
    expect(page.get_by_label("Address line 1", exact=True)).to_have_value("14 Hollins Lane")
    assert_accessible(page)
    summary.get_by_role("link", name=postcode_message).click()
    expect(postcode).to_be_focused()

    postcode.fill("SK4 2AB")
    save_and_continue(page)
    expect(heading(page)).to_have_text("Which children is the contact about?")
    next_month = timezone.localdate() + timedelta(days=30)
    add_a_person(page, "Ada", "Okafor", born=next_month, sex="Female")
    page.get_by_role("button", name="Add this child").click()

    born_message = (
        "The date of birth must be today or in the past. For an unborn child, "
        "select 'Not born yet' and enter the expected date"
    )
    expect(page).to_have_title(re.compile(r"^Error: The children"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text([born_message])
    expect(page.locator("#id_date_of_birth-error")).to_have_text(f"Error: {born_message}")
    born = date_boxes(page, "Date of birth (optional if not known)")
    expect(born).to_have_attribute("aria-describedby", re.compile(r"\bid_date_of_birth-error\b"))
    expect_date(page, "Date of birth (optional if not known)", next_month)
    expect(page.get_by_label("First name")).to_have_value("Ada")
    expect(page.get_by_role("heading", name="Added on this contact")).to_have_count(0)
    assert_accessible(page)
    summary.get_by_role("link", name=born_message).click()
    expect(born.get_by_label("Day")).to_be_focused()
