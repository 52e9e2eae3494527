"""Casework after the contact, in the browser: screening with a changed level and its
sign-off; the CAF and the Team Around the Family from the first meeting to closure; and
the locality leader allocating from the queue, with the capacity warning.

axe runs on every page these journeys visit and must find nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from caf.models import Recommendation, TacMember, TacPlan
from pathway.calendar import WorkingDayCalendar
from screening.scoring import tool_questions
from tests.factories import (
    PASSWORD,
    AllocatedCaseFactory,
    AwaitingAllocationCaseFactory,
    ContactFactory,
    TacCaseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

CALENDAR = WorkingDayCalendar()
HEALTH_QUESTION = "Are the child's physical or mental health needs being met?"
EDUCATION = "Getting a good education"
EDUCATION_OPTION = f"EDUCATION: {EDUCATION}"
OVERRIDE_REASON_MISSING = "Enter why professional judgement overrides the computed level"


# --- Looking at pages ------------------------------------------------------------------


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def banner(page: Page) -> Locator:
    return page.get_by_role("alert")


def answer(scope: Page | Locator, question: str) -> Locator:
    """The value shown against `question` in a summary list."""
    page = scope if isinstance(scope, Page) else scope.page
    row = scope.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(question)}$"))
    )
    return row.locator(".govuk-summary-list__value")


def listed_under(page: Page, title: str) -> Locator:
    """The items of the list that follows the heading `title`."""
    above = page.get_by_role("heading", name=title, exact=True)
    return above.locator("xpath=following-sibling::ul[1]").get_by_role("listitem")


def case_summary(page: Page, question: str) -> Locator:
    """A row of the case's own summary (not the family context beside it)."""
    return answer(page.locator(".govuk-grid-column-two-thirds").first, question)


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def fill_date(scope: Page | Locator, legend: str, day: date) -> None:
    boxes = scope.get_by_role("group", name=legend, exact=True)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def navigate_to(page: Page, item: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name=re.compile(rf"^{re.escape(item)}\b")
    ).click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")


def open_case(page: Page, live_server, case) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(heading(page)).to_contain_text(f"Case {case.reference}")


# --- 1. Screening with a changed level, and its sign-off ------------------------------------


def answer_the_screening_sections(page: Page, tool, some_concern_about: str, check=None) -> None:  # type: ignore[no-untyped-def]
    """The tool one section per page: 'Some concern' for one question, 'No concern' (or
    'No') for every other, then Continue; `check(page)` runs on each section's page."""
    sections: dict[str, list] = {}
    for question in tool_questions(tool):
        sections.setdefault(question.domain.title, []).append(question)
    for number, (title, questions) in enumerate(sections.items(), start=1):
        expect(heading(page)).to_have_text(title)
        expect(page.locator(".govuk-caption-l")).to_have_text(
            f"Multi-agency screening, section {number} of {len(sections)}"
        )
        if check:
            check(page)
        for question in questions:
            labels = [option.label for option in question.options.all()]
            choice = "Some concern" if question.text == some_concern_about else None
            choice = choice or ("No concern" if "No concern" in labels else "No")
            group = page.get_by_role("group", name=question.text, exact=True)
            group.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Continue").click()


def decide(page: Page, decision: str, level: str, override_reason: str, rationale: str) -> None:
    page.get_by_role("group", name="Decision", exact=True).get_by_label(
        decision, exact=True
    ).check()
    page.get_by_label("Level of need", exact=True).select_option(label=level)
    page.get_by_label("Why the level is different (if you change it)").fill(override_reason)
    page.get_by_label("Rationale for the decision").fill(rationale)


def record_the_decision(page: Page) -> None:
    page.get_by_role("button", name="Record the decision").click()


