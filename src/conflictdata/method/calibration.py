"""Calibration from the data: observed ratios of independent figures to a side's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..schema._frames import claims_frame, first_days, last_days, stated_bounds
from .consensus import QUANTITY_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from ..schema.records import Claim

__all__ = ["calibrate"]

_REPORTED = ("self", "adversary")
_CLAIM_COLUMNS = ("claim_id", "statement_id", "claimant_side", "relation", "basis")


def _figures(frame: pd.DataFrame) -> pd.DataFrame:
    # The figure as stated (qualifier words aside) and the first and last possible period end.
    import pandas as pd

    low, high = stated_bounds(frame, (frame["qualifier"] == "between").to_numpy(dtype=bool))
    return pd.DataFrame(
        {
            **{column: frame[column] for column in (*QUANTITY_COLUMNS, *_CLAIM_COLUMNS)},
            "figure_low": low,
            "figure_high": high,
            "end_first": first_days(frame, "period_end"),
            "end_by": last_days(frame, "period_end"),
        }
    )


def calibrate(claims: Iterable[Claim] | pd.DataFrame, *, window: str = "90D") -> pd.DataFrame:
    """Observed ratios between independent figures and the sides' own (the method, section 7).

    Every claim by a side (about its own losses, or the enemy's) is paired with every third-party
    claim of the same quantity (conflict, subject side, population, scope, measure, period start)
    whose period ends within ``window`` of its own, for certain: the largest possible distance
    between the two period ends, given their precision, counts. The ratio reference ÷ claim is an
    observed true ÷ claimed factor, with the third party's figure standing in for the truth. Figures
    are taken as stated: ``[low, high]`` for ``between``, else the value. A pair of statements
    reported by several outlets counts once.

    Args:
        claims: Claim records, or a claims table as :func:`conflictdata.load_claims` returns.
        window: The largest distance between the period ends, a pandas timedelta (``"90D"``).

    Returns:
        A table with one row per pair and the columns ``side`` (the claimant's),
        ``relation``, the quantity's columns, ``claim_id``, ``basis``, ``claim_low``,
        ``claim_high``, ``claim_end``; the third party's ``reference_id``, ``reference_basis``,
        ``reference_low``, ``reference_high``, ``reference_end``; ``days_apart`` (the largest
        possible); and ``ratio_low``, ``ratio_high`` (reference ÷ claim, the lowest and highest
        the figures allow). Pairs whose claimed figure is zero are left out.

    Example:
        >>> import conflictdata
        >>> table = conflictdata.calibrate(conflictdata.claims())
        >>> own_dead = table.query(
        ...     "side == 'UA' and relation == 'self' and population == 'military'"
        ...     " and measure == 'killed'"
        ... )
        >>> bool((own_dead["ratio_low"] > 1).all())  # independent figures exceed Ukraine's own
        True
    """
    import pandas as pd

    figures = _figures(claims_frame(claims))
    reported = figures[figures["relation"].isin(_REPORTED) & (figures["figure_low"] > 0)]
    reference = figures[figures["relation"] == "third_party"]
    pairs = reported.merge(reference, on=list(QUANTITY_COLUMNS), suffixes=("", "_ref"))
    apart = pd.concat(
        [
            (pairs["end_by_ref"] - pairs["end_first"]).dt.days,
            (pairs["end_by"] - pairs["end_first_ref"]).dt.days,
        ],
        axis=1,
    ).max(axis=1)
    pairs = pairs.assign(days_apart=apart)[apart <= pd.Timedelta(window).days]
    pairs = pairs.sort_values(["claim_id", "claim_id_ref"]).drop_duplicates(
        [
            "statement_id",
            "statement_id_ref",
            "figure_low",
            "figure_high",
            "figure_low_ref",
            "figure_high_ref",
        ]
    )
    table = pd.DataFrame(
        {
            "side": pairs["claimant_side"],
            "relation": pairs["relation"],
            **{column: pairs[column] for column in QUANTITY_COLUMNS},
            "claim_id": pairs["claim_id"],
            "basis": pairs["basis"],
            "claim_low": pairs["figure_low"],
            "claim_high": pairs["figure_high"],
            "claim_end": pairs["end_first"],
            "reference_id": pairs["claim_id_ref"],
            "reference_basis": pairs["basis_ref"],
            "reference_low": pairs["figure_low_ref"],
            "reference_high": pairs["figure_high_ref"],
            "reference_end": pairs["end_first_ref"],
            "days_apart": pairs["days_apart"],
            "ratio_low": pairs["figure_low_ref"] / pairs["figure_high"],
            "ratio_high": pairs["figure_high_ref"] / pairs["figure_low"],
        }
    )
    order = ["side", "relation", "subject_side", "population", "measure", "claim_end", "claim_id"]
    return table.sort_values([*order, "reference_id"], ignore_index=True)
