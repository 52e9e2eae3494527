"""A report dictionary as the dashboard shows it: formatted cells, drill-down links, bar
charts drawn as SVG on the server (docs/adr/0015), comparisons with earlier periods."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from reporting.report import COUNT, HOURS, MONEY, NUMBER, PERCENT, Period

NUMERIC = {COUNT, PERCENT, MONEY, HOURS, NUMBER}
# A table naming cases shows its first rows on the dashboard; the drill-down lists them all.
LISTED_ON_DASHBOARD = 25
# The drawing is 600 units wide: labels, then bars (the longest BAR_SPACE long), then values.
LABEL_SPACE, BAR_SPACE, CHART_WIDTH = 230, 300, 600
LABEL_CHARACTERS = 34


def formatted(cell: dict[str, Any]) -> str:
    value, kind = cell.get("value"), cell.get("kind")
    if cell.get("suppressed"):
        return "Fewer than 5"
    if value is None:
        return "–"
    if kind == COUNT or (kind == NUMBER and isinstance(value, int)):
        return f"{value:,}"
    if kind == PERCENT:
        return f"{value:.1f}%"
    if kind == MONEY:
        return f"−£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"
    if kind in (HOURS, NUMBER):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return str(value)


def query(period: Period, locality_code: str, **more: str) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if locality_code:
        params["locality"] = locality_code
    params.update(more)
    return urlencode(params)


def table_view(
    table: dict[str, Any], *, period: Period, locality_code: str, may_drill: bool
) -> dict[str, Any]:
    cases_url = reverse("reports-cases")
    columns = table["columns"]
    rows = []
    shown = table["rows"][:LISTED_ON_DASHBOARD] if table.get("personal") else table["rows"]
    for row in shown:
        cells = []
        for column in columns:
            cell = row["cells"].get(column["key"], {"value": None, "kind": "text"})
            href = ""
            if may_drill and cell.get("drill") and cell.get("value"):
                href = f"{cases_url}?{query(period, locality_code, figure=cell['drill'])}"
            cells.append(
                {
                    "text": formatted(cell),
                    "numeric": cell.get("kind") in NUMERIC,
                    "href": href,
                    "suppressed": bool(cell.get("suppressed")),
                    "column": column["label"],
                }
            )
        rows.append({"label": row["label"], "cells": cells})
    return {
        "key": table["key"],
        "title": table["title"],
        "columns": columns,
        "rows": rows,
        "withheld": table.get("withheld", False),
        "more": len(table["rows"]) - len(shown),
        "chart": bar_chart(table),
    }


def bar_chart(table: dict[str, Any]) -> dict[str, Any] | None:
    """Horizontal bars for the table's chart column (None when it has none, or nothing to
    draw). Suppressed and missing values are drawn as no bar; the table says which."""
    column = table.get("chart")
    if not column:
        return None
    bars = []
    for row in table["rows"]:
        if row["code"] == "total":
            continue
        cell = row["cells"].get(column, {})
        value = cell.get("value")
        bars.append(
            {
                "label": row["label"],
                "value": value if isinstance(value, int | float) else None,
                "text": formatted(cell),
            }
        )
    largest = max((b["value"] for b in bars if b["value"]), default=0)
    if not largest:
        return None
    row_height = 28
    for index, bar in enumerate(bars):
        bar["y"] = index * row_height
        bar["width"] = round(BAR_SPACE * (bar["value"] or 0) / largest, 1)
        bar["text_x"] = LABEL_SPACE + bar["width"] + 6
        label = bar["label"]
        bar["short"] = (
            label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        )
    label = next(c["label"] for c in table["columns"] if c["key"] == column)
    return {
        "bars": bars,
        "height": len(bars) * row_height,
        "label": label,
        "bar_x": LABEL_SPACE,
        "width": CHART_WIDTH,
    }


def headline_rows(reports: list[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The summary figures of each measure side by side: this period, the previous one, the
    same period a year before (matched by measure, table and row code)."""

    def index(report: dict[str, Any] | None) -> dict[tuple[str, str], dict[str, Any]]:
        found: dict[tuple[str, str], dict[str, Any]] = {}
        if report is None:
            return found
        for measure in report["measures"]:
            for table in measure["tables"]:
                if table["key"] != "summary":
                    continue
                for row in table["rows"]:
                    found[(measure["key"], row["code"])] = row["cells"]["value"]
        return found

    current, *earlier = reports
    indexes = [index(r) for r in earlier]
    rows = []
    for measure in (current or {"measures": []})["measures"]:
        for table in measure["tables"]:
            if table["key"] != "summary":
                continue
            for row in table["rows"]:
                key = (measure["key"], row["code"])
                rows.append(
                    {
                        "measure": measure["title"],
                        "label": row["label"],
                        "values": [formatted(row["cells"]["value"])]
                        + [formatted(i[key]) if key in i else "–" for i in indexes],
                    }
                )
    return rows
