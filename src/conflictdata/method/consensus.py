"""Combining claims: the range all of them allow, and how that range moves over time.

Dates known only to the month or year are stored as their first day; they are read so that
nothing is assumed that the source did not say:

- ``as_of`` keeps the claims *certainly stated* by then: :attr:`Claim.stated_by` (the last possible
  day of the statement) on or before ``as_of``. What was knowable then.
- ``on`` carries cumulative bounds to a date (the method, section 6): a claim's lower bound holds on
  ``on`` when its period certainly ended by then (:attr:`Claim.period_end_by` on or before
  ``on``); its upper bound holds when its period certainly did not end before (``period_end``,
  the first possible day, on or after ``on``). A claim about October 2025 thus bounds the toll
  on 31 October from below, and on 1 October from above.
- :func:`consensus_series` uses the same rule on every date of its grid.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..exceptions import MixedClaimsError
from ..schema._frames import claims_frame, first_days, last_days, stated_by_or_before
from ..schema.records import as_date
from ..schema.vocabularies import Basis, Measure
from .intervals import Interval
from .ranges import DEFAULT_MODEL, RANGE_INPUT_COLUMNS, plausible_range, plausible_ranges

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    import numpy as np
    import pandas as pd

    from ..schema.records import Claim
    from .reporting import ReportingModel

__all__ = ["TIERS", "Consensus", "consensus", "consensus_series"]

#: The tiers dropped, whole and in this order, to make inconsistent claims consistent: least
#: reliable first. Hard lower bounds are never dropped.
TIERS: Final = ("adversary", "self", "third_party", "statistical_estimate")

#: The columns that name one quantity: claims are combined only within one of these groups.
QUANTITY_COLUMNS: Final = (
    "conflict",
    "subject_side",
    "population",
    "scope",
    "measure",
    "period_start",
)


@attrs.frozen
class Consensus:
    """What a set of claims about one quantity allows together.

    Attributes:
        interval: The range every claim allows (their intersection, at or above the hard lower
            bound); when none exists, the range left after dropping tiers, or else the hull at
            or above the hard lower bound.
        hull: The span of the claims' bounds, from the loosest lower to the loosest upper one.
        consistent: Whether all claims can hold together (their intersection is not empty).
        witness: When they cannot: the ids of the claim with the highest lower bound and of the
            claim with the lowest upper bound. ``None`` when consistent.
        dropped: The tiers (see :data:`TIERS`) dropped to restore consistency, in order.
        claims: The ids of the claims that contributed to ``interval``, sorted.
        hard_lower: The highest hard lower bound and the id of its claim, or ``None``.

    Example:
        >>> import conflictdata
        >>> ru = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="RU", population="military",
        ...     measure="casualties")
        >>> result = conflictdata.consensus(ru, on="2025-10-31")
        >>> result.interval in result.hull, result.witness is None, result.consistent
        (True, True, True)
    """

    interval: Interval
    hull: Interval
    consistent: bool
    witness: tuple[str, str] | None
    dropped: tuple[str, ...]
    claims: tuple[str, ...]
    hard_lower: tuple[float, str] | None


@attrs.frozen
class _Bound:
    # One claim's bounds on the quantity; None where a bound does not hold on the date.
    claim_id: str
    tier: str
    low: float | None
    high: float | None


def _value(pair: tuple[float, str]) -> float:
    return pair[0]


def _tier(claim: Claim, model: ReportingModel) -> str:
    if claim.basis in model.hard_lower:
        return "hard"
    if claim.basis is Basis.STATISTICAL_ESTIMATE:
        return "statistical_estimate"
    return str(claim.relation)


def _intersection(bounds: Sequence[_Bound]) -> Interval | None:
    low = max((b.low for b in bounds if b.low is not None), default=0.0)
    high = min((b.high for b in bounds if b.high is not None), default=math.inf)
    return Interval(low, high) if low <= high else None


def _hull(bounds: Sequence[_Bound]) -> Interval:
    low = min((b.low for b in bounds if b.low is not None), default=0.0)
    high = max((b.high for b in bounds if b.high is not None), default=math.inf)
    # Only with `on` can every lower bound lie above every upper bound; span the gap then.
    return Interval(min(low, high), max(low, high))


def _check_one_quantity(claims: Sequence[Claim], target: Measure | str | None) -> None:
    columns = (
        QUANTITY_COLUMNS if target is None else tuple(c for c in QUANTITY_COLUMNS if c != "measure")
    )
    for column in columns:
        values = {getattr(claim, column) for claim in claims}
        if len(values) > 1:
            shown = ", ".join(sorted(str(value) for value in values))
            hint = " (pass target= to convert them to one)" if column == "measure" else ""
            msg = f"claims with different {column} cannot be combined: {shown}{hint}"
            raise MixedClaimsError(msg)


def consensus(
    claims: Iterable[Claim],
    *,
    on: dt.date | str | None = None,
    as_of: dt.date | str | None = None,
    target: Measure | str | None = None,
    model: ReportingModel | None = None,
) -> Consensus:
    """The range that claims about one quantity allow together (the method, sections 5 and 6).

    Each claim becomes its :func:`plausible_range`; the consensus is their intersection, at or
    above the highest hard lower bound. When the intersection is empty the result is marked
    inconsistent with a witness pair, and whole tiers are dropped, least reliable first
    (:data:`TIERS`), until the rest agree; if they never do, the hull (at or above the hard lower
    bound) is returned. The result does not depend on the order of the claims.

    Args:
        claims: Claims about one subject (conflict, side, population, scope), one measure and one
            period start. Without ``on`` they are taken to be about one date.
        on: Carry cumulative bounds to this date: lower bounds of claims whose period ended by
            then, upper bounds of claims whose period ends then or later (see the module notes).
        as_of: Use only claims certainly stated on or before this date.
        target: Convert every claim to this measure first; claims of several measures may then
            be combined.
        model: The reporting model (default: ``ReportingModel()``).

    Returns:
        The consensus.

    Raises:
        MixedClaimsError: A :class:`ValueError`, if the claims are about different subjects,
            measures (without ``target``) or period starts.
        ConversionError: If a claim cannot be converted to ``target``.
        ValueError: If no claim is left to bound the quantity.

    Example:
        >>> import conflictdata
        >>> ua_killed = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="UA", population="military", measure="killed"
        ... )
        >>> result = conflictdata.consensus(ua_killed, on="2024-12-08")
        >>> result.consistent, result.interval in result.hull
        (True, True)
        >>> later = conflictdata.consensus(ua_killed, on="2026-02-04")
        >>> hard, named = later.hard_lower  # a list of names: the toll is at least that
        >>> later.interval.low >= hard
        True
    """
    model = model or DEFAULT_MODEL
    cutoff = None if as_of is None else as_date(as_of)
    day = None if on is None else as_date(on)
    chosen = sorted(
        {c.claim_id: c for c in claims if cutoff is None or c.stated_by <= cutoff}.values(),
        key=lambda c: c.claim_id,
    )
    if not chosen:
        msg = "no claims to combine" + ("" if cutoff is None else f" stated by {cutoff}")
        raise ValueError(msg)
    _check_one_quantity(chosen, target)
    bounds = []
    for claim in chosen:
        own = plausible_range(claim, target=target, model=model)
        low = own.low if day is None or claim.period_end_by <= day else None
        high = own.high if day is None or claim.period_end >= day else None
        if low is not None or high is not None:
            bounds.append(_Bound(claim.claim_id, _tier(claim, model), low, high))
    if not bounds:
        msg = f"no claim bounds the quantity on {day}: every period is known only around that date"
        raise ValueError(msg)

    # (bound, claim id) pairs in claim id order: on a tie, max() and min() pick the first id.
    lows = [(b.low, b.claim_id) for b in bounds if b.low is not None]
    highs = [(b.high, b.claim_id) for b in bounds if b.high is not None]
    hard = {b.claim_id for b in bounds if b.tier == "hard"}
    hard_lower = max((pair for pair in lows if pair[1] in hard), key=_value, default=None)
    hull = _hull(bounds)
    every_id = tuple(b.claim_id for b in bounds)
    interval = _intersection(bounds)
    if interval is not None:
        return Consensus(interval, hull, True, None, (), every_id, hard_lower)

    witness = (max(lows, key=_value)[1], min(highs, key=_value)[1])
    remaining, dropped = list(bounds), []
    for tier in TIERS:
        if any(b.tier == tier for b in remaining):
            dropped.append(tier)
            remaining = [b for b in remaining if b.tier != tier]
            interval = _intersection(remaining) if remaining else None
            if interval is not None:
                ids = tuple(b.claim_id for b in remaining)
                return Consensus(interval, hull, False, witness, tuple(dropped), ids, hard_lower)
    floor = 0.0 if hard_lower is None else hard_lower[0]
    fallback = Interval(max(hull.low, floor), max(hull.high, floor))
    return Consensus(fallback, hull, False, witness, (), every_id, hard_lower)


def _carry(
    raw_low: np.ndarray[Any, Any], raw_high: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Carry bounds along the last axis (time): lower forward, upper backward."""
    import numpy as np

    low = np.maximum.accumulate(raw_low, axis=-1)
    high = np.minimum.accumulate(raw_high[..., ::-1], axis=-1)[..., ::-1]
    return low, high


