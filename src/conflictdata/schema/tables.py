"""Claims as pandas DataFrames, with dtypes derived from the schema. pandas loads on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import CLAIM_COLUMNS, Claim, Column
from .vocabularies import Relation

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

__all__ = ["claims_dtypes", "claims_from_frame", "claims_to_frame"]


def _dtype(column: Column) -> Any:
    import pandas as pd

    if column.kind == "vocabulary":
        assert column.vocabulary is not None
        return pd.CategoricalDtype([member.value for member in column.vocabulary])
    if column.kind == "count":
        return pd.Int64Dtype()
    if column.kind == "date":
        return "datetime64[ns]"
    return pd.StringDtype()


def claims_dtypes() -> dict[str, Any]:
    """The DataFrame dtype of every column of a claims table, ``relation`` included.

    Returns:
        The dtype of each column, by name (categoricals for vocabularies, ``Int64`` for numbers,
        ``datetime64[ns]`` for dates and ``string`` for text).

    Example:
        >>> import conflictdata
        >>> dtypes = conflictdata.claims_dtypes()
        >>> str(dtypes["value"]), str(dtypes["measure"]), str(dtypes["stated_on"])
        ('Int64', 'category', 'datetime64[ns]')
    """
    import pandas as pd

    dtypes = {column.name: _dtype(column) for column in CLAIM_COLUMNS}
    dtypes["relation"] = pd.CategoricalDtype([member.value for member in Relation])
    return dtypes


def claims_to_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """Turn claims into a typed DataFrame: the schema's columns plus the derived ``relation``.

    Args:
        claims: The claims, e.g. from :func:`conflictdata.claims`.

    Returns:
        One row per claim, with the dtypes of :func:`claims_dtypes`.

    Example:
        >>> import conflictdata
        >>> zelensky = [c for c in conflictdata.claims() if c.claimant == "Volodymyr Zelensky"]
        >>> frame = conflictdata.claims_to_frame(zelensky)
        >>> len(frame) == len(zelensky), frame["claimant"].nunique()
        (True, 1)
    """
    import pandas as pd

    records = [
        {
            **{column.name: getattr(claim, column.name) for column in CLAIM_COLUMNS},
            "relation": claim.relation,
        }
        for claim in claims
    ]
    dtypes = claims_dtypes()
    frame = pd.DataFrame.from_records(records, columns=list(dtypes))
    for name, dtype in dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            frame[name] = frame[name].map(_plain, na_action="ignore")
        frame[name] = frame[name].astype(dtype)
    return frame


def _plain(value: object) -> object:
    return getattr(value, "value", value)  # enum member -> its string


def claims_from_frame(frame: pd.DataFrame) -> tuple[Claim, ...]:
    """Turn a claims DataFrame (as :func:`claims_to_frame` makes it) back into claims.

    Args:
        frame: A DataFrame with at least the schema's columns; others (``relation``, ranges) are
            ignored.

    Returns:
        The claims, validated, in row order.

    Example:
        >>> import conflictdata
        >>> claims = conflictdata.claims()
        >>> conflictdata.claims_from_frame(conflictdata.claims_to_frame(claims)) == claims
        True
    """
    import pandas as pd

    names = [column.name for column in CLAIM_COLUMNS]
    claims = []
    for row in frame[names].itertuples(index=False, name=None):
        fields: dict[str, Any] = {}
        for column, cell in zip(CLAIM_COLUMNS, row, strict=True):
            if (
                cell is None
                or cell is pd.NA
                or cell is pd.NaT
                or (isinstance(cell, float) and cell != cell)
            ):
                fields[column.name] = "" if column.kind == "optional_text" else None
            elif column.kind == "date":
                fields[column.name] = pd.Timestamp(cell).date()
            elif column.kind == "count":
                fields[column.name] = int(cell)
            else:
                fields[column.name] = str(cell)
        claims.append(Claim(**fields))
    return tuple(claims)
