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

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ..exceptions import ConversionError, MixedClaimsError, NoMajorityError
from ..schema._frames import claims_frame, first_days, last_days, stated_by_or_before
from ..schema.records import as_date
from ..schema.vocabularies import Basis, Measure
from . import envelope as _envelope
from . import robust as _robust
from .intervals import Interval
from .ranges import DEFAULT_MODEL, RANGE_INPUT_COLUMNS, plausible_range, plausible_ranges

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import numpy as np
    import pandas as pd

    from ..schema.records import Claim
    from .reporting import ReportingModel

__all__ = ["METHODS", "TIERS", "Consensus", "consensus", "consensus_series"]

Method = Literal["robust", "strict"]

#: The ways of combining claims: ``robust`` (the method, section 8: fault-tolerant, the
#: default) and ``strict`` (sections 5 and 6: the intersection, tiers dropped when empty).
METHODS: Final = ("robust", "strict")

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
        fault_budget: The least vote weight that must be wrong for the rest to agree on a toll
            that never falls (robust method); ``consistent`` is ``fault_budget == 0``. The
            strict method gives the number of statements it left out (``inf`` for the hull).
        falsetickers: ``(claim_id, cost)`` of the claims that are wrong on every best reading,
            highest cost first: the cost is how much more vote weight must be wrong for the
            claim to be right (``inf``: never, given the hard lower bounds).
        slack_band: The band if one more vote may be wrong: a bound that moves here rests on
            a single claim.
        hints: ``(claim_id, reading)`` for falsetickers that would agree under another
            reading (``"as killed_or_wounded"``, ``"as casualties"``, ``"as a period
            figure"``...): a question for the data, never a silent change.
        as_of: The latest period end (last possible day) among the agreeing claims.
        extrapolated: Whether the date lies past ``as_of``, so the answer rests on the rate
            envelope.

    Example:
        >>> import conflictdata
        >>> ru = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="RU", population="military",
        ...     measure="casualties")
        >>> result = conflictdata.consensus(ru, on="2025-10-31")
        >>> result.interval in result.hull, result.consistent, result.fault_budget
        (True, False, 2.0)
        >>> [claim_id for claim_id, cost in result.falsetickers]
        ['meduza-mediazona-2025-08-ru-casualties-support4partnership']
    """

    interval: Interval
    hull: Interval
    consistent: bool
    witness: tuple[str, str] | None
    dropped: tuple[str, ...]
    claims: tuple[str, ...]
    hard_lower: tuple[float, str] | None
    fault_budget: float = 0.0
    falsetickers: tuple[tuple[str, float], ...] = ()
    slack_band: Interval | None = None
    hints: tuple[tuple[str, str], ...] = ()
    as_of: dt.date | None = None
    extrapolated: bool = False


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


def _check_one_quantity(
    claims: Sequence[Claim], target: Measure | str | None, *, ignore: tuple[str, ...] = ()
) -> None:
    skipped = (*ignore, "measure") if target is not None else ignore
    columns = tuple(c for c in QUANTITY_COLUMNS if c not in skipped)
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
    method: Method = "robust",
) -> Consensus:
    """The range that claims about one quantity allow together (the method, sections 5, 6, 8).

    Each claim becomes its :func:`plausible_range`. With ``method="robust"`` (the default) each
    statement is one vote (outlet twins count once) and the answer is the band that the most
    vote weight allows for a toll that never falls; the claims it needs to call wrong are the
    ``falsetickers``, with their cost; hard lower bounds always hold; past the latest claim the
    rate envelope gives a finite upper bound (``extrapolated``). Claims whose period starts
    later than the others' are period figures: they bound how much the toll grows over their
    period.

    With ``method="strict"`` (the method of sections 5 and 6) the consensus is the intersection,
    at or above the highest hard lower bound; when it is empty the result is marked
    inconsistent with a witness pair, and whole tiers are dropped, least reliable first
    (:data:`TIERS`), until the rest agree; if they never do, the hull (at or above the hard lower
    bound) is returned. Either result does not depend on the order of the claims.

    Args:
        claims: Claims about one subject (conflict, side, population, scope), one measure and one
            period start (the robust method also takes later period starts: period figures).
            Without ``on`` they are taken to be about one date.
        on: Carry cumulative bounds to this date: lower bounds of claims whose period ended by
            then, upper bounds of claims whose period ends then or later (see the module notes).
        as_of: Use only claims certainly stated on or before this date.
        target: Convert every claim to this measure first; claims of several measures may then
            be combined.
        model: The reporting model (default: ``ReportingModel()``).
        method: ``"robust"`` or ``"strict"`` (:data:`METHODS`).

    Returns:
        The consensus.

    Raises:
        MixedClaimsError: A :class:`ValueError`, if the claims are about different subjects,
            measures (without ``target``) or (strict method) period starts.
        NoMajorityError: A :class:`ValueError`, if no majority of the vote weight agrees
            (robust method); the message says how much agrees out of how much.
        ConversionError: If a claim cannot be converted to ``target``.
        ValueError: If no claim is left to bound the quantity, or ``method`` is unknown.

    Example:
        >>> import conflictdata
        >>> ua_killed = conflictdata.claims_about(
        ...     conflictdata.claims(), subject_side="UA", population="military", measure="killed"
        ... )
        >>> strict = conflictdata.consensus(ua_killed, on="2024-12-08", method="strict")
        >>> strict.consistent, strict.interval in strict.hull
        (True, True)
        >>> later = conflictdata.consensus(ua_killed, on="2026-02-04")
        >>> hard, named = later.hard_lower  # a list of names: the toll is at least that
        >>> later.interval.low >= hard
        True
        >>> later.interval.bounded  # the rate envelope caps the toll past the latest claims
        True
    """
    if method not in METHODS:
        msg = f"method must be one of {', '.join(METHODS)}; got {method!r}"
        raise ValueError(msg)
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
    periods: list[Claim] = []
    if method == "robust":
        start = min(c.period_start for c in chosen)
        periods = [c for c in chosen if c.period_start != start]
        chosen = [c for c in chosen if c.period_start == start]
        _check_one_quantity([*chosen, *periods], target, ignore=("period_start",))
    _check_one_quantity(chosen, target)
    bounds = _bounds_on(chosen, day, target, model)
    if method == "strict":
        return _strict(chosen, bounds, day)
    return _robust_consensus(chosen, periods, bounds, day, target, model)


def _bounds_on(
    claims: Sequence[Claim],
    day: dt.date | None,
    target: Measure | str | None,
    model: ReportingModel,
) -> list[_Bound]:
    # What each claim says about the quantity on `day` (section 6): its lower bound once its
    # period certainly ended, its upper bound while it certainly had not.
    bounds = []
    for claim in claims:
        own = plausible_range(claim, target=target, model=model)
        low = own.low if day is None or claim.period_end_by <= day else None
        high = own.high if day is None or claim.period_end >= day else None
        if low is not None or high is not None:
            bounds.append(_Bound(claim.claim_id, _tier(claim, model), low, high))
    if not bounds:
        msg = f"no claim bounds the quantity on {day}: every period is known only around that date"
        raise ValueError(msg)
    return bounds


def _strict_parts(
    bounds: Sequence[_Bound],
) -> tuple[Interval, tuple[str, str] | None, tuple[float, str] | None]:
    # The hull, the witness pair when the intersection is empty, and the hard lower bound.
    # (bound, claim id) pairs in claim id order: on a tie, max() and min() pick the first id.
    lows = [(b.low, b.claim_id) for b in bounds if b.low is not None]
    highs = [(b.high, b.claim_id) for b in bounds if b.high is not None]
    hard = {b.claim_id for b in bounds if b.tier == "hard"}
    hard_lower = max((pair for pair in lows if pair[1] in hard), key=_value, default=None)
    witness = None
    if _intersection(bounds) is None:
        witness = (max(lows, key=_value)[1], min(highs, key=_value)[1])
    return _hull(bounds), witness, hard_lower


def _latest_end(claims: Iterable[Claim]) -> dt.date | None:
    return max((claim.period_end_by for claim in claims), default=None)


def _strict(claims: Sequence[Claim], bounds: Sequence[_Bound], day: dt.date | None) -> Consensus:
    hull, witness, hard_lower = _strict_parts(bounds)
    every_id = tuple(b.claim_id for b in bounds)
    statement = {c.claim_id: c.statement_id for c in claims}

    def result(interval: Interval, ids: tuple[str, ...], dropped: list[str]) -> Consensus:
        kept = {statement[i] for i in ids}
        left_out = {statement[b.claim_id] for b in bounds} - kept
        latest = _latest_end(c for c in claims if c.claim_id in set(ids))
        return Consensus(
            interval,
            hull,
            witness is None,
            witness,
            tuple(dropped),
            ids,
            hard_lower,
            fault_budget=float(len(left_out)),
            slack_band=interval,
            as_of=latest,
            extrapolated=day is not None and latest is not None and day > latest,
        )

    interval = _intersection(bounds)
    if interval is not None:
        return result(interval, every_id, [])
    remaining, dropped = list(bounds), []
    for tier in TIERS:
        if any(b.tier == tier for b in remaining):
            dropped.append(tier)
            remaining = [b for b in remaining if b.tier != tier]
            interval = _intersection(remaining) if remaining else None
            if interval is not None:
                return result(interval, tuple(b.claim_id for b in remaining), dropped)
    floor = 0.0 if hard_lower is None else hard_lower[0]
    fallback = Interval(max(hull.low, floor), max(hull.high, floor))
    return attrs.evolve(result(fallback, every_id, []), fault_budget=math.inf)


#: Measures from narrowest to widest: a narrower figure bounds a wider one from below only.
_NESTED: Final = (Measure.KILLED, Measure.KILLED_OR_WOUNDED, Measure.CASUALTIES)


@attrs.frozen
class _Vote:
    # One statement: its rows (outlet twins), sorted by claim id, and its weight.
    claims: tuple[Claim, ...]
    weight: float


def _votes(claims: Sequence[Claim], model: ReportingModel) -> list[_Vote]:
    rows: dict[str, list[Claim]] = {}
    for claim in claims:
        rows.setdefault(claim.statement_id, []).append(claim)
    votes = []
    for statement in sorted(rows):
        twins = tuple(sorted(rows[statement], key=lambda c: c.claim_id))
        votes.append(_Vote(twins, model.vote_weight(twins[0].claimant, twins[0].basis)))
    return votes


@attrs.frozen
class _Entry:
    # One bound of the robust selection: on which day, how much, which way, whose.
    day: dt.date | None
    value: float
    upper: bool
    weight: float
    vote: int


def _readings(
    claim: Claim, target: Measure | str | None, model: ReportingModel
) -> list[tuple[str, Interval]]:
    """Other readings of a claim that the audit of the data found common (section 8.2)."""
    wanted = Measure(target or claim.measure)
    readings = []
    for measure in _NESTED:
        if measure == claim.measure:
            continue
        other = attrs.evolve(claim, measure=measure)
        try:
            readings.append((f"as {measure}", plausible_range(other, target=wanted, model=model)))
        except ConversionError:
            if wanted in _NESTED and _NESTED.index(measure) < _NESTED.index(wanted):
                low = plausible_range(other, model=model).low
                readings.append((f"as {measure}", Interval(low, math.inf)))
    own = plausible_range(claim, target=target, model=model)
    readings.append(("as a period figure", Interval(own.low, math.inf)))
    return readings


def _entries_of(
    vote: int, claims: Sequence[Claim], ranges: dict[str, Interval], weight: float, hard: set[str]
) -> list[_Entry]:
    # A statement's vote is the loosest reading of its rows: the lowest lower bound on the
    # latest day, the highest upper bound on the earliest. Hard rows' lower bounds always hold.
    entries = [
        _Entry(c.period_end_by, ranges[c.claim_id].low, False, math.inf, -1)
        for c in claims
        if c.claim_id in hard and ranges[c.claim_id].low > 0
    ]
    soft = [c for c in claims if c.claim_id not in hard]
    low = min((ranges[c.claim_id].low for c in soft), default=0.0)
    if low > 0:
        entries.append(_Entry(max(c.period_end_by for c in soft), low, False, weight, vote))
    high = max(ranges[c.claim_id].high for c in claims)
    if math.isfinite(high):
        entries.append(_Entry(min(c.period_end for c in claims), high, True, weight, vote))
    return entries


class _Grid:
    """The days the robust selection looks at, as steps (one step when there is no date)."""

    def __init__(self, days: Iterable[dt.date | None]) -> None:
        self.days = sorted({d for d in days if d is not None})
        self.index = {d: i for i, d in enumerate(self.days)}

    def step(self, day: dt.date | None) -> int:
        return 0 if day is None else self.index[day]

    @property
    def size(self) -> int:
        return max(1, len(self.days))

    def bounds(self, entries: Sequence[_Entry], batch: int = 0, n_batch: int = 1) -> Any:
        import numpy as np

        return _robust.Bounds(
            np.full(len(entries), batch, dtype=np.intp),
            np.array([self.step(e.day) for e in entries], dtype=np.intp),
            np.array([e.value for e in entries], dtype="float64"),
            np.array([e.upper for e in entries], dtype=bool),
            np.array([e.weight for e in entries], dtype="float64"),
            n_batch,
            self.size,
        )


def _robust_consensus(
    chosen: Sequence[Claim],
    periods: Sequence[Claim],
    bounds: Sequence[_Bound],
    day: dt.date | None,
    target: Measure | str | None,
    model: ReportingModel,
) -> Consensus:
    import numpy as np

    ranges = {c.claim_id: plausible_range(c, target=target, model=model) for c in chosen}
    hard = {c.claim_id for c in chosen if c.basis in model.hard_lower}
    votes = _votes(chosen, model)
    per_vote = [_entries_of(i, v.claims, ranges, v.weight, hard) for i, v in enumerate(votes)]
    if day is None:  # every claim is about the one date: no time axis
        per_vote = [[attrs.evolve(e, day=None) for e in entries] for entries in per_vote]
        periods = ()
    entries = [e for each in per_vote for e in each]
    before = {p.claim_id: p.period_start - dt.timedelta(days=1) for p in periods}
    grid = _Grid(
        []
        if day is None
        else [
            day,
            *(d for c in chosen for d in (c.period_end, c.period_end_by)),
            *before.values(),
            *(d for p in periods for d in (p.period_end, p.period_end_by)),
        ]
    )
    array = grid.bounds(entries)
    selection = _robust.select(array)
    budget = float(selection.fault_budget[0])
    total = sum(
        v.weight for v, each in zip(votes, per_vote, strict=True) if any(e.vote >= 0 for e in each)
    )
    tolerance = 1e-9 * max(1.0, selection.hard)
    if total > 0 and budget >= total / 2 - tolerance:
        msg = (
            f"no majority: at most {total - budget:g} of {total:g} vote weight agree on a toll"
            " that never falls; see consensus(..., method='strict') for the witness pair"
        )
        raise NoMajorityError(msg)

    # A vote's exact cost: keep its bounds as hard ones.
    owned = [np.flatnonzero([e.vote == i for e in entries]) for i in range(len(votes))]
    trials = [(index, grid.bounds([entries[j] for j in index])) for index in owned]
    costs = _robust.forced_totals(selection, array, trials) - budget
    wrong = [i for i in range(len(votes)) if len(owned[i]) and costs[i] > tolerance]
    hints = _hints(votes, wrong, owned, entries, grid, array, target, model, tolerance)

    low, high = selection.band()
    slack = max((v.weight for v in votes), default=1.0)
    slack_low, slack_high = selection.band(slack)
    used: tuple[str, ...] = ()
    if day is not None:
        first = chosen[0]
        side, population = first.subject_side, first.population
        measure = Measure(target or first.measure)
        days = np.array([d.toordinal() for d in grid.days], dtype="float64")
        rate = model.rate(side, population, measure)
        if rate is None:
            rate = float(
                _envelope.derived_rate(
                    low,
                    high,
                    days,
                    window=model.derived_rate_window,
                    margin=model.derived_rate_margin,
                )[0]
            )
        enveloped = _envelope.rate_envelope(low[0], high[0], days, rate)
        if (enveloped[0] > enveloped[1]).any():  # the claims contradict the rate: not used
            rate = math.inf
        spans = []
        for p in periods:
            own = plausible_range(p, target=target, model=model)
            steps = (
                grid.step(before[p.claim_id]),
                grid.step(p.period_end),
                grid.step(p.period_end_by),
            )
            spans.append(_envelope.Period(*steps, own.low, own.high, p.claim_id))
        band_low, band_high, used = _envelope.envelope(low[0], high[0], days, rate, spans)
        chosen_spans = [s for s in spans if s.claim_id in used]
        slack_low, slack_high, _ = _envelope.envelope(
            slack_low[0], slack_high[0], days, rate, chosen_spans
        )
        low, high, slack_low, slack_high = band_low, band_high, slack_low, slack_high
    else:
        low, high, slack_low, slack_high = low[0], high[0], slack_low[0], slack_high[0]
    at = grid.step(day)

    wrong_ids = {c.claim_id: float(costs[i]) for i in wrong for c in votes[i].claims}
    agreeing = [c for c in chosen if c.claim_id not in wrong_ids]
    hull, witness, hard_lower = _strict_parts(bounds)
    latest = _latest_end(agreeing)
    return Consensus(
        Interval(low[at], high[at]),
        hull,
        budget <= tolerance,
        witness,
        (),
        tuple(sorted({b.claim_id for b in bounds} - set(wrong_ids) | set(used))),
        hard_lower,
        fault_budget=budget,
        falsetickers=tuple(sorted(wrong_ids.items(), key=lambda pair: (-pair[1], pair[0]))),
        slack_band=Interval(min(slack_low[at], low[at]), max(slack_high[at], high[at])),
        hints=hints,
        as_of=latest,
        extrapolated=day is not None and latest is not None and day > latest,
    )


def _hints(
    votes: Sequence[_Vote],
    wrong: Sequence[int],
    owned: Sequence[Any],
    entries: Sequence[_Entry],
    grid: _Grid,
    array: Any,
    target: Measure | str | None,
    model: ReportingModel,
    tolerance: float,
) -> tuple[tuple[str, str], ...]:
    # For each falseticker, the readings under which it would cost nothing.
    trials: list[tuple[Any, list[_Entry]]] = []
    labels: list[tuple[str, str]] = []
    for i in wrong:
        claim = votes[i].claims[0]
        timed = bool(grid.days)
        low_day = max(c.period_end_by for c in votes[i].claims) if timed else None
        high_day = min(c.period_end for c in votes[i].claims) if timed else None
        trials.append((owned[i], []))
        labels.append((claim.claim_id, ""))
        for label, reading in _readings(claim, target, model):
            alternative = []
            if reading.low > 0:
                alternative.append(_Entry(low_day, reading.low, False, math.inf, i))
            if reading.bounded:
                alternative.append(_Entry(high_day, reading.high, True, math.inf, i))
            trials.append((owned[i], alternative))
            labels.append((claim.claim_id, label))
    if not trials:
        return ()
    extra = grid.bounds([e for _, alternative in trials for e in alternative])
    selection = _robust.select(array, extra_values=extra)
    totals = _robust.forced_totals(
        selection, array, [(lifted, grid.bounds(alt)) for lifted, alt in trials]
    )
    hints, without = [], math.inf
    for (claim_id, label), value in zip(labels, totals, strict=True):
        if not label:
            without = value
        elif value <= without + tolerance:
            hints.append((claim_id, label))
    return tuple(hints)


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
    method: Method = "robust",
) -> pd.DataFrame:
    """Bounds of cumulative quantities over time (the method, sections 6 and 8).

    A cumulative toll cannot fall, so a lower bound holds at every later date (running maximum
    forward) and an upper bound at every earlier date (running minimum backward). Claims are
    grouped by quantity (conflict, subject side, population, measure or ``target``, period
    start); each group gets one row per date of the grid from its first to its last claim.

    With ``method="robust"`` (the default) each statement is one vote and each group's band is
    the span of non-decreasing paths that break the least vote weight (the fault budget), then
    tightened by the rate envelope (section 8.3); with ``method="strict"`` the bounds are the
    carried intersection of sections 5 and 6. Period figures bound growth in
    :func:`consensus` only.

    Args:
        claims: Claim records, or a claims table as :func:`conflictdata.load_claims` returns.
        freq: The grid, a pandas frequency (``"MS"``: the first of every month).
        model: The reporting model (default: ``ReportingModel()``).
        target: Convert every claim to this measure first.
        as_of: Use only claims certainly stated on or before this date.
        method: ``"robust"`` or ``"strict"`` (:data:`METHODS`).

    Returns:
        One row per group and date, with the group's columns and ``date``; ``low`` and ``high``,
        the bounds on that date (``0`` and ``inf`` where no claim bounds it yet; robust: the
        band, ``NaN`` without a majority); ``low_claim`` and ``high_claim``, the ids of the
        claims that set them (robust: of the agreeing claim whose carried bound it is, else
        missing); ``consistent`` (strict: ``low <= high``; robust: ``fault_budget == 0``); and,
        where the claims taken strictly cross, the witness dates ``witness_low_date`` (from when
        the lower bound holds) and ``witness_high_date`` (until when the upper bound holds).
        The robust method adds ``fault_budget``, ``falsetickers`` (a tuple of claim ids per
        group: those whose lower or upper bound no best path keeps), ``extrapolated`` (the date
        lies past the latest period end of the agreeing claims) and ``majority``.

    Example:
        >>> import conflictdata
        >>> frame = conflictdata.load_claims()
        >>> cumulative = frame[(frame["period_start"] == "2022-02-24") & (frame["scope"] == "")]
        >>> series = conflictdata.consensus_series(cumulative)
        >>> ru = series[(series["subject_side"] == "RU") & (series["measure"] == "casualties")]
        >>> bool(ru["low"].is_monotonic_increasing and ru["high"].is_monotonic_increasing)
        True
        >>> bool(ru["majority"].all())
        True
    """
    import numpy as np
    import pandas as pd

    if method not in METHODS:
        msg = f"method must be one of {', '.join(METHODS)}; got {method!r}"
        raise ValueError(msg)
    model = model or DEFAULT_MODEL
    frame = stated_by_or_before(claims_frame(claims), as_of)
    dated = ("claim_id", "period_end", "period_end_precision", *QUANTITY_COLUMNS)
    voting = [c for c in ("statement_id", "claimant") if c in frame.columns]
    frame = frame[list(dict.fromkeys((*dated, *RANGE_INPUT_COLUMNS, *voting)))]
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
    plausible_low = frame["plausible_low"].to_numpy()
    plausible_high = frame["plausible_high"].to_numpy()
    cells = _Cells(group, low_step, high_step, n_groups, steps)
    low, high, low_row, high_row = cells.carried(plausible_low, plausible_high)
    strict_low, strict_high = low, high

    first, last = np.full(n_groups, steps), np.full(n_groups, -1)
    np.minimum.at(first, group, high_step)
    np.maximum.at(last, group, low_step)
    step_index = np.arange(steps)
    g, t = np.nonzero((step_index >= first[:, None]) & (step_index <= last[:, None]))

    keys = frame.iloc[np.unique(group, return_index=True)[1]][list(QUANTITY_COLUMNS)]
    out = keys.iloc[g].reset_index(drop=True)
    out["date"] = grid[t].astype("datetime64[ns]")
    if method == "robust":
        robust = _robust_cells(frame, cells, grid, keys, model)
        agreeing = ~robust.wrong
        # Who sets a band's bound: the agreeing claim whose carried bound it is, if any.
        carried_low, carried_high, low_row, high_row = cells.carried(
            np.where(agreeing, plausible_low, 0.0), np.where(agreeing, plausible_high, math.inf)
        )
        low_row = np.where(carried_low == robust.low, low_row, -1)
        high_row = np.where(carried_high == robust.high, high_row, -1)
        low, high = robust.low, robust.high
    out["low"], out["high"] = low[g, t], high[g, t]
    ids = frame["claim_id"].to_numpy(dtype=object)
    rows_low, rows_high = low_row[g, t], high_row[g, t]
    out["low_claim"] = pd.Series(ids[np.maximum(rows_low, 0)], dtype="string").mask(rows_low < 0)
    out["high_claim"] = pd.Series(ids[np.maximum(rows_high, 0)], dtype="string").mask(rows_high < 0)
    if method == "robust":
        out["consistent"] = robust.fault_budget[g] == 0
        out["fault_budget"] = robust.fault_budget[g]
        out["falsetickers"] = pd.Series(robust.falsetickers, dtype=object).iloc[g].to_numpy()
        out["extrapolated"] = grid[t] > robust.as_of[g]
        out["majority"] = robust.majority[g]
    else:
        out["consistent"] = out["low"] <= out["high"]
    witness = (strict_low > strict_high)[g, t]
    _, _, strict_low_row, strict_high_row = cells.carried(plausible_low, plausible_high)
    w_low, w_high = strict_low_row[g, t], strict_high_row[g, t]
    out["witness_low_date"] = np.where(witness, end_by[w_low], np.datetime64("NaT")).astype(
        "datetime64[ns]"
    )
    out["witness_high_date"] = np.where(witness, end_first[w_high], np.datetime64("NaT")).astype(
        "datetime64[ns]"
    )
    return out


class _Cells:
    """Claims placed on the grid of a series: per quantity (group) and step."""

    def __init__(
        self, group: Any, low_step: Any, high_step: Any, n_groups: int, steps: int
    ) -> None:
        self.group, self.low_step, self.high_step = group, low_step, high_step
        self.n_groups, self.steps = n_groups, steps

    def carried(self, plausible_low: Any, plausible_high: Any) -> tuple[Any, Any, Any, Any]:
        """Carried bounds (section 6) and the rows that set them, each ``(groups, steps)``."""
        size, shape = self.n_groups * self.steps, (self.n_groups, self.steps)
        low_values, low_rows = _cells(
            self.group * self.steps + self.low_step, plausible_low, size, lowest=False
        )
        high_values, high_rows = _cells(
            self.group * self.steps + self.high_step, plausible_high, size, lowest=True
        )
        raw_low, raw_high = low_values.reshape(shape), high_values.reshape(shape)
        low, high = _carry(raw_low, raw_high)
        low_row = _binding_rows(raw_low, low, low_rows.reshape(shape))
        high_row = _binding_rows(
            raw_high[:, ::-1], high[:, ::-1], high_rows.reshape(shape)[:, ::-1]
        )
        return low, high, low_row, high_row[:, ::-1]


@attrs.frozen
class _RobustCells:
    low: Any  # (groups, steps), NaN where there is no majority
    high: Any
    fault_budget: Any  # (groups,)
    majority: Any  # (groups,)
    falsetickers: list[tuple[str, ...]]  # per group
    as_of: Any  # (groups,) datetime64[D]: the latest period end among agreeing claims
    wrong: Any  # (rows,) whether the row's statement is a falseticker


#: Cells (groups x steps x values) the robust series works on at once, to bound memory.
_CHUNK_CELLS: Final = 2_000_000


def _robust_cells(
    frame: pd.DataFrame, cells: _Cells, grid: Any, keys: pd.DataFrame, model: ReportingModel
) -> _RobustCells:
    import numpy as np
    import pandas as pd

    n = len(frame)
    statement = frame["statement_id"] if "statement_id" in frame.columns else frame["claim_id"]
    vote = pd.MultiIndex.from_arrays([cells.group, statement.to_numpy(dtype=object)])
    vote_id = pd.factorize(vote)[0] if n else np.zeros(0, dtype=np.intp)
    n_votes = int(vote_id.max()) + 1 if n else 0
    claimant = frame["claimant"] if "claimant" in frame.columns else pd.Series([""] * n)
    pairs = pd.MultiIndex.from_arrays([claimant.astype(str), frame["basis"].astype(str)])
    codes, unique = pd.factorize(pairs)
    weight_of = np.array([model.vote_weight(c, b) for c, b in unique], dtype="float64")
    first_row = np.full(n_votes, n)
    np.minimum.at(first_row, vote_id, np.arange(n))
    weight = weight_of[codes[first_row]] if n else np.zeros(0)
    hard = frame["basis"].isin([str(b) for b in model.hard_lower]).to_numpy()
    plausible_low = frame["plausible_low"].to_numpy()
    plausible_high = frame["plausible_high"].to_numpy()

    # A vote is its rows' loosest reading: lowest lower bound on the latest step (soft rows),
    # highest upper bound on the earliest step.
    vote_low = np.full(n_votes, np.inf)
    np.minimum.at(vote_low, vote_id[~hard], plausible_low[~hard])
    low_at = np.full(n_votes, -1)
    np.maximum.at(low_at, vote_id[~hard], cells.low_step[~hard])
    vote_high = np.zeros(n_votes)
    np.maximum.at(vote_high, vote_id, plausible_high)
    high_at = np.full(n_votes, cells.steps)
    np.minimum.at(high_at, vote_id, cells.high_step)
    vote_group = cells.group[first_row] if n else np.zeros(0, dtype=np.intp)
    has_low = np.isfinite(vote_low) & (vote_low > 0)
    has_high = np.isfinite(vote_high)
    hard_rows = hard & (plausible_low > 0)

    group = np.r_[vote_group[has_low], vote_group[has_high], cells.group[hard_rows]]
    step = np.r_[low_at[has_low], high_at[has_high], cells.low_step[hard_rows]]
    value = np.r_[vote_low[has_low], vote_high[has_high], plausible_low[hard_rows]]
    upper = np.r_[
        np.zeros(has_low.sum(), bool),
        np.ones(has_high.sum(), bool),
        np.zeros(hard_rows.sum(), bool),
    ]
    bound_weight = np.r_[weight[has_low], weight[has_high], np.full(hard_rows.sum(), np.inf)]
    owner = np.r_[np.flatnonzero(has_low), np.flatnonzero(has_high), np.full(hard_rows.sum(), -1)]

    shape = (cells.n_groups, cells.steps)
    low, high = np.full(shape, np.nan), np.full(shape, np.nan)
    budget = np.zeros(cells.n_groups)
    vote_cost = np.zeros(n_votes)
    order = np.argsort(group, kind="stable")
    group, step, value, upper = group[order], step[order], value[order], upper[order]
    bound_weight, owner = bound_weight[order], owner[order]
    per_group = np.bincount(group, minlength=cells.n_groups)
    edges = np.r_[0, np.cumsum(per_group)]
    g0 = 0
    while g0 < cells.n_groups:
        g1, width = g0, 0
        while g1 < cells.n_groups:
            width = max(width, 2 * int(per_group[g1]) + 2)
            if g1 > g0 and (g1 - g0 + 1) * cells.steps * width > _CHUNK_CELLS:
                break
            g1 += 1
        part = slice(edges[g0], edges[g1])
        bounds = _robust.Bounds(
            group[part] - g0,
            step[part],
            value[part],
            upper[part],
            bound_weight[part],
            g1 - g0,
            cells.steps,
        )
        selection = _robust.select(bounds)
        low[g0:g1], high[g0:g1] = selection.band()
        budget[g0:g1] = selection.fault_budget
        costs = selection.bound_costs(bounds)
        voted = owner[part] >= 0
        np.maximum.at(vote_cost, owner[part][voted], costs[voted])
        g0 = g1

    tolerance = 1e-9 * max(1.0, 2.0 * float(weight.sum()) + 1.0)
    budget = np.where(budget <= tolerance, 0.0, budget)
    total = np.zeros(cells.n_groups)
    np.add.at(total, vote_group[has_low | has_high], weight[has_low | has_high])
    majority = (total == 0) | (budget < total / 2 - tolerance)
    wrong_vote = vote_cost > tolerance
    wrong = wrong_vote[vote_id] if n else np.zeros(0, bool)

    days = grid.astype("int64").astype("float64")
    rate = np.array(
        [
            model.rate(side, population, measure) or np.nan
            for side, population, measure in keys[["subject_side", "population", "measure"]]
            .astype(str)
            .itertuples(index=False, name=None)
        ],
        dtype="float64",
    )
    derived = _envelope.derived_rate(
        low,
        high,
        days,
        window=model.derived_rate_window,
        margin=model.derived_rate_margin,
    )
    rate = np.where(np.isnan(rate), derived, rate)
    enveloped_low, enveloped_high = _carry(*_envelope.rate_envelope(low, high, days, rate))
    contradicted: Any = (enveloped_low > enveloped_high).any(axis=-1)  # the rate is not used
    low = np.where(contradicted[:, None], low, enveloped_low)
    high = np.where(contradicted[:, None], high, enveloped_high)
    no_majority: Any = ~majority
    low[no_majority], high[no_majority] = np.nan, np.nan

    ids = frame["claim_id"].to_numpy(dtype=object)
    falsetickers: list[tuple[str, ...]] = [() for _ in range(cells.n_groups)]
    for row in np.flatnonzero(wrong):
        falsetickers[cells.group[row]] += (ids[row],)
    as_of = np.full(cells.n_groups, np.datetime64("NaT"), dtype="datetime64[D]")
    agreeing_end = last_days(frame, "period_end")[~wrong]
    latest = pd.Series(agreeing_end).groupby(cells.group[~wrong]).max()
    as_of[latest.index.to_numpy()] = latest.to_numpy(dtype="datetime64[D]")
    return _RobustCells(low, high, budget, majority, falsetickers, as_of, wrong)
