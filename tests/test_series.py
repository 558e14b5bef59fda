"""Cumulative bounds over time: docs/method.md invariant 8.7, and agreement with consensus(on=)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import conflictdata as cd
from conflictdata import Claim
from conflictdata.method.consensus import _carry

from . import strategies
from .strategies import example_claim, strict_consensus, strict_series

two_quantities = st.lists(
    st.sampled_from(["UA", "RU"]).flatmap(lambda side: strategies.claims_of(subject_side=side)),
    min_size=1,
    max_size=10,
    unique_by=lambda claim: claim.claim_id,
)
bounds = st.floats(min_value=0, max_value=1e9) | st.just(math.inf)


def rows(series: pd.DataFrame) -> dict[tuple[Any, ...], tuple[float, float]]:
    return {
        (side, date): (low, high)
        for side, date, low, high in zip(
            series["subject_side"], series["date"], series["low"], series["high"], strict=True
        )
    }


class TestCarried:
    """8.7: bounds never decrease in time and are at least as tight as each claim's own."""

    @given(two_quantities)
    def test_never_decrease(self, claims: list[Claim]) -> None:
        series = strict_series(claims)
        for _, group in series.groupby("subject_side"):
            assert group["date"].is_monotonic_increasing
            assert group["low"].is_monotonic_increasing
            assert group["high"].is_monotonic_increasing

    @given(two_quantities)
    def test_tighter_than_every_claim(self, claims: list[Claim]) -> None:
        series = strict_series(claims)
        for claim in claims:
            own = cd.plausible_range(claim)
            same = series[series["subject_side"] == claim.subject_side]
            later = same[same["date"].dt.date >= claim.period_end_by]
            earlier = same[same["date"].dt.date <= claim.period_end]
            assert (later["low"] >= own.low).all()
            assert (earlier["high"] <= own.high).all()
            assert len(later) + len(earlier) > 0

    @given(
        hnp.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 8)), elements=bounds),
        hnp.arrays(np.float64, st.tuples(st.just(3), st.integers(1, 8)), elements=bounds),
    )
    def test_carrying_twice_is_carrying_once(
        self, raw_low: np.ndarray[Any, Any], raw_high: np.ndarray[Any, Any]
    ) -> None:
        raw_high = raw_high[: raw_low.shape[0], : raw_low.shape[1]]
        raw_low = raw_low[:, : raw_high.shape[1]]
        low, high = _carry(raw_low, raw_high)
        again_low, again_high = _carry(low, high)
        assert np.array_equal(low, again_low)
        assert np.array_equal(high, again_high)
        assert (low >= raw_low).all()
        assert (high <= raw_high).all()

    @given(two_quantities, strategies.claims_of(subject_side="UA"))
    def test_adding_a_claim_only_tightens(self, claims: list[Claim], extra: Claim) -> None:
        extra = attrs.evolve(extra, claim_id=f"extra-{extra.claim_id}")
        before = rows(strict_series(claims))
        after = rows(strict_series([*claims, extra]))
        for key, (low, high) in before.items():
            if key in after:
                assert after[key][0] >= low
                assert after[key][1] <= high


class TestAgreesWithConsensus:
    """On every date of the grid, the series is what consensus(on=date) gives when consistent."""

    @given(strategies.quantity_claims(max_size=6))
    def test_same_bounds(self, claims: list[Claim]) -> None:
        series = strict_series(claims)
        for date, low, high, consistent in zip(
            series["date"], series["low"], series["high"], series["consistent"], strict=True
        ):
            try:
                result = strict_consensus(claims, on=date.date())
            except ValueError:
                assert (low, high) == (0, math.inf)
                continue
            assert result.consistent is bool(consistent)
            if consistent:
                assert (result.interval.low, result.interval.high) == (low, high)


class TestColumnsAndDates:
    """Groups, witness dates, target, as_of and an empty input."""

    def test_witness_dates_when_a_bound_falls(self) -> None:
        high_early = example_claim(
            "early-high", basis="named_count", value=10_000, period_end="2024-03-10"
        )
        low_later = example_claim("later-low", value=500, period_end="2024-06-20")
        series = strict_series([high_early, low_later])
        assert list(series["date"].dt.date) == [dt.date(2024, m, 1) for m in (3, 4, 5, 6, 7)]
        bad = series[~series["consistent"]]
        assert list(bad["date"].dt.date) == [dt.date(2024, m, 1) for m in (4, 5, 6)]
        assert set(bad["witness_low_date"].dt.date) == {dt.date(2024, 3, 10)}
        assert set(bad["witness_high_date"].dt.date) == {dt.date(2024, 6, 20)}
        assert set(bad["low_claim"]) == {"early-high"}
        assert set(bad["high_claim"]) == {"later-low"}
        assert series.loc[series["consistent"], "witness_low_date"].isna().all()

    def test_target_groups_measures(self) -> None:
        killed = example_claim("killed", value=10_000)
        wider = example_claim("kw", measure="killed_or_wounded", value=100_000)
        series = strict_series([killed, wider], target="killed")
        assert set(series["measure"]) == {"killed"}
        assert len(series) == 1
        expected = strict_consensus([killed, wider], target="killed", on="2024-01-01").interval
        assert (series["low"].iloc[0], series["high"].iloc[0]) == (expected.low, expected.high)

    def test_as_of_and_frames(self) -> None:
        frame = cd.load_claims()
        cumulative = frame[frame["period_start"] == "2022-02-24"]
        from_frame = strict_series(cumulative, as_of="2023-12-31")
        stated = [
            c for c in cd.claims(as_of="2023-12-31") if c.period_start == dt.date(2022, 2, 24)
        ]
        pd.testing.assert_frame_equal(from_frame, strict_series(stated))
        used = set(from_frame["low_claim"].dropna()) | set(from_frame["high_claim"].dropna())
        assert used <= {claim.claim_id for claim in stated}

    def test_empty(self) -> None:
        series = strict_series([])
        assert series.empty
        assert {"date", "low", "high", "consistent", "witness_low_date"} <= set(series.columns)

    def test_other_frequency(self) -> None:
        claim = example_claim("a", period_end="2024-05-15")
        series = strict_series([claim], freq="YS")
        assert list(series["date"].dt.year) == [2024, 2025]
