"""CSV and Excel exports of a report and of the cases behind a figure.

Both are streamed: CSV row by row as the response is sent; Excel through openpyxl's
write-only mode (rows go to a temporary file as they are written, never all held in
memory), then sent from that file in chunks. Every text cell goes through `safe_cell`, so
a spreadsheet never runs a formula someone typed into a record.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from openpyxl import Workbook

from pathway.models import AccessLogEntry, Case, User
from pathway.services.audit import access_log_record

# A spreadsheet reads a cell starting with one of these as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 2000


def safe_cell(value: Any) -> Any:
    """The value as a cell that cannot be a formula: text starting with = + - @, a tab or
    a carriage return gets a leading apostrophe (shown as text, never evaluated). Numbers
    stay numbers (a negative number is not text)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


REPORT_COLUMNS = [
    "measure",
    "table",
    "row_code",
    "row",
    "column",
    "value",
    "kind",
    "suppressed",
]


def report_rows(report: dict[str, Any]) -> Iterator[list[Any]]:
    """Every figure of every table, one per row (a long table any tool can pivot)."""
    for measure in report["measures"]:
        for table in measure["tables"]:
            columns = {c["key"]: c["label"] for c in table["columns"]}
            for row in table["rows"]:
                for key, cell in row["cells"].items():
                    yield [
                        measure["title"],
                        table["title"],
                        row["code"],
                        row["label"],
                        columns.get(key, key),
                        cell["value"],
                        cell["kind"],
                        "yes" if cell.get("suppressed") else "",
                    ]


CASE_COLUMNS = ["case", "stage", "locality", "opened_on", "closed_on"]


def case_rows(cases: QuerySet[Case]) -> Iterator[list[Any]]:
    """The cases behind a figure: reference, stage, locality and dates (no names)."""
    rows = cases.values_list("pk", "stage", "locality__name", "opened_at", "closed_at")
    for pk, stage, locality, opened_at, closed_at in rows.iterator(chunk_size=CHUNK_ROWS):
        yield [
            Case.reference_for(pk),
            stage,
            locality or "",
            opened_at.date().isoformat(),
            closed_at.date().isoformat() if closed_at else "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def xlsx_file(sheets: Iterable[tuple[str, list[str], Iterable[list[Any]]]]) -> Any:
    """An Excel workbook (write-only) in a temporary file, rewound: one sheet per
    (title, header, rows). The file deletes itself when closed."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    # Not a `with`: the response streams the file after this returns, and closes it.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    return target


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Sheet"


def report_sheets(report: dict[str, Any]) -> Iterator[tuple[str, list[str], Iterable[list[Any]]]]:
    """One sheet per table: "<measure> – <table>", its columns as in the dashboard."""
    seen: set[str] = set()
    for measure in report["measures"]:
        for table in measure["tables"]:
            title = _sheet_title(f"{measure['key']} {table['key']}")
            if title in seen:
                continue
            seen.add(title)
            keys = [c["key"] for c in table["columns"]]
            header = ["Row", *[c["label"] for c in table["columns"]]]
            yield title, header, _table_rows(table["rows"], keys)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def about_rows(read: Any, locality_name: str) -> list[list[Any]]:
    data = read.data
    rows: list[list[Any]] = [
        ["Period from", data["period"]["from"]],
        ["Period to", data["period"]["to"]],
        ["Locality", locality_name],
        ["Figures as of", data.get("as_of", "")],
        ["Measure definitions version", data.get("definitions_version", "")],
        ["From a stored snapshot", "yes" if read.snapshot else "no (computed now)"],
    ]
    if read.snapshot is not None:
        rows.append(["Snapshot built at", read.snapshot.built_at.isoformat()])
        rows.append(["Code version", read.snapshot.code_version])
    if read.suppressed:
        rows.append(["Suppressed", "Numbers from 1 to 4 are not shown; cases are withheld"])
    rows.append(["Invest to save", "An estimate, not a measured saving: see its method"])
    return rows


def report_export_response(
    *, read: Any, fmt: str, locality_name: str, request: HttpRequest, user: User
) -> HttpResponseBase:
    """The report as a CSV or Excel download, with its access-log row written first."""
    period = read.data["period"]
    filename = f"performance-{period['from']}-to-{period['to']}.{fmt}"
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.EXPORT,
        what=f"Performance report ({fmt.upper()}), {period['from']} to {period['to']}, "
        f"{locality_name}",
        request=request,
    )
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            csv_stream(REPORT_COLUMNS, report_rows(read.data)), content_type=CONTENT_TYPES["csv"]
        )
    else:
        sheets = [("About", ["Item", "Value"], about_rows(read, locality_name))]
        response = FileResponse(
            xlsx_file([*sheets, *report_sheets(read.data)]), content_type=CONTENT_TYPES["xlsx"]
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cases_export_response(
    *, cases: QuerySet[Case], fmt: str, what: str, request: HttpRequest, user: User
) -> HttpResponseBase:
    """The cases behind a figure as a CSV or Excel download, with its access-log row."""
    access_log_record(
        user=user,
        action=AccessLogEntry.Action.EXPORT,
        what=f"{what} ({fmt.upper()})",
        request=request,
    )
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            csv_stream(CASE_COLUMNS, case_rows(cases)), content_type=CONTENT_TYPES["csv"]
        )
    else:
        response = FileResponse(
            xlsx_file([("Cases", CASE_COLUMNS, case_rows(cases))]),
            content_type=CONTENT_TYPES["xlsx"],
        )
    response["Content-Disposition"] = f'attachment; filename="cases.{fmt}"'
    return response


def _table_rows(rows: list[dict[str, Any]], keys: list[str]) -> Iterator[list[Any]]:
    for row in rows:
        yield [row["label"], *[row["cells"].get(k, {}).get("value") for k in keys]]
