"""CSV that a spreadsheet opens as text, never as a formula (CSV injection, OWASP)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

# A cell starting with one of these is read by Excel, LibreOffice or Sheets as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text; one that a spreadsheet would run as a formula gets a leading `'`."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The header and each row as CSV lines, every cell neutralised (for a streamed response)."""
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])
