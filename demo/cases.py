"""Demo families walked along the pathway by the real services, at simulated times.

Every contact, screening, sign-off, allocation, step-up and step-down in the demo data
is made by the same service a person would use, with the clock set to when it would
have happened, so the chronology, due dates and queues look like a real front door's.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import time_machine
from django.db.models import F
from django.utils import timezone

from caf.models import AssessmentNeed, Recommendation, StepUp
from caf.services import (
    NeedEntry,
    NewAction,
    caf_assessment_save,
    caf_complete,
    case_step_down,
    recommendation_follow_up,
    step_up_record_outcome,
    tac_close,
    tac_meeting_record,
    tac_member_add,
)
from caf.sweep import deadlines_sweep
from demo.organisation import SCENARIOS, synthetic_family
from frontdoor.services.contacts import ContactDetails, contact_record
from localities.models import Agency, Team
from localities.services import case_allocate, caseload_of
from pathway.calendar import WorkingDayCalendar
from pathway.models import (
    Case,
    Contact,
    Membership,
    Notification,
    PresentingIssue,
    ReferralSource,
    User,
)
from pathway.services.notifications import notifications_mark_read
from screening.models import Screening, ScreeningTool
from screening.scoring import tool_questions
from screening.services import case_screen, screening_sign_off

# How the demo's contacts turn out, roughly as a pathway's first months did:
# about 40% CAF and 60% universal of the screened-in, some advice/NFA and a few step-ups.
OUTCOMES = [
    ("awaiting_screening", 8),
    ("awaiting_sign_off", 4),
    ("caf", 28),
    ("universal", 38),
    ("advice", 8),
    ("nfa", 6),
    ("step_up", 5),
    ("step_up_then_down", 3),
]

# Answers that produce each level (with version 1 of the screening tool).
LEVEL_ANSWERS = {
    "universal": {"housing": "some"},
    "universal_plus": {"housing": "significant", "income": "significant", "support": "some"},
    "targeted": {"domestic_abuse": "significant", "parent_substance": "some", "boundaries": "some"},
    "specialist": {
        "domestic_abuse": "significant",
        "parent_substance": "significant",
        "basic_care": "significant",
        "missing_exploitation": "some",
    },
    "statutory": {"immediate_risk": "yes"},
}


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """Run the services as if it were `moment` (never later than now)."""
    moment = min(moment, timezone.now() - timedelta(seconds=1))
    with time_machine.travel(moment, tick=False):
        yield


class DemoPathway:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.today = timezone.localdate()
        self.calendar = WorkingDayCalendar()
        self.officer = User.objects.get(username="contact.officer")
        self.senior = User.objects.get(username="senior.practitioner")
        self.sources = {s.code: s for s in ReferralSource.objects.all()}
        self.issues = {i.code: i for i in PresentingIssue.objects.all()}
        self.universal_services = list(Agency.objects.filter(offers_universal_service=True))
        tool = ScreeningTool.objects.get(status="active")
        self.questions = tool_questions(tool)
        self.outcomes = Counter[str]()

    def answers(self, level: str) -> dict[str, str]:
        chosen = LEVEL_ANSWERS[level]
        result = {}
        for question in self.questions:
            values = [o.value for o in question.options.all()]
            result[question.code] = chosen.get(question.code, "none" if "none" in values else "no")
        return result

    def working_moment(self, day: date, hour_from: int = 9, hour_to: int = 16) -> datetime:
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        naive = datetime.combine(
            day, time(self.rng.randint(hour_from, hour_to), self.rng.randint(0, 59))
        )
        return timezone.make_aware(naive)

    def later(self, moment: datetime, working_days: int) -> datetime:
        day = self.calendar.add_working_days(timezone.localtime(moment).date(), working_days)
        return self.working_moment(day)

    def family(self, received: datetime) -> Contact:
        new_family, children, adults = synthetic_family(
            self.rng, timezone.localtime(received).date()
        )
        # The generator made these up just now: they are new, whatever they look like.
        new_family = replace(new_family, confirmed_new=True)
        children = [replace(p, confirmed_new=True) for p in children]
        adults = [replace(p, confirmed_new=True) for p in adults]
        scenario = self.rng.choice(SCENARIOS)
        consent = "given" if self.rng.random() < 0.85 else "not_sought"
        details = ContactDetails(
            received_at=received,
            channel=scenario.channel,
            referral_source=self.sources[scenario.referral_source],
            reason=scenario.reason,
            primary_issue=self.issues[scenario.primary_issue],
            secondary_issues=[self.issues[c] for c in scenario.secondary_issues],
            consent_to_share=consent,
            lawful_basis="" if consent == "given" else "public_task",
            consent_to_contact="given" if consent == "given" else "not_sought",
            referrer_organisation=scenario.referrer_organisation,
            referrer_name="" if scenario.referral_source == "9" else "Referrer on file",
            children=children,
            adults=adults,
        )
        with at(received):
            return contact_record(recorded_by=self.officer, details=details, new_family=new_family)

    def repeat_contact(self, contact: Contact, received: datetime) -> Contact:
        scenario = self.rng.choice(SCENARIOS)
        details = ContactDetails(
            received_at=received,
            channel=scenario.channel,
            referral_source=self.sources[scenario.referral_source],
            reason=scenario.reason,
            primary_issue=self.issues[scenario.primary_issue],
            consent_to_share="given",
            referrer_organisation=scenario.referrer_organisation,
            children=[s.person for s in contact.subject_links.filter(is_child=True)],
        )
        with at(received):
            return contact_record(recorded_by=self.officer, details=details, family=contact.family)

    def screen(
        self, contact: Contact, decision: str, level: str, moment: datetime, **kwargs: object
    ) -> Screening:
        extra = dict(kwargs)
        if decision == "universal":
            extra["universal_service"] = self.rng.choice(self.universal_services)
        with at(moment):
            return case_screen(
                case=contact.case,
                contact=contact,
                screened_by=self.officer,
                answers=self.answers(level),
                decision=decision,
                rationale="Discussed with the family; they agree to the support offered."
                if decision in ("caf", "universal")
                else "Screened against the threshold criteria.",
                **extra,  # type: ignore[arg-type]
            )

    def sign_off(self, screening: Screening, moment: datetime) -> None:
        with at(moment):
            screening_sign_off(screening=screening, signed_off_by=self.senior, comment="Agreed.")

    def allocate(self, case: Case, moment: datetime) -> None:
        case.refresh_from_db()
        if case.locality_id is None:
            return
        leader = User.objects.filter(
            groups__name="locality_leader", memberships__locality_id=case.locality_id
        ).first()
        members = list(
            Membership.objects.active()
            .filter(team__locality_id=case.locality_id, user__groups__name="practitioner")
            .select_related("team", "user")
        )
        if leader is None or not members:
            return
        # Like a leader would: the least loaded worker, over capacity only if all are full.
        self.rng.shuffle(members)
        membership = min(members, key=lambda m: caseload_of(m.user))
        team: Team = membership.team  # type: ignore[assignment]
        with at(moment):
            case_allocate(
                case=case,
                allocated_by=leader,
                team=team,
                worker=membership.user,
                allow_over_capacity=True,
            )

    def follow_up(self, case: Case, moment: datetime) -> None:
        recommendation = Recommendation.objects.filter(
            case=case, kind="universal", status="open"
        ).first()
        if recommendation is None:
            return
        uptake = self.rng.choices(
            ["taken_up", "declined", "not_contactable"], weights=[60, 25, 15]
        )[0]
        with at(moment):
            recommendation_follow_up(
                recommendation=recommendation,
                recorded_by=self.officer,
                uptake=uptake,
                satisfaction=self.rng.choice([3, 4, 4, 5, 5]) if uptake == "taken_up" else None,
            )

    def team_around_the_family(self, case: Case, allocated_at: datetime, age_days: int) -> None:
        case.refresh_from_db()
        lead = case.lead_professional
        if lead is None or case.stage != "allocated":
            return
        completed_at = self.later(allocated_at, self.rng.randint(6, 20))
        if completed_at > timezone.now():
            return
        with at(completed_at):
            caf_assessment_save(
                case=case,
                saved_by=lead,
                child_views="I want things at home to be calmer.",
                family_views="We want help with routines and with the arguments.",
                summary="Agreed with the family at a home visit.",
                needs=[
                    NeedEntry(
                        "FAMILYREL",
                        strengths="Parents want to change",
                        needs="Conflict at home, especially at bedtime",
                    ),
                    NeedEntry("EDUCATION", needs="Attendance below 90%"),
                ],
            )
            plan = caf_complete(case=case, completed_by=lead)
        meeting_at = self.later(completed_at, 5)
        if meeting_at > timezone.now():
            return
        with at(meeting_at):
            school = tac_member_add(plan=plan, added_by=lead, name="Class teacher", role="School")
            lead_member = plan.members.get(user=lead)
            tac_meeting_record(
                plan=plan,
                recorded_by=lead,
                held_on=timezone.localdate(),
                minutes="Agreed a bedtime routine and a weekly check-in with school.",
                attendee_ids=[lead_member.pk, school.pk],
                other_attendees="Mum",
                actions=[
                    NewAction(
                        "Bedtime routine chart",
                        owner_id=lead_member.pk,
                        due_on=timezone.localdate() + timedelta(days=14),
                        outcome_area="FAMILYREL",
                    ),
                    NewAction(
                        "Weekly attendance check-in",
                        owner_id=school.pk,
                        due_on=timezone.localdate() + timedelta(days=28),
                        outcome_area="EDUCATION",
                    ),
                ],
            )
        if age_days > 90 and self.rng.random() < 0.4:
            closing_at = self.later(meeting_at, 30)
            if closing_at < timezone.now():
                with at(closing_at):
                    tac_close(
                        case=case,
                        closed_by=lead,
                        reason="needs_met",
                        outcomes={
                            n.pk: "met"
                            for n in AssessmentNeed.objects.filter(assessment__case=case)
                        },
                    )

    def walk(self, received: datetime, outcome: str) -> None:
        contact = self.family(received)
        screened_at = received + timedelta(hours=self.rng.randint(1, 5))
        age_days = (self.today - timezone.localtime(received).date()).days
        self.outcomes[outcome] += 1
        if outcome == "awaiting_screening":
            return
        if outcome == "awaiting_sign_off":
            self.screen(
                contact,
                "caf",
                "targeted",
                screened_at,
                level_override="specialist",
                override_reason="Pattern of police notifications suggests escalating risk",
            )
            return
        if outcome in ("advice", "nfa"):
            self.screen(contact, outcome, "universal", screened_at)
            return
        if outcome == "universal":
            self.screen(
                contact, "universal", self.rng.choice(["universal", "universal_plus"]), screened_at
            )
            if age_days > 22 and self.rng.random() < 0.85:
                self.follow_up(contact.case, self.later(screened_at, self.rng.randint(8, 22)))
            return
        if outcome == "caf":
            needs_judgement = self.rng.random() < 0.15
            screening = self.screen(
                contact,
                "caf",
                "universal_plus" if needs_judgement else "targeted",
                screened_at,
                **(
                    {
                        "level_override": "targeted",
                        "override_reason": "Professional judgement: "
                        "repeat contacts and school concerns",
                    }
                    if needs_judgement
                    else {}
                ),
            )
            if screening.needs_sign_off:
                self.sign_off(screening, self.later(screened_at, 1))
            if age_days > 6:
                allocated_at = self.later(screened_at, self.rng.randint(2, 6))
                self.allocate(contact.case, allocated_at)
                if age_days > 30 and self.rng.random() < 0.8:
                    self.team_around_the_family(contact.case, allocated_at, age_days)
            if age_days > 20 and self.rng.random() < 0.2:
                self.repeat_contact(contact, self.later(screened_at, self.rng.randint(8, 15)))
            return
        # Step-ups: statutory level, signed off by the senior practitioner.
        screening = self.screen(contact, "step_up", "statutory", screened_at)
        self.sign_off(screening, screened_at + timedelta(hours=1))
        if age_days > 10:
            step_up = StepUp.objects.filter(case=contact.case).latest("stepped_up_at")
            outcome_moment = self.later(screened_at, 3)
            with at(outcome_moment):
                step_up_record_outcome(
                    step_up=step_up,
                    recorded_by=self.senior,
                    outcome=self.rng.choice(["accepted", "accepted", "nfa", "returned"]),
                )
        if outcome == "step_up_then_down" and age_days > 30:
            with at(self.later(screened_at, 15)):
                case_step_down(
                    family=contact.family,
                    stepped_down_by=self.senior,
                    reason="Social care assessment complete; needs can be met by early help",
                    plan="CAF with the school as lead agency and a Team Around the Family",
                )


# A demo user starts like someone back from a day off, not from four months away: the
# notifications of the demo's history are read, the newest few are not.
DEMO_UNREAD_NOTIFICATIONS = 5


def demo_history_mark_read(keep_unread: int = DEMO_UNREAD_NOTIFICATIONS) -> None:
    """Mark each user's notifications read, all but their `keep_unread` newest, and every
    one of them emailed when it was made: the demo's history happened in the past, and the
    worker's first run would otherwise email hundreds of them into var/worker.log."""
    # A fact about the simulated past, set in bulk like the memberships' start dates.
    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=F("created_at"))
    unread = Notification.objects.filter(read_at__isnull=True)
    for user in User.objects.filter(pk__in=unread.values("user_id")):
        newest_first = unread.filter(user=user).order_by("-created_at", "-pk")
        older = list(newest_first.values_list("pk", flat=True)[keep_unread:])
        if older:
            notifications_mark_read(user=user, ids=older)


