"""Reading claims files, users' own included: every problem at once, by the schema's own rules.

A file is checked column by column: each distinct cell text of a column is converted and checked
once with the rule of :class:`~conflictdata.Claim`'s field (:func:`field_problem`), and each rule
between fields (:data:`ROW_RULES`) once per distinct combination of its fields. There is no second
copy of the rules, so a file passes exactly when every row makes a valid :class:`Claim`.
"""

from __future__ import annotations

import csv
import io
import os
import types
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

import attrs

from ..exceptions import DataValidationError, InvalidClaimsFileError
from .records import (
    ADVISORY_RULES,
    CLAIM_COLUMNS,
    MAX_COUNT,
    ROW_RULES,
    Claim,
    Column,
    RowRule,
    RuleBreach,
    field_problem,
    relation_between,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["COLUMN_NAMES", "Problem", "ValidationReport", "read_claims", "validate_claims"]

#: The columns of a claims CSV, in order.
COLUMN_NAMES: Final = tuple(column.name for column in CLAIM_COLUMNS)

ClaimsSource = str | os.PathLike[str] | IO[str] | IO[bytes]

_CONVERTERS = {field.name: field.converter for field in attrs.fields(Claim)}
_COUNT_DIGITS = len(str(MAX_COUNT))
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@attrs.frozen
class Problem:
    """One problem in a claims file.

    Attributes:
        severity: ``"error"`` (the row is not a valid claim) or ``"warning"`` (valid, but
            implausible: a URL that is not http(s), a NUL character, a quote that does not state
            its figure, an unknown ``quote_language``).
        line: The file's line number where the row starts (the header is line 1).
        column: The column, or ``None`` for a problem of the whole row or file.
        value: The cell's text as in the file (``""`` when there is none).
        allowed: What the column allows.
        claim_id: The row's ``claim_id``, when it has one.
        reason: The problem in words.

    Example:
        >>> import conflictdata
        >>> problem = conflictdata.Problem("error", 7, "measure", "dead", "one of: killed, ...")
        >>> print(problem)
        line 7: column 'measure': error: 'dead' is not allowed; expected one of: killed, ...

    .. versionadded:: 0.2.0
    """

    severity: Literal["error", "warning"]
    line: int
    column: str | None
    value: str
    allowed: str
    claim_id: str | None = None
    reason: str = attrs.field()

    @reason.default
    def _reason(self) -> str:
        return f"{self.value!r} is not allowed; expected {self.allowed}"

    def __str__(self) -> str:
        where = [f"line {self.line}"]
        where += [f"claim {self.claim_id!r}"] if self.claim_id else []
        where += [f"column {self.column!r}"] if self.column else []
        return f"{': '.join(where)}: {self.severity}: {self.reason}"

    def error(self, source: str) -> DataValidationError:
        """This problem as the error that :func:`read_claims` raises for it.

        Example:
            >>> import conflictdata
            >>> problem = conflictdata.Problem("error", 7, "measure", "dead", "one of: killed")
            >>> print(problem.error("mine.csv"))
            mine.csv, row 7: field 'measure': 'dead' is not allowed; expected one of: killed
        """
        return DataValidationError(
            self.reason,
            claim_id=self.claim_id,
            field=self.column,
            value=self.value,
            file=source,
            row=self.line,
        )


@attrs.frozen
class ValidationReport:
    """Every problem found in a claims file, in line order.

    Attributes:
        source: The file's name (``"<stream>"`` for an unnamed stream).
        rows: The number of data rows read.
        problems: The errors and warnings, in line order.

    Example:
        >>> import conflictdata
        >>> report = conflictdata.validate_claims(conflictdata.fetch("claims"))
        >>> report.clean, report.rows == len(conflictdata.claims())
        (True, True)

    .. versionadded:: 0.2.0
    """

    source: str
    rows: int
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make rows invalid."""
        return tuple(problem for problem in self.problems if problem.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems of valid rows that look wrong."""
        return tuple(problem for problem in self.problems if problem.severity == "warning")

    @property
    def clean(self) -> bool:
        """Whether there is no problem at all, not even a warning."""
        return not self.problems

    def as_records(self) -> list[dict[str, Any]]:
        """The problems as JSON-serialisable dicts (``file`` and every :class:`Problem` field).

        Example:
            >>> import io, conflictdata
            >>> report = conflictdata.validate_claims(io.StringIO("claim_id"))
            >>> [(record["line"], record["severity"]) for record in report.as_records()]
            [(1, 'error')]
        """
        return [{"file": self.source, **attrs.asdict(problem)} for problem in self.problems]


@attrs.frozen
class _Checked:
    # A file read and checked: the cell texts by column, each text's converted value, the line
    # each row starts on, and what is wrong.
    source: str
    lines: list[int]
    cells: dict[str, list[str]]
    values: dict[str, dict[str, object]]
    problems: list[Problem]

    def report(self) -> ValidationReport:
        ordered = sorted(self.problems, key=lambda problem: problem.line)
        return ValidationReport(self.source, len(self.lines), tuple(ordered))

    def raise_first_error(self) -> None:
        errors = [problem for problem in self.problems if problem.severity == "error"]
        if errors:
            raise min(errors, key=lambda problem: problem.line).error(self.source)

    def codes(self, name: str) -> tuple[list[str], np.ndarray[Any, Any]]:
        # The distinct texts of a column, and each row's position among them.
        import pandas as pd

        distinct = list(self.values[name])
        rows = pd.Index(self.cells[name], dtype=object)
        return distinct, pd.Index(distinct, dtype=object).get_indexer(rows)

    def typed(self, name: str) -> list[object]:
        values = self.values[name]
        return [values[text] for text in self.cells[name]]

    def claims(self) -> tuple[Claim, ...]:
        columns = [self.typed(name) for name in COLUMN_NAMES]
        return tuple(
            Claim(**dict(zip(COLUMN_NAMES, row, strict=True))) for row in zip(*columns, strict=True)
        )


def _source_name(path_or_buffer: ClaimsSource) -> str:
    if isinstance(path_or_buffer, str | os.PathLike):
        return str(path_or_buffer)
    name = getattr(path_or_buffer, "name", None)
    return name if isinstance(name, str) else "<stream>"


def _fatal(line: int, reason: str, allowed: str, value: str = "") -> Problem:
    return Problem("error", line, None, value, allowed, reason=reason)


def _not_utf8(data: bytes) -> Problem:
    # Where the first byte that is not UTF-8 is (read again at once, only for the message).
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1]
        reason = f"byte {byte!r} is not UTF-8: save the file as UTF-8"
        return _fatal(line, reason, "UTF-8 text", value=repr(byte))
    raise AssertionError("the data is UTF-8")  # pragma: no cover - called only when it is not


