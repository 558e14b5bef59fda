"""Bounded answers "as of now": the rate envelope and period figures (the method, section 8.3).

A toll cannot grow faster than some rate ``r`` per day, so an upper bound on day ``s`` caps every
later day ``t`` at ``high(s) + r * (t - s)``, and a lower bound on day ``s`` lifts every earlier
day at ``low(s) - r * (s - t)``. Both are running extremes of ``bound - r * day``, one pass
each; carrying twice is carrying once. A figure for a period ``[a, b]`` bounds
``toll(b) - toll(a)``: it caps the end by the start's upper bound plus the figure, and so on.

All functions take bounds as arrays whose last axis is time, with the days (as numbers) of that
axis, and return new arrays; nothing is changed in place.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Period", "derived_rate", "envelope", "rate_envelope"]

Array = Any  # a numpy array; numpy is imported lazily

#: Passes of period figures and the rate before giving up on a fixed point (each pass only
#: tightens, and a handful settle the bundled data).
_PASSES: Final = 50


@attrs.frozen
class Period:
    """A figure for a period: the growth of the toll from step ``start`` to step ``end``.

    Attributes:
        start: The step of the day before the period began.
        end_first: The step of the first possible day the period ended.
        end_by: The step of the last possible day the period ended.
        low: The least growth over the period.
        high: The most growth over the period (``math.inf`` when open-ended).
        claim_id: The claim that states it.
    """

    start: int
    end_first: int
    end_by: int
    low: float
    high: float
    claim_id: str


def rate_envelope(low: Array, high: Array, days: Array, rate: Array | float) -> tuple[Array, Array]:
    """Tighten bounds by a largest daily growth ``rate`` (``math.inf``: no change).

    Args:
        low: Lower bounds, time on the last axis.
        high: Upper bounds, same shape.
        days: The day numbers of the last axis, ascending.
        rate: The largest growth per day, a number or one per row (shape ``low.shape[:-1]``).

    Returns:
        The tightened ``(low, high)``.
    """
    import numpy as np

    rate = np.asarray(rate, dtype="float64")[..., None]
    limited = np.isfinite(rate)
    r = np.where(limited, rate, 0.0)
    t = np.asarray(days, dtype="float64")
    t = t - t[..., :1]  # small numbers: less rounding
    # Each day against the *other* days only, so that a bound is never moved by rounding alone.
    with np.errstate(invalid="ignore"):
        earlier = np.minimum.accumulate(high - r * t, axis=-1)
        earlier = np.concatenate([np.full_like(earlier[..., :1], math.inf), earlier[..., :-1]], -1)
        later = np.maximum.accumulate((low - r * t)[..., ::-1], axis=-1)[..., ::-1]
        later = np.concatenate([later[..., 1:], np.full_like(later[..., :1], -math.inf)], -1)
        capped, lifted = earlier + r * t, later + r * t
    # A bound moves only when the envelope is tighter by more than rounding, so that applying the
    # envelope again, which recomputes the same bounds to within rounding, changes nothing.
    slack = 1e-9 + 1e-12 * np.abs(np.where(np.isfinite(high), high, 0.0))
    new_high = np.where(limited & (capped < high - slack), capped, high)
    slack = 1e-9 + 1e-12 * np.abs(low)
    new_low = np.where(limited & (lifted > low + slack), lifted, low)
    return new_low, new_high


def derived_rate(low: Array, high: Array, days: Array, *, window: float, margin: float) -> Array:
    """The steepest average growth the bounds allow over ``window`` days or more, times margin.

    ``math.inf`` where no upper bound is finite that long after a lower one.

    Args:
        low: Lower bounds, ``(n, steps)``.
        high: Upper bounds, ``(n, steps)``.
        days: The day numbers of the steps.
        window: The shortest span, in days.
        margin: The factor the steepest growth is multiplied by.

    Returns:
        One rate per row.
    """
    import numpy as np

    if math.isinf(margin):  # no limit wanted
        return np.full(low.shape[0], math.inf)
    t = np.asarray(days, dtype="float64")
    span = t[None, :] - t[:, None]  # [s, t]: from step s to step t
    usable = (span >= window)[None] & np.isfinite(high)[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        growth = np.where(usable, (high[:, None, :] - low[:, :, None]) / span[None], -math.inf)
    steepest = growth.max(axis=(1, 2), initial=-math.inf)
    return np.where(np.isfinite(steepest), np.maximum(steepest, 0.0) * margin, math.inf)


def _carry(low: Array, high: Array) -> tuple[Array, Array]:
    import numpy as np

    return (
        np.maximum.accumulate(low, axis=-1),
        np.minimum.accumulate(high[..., ::-1], axis=-1)[..., ::-1],
    )


def envelope(
    low: Array, high: Array, days: Array, rate: float, periods: Sequence[Period] = ()
) -> tuple[Array, Array, tuple[str, ...]]:
    """The rate envelope and period figures applied to one quantity's bounds until they settle.

    The toll cannot fall, so the result is carried as well (lower bounds forward, upper
    bounds backward).

    A period figure that would leave a lower bound above an upper one is not used.

    Args:
        low: Lower bounds per step, ``(steps,)``.
        high: Upper bounds per step.
        days: The day numbers of the steps.
        rate: The largest growth per day.
        periods: Figures for periods.

    Returns:
        The tightened ``(low, high)`` and the ids of the period figures used.
    """
    import numpy as np

    low, high = _carry(*rate_envelope(low, high, days, rate))
    used: list[str] = []
    for period in periods:
        trial_low, trial_high = low.copy(), high.copy()
        for _ in range(_PASSES):
            before_low, before_high = trial_low.copy(), trial_high.copy()
            a, b_first, b_by = period.start, period.end_first, period.end_by
            trial_high[b_first] = min(trial_high[b_first], trial_high[a] + period.high)
            trial_low[a] = max(trial_low[a], trial_low[b_by] - period.high)
            trial_low[b_by] = max(trial_low[b_by], trial_low[a] + period.low)
            trial_high[a] = min(trial_high[a], trial_high[b_first] - period.low)
            trial_low, trial_high = _carry(trial_low, trial_high)
            trial_low, trial_high = rate_envelope(trial_low, trial_high, days, rate)
            if np.array_equal(before_low, trial_low) and np.array_equal(before_high, trial_high):
                break
        if (trial_low <= trial_high).all():
            low, high = trial_low, trial_high
            used.append(period.claim_id)
    return low, high, tuple(used)
