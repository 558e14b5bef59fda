"""Loading the claims dataset, any registered version, as records or as a DataFrame."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..schema.claims_csv import parse_claims_csv
from ..schema.records import as_date
from ..schema.tables import claims_to_frame
from .fetching import fetch
from .registry import dataset

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

    from ..schema.records import Claim

__all__ = ["claims", "load_claims"]


@functools.cache
def _claims_of_version(version: str) -> tuple[Claim, ...]:
    path = fetch("claims", version)
    return parse_claims_csv(
        path.read_text(encoding="utf-8"), source=f"conflictdata/data/{path.name}"
    )


def claims(version: str | None = None, *, as_of: dt.date | str | None = None) -> tuple[Claim, ...]:
    """The claims of the claims dataset, as validated records.

    Every released version is bundled in the package and checked against its registered sha256,
    so an old version gives the same claims offline, years later.

    Args:
        version: A data version such as ``"2026.11.0"``; ``None`` for the newest.
        as_of: Keep only claims certainly stated on or before this date (a claim stated "in
            February 2025" counts from 28 February 2025): what was knowable then.

    Returns:
        The claims in dataset order.

    Raises:
        UnknownDatasetError: For a version that is not registered.
        DataIntegrityError: When the bundled file does not match its registered hash.

    Example:
        >>> import conflictdata
        >>> everything = conflictdata.claims()
        >>> len(everything) > 100
        True
        >>> early = conflictdata.claims(as_of="2022-12-31")
        >>> max(claim.stated_by for claim in early).year
        2022
    """
    selected = _claims_of_version(dataset("claims").version(version).version)
    if as_of is None:
        return selected
    cutoff = as_date(as_of)
    return tuple(claim for claim in selected if claim.stated_by <= cutoff)


def load_claims(version: str | None = None, *, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """The claims of the claims dataset as a typed DataFrame.

    Columns are the schema's (see :data:`conflictdata.CLAIM_COLUMNS`) plus the derived
    ``relation``: categoricals for vocabularies, nullable ``Int64`` for numbers, ``datetime64`` for
    dates.

    Args:
        version: A data version such as ``"2026.11.0"``; ``None`` for the newest.
        as_of: As in :func:`claims`.

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
    return claims_to_frame(claims(version, as_of=as_of))