def _opened(path_or_buffer: ClaimsSource) -> tuple[IO[str], bytes | None] | Problem:
    # The file's text as a stream of lines (decoded as it is read, so the whole text is never
    # held twice), and its bytes, to locate a byte that is not UTF-8.
    if isinstance(path_or_buffer, str | os.PathLike):
        data: str | bytes = Path(path_or_buffer).read_bytes()
    else:
        data = path_or_buffer.read()
    if isinstance(data, str):
        return io.StringIO(data.removeprefix("\ufeff"), newline=""), None
    if data.startswith(_UTF16_BOMS) or b"\x00" in data.split(b"\n", 1)[0]:
        reason = "the file is not UTF-8 (it looks like UTF-16 or UTF-32): save it as UTF-8"
        return _fatal(1, reason, "UTF-8 text")
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""), data


def _header_problem(header: list[str]) -> Problem | None:
    if tuple(header) == COLUMN_NAMES:
        return None
    missing = [name for name in COLUMN_NAMES if name not in header]
    unknown = [name for name in header if name not in COLUMN_NAMES]
    repeated = sorted({name for name in header if header.count(name) > 1})
    found = "; ".join(
        f"{what}: {', '.join(names)}"
        for what, names in (("missing", missing), ("unknown", unknown), ("repeated", repeated))
        if names
    )
    reason = (
        f"the header must be exactly: {','.join(COLUMN_NAMES)}; found {header!r}"
        f" ({found or 'the columns in another order'})"
    )
    allowed = f"the schema's {len(COLUMN_NAMES)} columns, in order"
    return _fatal(1, reason, allowed, value=",".join(header))


