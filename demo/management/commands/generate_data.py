"""python manage.py generate_data --families N [--seed S] [--batch B]

Synthetic volume for benchmarks: N entirely fictitious families, each with its household,
one case and a history of contacts (most families one or two, about one in a hundred
thirty or more), with the contacts' subjects and the family's chronology.

Fast enough for 130,000 families (about half a million people) in a few minutes on
PostgreSQL: rows are written with bulk_create, a batch of families per transaction,
instead of through the per-contact service. What the service would otherwise do is done
here by hand: phonetic name keys (bulk_create skips save()), normalised postcodes, the
locality from the postcode, "case.opened" and "contact.recorded" chronology events with
the service's wording. Not written: django-simple-history rows and the access log,
which nobody reads in a benchmark.

The same seed gives the same families, names and histories (dates are relative to the
day it runs, so that children stay children). Running it again adds more families: NHS
numbers are taken in turn from the 999 test range, skipping any already in use, and
thinned evenly when the range is too small for the families asked for (a million
contacts: about 450,000 families, 1.7M people; see ThinnedNhsNumbers). Refuses
to run with DEBUG off unless ALLOW_DEMO_DATA=true, like seed_demo.
"""

from __future__ import annotations

import os
import random
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import reset_queries, transaction
from django.utils import timezone

from demo.organisation import (
    SCENARIOS,
    Scenario,
    VolumeHousehold,
    VolumeNames,
    ensure_organisation,
    nhs_test_numbers,
    volume_household,
    volume_names,
)
from localities.models import Team
from localities.services import locality_for_postcode
from pathway.choices import (
    Channel,
    ClosureReason,
    Consent,
    HouseholdRelationship,
    LawfulBasis,
    LevelOfNeed,
    Role,
    Stage,
)
from pathway.matching import name_key
from pathway.models import (
    Case,
    ChronologyEvent,
    Contact,
    ContactSubject,
    Family,
    HouseholdMember,
    Person,
    PersonAlias,
    PresentingIssue,
    ReferralSource,
    User,
)
from pathway.services.accounts import user_create
from pathway.validators import normalise_postcode, postcode_prefixes

GENERATOR_USERNAME = "generator"
# Valid NHS numbers in the 999 test range: 1,000,000 stems less those with no check digit.
NHS_TEST_RANGE_SIZE = 909_091
# Households have about 3.4 people with NHS numbers on average (at most eight).
NHS_NUMBERS_PER_FAMILY = 3.4
# Headroom left in the range when thinning, so that the draws' randomness cannot run it dry.
NHS_RANGE_HEADROOM = 0.97
INSERT_BATCH = 2000

# Where a case is now, for cases whose last contact is more than a week old.
_LATER_STAGES = [
    (Stage.CLOSED, 52),
    (Stage.ALLOCATED, 12),
    (Stage.TAC, 6),
    (Stage.UNIVERSAL_OFFER, 8),
    (Stage.AWAITING_ALLOCATION, 4),
    (Stage.CONTACT, 8),
    (Stage.SCREENING, 5),
    (Stage.STEPPED_UP, 5),
]
_CLOSED_AFTER_SUPPORT = [
    ClosureReason.NEEDS_MET,
    ClosureReason.NEEDS_MET,
    ClosureReason.NEEDS_MET,
    ClosureReason.CONSENT_WITHDRAWN,
    ClosureReason.MOVED_OUT_OF_AREA,
    ClosureReason.REFERRED_ELSEWHERE,
    ClosureReason.NOT_NEEDING_EARLY_HELP,
]


@dataclass
class PlannedContact:
    received_at: datetime
    recorded_at: datetime
    scenario: Scenario
    consent_to_share: str
    lawful_basis: str
    children: list[int]  # indexes into the household's people
    adults: list[int]
    screened_at: datetime | None = None


@dataclass
class PlannedFamily:
    household: VolumeHousehold
    contacts: list[PlannedContact]
    stage: str
    level_of_need: str = ""
    closure_reason: str = ""
    closed_at: datetime | None = None
    version: int = 1


