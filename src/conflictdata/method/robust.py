"""Fault-tolerant selection over a toll that cannot fall (the method, section 8.2).

NTP's clock select (RFC 5905, section 11.2.1) after Marzullo (1984), for a cumulative toll: each
vote (a statement) bounds the toll from below on one date and from above on another; the fewest
vote weight whose removal leaves the rest consistent with some non-decreasing path is the *fault
budget*, found by a dynamic programme over dates and the bounds' end points::

    best[k][v] = violated(k, v) + min over u <= v of best[k - 1][u]

with a mirror pass backward. Because a path cannot fall, a vote's lower bound (on its period's
last possible day) and its upper bound (on the first) are never both broken by one path, so the
weight a path breaks is a sum over dates, which is what makes the programme exact. The band on a
date is the span of values on the paths that break at most the fault budget.

Everything here works on arrays of bounds, a batch of quantities (or of trials) at once; the
public functions in :mod:`conflictdata.method.consensus` turn claims into those arrays.
Only values that are some bound's end point (and 0 and infinity) need to be tried: any path can
be moved onto them without breaking more.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Bounds", "Selection", "select"]

Array = Any  # a numpy array; numpy is imported lazily


@attrs.frozen
class Bounds:
    """Bounds on a batch of quantities over a grid of steps (dates), one entry per bound.

    Attributes:
        batch: The quantity (or trial) each bound is about, ``0 .. n_batch - 1``.
        step: The step (date index) on which it holds.
        value: The bound.
        upper: Whether it is an upper bound (else a lower one).
        weight: The weight a path pays when it breaks the bound; ``math.inf`` for a hard bound.
        n_batch: The number of quantities.
        n_steps: The number of steps.
    """

    batch: Array
    step: Array
    value: Array
    upper: Array
    weight: Array
    n_batch: int
    n_steps: int


@attrs.frozen
class Selection:
    """The result of :func:`select`, per quantity of the batch.

    Attributes:
        candidates: ``(n_batch, n_values)`` the values tried, ascending, padded with infinity.
        costs: ``(n_batch, n_steps, n_values)`` the weight a path breaks on each step and value.
        through: ``(n_batch, n_steps, n_values)`` the least weight a non-decreasing path through
            that step and value breaks.
        fault_budget: ``(n_batch,)`` the least weight any path breaks (hard bounds excluded).
        index: ``(n_bounds,)`` each bound's value as an index into its row of ``candidates``.
        hard: The weight that stands for a hard bound (more than all votes together).
    """

    candidates: Array
    costs: Array
    through: Array
    fault_budget: Array
    index: Array
    hard: float

    def band(self, slack: Array | float = 0.0) -> tuple[Array, Array]:
        """``(low, high)``, each ``(n_batch, n_steps)``: the band.

        The span of values on paths that break at most the fault budget plus ``slack``.
        """
        import numpy as np

        limit = np.asarray(self.fault_budget + slack, dtype="float64")[:, None, None]
        inside = self.through <= limit + _tolerance(self.hard)
        first = np.argmax(inside, axis=-1)
        last = inside.shape[-1] - 1 - np.argmax(inside[..., ::-1], axis=-1)
        rows = np.arange(self.candidates.shape[0])[:, None]
        return self.candidates[rows, first], self.candidates[rows, last]

    def bound_costs(self, bounds: Bounds) -> Array:
        """Per bound, the least extra weight a path that keeps that bound must break.

        A vote's cost is at least the larger of its two bounds' costs; with both bounds on one
        step it is exactly that.
        """
        import numpy as np

        # Least total through a step over values at or above (for lower bounds) or at or below
        # (upper bounds) each candidate.
        above = np.minimum.accumulate(self.through[..., ::-1], axis=-1)[..., ::-1]
        below = np.minimum.accumulate(self.through, axis=-1)
        table = np.where(
            bounds.upper,
            below[bounds.batch, bounds.step, self.index],
            above[bounds.batch, bounds.step, self.index],
        )
        return table - self.fault_budget[bounds.batch]


def _tolerance(hard: float) -> float:
    return 1e-9 * max(1.0, hard)


def candidates_of(bounds: Bounds, extra: Bounds | None = None) -> tuple[Array, Array]:
    """The values to try per quantity, and each bound's index among them.

    They are its bounds' values, 0 and infinity, ascending, padded with infinity.
    """
    import numpy as np

    batch, value = bounds.batch, bounds.value
    if extra is not None:
        batch, value = np.r_[batch, extra.batch], np.r_[value, extra.value]
    every_batch = np.r_[batch, np.arange(bounds.n_batch), np.arange(bounds.n_batch)]
    every_value = np.r_[value, np.zeros(bounds.n_batch), np.full(bounds.n_batch, math.inf)]
    order = np.lexsort((every_value, every_batch))
    b, v = every_batch[order], every_value[order]
    new = np.r_[True, (b[1:] != b[:-1]) | (v[1:] != v[:-1])]
    rank_all = np.cumsum(new) - 1
    starts = np.searchsorted(b, np.arange(bounds.n_batch), side="left")
    rank_all -= rank_all[starts][b]
    width = int(rank_all.max()) + 1 if len(rank_all) else 1
    table = np.full((bounds.n_batch, width), math.inf)
    table[b[new], rank_all[new]] = v[new]
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = rank_all
    return table, rank[: len(bounds.value)]


def _costs(bounds: Bounds, index: Array, n_values: int, hard: float) -> Array:
    import numpy as np

    weight = np.where(np.isinf(bounds.weight), hard, bounds.weight)
    diff = np.zeros((bounds.n_batch, bounds.n_steps, n_values + 1))
    low = ~bounds.upper
    # A lower bound is broken below its value; an upper bound above it.
    np.add.at(diff, (bounds.batch[low], bounds.step[low], 0), weight[low])
    np.add.at(diff, (bounds.batch[low], bounds.step[low], index[low]), -weight[low])
    up = bounds.upper
    np.add.at(diff, (bounds.batch[up], bounds.step[up], index[up] + 1), weight[up])
    return np.cumsum(diff, axis=-1)[..., :-1]


def _through(costs: Array) -> Array:
    # Forward and backward passes; through = forward + backward - the step's own cost.
    import numpy as np

    forward, backward = np.empty_like(costs), np.empty_like(costs)
    forward[:, 0], backward[:, -1] = costs[:, 0], costs[:, -1]
    for k in range(1, costs.shape[1]):
        forward[:, k] = costs[:, k] + np.minimum.accumulate(forward[:, k - 1], axis=-1)
    for k in range(costs.shape[1] - 2, -1, -1):
        suffix = np.minimum.accumulate(backward[:, k + 1, ::-1], axis=-1)[:, ::-1]
        backward[:, k] = costs[:, k] + suffix
    return forward + backward - costs


def select(bounds: Bounds, *, extra_values: Bounds | None = None) -> Selection:
    """Run the dynamic programme for every quantity of the batch.

    Args:
        bounds: The bounds; hard ones have weight ``math.inf``.
        extra_values: Bounds whose values are also tried (not applied), e.g. other readings of a
            claim to be tested afterwards with the same candidates.

    Returns:
        The selection.
    """
    import numpy as np

    finite = bounds.weight[np.isfinite(bounds.weight)]
    hard = 2.0 * float(finite.sum()) + 1.0
    candidates, index = candidates_of(bounds, extra_values)
    costs = _costs(bounds, index, candidates.shape[1], hard)
    through = _through(costs)
    return Selection(candidates, costs, through, through[:, 0].min(axis=-1), index, hard)


def forced_totals(base: Selection, bounds: Bounds, trials: list[tuple[Array, Bounds]]) -> Array:
    """The least weight broken when, in turn, some bounds are lifted and others made hard.

    Each trial names the bounds (indices into ``bounds``, all of quantity 0) to lift, and the
    bounds to enforce instead (their values must be among ``base.candidates``). Used for a
    vote's exact cost (lift its bounds, enforce them) and for other readings of a claim.

    Returns:
        One total per trial; ``math.inf`` where the enforced bounds cannot hold with the hard
        ones.
    """
    import numpy as np

    n = len(trials)
    if n == 0:
        return np.zeros(0)
    values = base.candidates[0]
    parts = []
    for trial, (lifted, enforced) in enumerate(trials):
        parts.append(
            Bounds(
                np.full(len(lifted), trial),
                bounds.step[lifted],
                bounds.value[lifted],
                bounds.upper[lifted],
                -bounds.weight[lifted],
                n,
                bounds.n_steps,
            )
        )
        parts.append(
            Bounds(
                np.full(len(enforced.value), trial),
                enforced.step,
                enforced.value,
                enforced.upper,
                np.full(len(enforced.value), math.inf),
                n,
                bounds.n_steps,
            )
        )
    joined = _join(parts, n, bounds.n_steps)
    index = np.searchsorted(values, joined.value)
    delta = _costs(joined, index, len(values), base.hard)
    totals = _through(base.costs[0][None] + delta)[:, 0].min(axis=-1)
    return np.where(totals >= base.hard - _tolerance(base.hard), math.inf, totals)


def _join(parts: list[Bounds], n_batch: int, n_steps: int) -> Bounds:
    import numpy as np

    def column(name: str) -> Array:
        return np.concatenate([getattr(part, name) for part in parts])

    return Bounds(
        column("batch"),
        column("step"),
        column("value"),
        column("upper"),
        column("weight"),
        n_batch,
        n_steps,
    )


def steps_of(days: np.ndarray[Any, Any], grid: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The index of each day in a sorted grid that holds it."""
    import numpy as np

    return np.searchsorted(grid, days)
