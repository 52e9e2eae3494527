"""The deadline sweep across Christmas: reminders, breaches and escalations on the right
working days, once each, however often and wherever the sweep runs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from caf.models import Recommendation
from caf.sweep import deadlines_sweep
from pathway.models import ChronologyEvent, Notification
from pathway.services.notifications import notification_email_send
from pathway.tasks import send_notification_emails
from tests.factories import AllocatedCaseFactory, UniversalOfferCaseFactory

MADE = date(2026, 12, 1)
DUE = date(2026, 12, 31)  # 20 working days on: 25 and 28 December are bank holidays


@pytest.fixture
def caf_rec(personas):
    case = AllocatedCaseFactory(locality=personas.home, lead_professional=personas.practitioner)
    return Recommendation.objects.create(case=case, kind="caf", made_on=MADE, due_on=DUE)


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_the_christmas_calendar(personas, caf_rec):
    from pathway.calendar import add_working_days

    assert add_working_days(MADE, 20) == DUE


@pytest.mark.parametrize(
    "today, reminder, breached",
    [
        (date(2026, 12, 21), False, False),  # six working days before: too early
        (date(2026, 12, 22), True, False),  # five working days before 31 Dec
        (date(2026, 12, 31), True, False),  # due today: not yet overdue
        (date(2027, 1, 1), True, False),  # bank holiday: not "the working day after"
        (date(2027, 1, 3), True, False),  # Sunday
        (date(2027, 1, 4), True, True),  # the working day after: overdue and escalated
    ],
)
def test_a_day_by_day_run_acts_on_the_right_days(personas, caf_rec, today, reminder, breached):
    for day in _days(date(2026, 12, 15), today):
        deadlines_sweep(today=day)
    caf_rec.refresh_from_db()
    assert (caf_rec.reminder_sent_on is not None) is reminder
    assert (caf_rec.breached_on is not None) is breached
    if reminder:
        assert caf_rec.reminder_sent_on == date(2026, 12, 22)
    expected = ["reminder"] * reminder + ["breach"] * breached
    assert kinds(personas.practitioner) == sorted(expected)
    assert kinds(personas.locality_leader) == (["escalation"] if breached else [])


def test_running_twice_sends_nothing_twice(personas, caf_rec):
    first = deadlines_sweep(today=date(2027, 1, 4))
    second = deadlines_sweep(today=date(2027, 1, 4))
    third = deadlines_sweep(today=date(2027, 1, 5))
    assert (first.breaches, second.breaches, third.breaches) == (1, 0, 0)
    assert Notification.objects.count() == 2  # breach to the holder, escalation to the leader
    assert ChronologyEvent.objects.filter(action="recommendation.breached").count() == 1


def test_a_sweep_missed_for_days_catches_up(personas, caf_rec):
    result = deadlines_sweep(today=date(2027, 1, 6))  # nothing ran over Christmas
    caf_rec.refresh_from_db()
    assert result.breaches == 1 and caf_rec.breached_on == date(2027, 1, 6)
    assert caf_rec.reminder_sent_on is None  # too late to remind: the breach says it all
    assert kinds(personas.practitioner) == ["breach"]


def test_a_completed_recommendation_is_left_alone(personas, caf_rec):
    Recommendation.objects.filter(pk=caf_rec.pk).update(
        status="completed", completed_on=date(2026, 12, 10)
    )
    assert deadlines_sweep(today=date(2027, 1, 4)).breaches == 0
    assert not Notification.objects.exists()


def test_an_unallocated_caf_reminds_the_locality_leader(personas):
    case = AllocatedCaseFactory(locality=personas.home, stage="awaiting_allocation")
    Recommendation.objects.create(case=case, kind="caf", made_on=MADE, due_on=DUE)
    deadlines_sweep(today=date(2026, 12, 22))
    assert kinds(personas.locality_leader) == ["reminder"]


def test_universal_follow_ups_remind_the_officer_and_escalate_to_senior_practitioners(personas):
    case = UniversalOfferCaseFactory(locality=personas.home)
    Recommendation.objects.create(
        case=case, kind="universal", made_on=MADE, due_on=DUE, created_by=personas.contact_officer
    )
    deadlines_sweep(today=date(2026, 12, 22))
    deadlines_sweep(today=date(2027, 1, 4))
    assert kinds(personas.contact_officer) == ["breach", "reminder"]
    assert kinds(personas.senior_practitioner) == ["escalation"]


def test_queries_are_per_batch_not_per_row(personas, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            case = AllocatedCaseFactory(
                locality=personas.home, lead_professional=personas.practitioner
            )
            Recommendation.objects.create(case=case, kind="caf", made_on=MADE, due_on=DUE)

    make(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        deadlines_sweep(today=date(2027, 1, 4), batch_size=100)
    make(30)
    with CaptureQueriesContext(connection) as many:
        deadlines_sweep(today=date(2027, 1, 4), batch_size=100)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_each_email_is_sent_once_and_names_no_one(personas, caf_rec):
    personas.practitioner.email = "pat@example.gov.uk"
    personas.practitioner.save()
    deadlines_sweep(today=date(2026, 12, 22))
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert send_notification_emails(ids) == 1
    assert send_notification_emails(ids) == 0
    assert notification_email_send(ids[0]) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.gov.uk"]
    assert caf_rec.case.reference in message.body
    for child in caf_rec.case.family.members.all():
        assert child.person.family_name not in message.body


def test_a_failed_email_is_released_for_the_retry(personas, caf_rec, monkeypatch):
    personas.practitioner.email = "pat@example.gov.uk"
    personas.practitioner.save()
    deadlines_sweep(today=date(2026, 12, 22))
    notification = Notification.objects.get()

    def smtp_down(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("pathway.services.notifications.send_mail", smtp_down)
    with pytest.raises(OSError):
        notification_email_send(notification.pk)
    notification.refresh_from_db()
    assert notification.email_claimed_at is None and notification.emailed_at is None
    monkeypatch.undo()
    assert notification_email_send(notification.pk) is True


def _days(start, end):
    from datetime import timedelta

    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