def demo_cases_create(*, rng: random.Random, families: int) -> str:
    """Create `families` households and walk each along the pathway, oldest first."""
    pathway = DemoPathway(rng)
    names, weights = zip(*OUTCOMES, strict=True)
    start = pathway.today - timedelta(days=120)
    latest = timezone.now() - timedelta(minutes=10)
    moments = sorted(
        min(pathway.working_moment(start + timedelta(days=rng.randint(0, 120))), latest)
        for _ in range(families)
    )
    for received in moments:
        age_days = (pathway.today - timezone.localtime(received).date()).days
        outcome = rng.choices(names, weights=weights)[0]
        if age_days > 3 and outcome in ("awaiting_screening", "awaiting_sign_off"):
            outcome = rng.choice(["caf", "universal"])  # old contacts have been screened
        elif age_days <= 3 and rng.random() < 0.5:
            outcome = "awaiting_screening"  # the queue holds the last few days' contacts
        pathway.walk(received, outcome)
    # Today's calls: a queue to screen and decisions waiting for the senior practitioner.
    for index in range(max(4, families // 25)):
        received = min(timezone.now() - timedelta(minutes=rng.randint(10, 60 * 30)), latest)
        pathway.walk(received, "awaiting_sign_off" if index % 4 == 3 else "awaiting_screening")
    summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(pathway.outcomes.items()))
    # What the beat would have done by now: reminders, breaches, escalations.
    deadlines_sweep(today=pathway.today)
    demo_history_mark_read()
    total = sum(pathway.outcomes.values())
    return f"{total} families ({summary}) and {Contact.objects.count()} contacts"
