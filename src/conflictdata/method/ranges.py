"""From a claim to its plausible range: ``Q(X) * M(measure → target) * B(relation, basis)``.

:func:`plausible_range` works on one :class:`~conflictdata.Claim`; :func:`plausible_ranges` on a
claims DataFrame at numpy speed. Both give the same numbers: the bounds are multiplied in the
same order, and zero times an open-ended bound is zero in both.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..schema._frames import stated_bounds
from ..schema.vocabularies import Basis, Measure, Qualifier, Relation
from .intervals import Interval
from .reporting import ReportingModel

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..schema.records import Claim

__all__ = ["plausible_range", "plausible_ranges"]

DEFAULT_MODEL: Final = ReportingModel()

#: The columns :func:`plausible_ranges` reads.
RANGE_INPUT_COLUMNS: Final = (
    "qualifier",
    "value",
    "low",
    "high",
    "measure",
    "basis",
    "relation",
    "claimant_side",
    "subject_side",
)


def _stated_interval(claim: Claim) -> Interval:
    """The figure as stated: ``[low, high]`` for ``between``, else ``[value, value]``."""
    if claim.qualifier is Qualifier.BETWEEN:
        assert claim.low is not None
        assert claim.high is not None
        return Interval(claim.low, claim.high)
    assert claim.value is not None
    return Interval.point(claim.value)


def plausible_range(
    claim: Claim, *, target: Measure | str | None = None, model: ReportingModel | None = None
) -> Interval:
    """The range of true values that a claim allows, under a reporting model.

    Args:
        claim: The claim.
        target: The measure wanted (default: the claim's own), e.g. ``"killed"`` from a
            ``killed_or_wounded`` claim.
        model: The reporting model (default: ``ReportingModel()``).

    Returns:
        ``Q(X) * M(measure → target) * B(relation, basis)``.

    Raises:
        ConversionError: A :class:`ValueError` naming both measures, if the model cannot convert
            the claim's measure to ``target``.

    Example:
        >>> import conflictdata
        >>> claim = next(c for c in conflictdata.claims() if c.claim_id.startswith(
        ...     "zelensky-2024-02-25-ua-killed"))
        >>> claim.value, str(claim.relation)
        (31000, 'self')
        >>> conflictdata.plausible_range(claim)  # a side's own dead: 1 to 5 times the claim
        Interval(low=31000.0, high=155000.0)
    """
    model = model or DEFAULT_MODEL
    conversion = model.conversion_factor(
        claim.measure, target or claim.measure, side=claim.subject_side
    )
    bias = model.bias_factor(
        claim.relation,
        claim.basis,
        side=claim.claimant_side,
        stated_interval=claim.qualifier is Qualifier.BETWEEN,
    )
    return _stated_interval(claim) * model.qualifier_factor(claim.qualifier) * conversion * bias


def _codes(frame: pd.DataFrame, column: str, vocabulary: Any) -> np.ndarray[Any, Any]:
    import numpy as np
    import pandas as pd

    values = pd.Index([member.value for member in vocabulary])
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):  # recode the categories, not the rows
        codes = series.cat.codes.to_numpy()
        if not values.equals(series.cat.categories):
            codes = np.where(codes >= 0, values.get_indexer(series.cat.categories)[codes], -1)
    else:
        codes = values.get_indexer(series)
    if (codes < 0).any():
        bad = sorted({str(v) for v in series[codes < 0].unique()})
        msg = f"column {column!r} holds values outside {vocabulary.__name__}: {', '.join(bad)}"
        raise ValueError(msg)
    return codes


def _times(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.where((a == 0) | (b == 0), 0.0, a * b)


def _side_table(
    frame: pd.DataFrame, column: str, special: set[str]
) -> tuple[np.ndarray[Any, Any], list[str | None]]:
    # Per row, an index into the sides the model treats specially (the last entry: any other).
    import numpy as np
    import pandas as pd

    sides = sorted(special)
    if not sides:
        return np.zeros(len(frame), dtype=np.intp), [None]
    index = pd.Index(sides).get_indexer(pd.Index(frame[column]))
    index[index < 0] = len(sides)
    return index, [*sides, None]


@attrs.frozen
class RangeFactors:
    """Per row of a claims table, the stated figure and the factors Q, M and B as arrays.

    ``plausible_low = stated_low * qualifier_low * conversion_low * bias_low`` and likewise for
    the high ends (zero times an open-ended bound is zero); the conversion is ``1`` where no
    ``target`` is given.
    """

    stated_low: np.ndarray[Any, Any]
    stated_high: np.ndarray[Any, Any]
    qualifier_low: np.ndarray[Any, Any]
    qualifier_high: np.ndarray[Any, Any]
    conversion_low: np.ndarray[Any, Any]
    conversion_high: np.ndarray[Any, Any]
    bias_low: np.ndarray[Any, Any]
    bias_high: np.ndarray[Any, Any]


def range_factors(
    frame: pd.DataFrame,
    *,
    target: Measure | str | None = None,
    model: ReportingModel | None = None,
) -> RangeFactors:
    """The factors of every claim's plausible range, looked up by category code (no row loop).

    Raises:
        ConversionError: If the model cannot convert some claim's measure to ``target``.
        ValueError: If a column is missing or holds values outside its vocabulary.
    """
    import numpy as np

    model = model or DEFAULT_MODEL
    missing = [column for column in RANGE_INPUT_COLUMNS if column not in frame.columns]
    if missing:
        msg = f"a claims table needs the columns {', '.join(missing)}"
        raise ValueError(msg)
    qualifier = _codes(frame, "qualifier", Qualifier)
    measure = _codes(frame, "measure", Measure)
    basis = _codes(frame, "basis", Basis)
    relation = _codes(frame, "relation", Relation)
    between = qualifier == list(Qualifier).index(Qualifier.BETWEEN)
    x_low, x_high = stated_bounds(frame, between)

    q_low, q_high = _factor_arrays([model.qualifier_factor(q) for q in Qualifier])

    sides = {side for side, _, _ in model.bias if side is not None}
    side, side_names = _side_table(frame, "claimant_side", sides)
    b_low, b_high = _factor_arrays(
        [
            model.bias_factor(r, b, side=s, stated_interval=i)
            for s, r, b, i in itertools.product(side_names, Relation, Basis, (False, True))
        ]
    )
    b_index = ((side * len(Relation) + relation) * len(Basis) + basis) * 2 + between
    if target is None:
        m_low = m_high = np.ones(len(frame))
    else:
        m_low, m_high = _conversion_arrays(frame, measure, Measure(target), model)
    return RangeFactors(
        x_low,
        x_high,
        q_low[qualifier],
        q_high[qualifier],
        m_low,
        m_high,
        b_low[b_index],
        b_high[b_index],
    )


def plausible_ranges(
    frame: pd.DataFrame,
    *,
    target: Measure | str | None = None,
    model: ReportingModel | None = None,
) -> pd.DataFrame:
    """Plausible ranges of every claim in a claims table, vectorised.

    The same numbers as :func:`plausible_range` claim by claim, at numpy speed: factors are looked
    up by category code and multiplied, with no Python loop over rows.

    Args:
        frame: Claims as :func:`conflictdata.load_claims` returns them; the columns ``qualifier``,
            ``value``, ``low``, ``high``, ``measure``, ``basis``, ``relation``, ``claimant_side``
            and ``subject_side`` are read.
        target: The measure wanted (default: each claim's own).
        model: The reporting model (default: ``ReportingModel()``).

    Returns:
        A copy of ``frame`` with the columns ``plausible_low`` and ``plausible_high`` added.

    Raises:
        ConversionError: If the model cannot convert some claim's measure to ``target``.
        ValueError: If a column is missing or holds values outside its vocabulary.

    Example:
        >>> import conflictdata
        >>> frame = conflictdata.plausible_ranges(conflictdata.load_claims())
        >>> bool((frame["plausible_low"] <= frame["plausible_high"]).all())
        True
        >>> both = conflictdata.load_claims().query("measure == 'killed_or_wounded'")
        >>> killed = conflictdata.plausible_ranges(both, target="killed")
        >>> whole = conflictdata.plausible_ranges(both)
        >>> bool((killed["plausible_high"] <= whole["plausible_high"]).all())
        True
    """
    factors = range_factors(frame, target=target, model=model)
    low = factors.stated_low * factors.qualifier_low
    high = _times(factors.stated_high, factors.qualifier_high)
    if target is not None:
        low = low * factors.conversion_low
        high = _times(high, factors.conversion_high)
    low = low * factors.bias_low
    high = _times(high, factors.bias_high)
    return frame.assign(plausible_low=low, plausible_high=high)


def _factor_arrays(
    factors: list[Interval],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    import numpy as np

    return (
        np.array([f.low for f in factors], dtype="float64"),
        np.array([f.high for f in factors], dtype="float64"),
    )


def _conversion_arrays(
    frame: pd.DataFrame, measure: np.ndarray[Any, Any], target: Measure, model: ReportingModel
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    import numpy as np

    sides = {side for side, _, _ in model.conversions if side is not None}
    side, side_names = _side_table(frame, "subject_side", sides)
    index = side * len(Measure) + measure
    low, high = np.ones(len(side_names) * len(Measure)), np.ones(len(side_names) * len(Measure))
    for code in np.unique(index):  # the few (side, measure) pairs present, not the rows
        factor = model.conversion_factor(
            list(Measure)[code % len(Measure)], target, side=side_names[code // len(Measure)]
        )
        low[code], high[code] = factor.low, factor.high
    return low[index], high[index]