def _rows(text: IO[str], problems: list[Problem]) -> tuple[list[int], list[list[str]]]:
    # The data rows with the line each starts on; a row of the wrong width is a problem and left
    # out; a row the csv module cannot read ends the reading.
    reader = csv.reader(text)
    lines: list[int] = []
    rows: list[list[str]] = []
    try:
        header = next(reader, None)
        if header is None:
            problems.append(_fatal(1, "the file is empty; expected a header", "a header row"))
            return lines, rows
        if (problem := _header_problem(header)) is not None:
            problems.append(problem)
            return lines, rows
        start = reader.line_num + 1
        for cells in reader:
            if len(cells) == len(COLUMN_NAMES):
                lines.append(start)
                rows.append(cells)
            elif cells:
                reason = f"expected {len(COLUMN_NAMES)} cells, found {len(cells)}"
                allowed = f"{len(COLUMN_NAMES)} cells"
                problems.append(Problem("error", start, None, "", allowed, reason=reason))
            start = reader.line_num + 1
    except csv.Error as error:
        line = reader.line_num
        problems.append(_fatal(line, f"cannot read the row: {error}", "CSV of the schema"))
    return lines, rows


def _value_of(column: Column, text: str) -> tuple[object, str | None]:
    # The cell's text converted as Claim converts it, and what the column allows if it is bad.
    if text == "":
        value: object = "" if column.kind == "optional_text" else None
    elif column.kind == "count":
        if not (text.isascii() and text.isdigit()):
            return text, "a non-negative whole number without separators"
        # thousands of digits: too large, and int() of them is refused; field_problem says why
        value = text if len(text.lstrip("0")) > _COUNT_DIGITS else int(text)
    else:
        converter = _CONVERTERS[column.name]
        value = text if converter is None else converter(text)  # type: ignore[operator]
    return value, field_problem(column, value)


def _apply_rules(
    checked: _Checked,
    rules: tuple[RowRule, ...],
    severity: Literal["error", "warning"],
    bad_texts: dict[str, dict[str, str]],
) -> None:
    # Each rule once per distinct combination of its fields' texts, leaving out combinations with
    # a text that broke its field's own rule; the rows are visited only when a rule is broken.
    claim_ids = checked.cells["claim_id"]
    for rule in rules:
        columns = [checked.cells[name] for name in rule.fields]
        bad = [bad_texts.get(name, {}) for name in rule.fields]
        any_bad = any(bad)
        converted = [checked.values[name] for name in rule.fields]
        broken: dict[tuple[str, ...], list[RuleBreach]] = {}
        for key in dict.fromkeys(zip(*columns, strict=True)):
            if any_bad and any(text in texts for text, texts in zip(key, bad, strict=True)):
                continue
            row = types.SimpleNamespace(
                **{
                    name: values[text]
                    for name, values, text in zip(rule.fields, converted, key, strict=True)
                }
            )
            if breaches := list(rule.check(row)):
                broken[key] = breaches
        if not broken:
            continue
        for index, key in enumerate(zip(*columns, strict=True)):
            if key not in broken:
                continue
            for field, _, allowed in broken[key]:
                text = checked.cells[field][index]  # the file's text, not the converted value
                line, claim_id = checked.lines[index], claim_ids[index] or None
                checked.problems.append(Problem(severity, line, field, text, allowed, claim_id))


