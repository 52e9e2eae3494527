"""The shape every measure reports in, and the period it covers.

A measure produces tables of figures. Every door (the JSON API, CSV and Excel, the
dashboard, a stored snapshot) works from the same plain dictionary (`Report.as_dict`), so
a figure read from a snapshot is exactly the figure the page, the export and the API show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# Kinds of figure, and how each is written (the page formats them; exports keep numbers).
COUNT, PERCENT, MONEY, HOURS, NUMBER, TEXT, DATE = (
    "count",
    "percent",
    "money",
    "hours",
    "number",
    "text",
    "date",
)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, as dates in Europe/London."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        """The first moment of the period: local midnight at the start of `start`."""
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def end_at(self) -> datetime:
        """The first moment after the period (local midnight after `end`): compare with `<`."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_whole_month(self) -> bool:
        return (
            self.start.day == 1
            and self.start == _month_start(self.end)
            and ((self.end + timedelta(days=1)).day == 1)
        )

    def previous(self) -> Period:
        """The period of the same kind just before: the month before a whole month, else
        the same number of days ending the day before `start`."""
        if self.is_whole_month:
            return month_of(self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_before(self) -> Period:
        """The same dates a year earlier (29 February becomes 28 February)."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches, in order."""
        months, month = [], _month_start(self.start)
        while month <= self.end:
            months.append(month)
            month = _month_start(month + timedelta(days=32))
        return months

    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def month_of(day: date) -> Period:
    start = _month_start(day)
    return Period(start, _month_start(start + timedelta(days=32)) - timedelta(days=1))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class Figure:
    """One number (or text) in a table. `base` is a percentage's denominator; `drill`
    names the cases behind a count (reporting.measures.drill_cases). `base` (and a
    percentage's `part`) are the counts a derived figure comes from, so that suppressing
    a small count suppresses what would reveal it."""

    value: Any
    kind: str = COUNT
    drill: str = ""
    base: int | None = None
    part: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "kind": self.kind}
        if self.drill:
            data["drill"] = self.drill
        if self.base is not None:
            data["base"] = self.base
        if self.part is not None:
            data["part"] = self.part
        return data


@dataclass
class Table:
    """A table of a measure. `personal` tables name cases (only for those who may drill
    down); `chart` names the column drawn as a bar chart beside the table."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: str = ""
    personal: bool = False

    def add(self, label: str, code: str = "", **cells: Figure | Any) -> None:
        values = {
            key: (cell if isinstance(cell, Figure) else Figure(cell, TEXT)).as_dict()
            for key, cell in cells.items()
        }
        self.rows.append({"label": label, "code": code, "cells": values})

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "columns": [{"key": k, "label": label} for k, label in self.columns],
            "rows": self.rows,
            "chart": self.chart,
            "personal": self.personal,
        }


@dataclass
class Measure:
    key: str
    title: str
    definition: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    estimate: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "definition": self.definition,
            "notes": self.notes,
            "estimate": self.estimate,
            "tables": [t.as_dict() for t in self.tables],
        }


def percent(part: int, whole: int) -> Figure:
    """`part` as a percentage of `whole`, to one decimal place (None when `whole` is 0)."""
    value = round(100 * part / whole, 1) if whole else None
    return Figure(value, PERCENT, base=whole, part=part)


def summary_table(title: str = "Summary") -> Table:
    return Table("summary", title, [("value", "Figure")])
