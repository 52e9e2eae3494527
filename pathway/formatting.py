"""Dates and times as the service writes them everywhere, in GOV.UK style:
"4 January 2027", "1:35pm", "9am", "midday", "midnight", "4 January 2027 at 1:35pm".

Templates use the `govuk_date`, `govuk_time` and `govuk_datetime` filters
(pathway/templatetags/govuk.py); Python code that writes a date into a message calls
these functions, so there is one format in one place.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def govuk_date(value: date | datetime | None) -> str:
    """'4 January 2027' (no leading zero, the month in full); '' for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: time | datetime | None) -> str:
    """'1:35pm', '9am' on the hour, 'midday' and 'midnight' rather than 12pm and 12am."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 0:
        return "midnight"
    if minute == 0 and hour == 12:
        return "midday"
    clock = hour % 12 or 12
    suffix = "am" if hour < 12 else "pm"
    return f"{clock}{suffix}" if minute == 0 else f"{clock}:{minute:02d}{suffix}"


def govuk_datetime(value: datetime | None) -> str:
    """'4 January 2027 at 1:35pm' in the service's time zone."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{govuk_date(value)} at {govuk_time(value)}"
