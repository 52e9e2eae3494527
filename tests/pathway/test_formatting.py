"""One date and time format across the service, GOV.UK style, through the template filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.template import Context, Template


def render(template: str, **context: object) -> str:
    return Template("{% load govuk %}" + template).render(Context(context))


@pytest.mark.parametrize(
    "value, expected",
    [
        (date(2027, 1, 4), "4 January 2027"),
        (date(2026, 12, 21), "21 December 2026"),
        (None, ""),
    ],
)
def test_dates(value, expected):
    assert render("{{ value|govuk_date }}", value=value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (time(13, 35), "1:35pm"),
        (time(9, 0), "9am"),
        (time(9, 5), "9:05am"),
        (time(12, 0), "midday"),
        (time(12, 30), "12:30pm"),
        (time(0, 0), "midnight"),
        (time(0, 10), "12:10am"),
        (time(23, 59), "11:59pm"),
    ],
)
def test_times(value, expected):
    assert render("{{ value|govuk_time }}", value=value) == expected


def test_a_moment_is_shown_in_london_time():
    # 13:35 UTC in January is 1:35pm in London; 12:00 UTC in July is 1pm (BST).
    winter = datetime(2027, 1, 4, 13, 35, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    late = datetime(2026, 6, 30, 23, 0, tzinfo=UTC)  # midnight in London, the next day
    assert render("{{ v|govuk_datetime }}", v=winter) == "4 January 2027 at 1:35pm"
    assert render("{{ v|govuk_datetime }}", v=summer) == "1 July 2026 at 1pm"
    assert render("{{ v|govuk_datetime }}", v=late) == "1 July 2026 at midnight"
    assert render("{{ v|govuk_date }}", v=late) == "1 July 2026"
    assert render("{{ v|govuk_time }}", v=late) == "midnight"
    assert render("{{ v|govuk_datetime|default:'Never' }}", v=None) == "Never"


def test_templates_use_one_date_format():
    """No template formats a date or time its own way (Django's `date` filter is only
    for machine-readable values such as <time datetime>)."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    own_formats = []
    for path in templates.rglob("*.html"):
        for match in re.finditer(r"\|(date|time):(['\"])([^'\"]*)\2", path.read_text()):
            if match.group(3) not in {"c", "Y-m-d"}:
                own_formats.append(f"{path.relative_to(templates)}: {match.group(0)}")
    assert own_formats == []