def test_officer_changes_the_level_and_a_senior_practitioner_signs_it_off(
    page, live_server, personas, tool, sign_in, assert_accessible
):
    received = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=1), time(10, 30))
    )
    contact = ContactFactory(
        case__locality=personas.home,
        case__family__locality=personas.home,
        received_at=received,
    )
    case = contact.case

    sign_in(page, "olivia.officer", PASSWORD)
    expect(heading(page)).to_contain_text("Your work")
    assert_accessible(page)
    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    expect(heading(page)).to_have_text(f"Contact {contact.reference}")
    expect(page.get_by_text("Awaiting screening", exact=True)).to_be_visible()
    expect(answer(page, "Received")).to_have_text(f"{long_date(received.date())} at 10:30am")
    assert_accessible(page)

    page.get_by_role("link", name=case.reference, exact=True).click()
    expect(case_summary(page, "Stage")).to_have_text("Contact received")
    expect(case_summary(page, "Level of need")).to_have_text("Not yet screened")
    assert_accessible(page)
    page.get_by_role("button", name=f"Screen contact {contact.reference}").click()

    expect(page).to_have_url(f"{live_server.url}/contacts/{contact.pk}/screen/child/")
    answer_the_screening_sections(
        page, tool, some_concern_about=HEALTH_QUESTION, check=assert_accessible
    )

    # Some concern about health (weight 2) scores 2: below Universal Plus (4).
    expect(page).to_have_url(f"{live_server.url}/contacts/{contact.pk}/screen/")
    expect(heading(page)).to_have_text("Check the answers and decide")
    expect(page.get_by_role("heading", name="Computed level: Universal")).to_be_visible()
    expect(page.locator(".pathway-level-panel")).to_contain_text("Score 2")
    expect(answer(page, HEALTH_QUESTION)).to_have_text("Some concern")
    assert_accessible(page)

    # A changed level without a reason is refused, and says why next to the field.
    decide(
        page,
        "CAF recommendation",
        level="Targeted",
        override_reason="",
        rationale="Mum asks for help; school has the same worries.",
    )
    record_the_decision(page)
    expect(page).to_have_title(re.compile(r"^Error: Screen contact"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text([OVERRIDE_REASON_MISSING])
    expect(page.locator("#id_override_reason-error")).to_have_text(
        f"Error: {OVERRIDE_REASON_MISSING}"
    )
    reason = page.get_by_label("Why the level is different (if you change it)")
    described_by = re.compile(r"\bid_override_reason-error\b")
    expect(reason).to_have_attribute("aria-describedby", described_by)
    # What the officer chose is still there.
    expect(page.get_by_label("Level of need", exact=True)).to_have_value("targeted")
    expect(page.get_by_label("CAF recommendation", exact=True)).to_be_checked()
    expect(answer(page, HEALTH_QUESTION)).to_have_text("Some concern")
    assert_accessible(page)
    summary.get_by_role("link", name=OVERRIDE_REASON_MISSING).click()
    expect(reason).to_be_focused()

    reason.fill("Three contacts this term about the same child: more than universal help.")
    record_the_decision(page)

    expect(heading(page)).to_contain_text(f"Case {case.reference}")
    expect(banner(page)).to_contain_text(
        "Screening recorded (CAF recommendation). It now waits for a senior practitioner "
        "to sign it off"
    )
    expect(case_summary(page, "Stage")).to_have_text("Awaiting screening sign-off")
    screening = listed_under(page, "Screenings").filter(
        has_text="CAF recommendation, level Targeted"
    )
    expect(screening).to_contain_text("(computed Universal)")
    expect(screening).to_contain_text("Awaiting sign-off")
    expect(page.get_by_role("heading", name="Recommendations")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "sam.senior", PASSWORD)
    navigate_to(page, "Sign-off")
    expect(heading(page)).to_have_text("Screenings to sign off")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.reference))
    expect(row).to_contain_text("CAF recommendation")
    expect(row).to_contain_text("Targeted (computed Universal)")
    expect(row).to_contain_text("Level changed by professional judgement")
    assert_accessible(page)
    # (Chromium puts a space before the visually hidden part of the link's name.)
    review = re.compile(rf"^{case.reference}\s*: review the screening$")
    row.get_by_role("link", name=review).click()

    expect(heading(page)).to_have_text("Review the screening")
    expect(answer(page, "Decision")).to_have_text("CAF recommendation")
    expect(answer(page, "Computed level")).to_have_text("Universal (score 2)")
    expect(answer(page, "Level decided")).to_have_text("Targeted")
    expect(answer(page, "Why the level changed")).to_contain_text("Three contacts this term")
    expect(answer(page, HEALTH_QUESTION)).to_have_text("Some concern")
    expect(answer(page, "Is there domestic abuse in the household?")).to_have_text("No concern")
    expect(answer(page, "Is the child at immediate risk of significant harm?")).to_have_text("No")
    assert_accessible(page)
    page.get_by_role("button", name="Sign off", exact=True).click()

    expect(heading(page)).to_have_text("Screenings to sign off")
    expect(banner(page)).to_contain_text("Signed off: CAF recommendation")
    expect(page.get_by_text("Nothing is waiting for sign-off.")).to_be_visible()
    assert_accessible(page)

    # The recommendation is made on the day of the screening, due 20 working days on.
    screened_on = timezone.localdate()
    due = CALENDAR.add_working_days(screened_on, 20)
    open_case(page, live_server, case)
    expect(case_summary(page, "Stage")).to_have_text("Awaiting allocation")
    expect(case_summary(page, "Level of need")).to_have_text("Targeted")
    recommendations = page.get_by_role("table", name="Recommendations on this case")
    expect(recommendations.locator("tbody tr")).to_have_count(1)
    expect(recommendations.locator("tbody tr").first.get_by_role("cell")).to_have_text(
        ["CAF", long_date(screened_on), long_date(due), "Open"]
    )
    expect(screening).to_contain_text("Decision applied")
    assert_accessible(page)