def _cells(
    cell: np.ndarray[Any, Any], bound: np.ndarray[Any, Any], size: int, *, lowest: bool
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    # Per cell, the tightest bound (highest lower, or lowest upper) and its row; ties: first row.
    import numpy as np

    values = np.full(size, math.inf if lowest else 0.0)
    rows = np.full(size, -1)
    if len(cell):
        row = np.arange(len(cell))
        order = np.lexsort((-row, -bound if lowest else bound, cell))
        last = np.r_[cell[order][1:] != cell[order][:-1], True]
        values[cell[order][last]] = bound[order][last]
        rows[cell[order][last]] = row[order][last]
    return values, rows


def _binding_rows(
    raw: np.ndarray[Any, Any], carried: np.ndarray[Any, Any], rows: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    # Per cell, the row of the latest claim at or before it that set the carried bound.
    import numpy as np

    steps = np.arange(raw.shape[1])
    where = np.where((rows >= 0) & (raw == carried), steps, -1)
    where = np.maximum.accumulate(where, axis=1)
    found = np.take_along_axis(rows, np.maximum(where, 0), axis=1)
    return np.where(where >= 0, found, -1)


def consensus_series(
    claims: Iterable[Claim] | pd.DataFrame,
    *,
    freq: str = "MS",
    model: ReportingModel | None = None,
    target: Measure | str | None = None,
    as_of: dt.date | str | None = None,
) -> pd.DataFrame:
    """Carried bounds of cumulative quantities over time (the method, section 6).

    A cumulative toll cannot fall, so a lower bound holds at every later date (running maximum
    forward) and an upper bound at every earlier date (running minimum backward). Claims are
    grouped by quantity (conflict, subject side, population, measure or ``target``, period
    start); each group gets one row per date of the grid from its first to its last claim.

    Args:
        claims: Claim records, or a claims table as :func:`conflictdata.load_claims` returns.
        freq: The grid, a pandas frequency (``"MS"``: the first of every month).
        model: The reporting model (default: ``ReportingModel()``).
        target: Convert every claim to this measure first.
        as_of: Use only claims certainly stated on or before this date.

    Returns:
        One row per group and date, with the group's columns and ``date``; ``low`` and ``high``,
        the carried bounds on that date (``0`` and ``inf`` where no claim bounds it yet);
        ``low_claim`` and ``high_claim``, the ids of the claims that set them; ``consistent``
        (``low <= high``); and, where not consistent, the witness dates
        ``witness_low_date`` (from when the lower bound holds) and ``witness_high_date`` (until
        when the upper bound holds).

    Example:
        >>> import conflictdata
        >>> frame = conflictdata.load_claims()
        >>> cumulative = frame[(frame["period_start"] == "2022-02-24") & (frame["scope"] == "")]
        >>> series = conflictdata.consensus_series(cumulative)
        >>> ru = series[(series["subject_side"] == "RU") & (series["measure"] == "casualties")]
        >>> bool(ru["low"].is_monotonic_increasing and ru["high"].is_monotonic_increasing)
        True
    """
    import numpy as np
    import pandas as pd

    frame = stated_by_or_before(claims_frame(claims), as_of)
    dated = ("claim_id", "period_end", "period_end_precision", *QUANTITY_COLUMNS)
    frame = frame[list(dict.fromkeys((*dated, *RANGE_INPUT_COLUMNS)))]
    frame = plausible_ranges(frame, target=target, model=model)
    frame = frame.sort_values("claim_id", kind="stable", ignore_index=True)
    if target is not None:
        frame["measure"] = pd.Categorical(
            np.full(len(frame), str(Measure(target))), categories=[m.value for m in Measure]
        )
    group = frame.groupby(list(QUANTITY_COLUMNS), sort=True, observed=True).ngroup().to_numpy()
    n_groups = int(group.max()) + 1 if len(group) else 0
    end_first, end_by = first_days(frame, "period_end"), last_days(frame, "period_end")

    offset = pd.tseries.frequencies.to_offset(freq)
    if len(frame):
        start = offset.rollback(pd.Timestamp(end_first.min()))
        stop = offset.rollforward(pd.Timestamp(end_by.max()))
        grid = pd.date_range(start, stop, freq=offset).to_numpy(dtype="datetime64[D]")
    else:
        grid = np.array([], dtype="datetime64[D]")
    steps = len(grid)
    low_step = np.searchsorted(grid, end_by, side="left")  # first date the lower bound holds
    high_step = np.searchsorted(grid, end_first, side="right") - 1  # last date the upper holds

    size = n_groups * steps
    low_values, low_rows = _cells(
        group * steps + low_step, frame["plausible_low"].to_numpy(), size, lowest=False
    )
    high_values, high_rows = _cells(
        group * steps + high_step, frame["plausible_high"].to_numpy(), size, lowest=True
    )
    shape = (n_groups, steps)
    raw_low, raw_high = low_values.reshape(shape), high_values.reshape(shape)
    low, high = _carry(raw_low, raw_high)
    low_row = _binding_rows(raw_low, low, low_rows.reshape(shape))
    high_row = _binding_rows(raw_high[:, ::-1], high[:, ::-1], high_rows.reshape(shape)[:, ::-1])
    high_row = high_row[:, ::-1]

    first, last = np.full(n_groups, steps), np.full(n_groups, -1)
    np.minimum.at(first, group, high_step)
    np.maximum.at(last, group, low_step)
    step_index = np.arange(steps)
    g, t = np.nonzero((step_index >= first[:, None]) & (step_index <= last[:, None]))

    keys = frame.iloc[np.unique(group, return_index=True)[1]][list(QUANTITY_COLUMNS)]
    out = keys.iloc[g].reset_index(drop=True)
    out["date"] = grid[t].astype("datetime64[ns]")
    out["low"], out["high"] = low[g, t], high[g, t]
    ids = frame["claim_id"].to_numpy(dtype=object)
    rows_low, rows_high = low_row[g, t], high_row[g, t]
    out["low_claim"] = pd.Series(ids[rows_low], dtype="string").mask(rows_low < 0)
    out["high_claim"] = pd.Series(ids[rows_high], dtype="string").mask(rows_high < 0)
    out["consistent"] = out["low"] <= out["high"]
    witness = ~out["consistent"].to_numpy()
    out["witness_low_date"] = np.where(witness, end_by[rows_low], np.datetime64("NaT")).astype(
        "datetime64[ns]"
    )
    out["witness_high_date"] = np.where(witness, end_first[rows_high], np.datetime64("NaT")).astype(
        "datetime64[ns]"
    )
    return out
