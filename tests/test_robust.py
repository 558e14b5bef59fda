"""The fault-tolerant consensus and the rate envelope: METHOD invariants 10 and 11, examples."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import Claim, Interval
from conflictdata.method.envelope import rate_envelope

from . import strategies
from .strategies import NO_RATE, example_claim, one_statement_each, strict_consensus

if TYPE_CHECKING:
    import random

TRUTH = 1_000_000
agreeing_sets = st.lists(
    strategies.claims_around(TRUTH), min_size=1, max_size=6, unique_by=lambda c: c.claim_id
).map(one_statement_each)
claim_sets = strategies.quantity_claims().map(one_statement_each)
maybe_dates = st.one_of(st.none(), st.dates(dt.date(2022, 2, 24), dt.date(2030, 12, 31)))


def robust(claims: list[Claim], **options: Any) -> cd.Consensus | None:
    """The robust consensus, or None without a majority or without a bound on the date."""
    try:
        return cd.consensus(claims, model=options.pop("model", NO_RATE), **options)
    except cd.NoMajorityError:
        return None
    except ValueError as error:
        if "no claim bounds" not in str(error):
            raise
        return None


class TestInvariant10:
    """Equal to strict when all agree; a falseticker changes nothing; order-free; never below
    the hard lower bound; never decreasing in time."""

    @given(agreeing_sets, maybe_dates)
    def test_equal_to_strict_when_all_agree(self, claims: list[Claim], on: dt.date | None) -> None:
        result = robust(claims, on=on)
        assume(result is not None)
        assert result is not None
        strict = strict_consensus(claims, on=on)
        assert result.fault_budget == 0
        assert result.consistent
        assert result.falsetickers == ()
        assert result.interval == strict.interval
        assert set(result.claims) == set(strict.claims)

    @given(agreeing_sets, strategies.claims_of(), maybe_dates)
    def test_a_falseticker_added_leaves_the_band_unchanged(
        self, claims: list[Claim], extra: Claim, on: dt.date | None
    ) -> None:
        assume(extra.claim_id not in {c.claim_id for c in claims})
        extra = one_statement_each([extra])[0]
        before, after = robust(claims, on=on), robust([*claims, extra], on=on)
        assume(before is not None and after is not None)
        assert before is not None
        assert after is not None
        if extra.claim_id in dict(after.falsetickers):
            assert after.interval == before.interval
            assert after.fault_budget == before.fault_budget + 1

    @given(claim_sets, maybe_dates, st.randoms(use_true_random=False))
    def test_order_independent(
        self, claims: list[Claim], on: dt.date | None, shuffler: random.Random
    ) -> None:
        shuffled = list(claims)
        shuffler.shuffle(shuffled)
        for model in (NO_RATE, cd.ReportingModel()):
            assert robust(shuffled, on=on, model=model) == robust(claims, on=on, model=model)

    @given(claim_sets, maybe_dates)
    def test_never_below_the_hard_lower_bound(
        self, claims: list[Claim], on: dt.date | None
    ) -> None:
        result = robust(claims, on=on, model=cd.ReportingModel())
        assume(result is not None)
        assert result is not None
        if result.hard_lower is not None:
            assert result.interval.low >= result.hard_lower[0]
        assert result.slack_band is not None
        assert result.interval in result.slack_band
        costs = [cost for _, cost in result.falsetickers]
        assert costs == sorted(costs, reverse=True)
        assert all(cost > 0 for cost in costs)

    @given(strategies.quantity_claims(max_size=10))
    def test_series_never_decreases(self, claims: list[Claim]) -> None:
        series = cd.consensus_series(claims)
        for _, rows in series.groupby("period_start"):
            for column in ("low", "high"):
                values = rows[column].dropna().to_numpy()
                assert (values[1:] >= values[:-1]).all()
            assert (rows["low"].dropna() <= rows["high"].dropna()).all()
            assert (rows["consistent"] == (rows["fault_budget"] == 0)).all()


class TestInvariant11:
    """The rate envelope is idempotent, never loosens a bound, and does nothing at r = inf."""

    @given(strategies.bound_paths(), strategies.rates)
    def test_idempotent_and_never_looser(self, path: tuple[Any, Any, Any], rate: float) -> None:
        low, high, days = path
        once = rate_envelope(low, high, days, rate)
        twice = rate_envelope(*once, days, rate)
        np.testing.assert_array_equal(once[0], twice[0])
        np.testing.assert_array_equal(once[1], twice[1])
        assert (once[0] >= low).all()
        assert (once[1] <= high).all()

    @given(strategies.bound_paths())
    def test_infinite_rate_changes_nothing(self, path: tuple[Any, Any, Any]) -> None:
        low, high, days = path
        new_low, new_high = rate_envelope(low, high, days, math.inf)
        np.testing.assert_array_equal(new_low, low)
        np.testing.assert_array_equal(new_high, high)


class TestVotes:
    """One vote per statement; a single wrong claim is outvoted and named with a hint."""

    def agreeing(self) -> list[Claim]:
        return [example_claim(f"estimate-{i}", qualifier="about", value=1000) for i in range(4)]

    def test_one_wrong_claim_is_a_falseticker(self) -> None:
        wrong = example_claim("wrong", qualifier="about", value=9000)
        result = cd.consensus([*self.agreeing(), wrong])
        assert result.fault_budget == 1
        assert not result.consistent
        # For it to be right, the four others must be wrong: three more than the budget.
        assert result.falsetickers == (("wrong", 3.0),)
        assert result.interval == cd.plausible_range(self.agreeing()[0])
        assert result.slack_band is not None
        assert result.interval in result.slack_band

    def test_twins_vote_once(self) -> None:
        twins = [
            example_claim(f"outlet-{i}", statement_id="one", qualifier="about", value=9000)
            for i in range(3)
        ]
        result = cd.consensus([*self.agreeing()[:2], *twins])
        assert result.fault_budget == 1  # three outlets, one statement, one vote
        assert {claim_id for claim_id, _ in result.falsetickers} == {c.claim_id for c in twins}

    def test_no_majority(self) -> None:
        others = [example_claim(f"other-{i}", qualifier="about", value=9000) for i in range(2)]
        with pytest.raises(cd.NoMajorityError, match="at most 2 of 4 vote weight") as caught:
            cd.consensus([*self.agreeing()[:2], *others])
        assert isinstance(caught.value, ValueError)

    def test_weights_come_from_the_model(self) -> None:
        heavy = example_claim("heavy", claimant="Heavy", qualifier="about", value=9000)
        model = cd.ReportingModel().with_weight(5, claimant="Heavy")
        result = cd.consensus([*self.agreeing(), heavy], model=model)
        assert {claim_id for claim_id, _ in result.falsetickers} == {
            c.claim_id for c in self.agreeing()
        }
        assert result.fault_budget == 4

    def test_hard_lower_bound_always_holds(self) -> None:
        named = example_claim("named", basis="named_count", value=5000)
        higher = [example_claim(f"h{i}", qualifier="about", value=6000) for i in range(4)]
        low = example_claim("low", qualifier="about", value=1000)
        result = cd.consensus([*higher, low, named])
        assert result.interval.low >= 5000
        assert result.falsetickers == (("low", math.inf),)  # never right above the names

    def test_hint_for_a_wider_measure(self) -> None:
        # "700,000 casualties" reported as killed: agrees when read as casualties.
        killed = [example_claim(f"k{i}", qualifier="about", value=100_000) for i in range(3)]
        wrong = example_claim("wrong", qualifier="about", value=700_000)
        result = cd.consensus([*killed, wrong])
        assert ("wrong", "as casualties") in result.hints
        assert all(claim_id == "wrong" for claim_id, _ in result.hints)

    def test_unknown_method(self) -> None:
        with pytest.raises(ValueError, match="method must be one of"):
            cd.consensus(self.agreeing(), method="median")  # type: ignore[arg-type]


class TestEnvelope:
    """Past the latest claim a rate caps the toll; period figures bound growth."""

    def test_extrapolated_upper_bound(self) -> None:
        early = example_claim("early", value=1000, period_end="2024-01-01")
        later = example_claim("later", value=2000, period_end="2025-01-01")
        model = cd.ReportingModel().with_rate(
            side="UA", population="military", measure="killed", per_day=10
        )
        result = cd.consensus([early, later], on="2025-07-01", model=model)
        own = cd.plausible_range(later)
        assert result.extrapolated
        assert result.as_of == dt.date(2025, 1, 1)
        days = (dt.date(2025, 7, 1) - dt.date(2025, 1, 1)).days
        assert result.interval == Interval(own.low, own.high + 10 * days)
        unlimited = cd.consensus([early, later], on="2025-07-01", model=NO_RATE)
        assert not unlimited.interval.bounded

    def test_derived_rate_gives_a_finite_bound(self) -> None:
        early = example_claim("early", value=1000, period_end="2023-01-01")
        later = example_claim("later", value=2000, period_end="2025-01-01")
        result = cd.consensus([early, later], on="2026-01-01")
        assert result.interval.bounded
        assert result.interval.high > cd.plausible_range(later).high

    def test_period_figure_bounds_growth(self) -> None:
        start = example_claim("start", value=1000, period_end="2024-12-31")
        year = example_claim("year", value=500, period_start="2025-01-01", period_end="2025-12-31")
        result = cd.consensus([start, year], on="2025-12-31", model=NO_RATE)
        assert (
            result.interval.high == cd.plausible_range(start).high + cd.plausible_range(year).high
        )
        assert "year" in result.claims
        with pytest.raises(cd.MixedClaimsError, match="period_start"):
            strict_consensus([start, year])