# --- 2. The CAF, the Team Around the Family and closing the plan -----------------------------


def complete_the_caf(page: Page, family_views: str, needs: dict[str, str]) -> None:
    expect(heading(page)).to_have_text("CAF assessment")
    page.get_by_label("The family's views, in their own words").fill(family_views)
    for area, what in needs.items():
        page.get_by_role("group", name=area, exact=True).get_by_label("Needs", exact=True).fill(
            what
        )


def add_a_member(page: Page, name: str, role: str, assert_accessible) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Add a member").click()
    expect(heading(page)).to_have_text("Add a member to the Team Around the Family")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Role (optional)").fill(role)
    page.get_by_role("button", name="Add the member").click()


def agree_an_action(
    page: Page, number: int, what: str, owner: str, due: date, area: str = ""
) -> None:
    row = page.get_by_role("group", name=f"Action {number}", exact=True)
    row.get_by_label("Action", exact=True).fill(what)
    row.get_by_label("Owned by").select_option(label=owner)
    fill_date(row, "Due by", due)
    if area:
        row.get_by_label("Outcome area (optional)").select_option(label=area)


def test_practitioner_runs_a_team_around_the_family_from_the_caf_to_closure(
    page, live_server, personas, sign_in, assert_accessible
):
    today = timezone.localdate()
    case = AllocatedCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        team=personas.practitioner.memberships.get().team,
        lead_professional=personas.practitioner,
    )
    made_on = CALENDAR.subtract_working_days(today, 5)
    Recommendation.objects.create(
        case=case,
        kind=Recommendation.Kind.CAF,
        made_on=made_on,
        due_on=CALENDAR.add_working_days(made_on, 20),
    )
    lead = str(personas.practitioner)
    teacher = "Ms Priya Shah"
    action = "Meet mum about morning routines"
    met_on = today - timedelta(days=2)
    action_due = today + timedelta(days=14)
    reviewed_on = today - timedelta(days=1)

    sign_in(page, "pat.practitioner", PASSWORD)
    expect(heading(page)).to_contain_text("Your work")
    assert_accessible(page)
    open_case(page, live_server, case)
    expect(case_summary(page, "Stage")).to_have_text("Allocated")
    expect(case_summary(page, "Lead professional")).to_have_text(lead)
    assert_accessible(page)

    page.get_by_role("button", name="Record the CAF assessment").click()
    assert_accessible(page)
    complete_the_caf(
        page,
        family_views="Mornings are a battle; we want Leo to get to school on time.",
        needs={EDUCATION: "Late most days; attendance 86% this term."},
    )
    page.get_by_role("button", name="Save and complete the CAF").click()

    expect(heading(page)).to_have_text("Team Around the Family")
    expect(banner(page)).to_contain_text(
        "CAF completed: the Team Around the Family plan has started"
    )
    expect(answer(page, "Lead professional")).to_have_text(lead)
    expect(answer(page, "Started")).to_have_text(long_date(today))
    expect(answer(page, "Next review")).to_have_text(long_date(today + timedelta(weeks=6)))
    members = listed_under(page, "Members")
    expect(members).to_have_text([f"{lead}, Lead professional Uses this service"])
    expect(page.get_by_text("No actions yet: agree them at a meeting.")).to_be_visible()
    expect(page.get_by_text("No meetings recorded yet.")).to_be_visible()
    assert_accessible(page)

    add_a_member(page, teacher, "Class teacher, Hollins Primary", assert_accessible)
    expect(banner(page)).to_contain_text(f"{teacher} added to the Team Around the Family")
    expect(members).to_have_count(2)
    expect(members.filter(has_text=teacher)).to_have_text(
        f"{teacher}, Class teacher, Hollins Primary"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Record a meeting").click()
    expect(heading(page)).to_have_text("Record a Team Around the Family meeting")
    assert_accessible(page)
    fill_date(page, "Date of the meeting", met_on)
    attended = page.get_by_role("group", name="Who attended", exact=True)
    attended.get_by_label(teacher, exact=True).check()
    page.get_by_label("Others who attended (optional)").fill("Mum")
    page.get_by_label("Minutes", exact=True).fill("Agreed a plan for getting to school on time.")
    agree_an_action(page, 1, action, owner=teacher, due=action_due, area=EDUCATION_OPTION)
    page.get_by_role("button", name="Record the meeting").click()

    expect(heading(page)).to_have_text("Team Around the Family")
    expect(banner(page)).to_contain_text("Meeting recorded")
    meeting = page.locator(".moj-timeline__item").filter(
        has=page.get_by_role("heading", name=f"Meeting on {long_date(met_on)}")
    )
    expect(meeting).to_have_count(1)
    expect(meeting).to_contain_text(f"Attended: {teacher}, Mum")
    expect(meeting).to_contain_text("Agreed a plan for getting to school on time.")
    plan_row = page.get_by_role("table", name="Actions").locator("tbody tr")
    expect(plan_row).to_have_count(1)
    expect(plan_row.get_by_role("cell").nth(0)).to_have_text(f"{action}{EDUCATION}")
    expect(plan_row.get_by_role("cell").nth(1)).to_have_text(teacher)
    expect(plan_row.get_by_role("cell").nth(2)).to_have_text(long_date(action_due))
    status = page.get_by_label(f"Status of “{action}”")
    expect(status).to_have_value("open")
    assert_accessible(page)

    status.select_option(label="Done")
    page.get_by_role("button", name=f"Update “{action}”").click()
    expect(banner(page)).to_contain_text("Action updated")
    expect(status).to_have_value("done")
    assert_accessible(page)

    page.get_by_role("button", name="Record a review").click()
    expect(heading(page)).to_have_text("Review the plan")
    assert_accessible(page)
    fill_date(page, "Date of the review", reviewed_on)
    page.get_by_label("Progress against the plan").fill("On time every day for two weeks.")
    page.get_by_label("The family's views (optional)").fill("Mornings are calmer.")
    page.get_by_role("button", name="Record the review").click()
    expect(banner(page)).to_contain_text("Review recorded")
    expect(listed_under(page, "Reviews")).to_have_text(
        [f"{long_date(reviewed_on)}: On time every day for two weeks."]
    )
    # The next review is due six weeks after this one, not after the plan started.
    expect(answer(page, "Next review")).to_have_text(long_date(reviewed_on + timedelta(weeks=6)))
    assert_accessible(page)

    page.get_by_role("button", name="Close the plan").click()
    expect(heading(page)).to_have_text("Close the Team Around the Family")
    assert_accessible(page)
    page.get_by_role("group", name=EDUCATION, exact=True).get_by_label(
        "Need met", exact=True
    ).check()
    page.get_by_role("group", name="Why is the Team Around the Family closing?").get_by_label(
        "Needs met", exact=True
    ).check()
    page.get_by_label("Details").fill("Attendance back to 97%.")
    page.get_by_role("button", name="Close the plan and the case").click()

    expect(heading(page)).to_contain_text(f"Case {case.reference}")
    expect(banner(page)).to_contain_text(f"Case {case.reference} closed")
    expect(case_summary(page, "Stage")).to_have_text("Closed")
    expect(case_summary(page, "Closed")).to_contain_text("(Needs met)")
    expect(page.get_by_role("button", name="Record the CAF assessment")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Team Around the Family").click()
    expect(answer(page, "Next review")).to_have_text(f"Ended {long_date(today)}")
    expect(page.get_by_role("button", name="Record a meeting")).to_have_count(0)
    assert_accessible(page)


def test_every_member_who_came_to_a_meeting_can_be_ticked(
    page, live_server, personas, sign_in, assert_accessible
):
    today = timezone.localdate()
    case = TacCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        team=personas.practitioner.memberships.get().team,
        lead_professional=personas.practitioner,
    )
    plan = TacPlan.objects.create(
        case=case,
        lead_professional=personas.practitioner,
        started_on=today,
        next_review_due=today + timedelta(weeks=6),
    )
    TacMember.objects.create(plan=plan, name="Ms Priya Shah", role="Class teacher")
    TacMember.objects.create(plan=plan, name="Dr Ola Ade", role="GP")

    sign_in(page, "pat.practitioner", PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/tac/")
    page.get_by_role("button", name="Record a meeting").click()
    expect(heading(page)).to_have_text("Record a Team Around the Family meeting")
    fill_date(page, "Date of the meeting", today)
    attended = page.get_by_role("group", name="Who attended", exact=True)
    expect(attended.get_by_role("checkbox")).to_have_count(2, timeout=1000)
    attended.get_by_label("Ms Priya Shah", exact=True).check()
    attended.get_by_label("Dr Ola Ade", exact=True).check()
    page.get_by_label("Minutes", exact=True).fill("Everyone agreed the plan.")
    page.get_by_role("button", name="Record the meeting").click()

    expect(banner(page)).to_contain_text("Meeting recorded")
    expect(page.locator(".moj-timeline__item")).to_contain_text(
        "Attended: Dr Ola Ade, Ms Priya Shah"
    )
    assert_accessible(page)


# --- 3. Allocating from the locality's queue ---------------------------------------------------


def awaiting_allocation_with_a_caf_due_in(personas, working_days: int):  # type: ignore[no-untyped-def]
    """A case in the home locality's queue whose CAF is due `working_days` from today."""
    due = CALENDAR.add_working_days(timezone.localdate(), working_days)
    case = AwaitingAllocationCaseFactory(
        locality=personas.home,
        family__locality=personas.home,
        recommendation__made_on=CALENDAR.subtract_working_days(due, 20),
    )
    assert case.recommendations.get().due_on == due
    return case


def queue_rows(page: Page) -> Locator:
    return page.get_by_role("table").locator("tbody tr")


def choose_team_and_lead_professional(page: Page, team: str, worker: str) -> None:
    page.get_by_label("Team", exact=True).select_option(label=team)
    page.get_by_label("Lead professional", exact=True).select_option(label=worker)


def caseload_of(page: Page, worker: str) -> Locator:
    table = page.get_by_role("table", name="Each worker's open cases against their capacity")
    return table.get_by_role("row").filter(has=page.get_by_role("cell", name=worker, exact=True))


def test_leader_allocates_the_soonest_due_case_and_the_practitioner_is_told(
    page, live_server, personas, sign_in, assert_accessible
):
    later = awaiting_allocation_with_a_caf_due_in(personas, 15)
    sooner = awaiting_allocation_with_a_caf_due_in(personas, 3)
    worker = str(personas.practitioner)

    sign_in(page, "lena.leader", PASSWORD)
    expect(heading(page)).to_contain_text("Your work")
    assert_accessible(page)
    navigate_to(page, "Allocation")
    expect(heading(page)).to_have_text("Cases awaiting allocation")
    expect(page.get_by_role("table")).to_contain_text("2 cases, the soonest due first")
    rows = queue_rows(page)
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("cell").nth(0)).to_have_text(sooner.reference)
    expect(rows.nth(1).get_by_role("cell").nth(0)).to_have_text(later.reference)
    due_soon = sooner.recommendations.get().due_on
    expect(rows.nth(0).get_by_role("cell").nth(3)).to_have_text(long_date(due_soon))
    expect(rows.nth(0).get_by_role("cell").nth(4)).to_have_text("3")
    expect(rows.nth(1).get_by_role("cell").nth(4)).to_have_text("15")
    assert_accessible(page)

    rows.nth(0).get_by_role("link", name=f"Allocate case {sooner.reference}").click()
    expect(heading(page)).to_have_text("Allocate the case")
    expect(caseload_of(page, worker).get_by_role("cell")).to_have_text(
        [worker, "Central Early Help", "0", "10", "0", "0"]
    )
    assert_accessible(page)
    choose_team_and_lead_professional(page, "Central Early Help", worker)
    page.get_by_label("Note (optional)").fill("Pat knows the school.")
    page.get_by_role("button", name="Allocate", exact=True).click()

    expect(heading(page)).to_have_text("Cases awaiting allocation")
    expect(banner(page)).to_contain_text(f"Case {sooner.reference} allocated to {worker}")
    expect(queue_rows(page)).to_have_count(1)
    expect(page.get_by_role("link", name=sooner.reference, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=later.reference, exact=True)).to_be_visible()
    assert_accessible(page)

    open_case(page, live_server, sooner)
    expect(case_summary(page, "Stage")).to_have_text("Allocated")
    expect(case_summary(page, "Lead professional")).to_have_text(worker)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "pat.practitioner", PASSWORD)
    navigate_to(page, "Notifications")
    expect(heading(page)).to_have_text("Notifications")
    told = page.get_by_role("row").filter(has=page.get_by_role("link", name=sooner.reference))
    expect(told).to_contain_text(
        f"Case {sooner.reference} has been allocated to you as lead professional"
    )
    expect(told).to_contain_text("New")
    assert_accessible(page)


