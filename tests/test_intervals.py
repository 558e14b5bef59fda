"""Intervals: validation and the arithmetic that plausible ranges are made of."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given

from conflictdata import Interval

from . import strategies


class TestValidation:
    """Bounds are non-negative numbers with low <= high; only high may be infinite."""

    @pytest.mark.parametrize(
        ("low", "high"),
        [(2, 1), (-1, 1), (math.nan, 1), (0, math.nan), (math.inf, math.inf)],
    )
    def test_rejected(self, low: float, high: float) -> None:
        with pytest.raises(ValueError, match="interval"):
            Interval(low, high)

    def test_open_ended(self) -> None:
        interval = Interval(3, math.inf)
        assert not interval.bounded
        assert 1e300 in interval

    def test_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            Interval(1, 2).low = 0  # type: ignore[misc]


class TestArithmetic:
    """Products multiply bounds; intersection and hull behave as sets."""

    @given(strategies.intervals(), strategies.intervals())
    def test_product_contains_products_of_bounds(self, a: Interval, b: Interval) -> None:
        product = a * b
        assert product.low == a.low * b.low
        if a.bounded and b.bounded:
            assert product.high == a.high * b.high

    def test_zero_times_open_ended_is_zero(self) -> None:
        assert Interval(0, 0) * Interval(1, math.inf) == Interval(0, 0)

    @given(strategies.intervals(), strategies.intervals())
    def test_intersection_within_both_and_hull_contains_both(
        self, a: Interval, b: Interval
    ) -> None:
        both = a.intersection(b)
        if both is None:
            assert a.high < b.low or b.high < a.low
        else:
            assert both in a
            assert both in b
        assert a in a.hull(b)
        assert b in a.hull(b)

    @given(strategies.intervals(open_ended=False))
    def test_scaling_by_a_number(self, a: Interval) -> None:
        assert 2 * a == Interval(2 * a.low, 2 * a.high) == a * 2
