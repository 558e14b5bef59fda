"""Every error that conflictdata raises.

Each concrete error subclasses :class:`ConflictDataError` and a builtin, so callers can catch
either. Kept in one module that imports nothing of the package, to avoid import loops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CacheError",
    "ConfigurationError",
    "ConflictDataError",
    "ConversionError",
    "DataIntegrityError",
    "DataUnavailableError",
    "DataValidationError",
    "InvalidClaimsFileError",
    "MixedClaimsError",
    "NoMajorityError",
    "UnknownDatasetError",
]


class ConflictDataError(Exception):
    """Base class of every error raised by conflictdata.

    Example:
        >>> import conflictdata
        >>> try:
        ...     conflictdata.dataset("no-such-dataset")
        ... except conflictdata.ConflictDataError as error:
        ...     print(type(error).__name__)
        UnknownDatasetError

    .. versionadded:: 0.1.0
    """


class DataValidationError(ConflictDataError, ValueError):
    """A claim or a data file breaks the schema.

    The message names the claim, the field, the bad value and what is allowed; when the error comes
    from a file it also names the file and the row.

    Attributes:
        claim_id: The id of the offending claim, when known.
        field: The offending field (column), when known.
        value: The offending value.
        file: The file being read, when the error comes from one.
        row: The 1-based line number in that file (the header is line 1).

    Example:
        >>> import conflictdata
        >>> try:
        ...     conflictdata.parse_claims_csv("claim_id", source="mine.csv")
        ... except conflictdata.DataValidationError as error:
        ...     print(error.file, error.row, isinstance(error, ValueError))
        mine.csv 1 True

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        message: str,
        *,
        claim_id: str | None = None,
        field: str | None = None,
        value: object = None,
        file: str | None = None,
        row: int | None = None,
    ) -> None:
        self.reason = message
        self.claim_id = claim_id
        self.field = field
        self.value = value
        self.file = file
        self.row = row
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file if self.row is None else f"{self.file}, row {self.row}")
        if self.claim_id:
            where.append(f"claim {self.claim_id!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{': '.join(where)}: {self.reason}" if where else self.reason

    def located(self, *, file: str, row: int | None) -> DataValidationError:
        """Return a copy of this error that also names the file and row it came from.

        Example:
            >>> from conflictdata import DataValidationError
            >>> error = DataValidationError("expected a date", field="stated_on", value="soon")
            >>> print(error.located(file="mine.csv", row=7))
            mine.csv, row 7: field 'stated_on': expected a date
        """
        return DataValidationError(
            self.reason,
            claim_id=self.claim_id,
            field=self.field,
            value=self.value,
            file=file,
            row=row,
        )


class InvalidClaimsFileError(DataValidationError):
    """A claims file with errors, every one of them listed (``read_claims(errors="collect")``).

    Attributes:
        problems: The errors, in line order, each with ``line``, ``column``, ``value``,
            ``allowed`` and ``reason`` (see :class:`~conflictdata.Problem`).

    Example:
        >>> import io, conflictdata
        >>> text = io.StringIO()
        >>> conflictdata.write_claims_csv(conflictdata.claims()[:2], text)
        >>> broken = text.getvalue().replace(",military,", ",soldiers,")
        >>> try:
        ...     conflictdata.read_claims(io.StringIO(broken), errors="collect")
        ... except conflictdata.InvalidClaimsFileError as error:
        ...     print([(problem.line, problem.column) for problem in error.problems])
        [(2, 'population'), (3, 'population')]

    .. versionadded:: 0.2.0
    """

    def __init__(self, file: str, problems: Sequence[Any]) -> None:
        self.problems = tuple(problems)
        listed = "".join(f"\n  {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} errors:{listed}", file=file)


class ConfigurationError(ConflictDataError, ValueError):
    """A setting that cannot be used: a bad ``CONFLICTDATA_TIMEOUT``, a mirror in plain http.

    Example:
        >>> import os, tempfile, conflictdata
        >>> os.environ["CONFLICTDATA_DATA_DIR"] = tempfile.mkdtemp()  # an empty cache
        >>> os.environ["CONFLICTDATA_MIRROR"] = "http://mirror.example.org/conflictdata"
        >>> try:
        ...     conflictdata.fetch("general-staff", file="russia_losses_personnel.json")
        ... except conflictdata.ConfigurationError as error:
        ...     print(str(error).split(":")[0])
        refusing to download from http
        >>> del os.environ["CONFLICTDATA_MIRROR"], os.environ["CONFLICTDATA_DATA_DIR"]

    .. versionadded:: 0.2.0
    """


class CacheError(ConflictDataError, OSError):
    """A cache folder that cannot be used or cleared (missing rights, a file in its place, a link).

    Example:
        >>> import os, pathlib, tempfile, conflictdata
        >>> in_the_way = pathlib.Path(tempfile.mkdtemp()) / "a-file"
        >>> _ = in_the_way.write_text("")
        >>> os.environ["CONFLICTDATA_DATA_DIR"] = str(in_the_way)
        >>> try:
        ...     conflictdata.fetch("general-staff", file="russia_losses_personnel.json")
        ... except conflictdata.CacheError as error:
        ...     print(isinstance(error, OSError), "CONFLICTDATA_DATA_DIR" in str(error))
        True True
        >>> del os.environ["CONFLICTDATA_DATA_DIR"]

    .. versionadded:: 0.2.0
    """


class UnknownDatasetError(ConflictDataError, KeyError):
    """A dataset name or version that the registry does not know.

    Example:
        >>> import conflictdata
        >>> try:
        ...     conflictdata.dataset("claims").version("1999.1.0")
        ... except KeyError as error:
        ...     print(error)
        the claims dataset has no version '1999.1.0'; known versions: ...

    .. versionadded:: 0.1.0
    """

    def __str__(self) -> str:
        # KeyError would repr() the message; show it as written.
        return str(self.args[0]) if self.args else ""


class DataIntegrityError(ConflictDataError, ValueError):
    """A file whose sha256 hash differs from the one in the registry.

    Example:
        >>> import conflictdata
        >>> issubclass(conflictdata.DataIntegrityError, ValueError)
        True

    .. versionadded:: 0.1.0
    """


class DataUnavailableError(ConflictDataError, OSError):
    """A file that is not cached and cannot be downloaded.

    Example:
        >>> import conflictdata
        >>> issubclass(conflictdata.DataUnavailableError, OSError)
        True

    .. versionadded:: 0.1.0
    """


class ConversionError(ConflictDataError, ValueError):
    """A conversion between measures that the reporting model cannot make.

    The message names both measures (and the side whose losses they count).

    Example:
        >>> import conflictdata
        >>> try:
        ...     conflictdata.ReportingModel().conversion_factor("killed", "wounded")
        ... except conflictdata.ConversionError as error:
        ...     print(error)  # doctest: +NORMALIZE_WHITESPACE
        the reporting model cannot convert killed to wounded (losses of any side); add a
        conversion with with_conversion()

    .. versionadded:: 0.1.0
    """


class MixedClaimsError(ConflictDataError, ValueError):
    """Claims about different subjects, measures or periods, which must not be combined.

    Example:
        >>> import conflictdata
        >>> ua = next(c for c in conflictdata.claims() if c.subject_side == "UA")
        >>> ru = next(c for c in conflictdata.claims() if c.subject_side == "RU")
        >>> try:
        ...     conflictdata.consensus([ua, ru])
        ... except conflictdata.MixedClaimsError:
        ...     print("not one quantity")
        not one quantity

    .. versionadded:: 0.1.0
    """


class NoMajorityError(ConflictDataError, ValueError):
    """Claims of which no majority of the vote weight agrees (the method, section 8.2).

    The message says how much vote weight agrees out of how much.

    Example:
        >>> import conflictdata
        >>> issubclass(conflictdata.NoMajorityError, ValueError)
        True

    .. versionadded:: 0.1.0
    """
