"""A posterior for every quantity: a median, credible intervals, and which claims are wrong.

The method, section 8.4 (the method page of the docs). On a grid over log(true) every claim
contributes a likelihood: with probability ``1 - π`` true ÷ claimed is log-normal with its central
90% on the bias interval B, with the qualifier Q and the measure conversion M spread uniformly in
log over their intervals; with probability ``π`` the claim is "simply wrong", anywhere from ÷100 to
x100 of it (with Cauchy tails beyond). Named and UN-verified counts truncate the posterior at their
value. A statement reported by several outlets counts once (the mean of its readings'
likelihoods).

Over time (:func:`~conflictdata.estimate_series`, and :func:`~conflictdata.estimate` with ``on``)
a cumulative toll is a hidden Markov chain on the grid whose increments are non-negative: a gamma
process with a mean rate per day (the model's ``increment_rates``, else derived from the claims)
and a coefficient of variation of one year's increment (``increment_cv_year``). Forward-backward
gives each date's posterior.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..schema._frames import claims_frame, first_days, last_days, stated_by_or_before
from ..schema.vocabularies import Measure
from .consensus import QUANTITY_COLUMNS, _check_one_quantity
from .intervals import Interval
from .ranges import DEFAULT_MODEL, RANGE_INPUT_COLUMNS, _times, range_factors

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    import numpy as np
    import pandas as pd

    from ..schema.records import Claim
    from .reporting import ReportingModel

__all__ = ["Estimate", "PosteriorEvaluation", "estimate", "estimate_series", "posterior_evaluation"]

#: Points of the grid over log(true) (METHOD 8.4: about 500 to 1,000).
GRID_POINTS: Final = 600
#: A "simply wrong" claim is off by up to this factor either way (uniform in log).
WRONG_FACTOR: Final = 100.0
#: The scale (in log) of the Cauchy tails beyond the "simply wrong" window: one decade.
WRONG_TAIL: Final = math.log(10.0)
#: How far the grid reaches beyond the claims' plausible ranges, as a factor either way.
GRID_MARGIN: Final = 20.0
#: The fewest days a claim's period counts for the derived rate: a figure dated on the day its
#: period starts (a rate "per month" recorded as one day) would otherwise give any growth.
MIN_RATE_DAYS: Final = 30
#: The posterior quantiles reported: the median, the central 50% and the central 90%.
QUANTILES: Final = (0.5, 0.25, 0.75, 0.05, 0.95)
SERIES_COLUMNS: Final = ("median", "low_50", "high_50", "low_90", "high_90")

_Z90: Final = 1.6448536269514722  # the standard normal's 95% quantile
_DAYS_PER_YEAR: Final = 365.25
_COLUMNS: Final = tuple(
    dict.fromkeys(
        (
            "claim_id",
            "statement_id",
            "period_end",
            "period_end_precision",
            *QUANTITY_COLUMNS,
            *RANGE_INPUT_COLUMNS,
        )
    )
)


@attrs.frozen
class Estimate:
    """The posterior of one quantity on one date.

    Attributes:
        median: The posterior median of the true value.
        interval_50: The central 50% credible interval.
        interval_90: The central 90% credible interval.
        wrong_probability: For each claim id, the posterior probability that the claim is
            "simply wrong" (its figure says nothing about the truth).
        claims: The ids of the claims used, sorted.
        as_of: The latest period end (its last possible day) among the claims that are probably
            right (wrong probability below one half).
        extrapolated: Whether the date asked for (``on``) lies past ``as_of``: the answer then
            rests on the increment prior.
        rate: The increment prior's mean growth per day used, or ``None`` for one date without
            ``on`` (no increments involved).

    Example:
        >>> import conflictdata
        >>> ua = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="UA", population="military", measure="killed"
        ... )
        >>> result = conflictdata.estimate(ua, on="2026-02-28")
        >>> result.interval_50.low <= result.median <= result.interval_50.high
        True
        >>> result.interval_50.low >= result.interval_90.low
        True
        >>> all(0 <= p <= 1 for p in result.wrong_probability.values())
        True
    """

    median: float
    interval_50: Interval
    interval_90: Interval
    wrong_probability: dict[str, float]
    claims: tuple[str, ...]
    as_of: dt.date | None
    extrapolated: bool
    rate: float | None


@attrs.frozen
class _Readings:
    # One quantity's claims on the log scale: a reading per claim, statements as codes.
    claim_id: np.ndarray[Any, Any]
    statement: np.ndarray[Any, Any]  # 0..S-1, rows sorted by it
    low: np.ndarray[Any, Any]  # log of the stated low x Q.lo x M.lo (-inf possible)
    high: np.ndarray[Any, Any]  # log of the stated high x Q.hi x M.hi (+inf possible)
    mu: np.ndarray[Any, Any]  # log-normal bias: centre and spread
    sigma: np.ndarray[Any, Any]
    floor: np.ndarray[Any, Any]  # log of the hard lower bound, -inf where none
    day: np.ndarray[Any, Any]  # the middle of the period end's possible days
    end_by: np.ndarray[Any, Any]
    period_start: np.ndarray[Any, Any]

    @property
    def statement_starts(self) -> np.ndarray[Any, Any]:
        """The first reading of each statement."""
        import numpy as np

        starts: np.ndarray[Any, Any] = np.r_[0, np.flatnonzero(np.diff(self.statement)) + 1]
        return starts


def _readings(
    frame: pd.DataFrame, *, target: Measure | str | None, model: ReportingModel
) -> _Readings:
    import numpy as np

    frame = frame.sort_values(["statement_id", "claim_id"], kind="stable", ignore_index=True)
    factors = range_factors(frame, target=target, model=model)
    spread_low = factors.stated_low * factors.qualifier_low * factors.conversion_low
    spread_high = _times(
        _times(factors.stated_high, factors.qualifier_high), factors.conversion_high
    )
    b_low, b_high = factors.bias_low, factors.bias_high
    # A bias without a positive finite end cannot be log-normal: it widens the uniform part.
    improper = (b_low <= 0) | ~np.isfinite(b_high)
    spread_low = np.where(improper, spread_low * b_low, spread_low)
    spread_high = np.where(improper, _times(spread_high, b_high), spread_high)
    b_low, b_high = np.where(improper, 1.0, b_low), np.where(improper, 1.0, b_high)
    with np.errstate(divide="ignore"):
        low, high = np.log(spread_low), np.log(spread_high)
        log_b_low, log_b_high = np.log(b_low), np.log(b_high)
    hard = frame["basis"].astype(str).isin([str(basis) for basis in model.hard_lower]).to_numpy()
    ends_first, ends_by = first_days(frame, "period_end"), last_days(frame, "period_end")
    middle = ends_first + (ends_by - ends_first) // 2
    return _Readings(
        claim_id=frame["claim_id"].to_numpy(dtype=object),
        statement=frame["statement_id"].astype(str).factorize(sort=True)[0],
        low=low,
        high=high,
        mu=(log_b_low + log_b_high) / 2,
        sigma=(log_b_high - log_b_low) / (2 * _Z90),
        floor=np.where(hard, low + log_b_low, -np.inf),
        day=middle,
        end_by=ends_by,
        period_start=first_days(frame, "period_start"),
    )


@attrs.frozen
class _Grid:
    # Cell centres y (log of the true value) and their edges, equally spaced by `step`.
    y: np.ndarray[Any, Any]
    edges: np.ndarray[Any, Any]
    step: float


def _grid(readings: _Readings, reach: float = 0.0) -> _Grid:
    """A grid from the claims' lowest positive bound to their highest (or ``reach``), widened."""
    import numpy as np

    ends = np.concatenate([readings.low + readings.mu, readings.high + readings.mu, readings.floor])
    ends = ends[np.isfinite(ends)]
    if not len(ends):
        msg = "the claims bound nothing above zero: a posterior needs a positive figure"
        raise ValueError(msg)
    bottom = ends.min() - math.log(GRID_MARGIN)
    top = max(ends.max(), math.log(reach) if reach > 0 else -math.inf) + math.log(GRID_MARGIN)
    top = max(top, bottom + 2 * math.log(GRID_MARGIN))
    edges = np.linspace(bottom, top, GRID_POINTS + 1)
    return _Grid((edges[:-1] + edges[1:]) / 2, edges, float(edges[1] - edges[0]))


