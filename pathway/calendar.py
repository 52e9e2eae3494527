"""The working-day calendar (DESIGN §4).

Monday to Friday, less the England and Wales bank holidays (substitute days included)
and any local closure days the council adds. The day something happens is day 0; it is
due at the end of the Nth working day after it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in a year, weekdays only.

    The `holidays` package also lists a holiday that falls at a weekend on its own date
    (e.g. Saturday 26 December 2026) besides the substitute weekday; only weekdays matter.
    """
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.weekday() < 5 and day.year == year)


class WorkingDayCalendar:
    """Working-day arithmetic with a known set of local closure days."""

    def __init__(self, closures: frozenset[date] | set[date] = frozenset()) -> None:
        self.closures = frozenset(closures)

    @classmethod
    def load(cls, start: date, end: date) -> WorkingDayCalendar:
        """A calendar knowing the local closure days between two dates (one query)."""
        from pathway.models import LocalClosureDay

        days = LocalClosureDay.objects.filter(date__gte=start, date__lte=end)
        return cls(frozenset(days.values_list("date", flat=True)))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in bank_holidays(day.year) and day not in self.closures

    def add_working_days(self, start: date, count: int) -> date:
        """The date `count` working days after `start` (which is day 0)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, end: date, count: int) -> date:
        """The date that is `count` working days before `end`."""
        day = end
        remaining = count
        while remaining:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        return self.add_working_days(day, 1)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Office hours (CONTACT_CENTRE_HOURS) elapsed between two moments."""
        if end <= start:
            return 0.0
        opens, closes = settings.CONTACT_CENTRE_HOURS
        tz = timezone.get_current_timezone()
        local_start, local_end = start.astimezone(tz), end.astimezone(tz)
        seconds = 0.0
        day = local_start.date()
        while day <= local_end.date():
            if self.is_working_day(day):
                window_start = datetime.combine(day, time(opens), tzinfo=tz)
                window_end = datetime.combine(day, time(closes), tzinfo=tz)
                overlap_start = max(window_start, local_start)
                overlap_end = min(window_end, local_end)
                if overlap_end > overlap_start:
                    seconds += (overlap_end - overlap_start).total_seconds()
            day += timedelta(days=1)
        return seconds / 3600


def working_calendar_for(start: date, span_days: int = 120) -> WorkingDayCalendar:
    """A calendar loaded with the closure days from `start` for the next `span_days`."""
    return WorkingDayCalendar.load(
        start - timedelta(days=span_days), start + timedelta(days=span_days)
    )


def add_working_days(start: date, count: int) -> date:
    """Convenience: `count` working days after `start`, with local closure days applied."""
    return working_calendar_for(start, span_days=count * 2 + 30).add_working_days(start, count)