def _check_cells(checked: _Checked, *, advise: bool) -> dict[str, dict[str, str]]:
    # Every distinct text of every column by its field's rule; returns the bad texts by column,
    # with what the column allows. The rows are visited only for a bad text or a NUL character.
    bad_texts: dict[str, dict[str, str]] = {}
    for column in CLAIM_COLUMNS:
        cells = checked.cells[column.name]
        values: dict[str, object] = {}
        bad: dict[str, str] = {}
        for text in dict.fromkeys(cells):
            values[text], allowed = _value_of(column, text)
            if allowed is not None:
                bad[text] = allowed
        checked.values[column.name] = values
        bad_texts[column.name] = bad
        with_nul = {text for text in values if "\x00" in text} if advise else set()
        if bad or with_nul:
            _report_cells(checked, column.name, bad, with_nul)
    return bad_texts


def _report_cells(checked: _Checked, name: str, bad: dict[str, str], with_nul: set[str]) -> None:
    claim_ids = checked.cells["claim_id"]
    severity: Literal["error", "warning"]
    for index, text in enumerate(checked.cells[name]):
        if text in bad:
            severity, allowed = "error", bad[text]
        elif text in with_nul:
            severity, allowed = "warning", "text without NUL characters"
        else:
            continue
        line, claim_id = checked.lines[index], claim_ids[index] or None
        checked.problems.append(Problem(severity, line, name, text, allowed, claim_id))


def _check_unique_ids(checked: _Checked, bad_ids: dict[str, str]) -> None:
    claim_ids = checked.cells["claim_id"]
    if len(set(claim_ids)) == len(claim_ids):
        return
    first_line: dict[str, int] = {}
    for index, claim_id in enumerate(claim_ids):
        if claim_id in bad_ids:
            continue
        line = checked.lines[index]
        if claim_id in first_line:
            reason = f"duplicate claim_id, first used in row {first_line[claim_id]}"
            allowed = "a claim_id used by no other row"
            checked.problems.append(
                Problem("error", line, "claim_id", claim_id, allowed, claim_id, reason)
            )
        else:
            first_line[claim_id] = line


def _check(
    path_or_buffer: ClaimsSource, source: str | None = None, *, advise: bool = False
) -> _Checked:
    source = source or _source_name(path_or_buffer)
    problems: list[Problem] = []
    lines: list[int] = []
    rows: list[list[str]] = []
    opened = _opened(path_or_buffer)
    if isinstance(opened, Problem):
        problems.append(opened)
    else:
        text, data = opened
        try:
            lines, rows = _rows(text, problems)
        except UnicodeDecodeError:
            assert data is not None  # a text stream is decoded already
            problems[:], lines, rows = [_not_utf8(data)], [], []
    columns: list[list[str]] = [list(cells) for cells in zip(*rows, strict=True)] or [
        [] for _ in COLUMN_NAMES
    ]
    del rows  # the cells are in the columns now
    checked = _Checked(source, lines, dict(zip(COLUMN_NAMES, columns, strict=True)), {}, problems)
    bad_texts = _check_cells(checked, advise=advise)
    _apply_rules(checked, ROW_RULES, "error", bad_texts)
    _check_unique_ids(checked, bad_texts["claim_id"])
    if advise:  # on every row whose fields for the advice are valid, to show all at once
        _apply_rules(checked, ADVISORY_RULES, "warning", bad_texts)
    return checked


def validate_claims(path_or_buffer: ClaimsSource) -> ValidationReport:
    """Check a claims CSV and report every problem, instead of stopping at the first.

    The rules are those of :class:`~conflictdata.Claim` (a file is clean of errors exactly when
    :func:`read_claims` reads it), plus the header, the encoding and unique ``claim_id`` values.
    Warnings flag valid rows that look wrong.

    Args:
        path_or_buffer: A file path, or an open text or binary stream. UTF-8, with or without a
            byte order mark; lines end in LF or CRLF.

    Returns:
        Every problem, with its line number, column, value and what is allowed.

    Example:
        >>> import io, conflictdata
        >>> text = io.StringIO()
        >>> conflictdata.write_claims_csv(conflictdata.claims()[:2], text)
        >>> broken = text.getvalue().replace(",military,", ",soldiers,", 1)
        >>> report = conflictdata.validate_claims(io.StringIO(broken))
        >>> [(p.line, p.column, p.value) for p in report.errors]
        [(2, 'population', 'soldiers')]
        >>> report.errors[0].allowed
        'one of: military, civilian'
    """
    return _check(path_or_buffer, advise=True).report()


