"""Closed intervals of non-negative numbers, the arithmetic of plausible ranges."""

from __future__ import annotations

import math
from typing import Any

import attrs

__all__ = ["Interval"]


def _check_bounds(interval: Interval, attribute: attrs.Attribute[Any], high: float) -> None:
    low = interval.low
    if math.isnan(low) or math.isnan(high):
        msg = f"interval bounds must be numbers, got [{low}, {high}]"
        raise ValueError(msg)
    if not 0 <= low <= high:
        msg = f"interval needs 0 <= low <= high, got [{low}, {high}]"
        raise ValueError(msg)
    if math.isinf(low):
        msg = "interval low must be finite; only high may be open-ended (infinity)"
        raise ValueError(msg)


def _times(a: float, b: float) -> float:
    # 0 times an open-ended bound is 0: a count of nothing stays nothing.
    return 0.0 if a == 0 or b == 0 else a * b


@attrs.frozen
class Interval:
    """A closed interval ``[low, high]`` of non-negative numbers; ``high`` may be infinity.

    Multiplying two intervals multiplies their bounds (both are non-negative), with the
    convention that zero times infinity is zero. Multiplying by a number ``k >= 0`` scales.

    Attributes:
        low: The lower bound, finite.
        high: The upper bound, ``math.inf`` when open-ended.

    Example:
        >>> from conflictdata import Interval
        >>> Interval(0.9, 1.1) * Interval(1.0, 5.0) * 1000
        Interval(low=900.0, high=5500.0)
        >>> Interval(2, 4).intersection(Interval(3, 9))
        Interval(low=3.0, high=4.0)
        >>> Interval(2, 4).intersection(Interval(5, 9)) is None
        True
        >>> 3 in Interval(2, 4), Interval(3, 4) in Interval(2, 4)
        (True, True)
    """

    low: float = attrs.field(converter=float)
    high: float = attrs.field(converter=float, validator=_check_bounds)

    @classmethod
    def point(cls, value: float) -> Interval:
        """The interval ``[value, value]``.

        Example:
            >>> from conflictdata import Interval
            >>> print(Interval.point(55_000))
            [55000, 55000]
        """
        return cls(value, value)

    @property
    def bounded(self) -> bool:
        """Whether ``high`` is finite."""
        return math.isfinite(self.high)

    def __mul__(self, other: Interval | float) -> Interval:
        if not isinstance(other, Interval):
            other = Interval.point(other)
        return Interval(self.low * other.low, _times(self.high, other.high))

    __rmul__ = __mul__

    def __contains__(self, item: Interval | float) -> bool:
        if isinstance(item, Interval):
            return self.low <= item.low and item.high <= self.high
        return self.low <= item <= self.high

    def intersection(self, other: Interval) -> Interval | None:
        """The interval both allow, or ``None`` when they are disjoint.

        Example:
            >>> from conflictdata import Interval
            >>> print(Interval(10, 30).intersection(Interval(20, 40)))
            [20, 30]
            >>> Interval(10, 15).intersection(Interval(20, 40)) is None
            True
        """
        low, high = max(self.low, other.low), min(self.high, other.high)
        return Interval(low, high) if low <= high else None

    def hull(self, other: Interval) -> Interval:
        """The smallest interval containing both.

        Example:
            >>> from conflictdata import Interval
            >>> print(Interval(10, 15).hull(Interval(20, 40)))
            [10, 40]
        """
        return Interval(min(self.low, other.low), max(self.high, other.high))

    def __str__(self) -> str:
        return f"[{self.low:.15g}, {self.high:.15g}]"
