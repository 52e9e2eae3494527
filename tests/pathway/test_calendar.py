"""The working-day calendar (DESIGN §4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from pathway.calendar import WorkingDayCalendar, add_working_days, bank_holidays
from pathway.models import LocalClosureDay

plain = WorkingDayCalendar()


@pytest.mark.parametrize(
    "start, days, due",
    [
        (date(2026, 12, 21), 20, date(2027, 1, 21)),  # DESIGN §4: Christmas with substitute days
        (date(2026, 3, 27), 20, date(2026, 4, 28)),  # DESIGN §4: Easter
        (date(2026, 4, 30), 1, date(2026, 5, 1)),
        (date(2026, 5, 1), 1, date(2026, 5, 5)),  # early May bank holiday (Mon 4 May)
        (date(2026, 5, 22), 1, date(2026, 5, 26)),  # spring bank holiday (Mon 25 May)
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # summer bank holiday (Mon 31 Aug)
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # 25 Dec, and 28 Dec for Boxing Day
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # 2027: both Christmas days substituted
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Good Friday 26 Mar, Easter Monday 29 Mar
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # made on a Saturday: day 1 is Monday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2026, 11, 20), 5, date(2026, 11, 27)),
    ],
)
def test_known_due_dates(start, days, due):
    assert plain.add_working_days(start, days) == due


def test_bank_holidays_are_weekdays_only():
    assert bank_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    }
    assert date(2026, 12, 26) not in bank_holidays(2026)  # a Saturday, listed by `holidays`
    assert bank_holidays(2027) >= {date(2027, 12, 27), date(2027, 12, 28)}


def test_local_closure_days_are_not_working_days(db):
    LocalClosureDay.objects.create(date=date(2026, 12, 24), reason="Council closure")
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 21), 20) == date(2027, 1, 22)


def test_working_hours_count_office_hours_only(settings):
    settings.CONTACT_CENTRE_HOURS = (9, 17)
    tz = timezone.get_current_timezone()
    friday_4pm = datetime(2026, 11, 20, 16, 0, tzinfo=tz)
    monday_10am = datetime(2026, 11, 23, 10, 0, tzinfo=tz)
    assert plain.working_hours_between(friday_4pm, monday_10am) == 2
    night = datetime(2026, 11, 23, 20, 0, tzinfo=tz)
    assert plain.working_hours_between(monday_10am, night) == 7
    assert plain.working_hours_between(night, monday_10am) == 0


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=days, count=st.integers(min_value=0, max_value=60))
def test_due_date_is_a_working_day_exactly_count_working_days_on(start, count):
    due = plain.add_working_days(start, count)
    assert due >= start
    assert plain.working_days_between(start, due) == count
    if count:
        assert plain.is_working_day(due)
        # No working day is skipped: the day before the due date is count-1 working days on.
        assert plain.working_days_between(start, due - timedelta(days=1)) == count - 1


@settings(max_examples=300, deadline=None)
@given(day=days)
def test_weekends_and_bank_holidays_are_never_working_days(day):
    expected = day.weekday() < 5 and day not in bank_holidays(day.year)
    assert plain.is_working_day(day) is expected


@settings(max_examples=200, deadline=None)
@given(start=days, a=st.integers(0, 40), b=st.integers(0, 40))
def test_adding_working_days_composes(start, a, b):
    after_a = plain.add_working_days(start, a)
    assert plain.add_working_days(after_a, b) == plain.add_working_days(start, a + b)


@settings(max_examples=200, deadline=None)
@given(end=days, count=st.integers(0, 40))
def test_subtracting_undoes_adding_on_working_days(end, count):
    if plain.is_working_day(end):
        assert plain.add_working_days(plain.subtract_working_days(end, count), count) == end