def read_claims(
    path_or_buffer: ClaimsSource,
    *,
    errors: Literal["raise", "collect"] = "raise",
    source: str | None = None,
) -> tuple[Claim, ...]:
    """Read claims from a CSV file of the schema (a user's own, or a bundled one).

    Args:
        path_or_buffer: A file path, or an open text or binary stream. UTF-8, with or without a
            byte order mark; lines end in LF or CRLF.
        errors: ``"raise"`` raises the first error in the file; ``"collect"`` reads the whole
            file first and raises one error that lists every problem (its ``problems`` attribute
            holds them). Warnings never raise; see :func:`validate_claims`.
        source: How to name the file in errors (default: its path, or the stream's name).

    Returns:
        The claims, in file order.

    Raises:
        DataValidationError: Naming the file, the line (header = 1), the claim and the column.

    Example:
        >>> import conflictdata
        >>> path = conflictdata.fetch("claims")
        >>> len(conflictdata.read_claims(path)) == len(conflictdata.claims())
        True
    """
    checked = _check(path_or_buffer, source)
    if errors == "collect":
        found = checked.report().errors
        if found:
            raise InvalidClaimsFileError(checked.source, found)
    elif errors == "raise":
        checked.raise_first_error()
    else:
        msg = f"errors must be 'raise' or 'collect', not {errors!r}"
        raise ValueError(msg)
    return checked.claims()


def claims_frame_of(path_or_buffer: ClaimsSource, *, source: str | None = None) -> pd.DataFrame:
    """A claims CSV as the typed DataFrame of :func:`~conflictdata.claims_to_frame`.

    Built column by column from the checked cells, with no records in between.

    Raises:
        DataValidationError: As :func:`read_claims`.
    """
    import numpy as np
    import pandas as pd

    from .tables import claims_dtypes

    checked = _check(path_or_buffer, source)
    checked.raise_first_error()
    dtypes = claims_dtypes()
    data: dict[str, Any] = {}
    for column in CLAIM_COLUMNS:
        dtype = dtypes[column.name]
        if column.kind in ("count", "date", "vocabulary"):
            # converted once per distinct text, then spread to the rows by position
            distinct, codes = checked.codes(column.name)
            values = [checked.values[column.name][text] for text in distinct]
        if column.kind == "count":
            data[column.name] = pd.array(values, dtype=dtype).take(codes)
        elif column.kind == "date":
            data[column.name] = np.array(values, dtype="datetime64[D]").astype(dtype)[codes]
        elif column.kind == "vocabulary":
            data[column.name] = _categorical(distinct, codes, dtype)
        else:
            data[column.name] = pd.array(checked.cells[column.name], dtype=dtype)
    claimant_sides, claimant_codes = checked.codes("claimant_side")
    subject_sides, subject_codes = checked.codes("subject_side")
    relations = [relation_between(c, s).value for c in claimant_sides for s in subject_sides]
    by_pair = np.array(relations, dtype=object).reshape(len(claimant_sides), len(subject_sides))
    data["relation"] = pd.Categorical(
        by_pair[claimant_codes, subject_codes], dtype=dtypes["relation"]
    )
    return pd.DataFrame(data)


def _categorical(distinct: list[str], codes: np.ndarray[Any, Any], dtype: Any) -> pd.Categorical:
    import numpy as np
    import pandas as pd

    category = {value: index for index, value in enumerate(dtype.categories)}
    distinct_codes = np.array([category.get(text, -1) for text in distinct], dtype=np.int64)
    return pd.Categorical.from_codes(distinct_codes[codes], dtype=dtype)
