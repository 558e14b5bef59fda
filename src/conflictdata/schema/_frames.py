"""Helpers shared by the functions that take claims as records or as a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import as_date
from .tables import claims_to_frame

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    import numpy as np
    import pandas as pd

    from .records import Claim


def claims_frame(claims: Iterable[Claim] | pd.DataFrame) -> pd.DataFrame:
    """Claims as a table: a DataFrame passes through, records are turned into one."""
    import pandas as pd

    return claims if isinstance(claims, pd.DataFrame) else claims_to_frame(claims)


def first_days(frame: pd.DataFrame, column: str) -> np.ndarray[Any, Any]:
    """A date column as ``datetime64[D]`` (the first possible day of a partial date)."""
    return frame[column].to_numpy(dtype="datetime64[D]")


def last_days(frame: pd.DataFrame, column: str) -> np.ndarray[Any, Any]:
    """The last possible day of each date in ``column``, given ``{column}_precision``."""
    import numpy as np

    days = first_days(frame, column)
    precision = frame[f"{column}_precision"]
    month = (precision == "month").to_numpy(dtype=bool)
    year = (precision == "year").to_numpy(dtype=bool)
    month_end = (days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    year_end = (days.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    return np.where(month, month_end, np.where(year, year_end, days))


def stated_bounds(
    frame: pd.DataFrame, between: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The figures as stated, as floats: ``low`` and ``high`` where ``between``, else ``value``."""
    import numpy as np

    def floats(column: str) -> np.ndarray[Any, Any]:
        return frame[column].to_numpy(dtype="float64", na_value=np.nan)

    value = floats("value")
    return np.where(between, floats("low"), value), np.where(between, floats("high"), value)


def stated_by_or_before(frame: pd.DataFrame, as_of: dt.date | str | None) -> pd.DataFrame:
    """The rows certainly stated on or before ``as_of`` (all rows when it is ``None``)."""
    import numpy as np

    if as_of is None:
        return frame
    return frame[last_days(frame, "stated_on") <= np.datetime64(as_date(as_of), "D")]
