"""Reading and writing claims as CSV, with the standard library only (no pandas needed)."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..exceptions import DataValidationError
from .records import CLAIM_COLUMNS, Claim, Column

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "claim_cells",
    "claims_table_schema",
    "parse_claims_csv",
    "read_claims_csv",
    "write_claims_csv",
]

COLUMN_NAMES = tuple(column.name for column in CLAIM_COLUMNS)


def _parse_cell(column: Column, text: str) -> object:
    if text == "":
        return "" if column.kind == "optional_text" else None
    if column.kind == "count":
        if not text.isascii() or not text.isdigit():
            msg = (
                f"{text!r} is not allowed; expected a non-negative whole number without separators"
            )
            raise DataValidationError(msg, field=column.name, value=text)
        return int(text)
    return text  # dates and vocabularies are converted and checked by Claim itself


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
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(header) != COLUMN_NAMES:
        msg = f"the header must be exactly: {','.join(COLUMN_NAMES)}; found {header!r}"
        raise DataValidationError(msg, file=source, row=1)
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for row_number, cells in enumerate(reader, start=2):
        if len(cells) != len(COLUMN_NAMES):
            msg = f"expected {len(COLUMN_NAMES)} cells, found {len(cells)}"
            raise DataValidationError(msg, file=source, row=row_number)
        try:
            fields: dict[str, Any] = {
                column.name: _parse_cell(column, cell)
                for column, cell in zip(CLAIM_COLUMNS, cells, strict=True)
            }
            claim = Claim(**fields)
        except DataValidationError as error:
            if error.claim_id is None and cells[0]:
                error = DataValidationError(
                    error.reason, claim_id=cells[0], field=error.field, value=error.value
                )
            raise error.located(file=source, row=row_number) from None
        if claim.claim_id in seen:
            msg = f"duplicate claim_id, first used in row {seen[claim.claim_id]}"
            raise DataValidationError(
                msg, claim_id=claim.claim_id, field="claim_id", file=source, row=row_number
            )
        seen[claim.claim_id] = row_number
        claims.append(claim)
    return tuple(claims)


def read_claims_csv(path: str | os.PathLike[str]) -> tuple[Claim, ...]:
    """Read claims from a CSV file in the schema's column layout.

    Args:
        path: The CSV file (UTF-8).

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
    path = Path(path)
    return parse_claims_csv(path.read_text(encoding="utf-8"), source=str(path))


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


def write_claims_csv(claims: Iterable[Claim], target: str | os.PathLike[str] | TextIO) -> None:
    """Write claims as CSV that :func:`read_claims_csv` reads back unchanged.

    Args:
        claims: The claims to write.
        target: A file to (over)write as UTF-8, or an open text stream (e.g. ``sys.stdout``).

    Example:
        >>> import io, conflictdata
        >>> buffer = io.StringIO()
        >>> conflictdata.write_claims_csv(conflictdata.claims()[:1], buffer)
        >>> buffer.getvalue().splitlines()[0].split(",")[:3]
        ['claim_id', 'statement_id', 'conflict']
    """
    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            write_claims_csv(claims, stream)
        return
    writer = csv.DictWriter(target, fieldnames=COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(claim_cells(claim) for claim in claims)