@dataclass
class Totals:
    families: int = 0
    people: int = 0
    aliases: int = 0
    cases: int = 0
    contacts: int = 0
    subjects: int = 0
    events: int = 0
    long_histories: int = 0
    per_stage: dict[str, int] = field(default_factory=dict)


class Command(BaseCommand):
    help = "Generate synthetic families, people, cases and contacts in bulk, for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, required=True, help="How many families")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026)")
        parser.add_argument(
            "--batch", type=int, default=2000, help="Families per transaction (default 2000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        allowed = settings.DEBUG or os.environ.get("ALLOW_DEMO_DATA", "").lower() == "true"
        if not allowed:
            raise CommandError(
                "generate_data fills the database with synthetic families. It runs only with "
                "DEBUG=true, or with ALLOW_DEMO_DATA=true for a demo environment."
            )
        wanted, batch = options["families"], options["batch"]
        if wanted < 1:
            raise CommandError("--families must be at least 1")
        if batch < 1:
            raise CommandError("--batch must be at least 1")

        started = time.perf_counter()
        ensure_organisation()
        recorder = self._recorder()
        writer = _Writer(recorder)
        taken = set(
            Person.objects.filter(nhs_number__startswith="999").values_list("nhs_number", flat=True)
        )
        nhs_numbers = ThinnedNhsNumbers(
            taken=taken, wanted=round(wanted * NHS_NUMBERS_PER_FAMILY), seed=options["seed"]
        )
        if nhs_numbers.keep < 1:
            self.stdout.write(
                f"The 999 test range has {nhs_numbers.available:,} unused NHS numbers for about "
                f"{round(wanted * NHS_NUMBERS_PER_FAMILY):,} people who would have one: "
                f"{1 - nhs_numbers.keep:.0%} of them get none, spread evenly over the families."
            )
        rng = random.Random(options["seed"])
        names = volume_names()
        now = timezone.now()
        today = timezone.localdate(now)
        self.stdout.write(
            f"Generating {wanted:,} families (seed {options['seed']}, {batch:,} per batch) "
            f"as {recorder.username}; {Person.objects.count():,} people already in the database."
        )

        totals = Totals()
        last_report = time.perf_counter()
        done = 0
        while done < wanted:
            size = min(batch, wanted - done)
            plans = [_plan_family(rng, today, now, names, nhs_numbers) for _ in range(size)]
            with transaction.atomic():
                writer.write(plans, totals)
            reset_queries()  # DEBUG keeps every query's SQL; bulk inserts are large
            done += size
            if time.perf_counter() - last_report >= 5 or done == wanted:
                last_report = time.perf_counter()
                elapsed = last_report - started
                self.stdout.write(
                    f"  {done:>9,} / {wanted:,} families, {totals.people:,} people, "
                    f"{totals.contacts:,} contacts ({elapsed:,.0f}s, "
                    f"{done / max(elapsed, 0.001):,.0f} families/s)"
                )
                self.stdout.flush()

        elapsed = time.perf_counter() - started
        stages = ", ".join(f"{k} {v:,}" for k, v in sorted(totals.per_stage.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {totals.families:,} families, {totals.people:,} people "
                f"({totals.aliases:,} aliases), {totals.cases:,} cases, "
                f"{totals.contacts:,} contacts ({totals.long_histories:,} families with 30 or "
                f"more), {totals.subjects:,} contact subjects and {totals.events:,} chronology "
                f"events in {elapsed:,.1f}s."
            )
        )
        self.stdout.write(f"Cases by stage: {stages}")
        self.stdout.write(
            f"The database now holds {Family.objects.count():,} families, "
            f"{Person.objects.count():,} people and {Contact.objects.count():,} contacts."
        )

    def _recorder(self) -> User:
        """A contact officer to record the contacts: the demo's, or a dedicated one."""
        user = User.objects.filter(username=GENERATOR_USERNAME).first()
        if user is not None:
            return user
        try:
            user = user_create(
                username=GENERATOR_USERNAME,
                password=secrets.token_urlsafe(32),
                role=Role.CONTACT_OFFICER,
                team_code="contact-centre",
                first_name="Synthetic",
                last_name="Data",
                check_password=False,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        # Records contacts; never signs in.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user


class ThinnedNhsNumbers(Iterator[str]):
    """NHS numbers from the 999 test range for about `wanted` people, thinned evenly when
    the range has too few left (about 909,000 in all; a million contacts need some 1.7M
    people): each draw then keeps a number with probability `keep` and otherwise gives
    none (""), as many records in children's services have no NHS number. The thinning
    has its own generator (from the seed), so the families planned are the same as with a
    range big enough. Once the range is empty every further person gets none."""

    def __init__(self, *, taken: set[str], wanted: int, seed: int) -> None:
        self.available = NHS_TEST_RANGE_SIZE - len(taken)
        self.keep = min(1.0, NHS_RANGE_HEADROOM * self.available / max(wanted, 1))
        self._numbers = nhs_test_numbers(taken)
        self._rng = random.Random(f"nhs-{seed}")
        self._empty = False

    def __next__(self) -> str:
        if self._empty or (self.keep < 1 and self._rng.random() >= self.keep):
            return ""
        try:
            return next(self._numbers)
        except StopIteration:
            self._empty = True
            return ""


# --- Planning: every random choice, in a fixed order, so a seed gives the same data ------


def _plan_family(
    rng: random.Random,
    today: date,
    now: datetime,
    names: VolumeNames,
    nhs_numbers: Iterator[str],
) -> PlannedFamily:
    household = volume_household(rng, today, names, nhs_numbers)
    children = [
        (i, p.date_of_birth)
        for i, p in enumerate(household.people)
        if p.relationship == HouseholdRelationship.CHILD and p.date_of_birth
    ]
    mother = 0
    eldest, eldest_born = min(children, key=lambda child: child[1])

    roll = rng.random()
    if roll < 0.01:
        count, span_days = rng.randint(30, 60), rng.randint(2 * 365, 6 * 365)
    elif roll < 0.10:
        count, span_days = rng.randint(4, 9), rng.randint(365, 3 * 365)
    elif roll < 0.18:
        count, span_days = 3, rng.randint(180, 2 * 365)
    elif roll < 0.34:
        count, span_days = 2, rng.randint(60, 2 * 365)
    else:
        count, span_days = 1, 3 * 365
    # The first contact comes after the eldest child was born.
    earliest = max(today - timedelta(days=span_days), eldest_born + timedelta(days=1))
    window = max((today - earliest).days, 0)
    days = sorted(earliest + timedelta(days=rng.randint(0, window)) for _ in range(count))

    contacts = []
    for day in days:
        scenario = rng.choice(SCENARIOS)
        received = _received_at(rng, day, scenario, now)
        born_by_then = [i for i, born in children if born <= received.date()] or [eldest]
        if len(born_by_then) == 1 or rng.random() < 0.7:
            about = born_by_then
        else:
            about = sorted(rng.sample(born_by_then, rng.randint(1, len(born_by_then))))
        parent_issue = scenario.primary_issue.endswith("B")
        adults = [mother] if parent_issue or rng.random() < 0.3 else []
        consent = Consent.GIVEN if rng.random() < 0.85 else rng.choice(list(Consent)[1:])
        lawful_basis = (
            ""
            if consent == Consent.GIVEN
            else rng.choice([LawfulBasis.PUBLIC_TASK, LawfulBasis.SAFEGUARDING])
        )
        recorded = min(received + timedelta(minutes=rng.randint(2, 180)), now)
        contacts.append(
            PlannedContact(
                received_at=received,
                recorded_at=recorded,
                scenario=scenario,
                consent_to_share=consent,
                lawful_basis=lawful_basis,
                children=about,
                adults=adults,
            )
        )
    contacts.sort(key=lambda c: c.received_at)

    plan = PlannedFamily(household=household, contacts=contacts, stage=Stage.CONTACT)
    last = contacts[-1].received_at
    if now - last > timedelta(days=7):
        plan.stage = rng.choices(
            [s for s, _ in _LATER_STAGES], weights=[w for _, w in _LATER_STAGES]
        )[0]
    unscreened_last = plan.stage in (Stage.CONTACT, Stage.SCREENING)
    for index, contact in enumerate(contacts):
        if unscreened_last and index == len(contacts) - 1:
            continue
        contact.screened_at = min(contact.received_at + timedelta(hours=rng.randint(1, 72)), now)
    if plan.stage == Stage.CLOSED:
        plan.level_of_need = rng.choice(
            [LevelOfNeed.UNIVERSAL, LevelOfNeed.UNIVERSAL_PLUS, LevelOfNeed.TARGETED]
        )
        plan.closure_reason = (
            ClosureReason.NO_FURTHER_ACTION
            if plan.level_of_need == LevelOfNeed.UNIVERSAL
            else rng.choice(_CLOSED_AFTER_SUPPORT)
        )
        plan.closed_at = min(last + timedelta(days=rng.randint(2, 120)), now)
        plan.version = 2 if plan.closure_reason == ClosureReason.NO_FURTHER_ACTION else 4
    elif plan.stage == Stage.STEPPED_UP:
        plan.level_of_need, plan.version = LevelOfNeed.STATUTORY, 2
    elif plan.stage == Stage.UNIVERSAL_OFFER:
        plan.level_of_need, plan.version = LevelOfNeed.UNIVERSAL, 2
    elif plan.stage in (Stage.AWAITING_ALLOCATION, Stage.ALLOCATED, Stage.TAC):
        plan.level_of_need = rng.choice([LevelOfNeed.UNIVERSAL_PLUS, LevelOfNeed.TARGETED])
        plan.version = {Stage.AWAITING_ALLOCATION: 2, Stage.ALLOCATED: 3, Stage.TAC: 4}[plan.stage]
    elif plan.stage == Stage.SCREENING:
        plan.version = 2
    return plan


def _received_at(rng: random.Random, day: date, scenario: Scenario, now: datetime) -> datetime:
    """Office hours on a working day; police and A&E notifications at any hour."""
    if scenario.channel in (Channel.POLICE_DOMESTIC_INCIDENT, Channel.AE_NOTIFICATION):
        moment = clock(rng.randint(0, 23), rng.randint(0, 59))
    else:
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        moment = clock(rng.randint(8, 17), rng.randint(0, 59))
    received = timezone.make_aware(datetime.combine(day, moment))
    return min(received, now - timedelta(minutes=5))


# --- Writing: one batch of planned families, in dependency order ------------------------


class _Writer:
    def __init__(self, recorder: User) -> None:
        self.recorder = recorder
        self.sources = {s.code: s for s in ReferralSource.objects.all()}
        self.issues = {i.code: i for i in PresentingIssue.objects.all()}
        missing = {s.referral_source for s in SCENARIOS} - self.sources.keys()
        missing |= {
            code for s in SCENARIOS for code in (s.primary_issue, *s.secondary_issues)
        } - self.issues.keys()
        if missing:
            raise CommandError(
                f"Reference data is missing ({', '.join(sorted(missing))}): run migrate first."
            )
        self.early_help = {
            team.locality_id: team.pk
            for team in Team.objects.filter(code__endswith="-early-help", is_active=True)
        }
        self._localities: dict[str, int | None] = {}
        self.key: Callable[[str], str] = lru_cache(maxsize=None)(name_key)

    def locality_id(self, postcode: str) -> int | None:
        """The locality serving the postcode, looked up once per postcode sector."""
        prefixes = postcode_prefixes(postcode)
        sector = prefixes[0] if prefixes else postcode
        if sector not in self._localities:
            locality = locality_for_postcode(postcode)
            self._localities[sector] = locality.pk if locality else None
        return self._localities[sector]

    def write(self, plans: list[PlannedFamily], totals: Totals) -> None:
        key, recorder = self.key, self.recorder
        today = timezone.localdate()

        families = []
        for plan in plans:
            new = plan.household.family
            postcode = normalise_postcode(new.postcode)
            families.append(
                Family(
                    address_line_1=new.address_line_1,
                    address_line_2=new.address_line_2,
                    town=new.town,
                    postcode=postcode,
                    address_confidential=new.address_confidential,
                    locality_id=self.locality_id(postcode),
                    created_at=plan.contacts[0].recorded_at,
                    created_by_id=recorder.pk,
                )
            )
        Family.objects.bulk_create(families, batch_size=INSERT_BATCH)

        people: list[list[Person]] = []
        for plan, family in zip(plans, families, strict=True):
            people.append(
                [
                    Person(
                        given_name=p.given_name,
                        family_name=p.family_name,
                        given_name_key=key(p.given_name),
                        family_name_key=key(p.family_name),
                        date_of_birth=p.date_of_birth,
                        expected_date=p.expected_date,
                        sex=p.sex,
                        nhs_number=p.nhs_number,
                        address_confidential=family.address_confidential,
                        created_at=family.created_at,
                    )
                    for p in plan.household.people
                ]
            )
        Person.objects.bulk_create([p for group in people for p in group], batch_size=INSERT_BATCH)

        members, aliases = [], []
        for plan, family, group in zip(plans, families, people, strict=True):
            joined = family.created_at.date()
            for index, (planned, person) in enumerate(
                zip(plan.household.people, group, strict=True)
            ):
                born = planned.date_of_birth
                started = max(joined, born) if born else joined
                left = index in plan.household.left
                members.append(
                    HouseholdMember(
                        family_id=family.pk,
                        person_id=person.pk,
                        relationship=planned.relationship,
                        started_on=min(started, today),
                        ended_on=today - timedelta(days=30) if left else None,
                    )
                )
            for alias in plan.household.aliases:
                aliases.append(
                    PersonAlias(
                        person_id=group[alias.person].pk,
                        given_name=alias.given_name,
                        family_name=alias.family_name,
                        kind=alias.kind,
                        given_name_key=key(alias.given_name),
                        family_name_key=key(alias.family_name),
                    )
                )
        HouseholdMember.objects.bulk_create(members, batch_size=INSERT_BATCH)
        PersonAlias.objects.bulk_create(aliases, batch_size=INSERT_BATCH)

        cases = []
        for plan, family in zip(plans, families, strict=True):
            allocated = plan.stage in (Stage.ALLOCATED, Stage.TAC)
            cases.append(
                Case(
                    family_id=family.pk,
                    stage=plan.stage,
                    level_of_need=plan.level_of_need,
                    locality_id=family.locality_id,
                    team_id=self.early_help.get(family.locality_id) if allocated else None,
                    opened_at=plan.contacts[0].received_at,
                    closed_at=plan.closed_at,
                    closure_reason=plan.closure_reason,
                    version=plan.version,
                    # What case_awaiting_screening_refresh would set (bulk_create sends
                    # no signal): the front door's rule reads it (docs/adr/0019).
                    has_unscreened_contact=any(c.screened_at is None for c in plan.contacts),
                )
            )
        Case.objects.bulk_create(cases, batch_size=INSERT_BATCH)

        contacts: list[list[Contact]] = []
        for plan, family, case in zip(plans, families, cases, strict=True):
            contacts.append(
                [
                    Contact(
                        case_id=case.pk,
                        family_id=family.pk,
                        received_at=c.received_at,
                        channel=c.scenario.channel,
                        referral_source_id=self.sources[c.scenario.referral_source].pk,
                        referrer_name=(
                            "" if c.scenario.referral_source == "9" else "Referrer on file"
                        ),
                        referrer_organisation=c.scenario.referrer_organisation,
                        reason=c.scenario.reason,
                        primary_issue_id=self.issues[c.scenario.primary_issue].pk,
                        consent_to_share=c.consent_to_share,
                        lawful_basis=c.lawful_basis,
                        recorded_by_id=recorder.pk,
                        recorded_at=c.recorded_at,
                        screened_at=c.screened_at,
                    )
                    for c in plan.contacts
                ]
            )
        Contact.objects.bulk_create(
            [c for group in contacts for c in group], batch_size=INSERT_BATCH
        )

        secondary, subjects, events = [], [], []
        through = Contact.secondary_issues.through
        for plan, family, case, group, saved in zip(
            plans, families, cases, people, contacts, strict=True
        ):
            events.append(
                ChronologyEvent(
                    family_id=family.pk,
                    case_id=case.pk,
                    action="case.opened",
                    summary=f"Case {case.reference} opened by a contact",
                    actor_id=recorder.pk,
                    occurred_at=plan.contacts[0].received_at,
                )
            )
            for index, (c, contact) in enumerate(zip(plan.contacts, saved, strict=True)):
                secondary.extend(
                    through(contact_id=contact.pk, presentingissue_id=self.issues[code].pk)
                    for code in c.scenario.secondary_issues
                )
                subjects.extend(
                    ContactSubject(contact_id=contact.pk, person_id=group[i].pk, is_child=True)
                    for i in c.children
                )
                subjects.extend(
                    ContactSubject(contact_id=contact.pk, person_id=group[i].pk, is_child=False)
                    for i in c.adults
                )
                joined = index > 0
                source = self.sources[c.scenario.referral_source]
                issue = self.issues[c.scenario.primary_issue]
                events.append(
                    ChronologyEvent(
                        family_id=family.pk,
                        case_id=case.pk,
                        action="contact.recorded",
                        actor_id=recorder.pk,
                        occurred_at=c.received_at,
                        summary=(
                            f"{contact.get_channel_display()} from {source.label}: {issue.label}"
                            + (" (repeat contact joined the open case)" if joined else "")
                        )[:300],
                        data={"contact": contact.pk, "joined_open_case": joined},
                    )
                )
            if plan.stage == Stage.CLOSED and plan.closed_at:
                at_front_door = plan.closure_reason == ClosureReason.NO_FURTHER_ACTION
                events.append(
                    ChronologyEvent(
                        family_id=family.pk,
                        case_id=case.pk,
                        action="case.close_at_front_door" if at_front_door else "case.close",
                        actor_id=recorder.pk,
                        occurred_at=plan.closed_at,
                        summary=(
                            "Information and advice given, or no further action"
                            if at_front_door
                            else f"Closed: {ClosureReason(plan.closure_reason).label}"
                        ),
                        data={
                            "from": Stage.CONTACT if at_front_door else Stage.ALLOCATED,
                            "to": Stage.CLOSED,
                        },
                    )
                )
            elif plan.stage == Stage.STEPPED_UP:
                events.append(
                    ChronologyEvent(
                        family_id=family.pk,
                        case_id=case.pk,
                        action="case.step_up",
                        actor_id=recorder.pk,
                        occurred_at=plan.contacts[-1].screened_at or plan.contacts[-1].received_at,
                        summary="Stepped up to social care",
                        data={"from": Stage.CONTACT, "to": Stage.STEPPED_UP},
                    )
                )
        through.objects.bulk_create(secondary, batch_size=INSERT_BATCH)
        ContactSubject.objects.bulk_create(subjects, batch_size=INSERT_BATCH)
        ChronologyEvent.objects.bulk_create(events, batch_size=INSERT_BATCH)

        totals.families += len(families)
        totals.people += sum(len(g) for g in people)
        totals.aliases += len(aliases)
        totals.cases += len(cases)
        totals.contacts += sum(len(g) for g in contacts)
        totals.long_histories += sum(1 for g in contacts if len(g) >= 30)
        totals.subjects += len(subjects)
        totals.events += len(events)
        for plan in plans:
            totals.per_stage[plan.stage] = totals.per_stage.get(plan.stage, 0) + 1
