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
    "UnknownDatasetError",
]


class ConflictDataError(Exception):
    """Base class of every error raised by conflictdata.

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
        """Return a copy of this error that also names the file and row it came from."""
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

    .. versionadded:: 0.2.0
    """

    def __init__(self, file: str, problems: Sequence[Any]) -> None:
        self.problems = tuple(problems)
        listed = "".join(f"\n  {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} errors:{listed}", file=file)


class ConfigurationError(ConflictDataError, ValueError):
    """A setting that cannot be used: a bad ``CONFLICTDATA_TIMEOUT``, a mirror in plain http.

    .. versionadded:: 0.2.0
    """


class CacheError(ConflictDataError, OSError):
    """A cache folder that cannot be used or cleared (missing rights, a file in its place, a link).

    .. versionadded:: 0.2.0
    """


class UnknownDatasetError(ConflictDataError, KeyError):
    """A dataset name or version that the registry does not know.

    .. versionadded:: 0.1.0
    """

    def __str__(self) -> str:
        # KeyError would repr() the message; show it as written.
        return str(self.args[0]) if self.args else ""


class DataIntegrityError(ConflictDataError, ValueError):
    """A file whose sha256 hash differs from the one in the registry.

    .. versionadded:: 0.1.0
    """


class DataUnavailableError(ConflictDataError, OSError):
    """A file that is not cached and cannot be downloaded.

    .. versionadded:: 0.1.0
    """


class ConversionError(ConflictDataError, ValueError):
    """A conversion between measures that the reporting model cannot make.

    The message names both measures (and the side whose losses they count).

    .. versionadded:: 0.1.0
    """


class MixedClaimsError(ConflictDataError, ValueError):
    """Claims about different subjects, measures or periods, which must not be combined.

    .. versionadded:: 0.1.0
    """
