"""Reading and writing claims as CSV, with the standard library only (no pandas needed)."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from .records import CLAIM_COLUMNS, EARLIEST_DATE, LATEST_DATE, MAX_COUNT, Claim
from .validation import COLUMN_NAMES, read_claims

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "claim_cells",
    "claims_table_schema",
    "parse_claims_csv",
    "read_claims_csv",
    "write_claims_csv",
]


def _format_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_FRICTIONLESS_TYPES = {"count": "integer", "date": "date"}


def claims_table_schema() -> dict[str, Any]:
    """The claims CSV layout as a `Frictionless Table Schema <https://specs.frictionlessdata.io/table-schema/>`_.

    Derived from the schema, like the CSV reader and the DataFrame dtypes, so it cannot drift.

    Returns:
        A JSON-serialisable dict with ``fields`` (name, type, description, constraints) and
        ``primaryKey``.

    Example:
        >>> import conflictdata
        >>> schema = conflictdata.claims_table_schema()
        >>> measure = next(field for field in schema["fields"] if field["name"] == "measure")
        >>> measure["constraints"]["enum"]  # doctest: +NORMALIZE_WHITESPACE
        ['killed', 'wounded', 'killed_or_wounded', 'missing', 'captured', 'casualties',
         'killed_or_missing']
    """
    fields = []
    for column in CLAIM_COLUMNS:
        constraints: dict[str, Any] = {"required": column.required}
        if column.vocabulary is not None:
            constraints["enum"] = [member.value for member in column.vocabulary]
        if column.kind == "count":
            constraints["minimum"] = 0
            constraints["maximum"] = MAX_COUNT
        if column.kind == "date":
            constraints["minimum"] = EARLIEST_DATE.isoformat()
            constraints["maximum"] = LATEST_DATE.isoformat()
        if column.kind == "id":
            constraints["pattern"] = "[a-z0-9][a-z0-9-]*"
        fields.append(
            {
                "name": column.name,
                "type": _FRICTIONLESS_TYPES.get(column.kind, "string"),
                "description": column.description,
                "constraints": constraints,
            }
        )
    return {"fields": fields, "primaryKey": ["claim_id"], "missingValues": [""]}


def parse_claims_csv(text: str, *, source: str = "<string>") -> tuple[Claim, ...]:
    """Parse claims from CSV text in the schema's column layout.

    Args:
        text: The CSV text, with a header row naming the schema's columns in order.
        source: How to name the text in error messages (usually its file name).

    Returns:
        The claims, in file order.

    Raises:
        DataValidationError: On a wrong header, a bad cell or a duplicate ``claim_id``; the message
            names the source, the row (line number, header = 1), the claim and the field.

    Example:
        >>> import io, conflictdata
        >>> buffer = io.StringIO()
        >>> conflictdata.write_claims_csv(conflictdata.claims()[:2], buffer)
        >>> [c.claim_id for c in conflictdata.parse_claims_csv(buffer.getvalue())] == [
        ...     c.claim_id for c in conflictdata.claims()[:2]]
        True
    """
    return read_claims(io.StringIO(text, newline=""), source=source)


def read_claims_csv(path: str | os.PathLike[str]) -> tuple[Claim, ...]:
    """Read claims from a CSV file in the schema's column layout (as :func:`read_claims`).

    Args:
        path: The CSV file (UTF-8, with or without a byte order mark).

    Returns:
        The claims, in file order.

    Raises:
        DataValidationError: As :func:`parse_claims_csv`, naming the file.

    Example:
        >>> import pathlib, tempfile, conflictdata
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "claims.csv"
        >>> conflictdata.write_claims_csv(conflictdata.claims(), path)
        >>> conflictdata.read_claims_csv(path) == conflictdata.claims()
        True
    """
    return read_claims(path)


def claim_cells(claim: Claim) -> dict[str, str]:
    """A claim's fields as the CSV text of each column (ISO dates, enum values, ``""`` for none).

    Example:
        >>> import conflictdata
        >>> claim = next(c for c in conflictdata.claims() if c.value == 55000)
        >>> cells = conflictdata.claim_cells(claim)
        >>> cells["value"], cells["stated_on"], cells["stated_on_precision"], cells["low"]
        ('55000', '2026-02-01', 'month', '')
    """
    return {name: _format_cell(getattr(claim, name)) for name in COLUMN_NAMES}


#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(cells: dict[str, str]) -> dict[str, str]:
    # An apostrophe in front makes a spreadsheet show the text instead of evaluating it; a lone
    # sign (a qualifier_text "-" between two figures) is no formula and is kept.
    return {
        name: f"'{text}" if len(text) > 1 and text.startswith(FORMULA_STARTS) else text
        for name, text in cells.items()
    }


def write_claims_csv(
    claims: Iterable[Claim],
    target: str | os.PathLike[str] | TextIO,
    *,
    spreadsheet_safe: bool = False,
) -> None:
    """Write claims as CSV that :func:`read_claims_csv` reads back unchanged.

    Args:
        claims: The claims to write.
        target: A file to (over)write as UTF-8, or an open text stream (e.g. ``sys.stdout``).
        spreadsheet_safe: Put an apostrophe before every cell of two or more characters that
            starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so that a
            spreadsheet shows it as text instead of running it as a formula. Such cells no longer
            read back unchanged.

    Example:
        >>> import attrs, io, conflictdata
        >>> claim = conflictdata.claims()[0]
        >>> formula = attrs.evolve(claim, notes="=HYPERLINK(0)")
        >>> text = io.StringIO()
        >>> conflictdata.write_claims_csv([formula], text, spreadsheet_safe=True)
        >>> conflictdata.parse_claims_csv(text.getvalue())[0].notes
        "'=HYPERLINK(0)"
    """
    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            write_claims_csv(claims, stream, spreadsheet_safe=spreadsheet_safe)
        return
    writer = csv.DictWriter(target, fieldnames=COLUMN_NAMES, lineterminator="\n")
    # The csv module quotes a cell with a line break only if it is in the line terminator, so a
    # bare carriage return would end the row for a reader: rows with one are quoted throughout.
    quoting_all = csv.DictWriter(
        target, fieldnames=COLUMN_NAMES, lineterminator="\n", quoting=csv.QUOTE_ALL
    )
    writer.writeheader()
    for claim in claims:
        cells = claim_cells(claim)
        if spreadsheet_safe:
            cells = _spreadsheet_safe(cells)
        (quoting_all if any("\r" in text for text in cells.values()) else writer).writerow(cells)
