"""Loading claims, any registered version or a user's own file, as records or as a DataFrame."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..exceptions import DataValidationError
from ..schema._frames import stated_by_or_before
from ..schema.records import as_date
from ..schema.tables import claims_to_frame
from ..schema.validation import claims_frame_of, read_claims
from .fetching import fetch
from .registry import dataset

if TYPE_CHECKING:
    import datetime as dt
    import os
    from pathlib import Path

    import pandas as pd

    from ..schema.records import Claim
    from ..schema.validation import ClaimsSource

__all__ = ["claims", "load_claims"]


def _bundled(version: str | None) -> tuple[Path, str]:
    path = fetch("claims", dataset("claims").version(version).version)
    return path, f"conflictdata/data/{path.name}"


@functools.cache
def _claims_of_version(version: str) -> tuple[Claim, ...]:
    path, source = _bundled(version)
    return read_claims(path, source=source)


def _combined(
    version: str | None, path: ClaimsSource | None, with_bundled: bool
) -> tuple[Claim, ...]:
    if path is None:
        return _claims_of_version(dataset("claims").version(version).version)
    own = read_claims(path)
    if not with_bundled:
        return own
    bundled = _claims_of_version(dataset("claims").version(version).version)
    _check_ids_apart(bundled, own, _bundled(version)[1], str(path))
    return bundled + own


def _check_ids_apart(
    bundled: tuple[Claim, ...], own: tuple[Claim, ...], bundled_name: str, own_name: str
) -> None:
    ids = {claim.claim_id for claim in bundled}
    for claim in own:
        if claim.claim_id in ids:
            msg = (
                f"claim_id {claim.claim_id!r} of {own_name} is also the id of a claim in "
                f"{bundled_name}; give your claim another id"
            )
            raise DataValidationError(msg, claim_id=claim.claim_id, field="claim_id")


def claims(
    version: str | None = None,
    *,
    as_of: dt.date | str | None = None,
    path: str | os.PathLike[str] | ClaimsSource | None = None,
    with_bundled: bool = False,
) -> tuple[Claim, ...]:
    """The claims of the claims dataset, or of a file of your own, as validated records.

    Every released version is bundled in the package and checked against its registered sha256,
    so an old version gives the same claims offline, years later.

    Args:
        version: A data version such as ``"2026.11.0"``; ``None`` for the newest.
        as_of: Keep only claims certainly stated on or before this date (a claim stated "in
            February 2025" counts from 28 February 2025): what was knowable then.
        path: A claims CSV of your own (see :func:`~conflictdata.read_claims`), read instead of
            the bundled data.
        with_bundled: With ``path``, the bundled claims of ``version`` first, then yours; a
            ``claim_id`` in both is an error naming both files.

    Returns:
        The claims in dataset (or file) order.

    Raises:
        UnknownDatasetError: For a version that is not registered.
        DataIntegrityError: When the bundled file does not match its registered hash.
        DataValidationError: For a problem in your file, naming its line and column.

    Example:
        >>> import conflictdata
        >>> everything = conflictdata.claims()
        >>> len(everything) > 100
        True
        >>> early = conflictdata.claims(as_of="2022-12-31")
        >>> max(claim.stated_by for claim in early).year
        2022
    """
    selected = _combined(version, path, with_bundled)
    if as_of is None:
        return selected
    cutoff = as_date(as_of)
    return tuple(claim for claim in selected if claim.stated_by <= cutoff)


def load_claims(
    version: str | None = None,
    *,
    as_of: dt.date | str | None = None,
    path: str | os.PathLike[str] | ClaimsSource | None = None,
    with_bundled: bool = False,
) -> pd.DataFrame:
    """The claims of the claims dataset, or of a file of your own, as a typed DataFrame.

    Columns are the schema's (see :data:`conflictdata.CLAIM_COLUMNS`) plus the derived
    ``relation``: categoricals for vocabularies, nullable ``Int64`` for numbers, ``datetime64`` for
    dates. The table is built from the file's checked columns, without records in between.

    Args:
        version: A data version such as ``"2026.11.0"``; ``None`` for the newest.
        as_of: As in :func:`claims`.
        path: As in :func:`claims`.
        with_bundled: As in :func:`claims`.

    Returns:
        One row per claim.

    Example:
        >>> import conflictdata
        >>> frame = conflictdata.load_claims()
        >>> str(frame["value"].dtype), str(frame["measure"].dtype)
        ('Int64', 'category')
        >>> sorted(frame["relation"].unique())
        ['adversary', 'self', 'third_party']
    """
    if path is None:
        bundled, source = _bundled(version)
        frame = claims_frame_of(bundled, source=source)
    elif with_bundled:
        frame = claims_to_frame(_combined(version, path, with_bundled))
    else:
        frame = claims_frame_of(path)
    if as_of is None:
        return frame
    return stated_by_or_before(frame, as_of).reset_index(drop=True)
