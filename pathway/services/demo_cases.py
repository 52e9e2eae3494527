"""Generates demo families and walks them along the pathway through the real services."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pathway.demo import SCENARIOS, synthetic_family
from pathway.models import PresentingIssue, ReferralSource, User
from pathway.services.contacts import ContactDetails, contact_record


def demo_cases_create(*, rng: random.Random, families: int) -> str:
    """Create `families` households, each with a contact (some with repeat contacts)."""
    officer = User.objects.get(username="contact.officer")
    today = timezone.localdate()
    sources = {s.code: s for s in ReferralSource.objects.all()}
    issues = {i.code: i for i in PresentingIssue.objects.all()}
    contacts = 0
    for _ in range(families):
        new_family, children, adults = synthetic_family(rng, today)
        scenario = rng.choice(SCENARIOS)
        received = _received_at(rng, today, days_back=150)
        details = ContactDetails(
            received_at=received,
            channel=scenario.channel,
            referral_source=sources[scenario.referral_source],
            reason=scenario.reason,
            primary_issue=issues[scenario.primary_issue],
            secondary_issues=[issues[c] for c in scenario.secondary_issues],
            consent_to_share="given" if rng.random() < 0.85 else "not_sought",
            lawful_basis="" if rng.random() < 0.85 else "public_task",
            referrer_organisation=scenario.referrer_organisation,
            referrer_name="" if scenario.referral_source == "9" else "Referrer on file",
            children=children,
            adults=adults,
        )
        if details.consent_to_share != "given" and not details.lawful_basis:
            details.lawful_basis = "public_task"
        contact = contact_record(recorded_by=officer, details=details, new_family=new_family)
        contacts += 1
        if rng.random() < 0.15:
            # A repeat contact a few weeks later joins the open case.
            repeat = rng.choice(SCENARIOS)
            later = min(received + timedelta(days=rng.randint(3, 40)), timezone.now())
            contact_record(
                recorded_by=officer,
                family=contact.family,
                details=ContactDetails(
                    received_at=later,
                    channel=repeat.channel,
                    referral_source=sources[repeat.referral_source],
                    reason=repeat.reason,
                    primary_issue=issues[repeat.primary_issue],
                    consent_to_share="given",
                    referrer_organisation=repeat.referrer_organisation,
                    children=[s.person for s in contact.subject_links.filter(is_child=True)],
                ),
            )
            contacts += 1
    return f"{families} families and {contacts} contacts"


def _received_at(rng: random.Random, today: date, days_back: int) -> datetime:
    day = today - timedelta(days=rng.randint(0, days_back))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    moment = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
    aware = timezone.make_aware(moment)
    return min(aware, timezone.now() - timedelta(minutes=5))