def _likelihoods(
    readings: _Readings, grid: _Grid, outlier_probability: float
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Per reading and grid point: the likelihood, and the part of it that is "simply wrong"."""
    import numpy as np
    from scipy.special import ndtr

    y = grid.y[None, :]
    sigma = np.maximum(readings.sigma, grid.step)[:, None]  # a point stays a grid cell wide
    low, high = (readings.low + readings.mu)[:, None], (readings.high + readings.mu)[:, None]
    width = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        # Log-normal bias around a log-uniform spread: the difference of two normal CDFs.
        mass = ndtr((y - low) / sigma) - ndtr((y - high) / sigma)
        point = np.exp(-0.5 * ((y - (low + high) / 2) / sigma) ** 2) / (
            sigma * math.sqrt(2 * math.pi)
        )
        bounded = np.isfinite(width)
        good = np.where(width > 1e-9, mass / width, point)
        # An open-ended reading has no normalisable density: normalise it over the grid.
        open_ended = mass / np.maximum(mass.sum(axis=1, keepdims=True) * grid.step, 1e-300)
        good = np.where(bounded, good, open_ended)
        # "Simply wrong": true / claimed anywhere in [1/100, 100] around the claimed figure
        # (Q and M taken, no bias); beyond, a Cauchy tail, so that no claim makes a value
        # impossible and the farther off a claim is, the less it pulls.
        stated_low, stated_high = readings.low[:, None], readings.high[:, None]
        centre = np.where(
            np.isfinite(stated_low),
            np.where(bounded, (stated_low + stated_high) / 2, stated_low),
            stated_high,
        )
    span = math.log(WRONG_FACTOR)
    beyond = np.maximum(np.abs(y - centre) - span, 0.0) / WRONG_TAIL
    wrong = 1 / (1 + beyond**2) / (2 * span + math.pi * WRONG_TAIL)
    wrong = outlier_probability * wrong
    total = (1 - outlier_probability) * good + wrong
    below = y < readings.floor[:, None]  # a hard lower bound always holds
    return np.where(below, 0.0, total), np.where(below, 0.0, wrong)


def _statement_log_likelihood(
    readings: _Readings, likelihood: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Per statement, the log of the mean likelihood of its readings (outlet twins count once)."""
    import numpy as np

    starts = readings.statement_starts
    counts = np.diff(np.r_[starts, len(readings.statement)])
    with np.errstate(divide="ignore"):
        mean: np.ndarray[Any, Any] = np.log(
            np.add.reduceat(likelihood, starts, axis=0) / counts[:, None]
        )
    return mean


def _normalised(weights: np.ndarray[Any, Any], what: str) -> np.ndarray[Any, Any]:
    import numpy as np

    total = weights.sum(axis=-1, keepdims=True)
    if not np.all(np.isfinite(total) & (total > 0)):
        msg = f"no value is consistent with {what}: the claims are too far apart for the grid"
        raise ValueError(msg)
    normalised: np.ndarray[Any, Any] = weights / total
    return normalised


def _from_log(log_weights: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    import numpy as np

    peak = np.max(log_weights, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore"):
        weights: np.ndarray[Any, Any] = np.exp(log_weights - np.where(np.isfinite(peak), peak, 0.0))
    return weights


def _quantiles(posterior: np.ndarray[Any, Any], grid: _Grid) -> np.ndarray[Any, Any]:
    """The values at :data:`QUANTILES` of each row's posterior (mass spread evenly per cell)."""
    import numpy as np

    rows = np.atleast_2d(posterior)
    cdf = np.concatenate([np.zeros((len(rows), 1)), np.cumsum(rows, axis=1)], axis=1)
    cdf /= cdf[:, -1:]
    values: np.ndarray[Any, Any] = np.exp([np.interp(QUANTILES, row, grid.edges) for row in cdf])
    return values


def _wrong_probability(
    posterior: np.ndarray[Any, Any], likelihood: np.ndarray[Any, Any], wrong: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Per reading: the posterior mean of P(simply wrong | true), π·wrong ÷ likelihood."""
    import numpy as np

    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(likelihood > 0, wrong / likelihood, 0.0)
    probability: np.ndarray[Any, Any] = np.clip((posterior * share).sum(axis=1), 0.0, 1.0)
    return probability


# Over time ------------------------------------------------------------------------------------


def _derived_rate(readings: _Readings) -> float:
    """The increment prior's default mean growth per day, derived from the claims.

    The median over statements of each claim's central value (the geometric middle of its
    plausible range, or its lower end when open-ended) ÷ the days its period covers, at least
    :data:`MIN_RATE_DAYS`: the typical average growth the claims state (**assumption**, see the
    method page).
    """
    import numpy as np

    with np.errstate(invalid="ignore"):
        centre = np.where(
            np.isfinite(readings.high),
            (readings.low + readings.high) / 2 + readings.mu,
            readings.low + readings.mu,
        )
    days = np.maximum((readings.day - readings.period_start).astype("int64"), MIN_RATE_DAYS)
    rates = np.exp(centre) / days
    first = readings.statement_starts
    rates = rates[first][np.isfinite(rates[first]) & (rates[first] > 0)]
    if not len(rates):
        msg = "no claim states a positive figure from which to derive a rate"
        raise ValueError(msg)
    return float(np.median(rates))


def _transitions(
    grid: _Grid, gaps: np.ndarray[Any, Any], rate: float, cv_year: float
) -> dict[int, np.ndarray[Any, Any]]:
    """For each gap in days, P(next cell | cell) under gamma increments with mean ``rate``·days.

    Gamma increments add up over time (a gamma process), so the answer does not depend on how
    finely the dates are spaced. The CDF is tabulated on a log grid and interpolated.
    """
    import numpy as np
    from scipy.special import gammainc

    value, edges = np.exp(grid.y), np.exp(grid.edges)
    # log of the increment that reaches the top edge of cell j from the centre of cell i
    increment = edges[None, 1:] - value[:, None]
    with np.errstate(divide="ignore"):
        reach = np.log(np.maximum(increment, 0.0))
    finite = reach[np.isfinite(reach)]
    table = np.linspace(finite.min() - 1.0, finite.max(), 4 * GRID_POINTS)
    shape_per_day = 1 / (_DAYS_PER_YEAR * cv_year**2)
    scale = rate / shape_per_day
    out = {}
    for gap in np.unique(gaps):
        cdf = gammainc(shape_per_day * gap, np.exp(table) / scale)
        below = np.interp(reach, table, cdf, left=0.0, right=1.0)
        below[:, -1] = 1.0  # the last cell holds everything above it
        out[int(gap)] = np.diff(below, axis=1, prepend=0.0)
    return out


def _smooth(
    log_evidence: np.ndarray[Any, Any],
    gaps: np.ndarray[Any, Any],
    transitions: dict[int, np.ndarray[Any, Any]],
) -> np.ndarray[Any, Any]:
    """Forward-backward: each step's posterior given every step's evidence (flat start in log)."""
    import numpy as np

    evidence = _from_log(log_evidence)
    steps = len(evidence)
    forward = np.empty_like(evidence)
    forward[0] = _normalised(evidence[0], "the claims")
    for t in range(1, steps):
        forward[t] = _normalised(
            (forward[t - 1] @ transitions[gaps[t - 1]]) * evidence[t], "the claims over time"
        )
    backward = np.ones_like(evidence)
    for t in range(steps - 2, -1, -1):
        backward[t] = _normalised(
            transitions[gaps[t]] @ (evidence[t + 1] * backward[t + 1]), "the claims over time"
        )
    return _normalised(forward * backward, "the claims over time")


@attrs.frozen
class _Path:
    # One quantity's posterior on each date of a grid.
    dates: np.ndarray[Any, Any]
    posterior: np.ndarray[Any, Any]  # (dates, grid points)
    quantiles: np.ndarray[Any, Any]  # (dates, QUANTILES)
    wrong: np.ndarray[Any, Any]  # per reading
    rate: float


def _path(
    readings: _Readings, dates: np.ndarray[Any, Any], model: ReportingModel, rate: float
) -> _Path:
    import numpy as np

    days = (dates[-1] - dates[0]).astype("int64")
    grid = _grid(readings, reach=rate * max(int(days), 1))
    likelihood, wrong = _likelihoods(readings, grid, model.outlier_probability)
    # each reading at the date of the grid nearest to the middle of its period end
    right = np.clip(np.searchsorted(dates, readings.day), 1, len(dates) - 1)
    nearer_left = (readings.day - dates[right - 1]) <= (dates[right] - readings.day)
    step = np.where(nearer_left, right - 1, right) if len(dates) > 1 else np.zeros(len(right), int)
    per_statement = _statement_log_likelihood(readings, likelihood)
    first = readings.statement_starts
    statement_step = step[first]  # twins share the step of the statement's first reading
    log_evidence = np.zeros((len(dates), len(grid.y)))
    np.add.at(log_evidence, statement_step, per_statement)
    gaps = np.diff(dates).astype("int64")
    posterior = _smooth(log_evidence, gaps, _transitions(grid, gaps, rate, model.increment_cv_year))
    quantiles = _quantiles(posterior, grid)
    floors = np.full(len(dates), -np.inf)
    np.maximum.at(floors, step, readings.floor)
    # The cell that holds a hard lower bound straddles it; the bound itself always holds. A toll
    # cannot fall: running maxima guard the quantiles against rounding.
    quantiles = np.maximum(quantiles, np.exp(np.maximum.accumulate(floors))[:, None])
    quantiles = np.maximum.accumulate(quantiles, axis=0)
    statement_of = np.repeat(statement_step, np.diff(np.r_[first, len(readings.statement)]))
    wrong_probability = _wrong_probability(posterior[statement_of], likelihood, wrong)
    return _Path(dates, posterior, quantiles, wrong_probability, rate)


def _rate(
    readings: _Readings, keys: pd.Series[Any] | dict[str, Any], model: ReportingModel
) -> float:
    given = model.increment_rate(
        str(keys["subject_side"]), str(keys["population"]), str(keys["measure"])
    )
    return _derived_rate(readings) if given is None else given


def _grid_dates(
    readings: _Readings, freq: str, extra: np.ndarray[Any, Any] | None = None
) -> np.ndarray[Any, Any]:
    import numpy as np
    import pandas as pd

    offset = pd.tseries.frequencies.to_offset(freq)
    first, last = readings.day.min(), readings.end_by.max()
    if extra is not None:
        first, last = min(first, extra.min()), max(last, extra.max())
    start = offset.rollback(pd.Timestamp(first))
    stop = offset.rollforward(pd.Timestamp(last))
    dates = pd.date_range(start, stop, freq=offset).to_numpy(dtype="datetime64[D]")
    if extra is not None:
        dates = np.union1d(dates, extra)
    return dates


# The public functions ----------------------------------------------------------------------------


def _claims_table(
    claims: Iterable[Claim], as_of: dt.date | str | None, target: Measure | str | None
) -> pd.DataFrame:
    chosen = list(claims)
    frame = stated_by_or_before(claims_frame(chosen), as_of)
    frame = frame.drop_duplicates("claim_id")
    if frame.empty:
        msg = "no claims to estimate from" + ("" if as_of is None else f" stated by {as_of}")
        raise ValueError(msg)
    kept = set(frame["claim_id"])
    _check_one_quantity([claim for claim in chosen if claim.claim_id in kept], target)
    return frame


def estimate(
    claims: Iterable[Claim],
    *,
    on: dt.date | str | None = None,
    as_of: dt.date | str | None = None,
    target: Measure | str | None = None,
    model: ReportingModel | None = None,
) -> Estimate:
    """The posterior of one quantity: median, 50% and 90% intervals, and which claims are wrong.

    Args:
        claims: Claims about one quantity, as :func:`~conflictdata.consensus` takes them. Without
            ``on`` they are taken to be about one date.
        on: The date wanted. The claims then lie on a monthly grid (each at the month start
            nearest the middle of its period end) with ``on`` added, and the toll grows by the
            model's increment prior between them (see :func:`~conflictdata.estimate_series`).
        as_of: Use only claims certainly stated on or before this date.
        target: Convert every claim to this measure first.
        model: The reporting model (default: ``ReportingModel()``), with its outlier probability
            and increment prior.

    Returns:
        The estimate.

    Raises:
        MixedClaimsError: If the claims are about different quantities.
        ConversionError: If a claim cannot be converted to ``target``.
        ValueError: If no claim is left, or no value is consistent with the claims.

    Example:
        >>> import conflictdata
        >>> ua_killed = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="UA", population="military", measure="killed"
        ... )
        >>> result = conflictdata.estimate(ua_killed, on="2026-02-28")
        >>> result.interval_90.low <= result.interval_50.low <= result.median
        True
        >>> result.median <= result.interval_50.high <= result.interval_90.high
        True
        >>> max(result.wrong_probability, key=result.wrong_probability.get)  # "about 700,000"
        'trump-2025-01-20-ua-killed-politico'
    """
    import numpy as np

    from ..schema.records import as_date

    model = model or DEFAULT_MODEL
    frame = _claims_table(claims, as_of, target)
    readings = _readings(frame[list(_COLUMNS)], target=target, model=model)
    if on is None:
        grid = _grid(readings)
        likelihood, wrong = _likelihoods(readings, grid, model.outlier_probability)
        log_posterior = _statement_log_likelihood(readings, likelihood).sum(axis=0)
        posterior = _normalised(_from_log(log_posterior), "the claims")
        floor = math.exp(readings.floor.max()) if np.isfinite(readings.floor).any() else 0.0
        values = np.maximum(_quantiles(posterior, grid)[0], floor)
        wrong_probability = _wrong_probability(posterior[None, :], likelihood, wrong)
        rate = None
    else:
        day = np.datetime64(as_date(on), "D")
        keys = frame.iloc[0]
        rate = _rate(readings, keys if target is None else {**keys, "measure": target}, model)
        dates = _grid_dates(readings, "MS", extra=np.array([day]))
        path = _path(readings, dates, model, rate)
        values = path.quantiles[int(np.searchsorted(dates, day))]
        wrong_probability = path.wrong
    median, low_50, high_50, low_90, high_90 = (float(v) for v in values)
    probably_right = wrong_probability < 0.5
    reached = readings.end_by[probably_right].max() if probably_right.any() else None
    reached_date = None if reached is None else reached.astype(object)
    extrapolated = on is not None and reached_date is not None and as_date(on) > reached_date
    order = np.argsort(readings.claim_id)
    return Estimate(
        median=median,
        interval_50=Interval(low_50, high_50),
        interval_90=Interval(low_90, high_90),
        wrong_probability={str(readings.claim_id[i]): float(wrong_probability[i]) for i in order},
        claims=tuple(str(readings.claim_id[i]) for i in order),
        as_of=reached_date,
        extrapolated=extrapolated,
        rate=rate,
    )


def estimate_series(
    claims: Iterable[Claim] | pd.DataFrame,
    *,
    freq: str = "MS",
    model: ReportingModel | None = None,
    target: Measure | str | None = None,
) -> pd.DataFrame:
    """The posterior of cumulative quantities over time, monotone in time.

    Claims are grouped by quantity as :func:`~conflictdata.consensus_series` groups them. Per
    quantity, the toll on the dates of the grid is a hidden Markov chain on a grid over
    log(true): it starts flat in log and grows by non-negative gamma increments with a mean rate
    per day (the model's ``increment_rates`` for the quantity, else derived from the claims: the
    median over statements of each claim's central value ÷ the days its period covers) and the
    model's ``increment_cv_year``; each claim is evidence on the grid date nearest the middle of
    its period end. Forward-backward gives each date's posterior given all claims.

    Args:
        claims: Claim records, or a claims table as :func:`conflictdata.load_claims` returns.
        freq: The grid, a pandas frequency (``"MS"``: the first of every month).
        model: The reporting model (default: ``ReportingModel()``).
        target: Convert every claim to this measure first.

    Returns:
        One row per quantity and date, with the quantity's columns, ``date``, ``median``,
        ``low_50``, ``high_50``, ``low_90``, ``high_90`` (never decreasing in time) and
        ``rate``, the increment prior's mean growth per day.

    Example:
        >>> import conflictdata
        >>> ru = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="RU", population="military", measure="killed"
        ... )
        >>> series = conflictdata.estimate_series(ru)
        >>> bool(series["median"].is_monotonic_increasing)
        True
        >>> bool((series["low_90"] <= series["low_50"]).all())
        True
    """
    import numpy as np
    import pandas as pd

    model = model or DEFAULT_MODEL
    frame = claims_frame(claims)[list(_COLUMNS)].drop_duplicates("claim_id")
    if target is not None:
        frame = frame.assign(measure=str(Measure(target)))
    parts = []
    for keys, group in frame.groupby(list(QUANTITY_COLUMNS), sort=True, observed=True):
        readings = _readings(group, target=target, model=model)
        named = dict(zip(QUANTITY_COLUMNS, keys, strict=True))
        path = _path(readings, _grid_dates(readings, freq), model, _rate(readings, named, model))
        part = pd.DataFrame({column: [value] * len(path.dates) for column, value in named.items()})
        part["date"] = path.dates.astype("datetime64[ns]")
        for column, index in zip(SERIES_COLUMNS, (0, 1, 2, 3, 4), strict=True):
            part[column] = path.quantiles[:, index]
        part["rate"] = path.rate
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=[*QUANTITY_COLUMNS, "date", *SERIES_COLUMNS, "rate"])
    out = pd.concat(parts, ignore_index=True)
    for column in QUANTITY_COLUMNS:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(frame[column].dtype)
    return out.astype({column: np.float64 for column in SERIES_COLUMNS})


# Evaluation ---------------------------------------------------------------------------------------


@attrs.frozen
class PosteriorEvaluation:
    """How the posterior fares against the independent references in the claims.

    Attributes:
        references: One row per reference statement left out: its quantity, claim id, date,
            ``one_sided`` (a named or verified count: the truth is at least it), the reference
            figure ``low``/``high`` (as stated, with its qualifier), the posterior from the
            other claims (``median``, ``low_50`` … ``high_90``), ``covered_50``/``covered_90``
            (the reference's middle inside the interval; for a one-sided reference, its figure
            not above the interval's top) and ``interval_score_90`` (log scale, two-sided only).
        summary: Counts and rates: ``n``, ``covered_50``, ``covered_90``, ``rate_50``,
            ``rate_90``, ``mean_interval_score_90`` (over the two-sided references).
        sensitivity: Per quantity, the latest median under the default increment prior and
            under each changed one, and the ratio changed ÷ default.

    Example:
        >>> import conflictdata
        >>> ru = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="RU", population="military", measure="killed"
        ... )
        >>> summary = conflictdata.posterior_evaluation(ru).summary
        >>> 0 <= summary["rate_50"] <= summary["rate_90"] <= 1
        True
    """

    references: pd.DataFrame
    summary: dict[str, float]
    sensitivity: pd.DataFrame


def _reference_rows(claims: Sequence[Claim], model: ReportingModel) -> list[Claim]:
    """The independent references: hard lower bounds, and third parties' estimates."""
    from ..schema.vocabularies import Basis, Relation

    estimates = {Basis.STATISTICAL_ESTIMATE, Basis.INTELLIGENCE_ESTIMATE, Basis.ANALYST_ESTIMATE}
    return [
        claim
        for claim in claims
        if claim.basis in model.hard_lower
        or (claim.relation is Relation.THIRD_PARTY and claim.basis in estimates)
    ]


def _quantity(claim: Claim) -> tuple[Any, ...]:
    return tuple(getattr(claim, column) for column in QUANTITY_COLUMNS)


def _reference_figure(claim: Claim, model: ReportingModel) -> Interval:
    # The figure as stated, with what its qualifier allows; no bias factor.
    figure = (
        Interval(claim.low or 0, claim.high or 0)
        if claim.value is None
        else Interval.point(claim.value)
    )
    return figure * model.qualifier_factor(claim.qualifier)


def _interval_score(low: float, high: float, point: float, alpha: float) -> float:
    """The interval score (Gneiting and Raftery 2007) of ``[low, high]`` on the log scale."""
    low, high, point = math.log(low), math.log(high), math.log(point)
    return (high - low) + 2 / alpha * max(low - point, 0.0) + 2 / alpha * max(point - high, 0.0)


def posterior_evaluation(
    claims: Iterable[Claim],
    *,
    model: ReportingModel | None = None,
    knowable: bool = False,
    rate_factors: Sequence[float] = (0.5, 2.0),
    cv_factors: Sequence[float] = (0.5, 2.0),
) -> PosteriorEvaluation:
    """Leave each reference statement out and score the posterior from the rest (METHOD 8.5).

    A reference is a named or UN-verified count (one-sided: the truth is at least it) or a third
    party's statistical, intelligence or analyst estimate. For each, its statement (every outlet's
    row) is left out and :func:`~conflictdata.estimate` runs on the other claims of its quantity
    ``on`` the middle of its period end; with ``knowable``, only on claims stated by the
    reference's own statement date. The sensitivity
    (:func:`~conflictdata.method.posterior.prior_sensitivity`) reruns
    :func:`~conflictdata.estimate_series` with the increment rate and ``increment_cv_year`` of
    every quantity multiplied by each factor.

    Args:
        claims: The claims, e.g. :func:`conflictdata.claims`.
        model: The reporting model (default: ``ReportingModel()``).
        knowable: Use only what was known at each reference's date.
        rate_factors: Multipliers of the increment rate for the sensitivity.
        cv_factors: Multipliers of ``increment_cv_year`` for the sensitivity.

    Returns:
        The evaluation.

    Example:
        >>> import conflictdata
        >>> ua = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="UA", population="military", measure="killed"
        ... )
        >>> result = conflictdata.posterior_evaluation(ua)
        >>> result.summary["covered_90"] <= result.summary["n"]
        True
        >>> bool((result.sensitivity["ratio"] > 0).all())
        True
    """
    import datetime as dt

    import pandas as pd

    model = model or DEFAULT_MODEL
    chosen = list({claim.claim_id: claim for claim in claims}.values())
    by_quantity: dict[tuple[Any, ...], list[Claim]] = {}
    for claim in chosen:
        by_quantity.setdefault(_quantity(claim), []).append(claim)
    rows = []
    done: set[tuple[tuple[Any, ...], str]] = set()
    for reference in sorted(_reference_rows(chosen, model), key=lambda c: c.claim_id):
        key = (_quantity(reference), reference.statement_id)
        if key in done:
            continue
        done.add(key)
        others = [c for c in by_quantity[key[0]] if c.statement_id != reference.statement_id]
        ends = reference.period_end, reference.period_end_by
        day = ends[0] + dt.timedelta(days=(ends[1] - ends[0]).days // 2)
        try:
            result = estimate(
                others, on=day, as_of=reference.stated_by if knowable else None, model=model
            )
        except ValueError:  # nothing left to estimate from (or nothing consistent)
            continue
        figure = _reference_figure(reference, model)
        one_sided = reference.basis in model.hard_lower
        point = (
            figure.low if one_sided or not figure.bounded else math.sqrt(figure.low * figure.high)
        )
        covered = {
            level: point <= interval.high if one_sided else point in interval
            for level, interval in ((50, result.interval_50), (90, result.interval_90))
        }
        score = (
            math.nan
            if one_sided or point <= 0
            else _interval_score(result.interval_90.low, result.interval_90.high, point, 0.1)
        )
        rows.append(
            {
                **dict(zip(QUANTITY_COLUMNS, key[0], strict=True)),
                "claim_id": reference.claim_id,
                "date": pd.Timestamp(day),
                "one_sided": one_sided,
                "low": figure.low,
                "high": figure.high,
                "median": result.median,
                "low_50": result.interval_50.low,
                "high_50": result.interval_50.high,
                "low_90": result.interval_90.low,
                "high_90": result.interval_90.high,
                "covered_50": covered[50],
                "covered_90": covered[90],
                "interval_score_90": score,
            }
        )
    references = pd.DataFrame(rows)
    n = len(references)
    summary = {
        "n": float(n),
        "covered_50": float(references["covered_50"].sum()) if n else 0.0,
        "covered_90": float(references["covered_90"].sum()) if n else 0.0,
    }
    summary["rate_50"] = summary["covered_50"] / n if n else math.nan
    summary["rate_90"] = summary["covered_90"] / n if n else math.nan
    scores: list[float] = references["interval_score_90"].dropna().tolist() if n else []
    summary["mean_interval_score_90"] = (
        float(sum(scores) / len(scores)) if len(scores) else math.nan
    )
    summary["n_two_sided"] = float(len(scores))
    return PosteriorEvaluation(
        references,
        summary,
        prior_sensitivity(chosen, model=model, rate_factors=rate_factors, cv_factors=cv_factors),
    )


def prior_sensitivity(
    claims: Iterable[Claim] | pd.DataFrame,
    *,
    model: ReportingModel | None = None,
    rate_factors: Sequence[float] = (0.5, 2.0),
    cv_factors: Sequence[float] = (0.5, 2.0),
) -> pd.DataFrame:
    """How far each quantity's latest posterior median moves when the increment prior changes.

    Args:
        claims: Claim records or a claims table.
        model: The reporting model (default: ``ReportingModel()``).
        rate_factors: Multipliers of each quantity's increment rate.
        cv_factors: Multipliers of ``increment_cv_year``.

    Returns:
        A table with one row per quantity and changed prior, with the quantity's columns,
        ``date`` (its latest), ``prior`` (e.g. ``"rate x2"``), ``median`` under it,
        ``default_median`` and ``ratio`` (median ÷ default median).
    """
    import pandas as pd

    model = model or DEFAULT_MODEL
    frame = claims_frame(claims)[list(_COLUMNS)].drop_duplicates("claim_id")
    rows = []
    # One quantity at a time: rates are set per side, population and measure, which several
    # quantities (period starts, scopes) share; each is changed from its own rate.
    for _, group in frame.groupby(list(QUANTITY_COLUMNS), sort=True, observed=True):
        latest = estimate_series(group, model=model).iloc[-1]
        variants = {
            f"rate x{factor:g}": model.with_increment_rate(
                subject_side=str(latest["subject_side"]),
                population=str(latest["population"]),
                measure=str(latest["measure"]),
                rate=float(latest["rate"]) * factor,
            )
            for factor in rate_factors
        } | {
            f"cv x{factor:g}": model.with_posterior(
                increment_cv_year=model.increment_cv_year * factor
            )
            for factor in cv_factors
        }
        for label, changed in variants.items():
            median = float(estimate_series(group, model=changed)["median"].iloc[-1])
            rows.append(
                {
                    **{column: latest[column] for column in (*QUANTITY_COLUMNS, "date")},
                    "prior": label,
                    "median": median,
                    "default_median": float(latest["median"]),
                    "ratio": median / float(latest["median"]),
                }
            )
    return pd.DataFrame(rows)
