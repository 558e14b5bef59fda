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

    def keeps(self, bounds: Bounds, band: tuple[Array, Array]) -> Array:
        """Per bound, whether some path breaking only the fault budget keeps it.

        The band (``band()``) on a step is spanned by such paths, so a lower bound can be kept
        exactly when it is at most the band's top on its step, an upper bound when it is at
        least the band's bottom.
        """
        import numpy as np

        low, high = band
        return np.where(
            bounds.upper,
            bounds.value >= low[bounds.batch, bounds.step],
            bounds.value <= high[bounds.batch, bounds.step],
        )


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


def _costs(
    bounds: Bounds, index: Array, n_values: int, hard: float, dtype: str = "float64"
) -> Array:
    import numpy as np

    weight = np.where(np.isinf(bounds.weight), hard, bounds.weight)
    width = n_values + 1
    cell = (bounds.batch * bounds.n_steps + bounds.step) * width
    low = ~bounds.upper
    # A lower bound is broken below its value; an upper bound above it. Differences along the
    # values, summed with bincount (far faster than add.at), then a running sum.
    at = np.concatenate([cell[low], cell[low] + index[low], cell[~low] + index[~low] + 1])
    amount = np.concatenate([weight[low], -weight[low], weight[~low]])
    size = bounds.n_batch * bounds.n_steps * width
    diff = np.bincount(at, weights=amount, minlength=size).astype(dtype)
    diff = diff.reshape(bounds.n_batch, bounds.n_steps, width)
    return np.cumsum(diff, axis=-1)[..., :-1]


def _through(costs: Array) -> Array:
    # Forward and backward passes; through = forward + backward - the step's own cost. The
    # backward pass runs on the values reversed, so that each step is one running minimum.
    import numpy as np

    forward, backward = np.empty_like(costs), np.empty_like(costs)
    reversed_costs = costs[..., ::-1]
    forward[:, 0], backward[:, -1] = costs[:, 0], reversed_costs[:, -1]
    for k in range(1, costs.shape[1]):
        np.add(costs[:, k], np.minimum.accumulate(forward[:, k - 1], axis=-1), out=forward[:, k])
    for k in range(costs.shape[1] - 2, -1, -1):
        step = np.minimum.accumulate(backward[:, k + 1], axis=-1)
        np.add(reversed_costs[:, k], step, out=backward[:, k])
    through = forward + backward[..., ::-1]
    through -= costs
    return through


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
    # Whole weights (the default) add up exactly in single precision: half the memory to sweep.
    whole = bool((finite == np.round(finite)).all()) and hard < 2.0**24
    costs = _costs(bounds, index, candidates.shape[1], hard, "float32" if whole else "float64")
    through = _through(costs)
    return Selection(candidates, costs, through, through[:, 0].min(axis=-1), index, hard)


#: Cells (trials x steps x values) that :func:`forced_totals` works on at once.
_TRIAL_CELLS = 4_000_000


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

    per_chunk = max(1, _TRIAL_CELLS // max(1, base.costs[0].size))
    if len(trials) > per_chunk:  # bound the memory
        return np.concatenate(
            [
                forced_totals(base, bounds, trials[start : start + per_chunk])
                for start in range(0, len(trials), per_chunk)
            ]
        )
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


def vote_totals(base: Selection, bounds: Bounds, owned: list[Array]) -> Array:
    """The least weight broken by a path that keeps all the bounds of each vote.

    A vote whose bounds all lie on one step (a claim dated to the day) is read off the
    programme's table, the least total through that step between its bounds; the others (a
    period known to the month or year) run the programme again with their bounds made hard.

    Args:
        base: The selection of one quantity.
        bounds: Its bounds.
        owned: Per vote, the indices of its bounds.

    Returns:
        One total per vote (``math.inf`` where it cannot hold with the hard bounds).
    """
    import numpy as np

    through = base.through[0]
    totals = np.zeros(len(owned))
    again: list[int] = []
    for vote, index in enumerate(owned):
        steps = set(bounds.step[index].tolist())
        if len(steps) != 1:
            again.append(vote)
            continue
        lowest = max((base.index[j] for j in index if not bounds.upper[j]), default=0)
        highest = min(
            (base.index[j] for j in index if bounds.upper[j]), default=through.shape[-1] - 1
        )
        totals[vote] = through[steps.pop(), lowest : highest + 1].min(initial=math.inf)
    if again:
        trials = [(owned[v], _subset(bounds, owned[v])) for v in again]
        totals[again] = forced_totals(base, bounds, trials)
    return np.where(totals >= base.hard - _tolerance(base.hard), math.inf, totals)


def _subset(bounds: Bounds, index: Array) -> Bounds:
    return Bounds(
        bounds.batch[index],
        bounds.step[index],
        bounds.value[index],
        bounds.upper[index],
        bounds.weight[index],
        bounds.n_batch,
        bounds.n_steps,
    )


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