def test_allocating_to_a_worker_at_capacity_needs_the_leader_to_confirm(
    page, live_server, personas, sign_in, assert_accessible
):
    case = awaiting_allocation_with_a_caf_due_in(personas, 10)
    personas.practitioner.memberships.update(capacity=0)
    worker = str(personas.practitioner)

    sign_in(page, "lena.leader", PASSWORD)
    navigate_to(page, "Allocation")
    assert_accessible(page)
    page.get_by_role("link", name=f"Allocate case {case.reference}").click()
    expect(heading(page)).to_have_text("Allocate the case")
    expect(caseload_of(page, worker).get_by_role("cell").nth(3)).to_have_text("0 Full")
    confirm = page.get_by_label("Allocate even though this worker is at or over capacity")
    expect(confirm).to_have_count(0)
    assert_accessible(page)

    choose_team_and_lead_professional(page, "Central Early Help", worker)
    page.get_by_role("button", name="Allocate", exact=True).click()

    message = (
        f"{worker} already holds 0 cases, against a capacity of 0. Confirm to allocate anyway."
    )
    expect(page).to_have_title(re.compile(r"^Error: Allocate case"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text([message])
    expect(page.locator("#id_worker-error")).to_have_text(f"Error: {message}")
    expect(page.get_by_text("This worker is at or over capacity.")).to_be_visible()
    expect(confirm).to_be_visible()
    expect(confirm).not_to_be_checked()
    expect(page.get_by_label("Lead professional", exact=True)).to_have_value(
        str(personas.practitioner.pk)
    )
    assert_accessible(page)

    confirm.check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    expect(heading(page)).to_have_text("Cases awaiting allocation")
    expect(banner(page)).to_contain_text(f"Case {case.reference} allocated to {worker}")
    expect(page.get_by_text("No cases are waiting to be allocated.")).to_be_visible()
    assert_accessible(page)
