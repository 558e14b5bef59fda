"""Combining claims about one quantity: docs/method.md invariant 8.6, tiers, mixing and dates."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import Claim, Interval, Measure

from . import strategies
from .strategies import example_claim, strict_consensus

if TYPE_CHECKING:
    import random

claim_sets = strategies.quantity_claims()
TRUTH = 1_000_000
agreeing_sets = st.lists(
    strategies.claims_around(TRUTH), min_size=1, max_size=6, unique_by=lambda c: c.claim_id
)
maybe_dates = st.one_of(st.none(), st.dates(dt.date(2022, 2, 24), dt.date(2030, 12, 31)))


def combine(claims: list[Claim], on: dt.date | None = None) -> cd.Consensus | None:
    """The consensus, or None when no claim bounds the quantity on that date."""
    if on is not None and not any(bounds_on(claim, on) for claim in claims):
        with pytest.raises(ValueError, match="no claim bounds"):
            strict_consensus(claims, on=on)
        return None
    return strict_consensus(claims, on=on)


def own_bounds(claim: Claim, on: dt.date | None) -> Interval:
    """What a claim says about the quantity on ``on`` (docs/method.md section 6)."""
    own = cd.plausible_range(claim)
    low = own.low if on is None or claim.period_end_by <= on else 0.0
    high = own.high if on is None or claim.period_end >= on else math.inf
    return Interval(low, high)


def tier(claim: Claim) -> str:
    """The tiers of docs/method.md section 5 under the default model."""
    if claim.basis in ("named_count", "verified_count"):
        return "hard"
    if claim.basis == "statistical_estimate":
        return "statistical_estimate"
    return str(claim.relation)


class TestCombining:
    """8.6: order-free, idempotent, inside every input, narrowing; empty means flagged."""

    @given(claim_sets, maybe_dates, st.randoms(use_true_random=False))
    def test_order_independent(
        self, claims: list[Claim], on: dt.date | None, shuffler: random.Random
    ) -> None:
        shuffled = list(claims)
        shuffler.shuffle(shuffled)
        assert combine(shuffled, on) == combine(claims, on)

    @given(strategies.claims_of())
    def test_combine_a_with_a_is_a(self, claim: Claim) -> None:
        alone = strict_consensus([claim])
        assert strict_consensus([claim, claim]) == alone
        assert alone.interval == alone.hull == cd.plausible_range(claim)
        assert alone.consistent
        assert alone.claims == (claim.claim_id,)

    @given(st.one_of(agreeing_sets.map(lambda c: (c, None)), st.tuples(claim_sets, maybe_dates)))
    def test_consistent_lies_inside_every_input_and_above_hard_lower(
        self, claims_on: tuple[list[Claim], dt.date | None]
    ) -> None:
        claims, on = claims_on
        result = combine(claims, on)
        if result is None or not result.consistent:
            return
        by_id = {claim.claim_id: claim for claim in claims}
        for claim_id in result.claims:
            bounds = own_bounds(by_id[claim_id], on)
            assert bounds.low <= result.interval.low
            assert result.interval.high <= bounds.high
        if result.hard_lower is not None:
            assert result.interval.low >= result.hard_lower[0]
        assert result.interval in result.hull

    @given(agreeing_sets, strategies.claims_around())
    def test_adding_a_consistent_claim_never_widens(
        self, claims: list[Claim], extra: Claim
    ) -> None:
        assume(extra.claim_id not in {claim.claim_id for claim in claims})
        before, after = strict_consensus(claims), strict_consensus([*claims, extra])
        assert before.consistent
        assert after.consistent
        assert after.interval in before.interval
        assert TRUTH in after.interval

    @given(claim_sets, maybe_dates)
    def test_empty_intersection_is_flagged_with_a_witness(
        self, claims: list[Claim], on: dt.date | None
    ) -> None:
        result = combine(claims, on)
        assume(result is not None)
        assert result is not None
        by_id = {claim.claim_id: claim for claim in claims}
        bounds = [own_bounds(by_id[claim_id], on) for claim_id in by_id]
        empty = max(b.low for b in bounds) > min(b.high for b in bounds)
        assert result.consistent is not empty
        if result.consistent:
            assert result.witness is None
            assert result.dropped == ()
            return
        assert result.witness is not None
        high_low, low_high = (own_bounds(by_id[i], on) for i in result.witness)
        assert high_low.low > low_high.high

    @given(agreeing_sets, claim_sets, maybe_dates)
    def test_tiers_dropped_whole_hard_bounds_kept(
        self, agreeing: list[Claim], others: list[Claim], on: dt.date | None
    ) -> None:
        claims = list({c.claim_id: c for c in [*agreeing, *others]}.values())
        result = combine(claims, on)
        if result is None:
            return
        assert list(result.dropped) == [t for t in cd.TIERS if t in result.dropped]
        for claim in claims:
            kept = claim.claim_id in result.claims
            assert kept is (tier(claim) not in result.dropped) or not bounds_on(claim, on)
            if tier(claim) == "hard" and bounds_on(claim, on):
                assert kept


def bounds_on(claim: Claim, on: dt.date | None) -> bool:
    return on is None or claim.period_end_by <= on or claim.period_end >= on


class TestTiers:
    """Least reliable tiers go first, whole; hard lower bounds stay; else the hull."""

    def test_adversary_dropped_first(self) -> None:
        estimate = example_claim("estimate", qualifier="about", value=100)
        enemy = example_claim("enemy", claimant_side="RU", value=1000)
        result = strict_consensus([enemy, estimate])
        assert not result.consistent
        assert result.witness == ("enemy", "estimate")
        assert result.dropped == ("adversary",)
        assert result.claims == ("estimate",)
        assert result.interval == cd.plausible_range(estimate)

    def test_then_self(self) -> None:
        named = example_claim("named", basis="named_count", value=10_000)
        own = example_claim("own", claimant_side="UA", basis="official_statement", value=1000)
        enemy = example_claim("enemy", claimant_side="RU", value=200_000)
        result = strict_consensus([own, enemy, named])
        assert result.dropped == ("adversary", "self")
        assert result.claims == ("named",)
        assert result.hard_lower == (10_000.0, "named")

    def test_hard_bounds_never_dropped_hull_as_last_resort(self) -> None:
        named = example_claim("named", basis="named_count", value=1000)
        verified = example_claim("verified", basis="verified_count", value=100)
        result = strict_consensus([named, verified])
        assert not result.consistent
        assert result.dropped == ()
        assert result.hull == Interval(100, 2500)
        assert result.interval == Interval(1000, 2500)
        assert result.claims == ("named", "verified")
        assert result.witness == ("named", "verified")


class TestMixing:
    """Claims about different quantities are never combined silently."""

    @pytest.mark.parametrize(
        ("change", "word"),
        [
            ({"subject_side": "RU"}, "subject_side"),
            ({"population": "civilian"}, "population"),
            ({"scope": "children"}, "scope"),
            ({"measure": "wounded"}, "measure"),
            ({"period_start": dt.date(2024, 1, 1)}, "period_start"),
        ],
    )
    def test_raises(self, change: dict[str, object], word: str) -> None:
        claims = [example_claim("a"), example_claim("b", **change)]
        with pytest.raises(cd.MixedClaimsError, match=word) as caught:
            strict_consensus(claims)
        assert isinstance(caught.value, ValueError)

    def test_target_combines_measures(self) -> None:
        killed = example_claim("killed", value=10_000)
        wounded_too = example_claim("kw", measure="killed_or_wounded", value=100_000)
        result = strict_consensus([killed, wounded_too], target="killed")
        expected = cd.plausible_range(killed).intersection(
            cd.plausible_range(wounded_too, target=Measure.KILLED)
        )
        assert result.interval == expected

    def test_target_that_cannot_be_reached(self) -> None:
        with pytest.raises(cd.ConversionError, match="missing to killed"):
            strict_consensus([example_claim("a", measure="missing")], target="killed")

    def test_no_claims(self) -> None:
        with pytest.raises(ValueError, match="no claims"):
            strict_consensus([])


class TestDates:
    """as_of uses stated_by; on carries bounds by the period end, precision considered."""

    def test_as_of_uses_the_last_possible_statement_day(self) -> None:
        early = example_claim("early", value=100)
        february = example_claim(
            "february", value=200, stated_on="2025-02-01", stated_on_precision="month"
        )
        mid = strict_consensus([early, february], as_of="2025-02-15")
        assert mid.claims == ("early",)
        end = strict_consensus([early, february], as_of=dt.date(2025, 2, 28))
        assert end.claims == ("early", "february")

    def test_on_month_precise_period_end(self) -> None:
        october = example_claim(
            "october", value=1000, period_end="2025-10-01", period_end_precision="month"
        )
        own = cd.plausible_range(october)
        assert strict_consensus([october], on="2025-10-31").interval == Interval(own.low, math.inf)
        assert strict_consensus([october], on="2025-10-01").interval == Interval(0, own.high)
        assert strict_consensus([october], on="2025-11-01").interval == Interval(own.low, math.inf)
        with pytest.raises(ValueError, match="no claim bounds"):
            strict_consensus([october], on="2025-10-15")

    def test_later_upper_and_earlier_lower_bounds_meet(self) -> None:
        before = example_claim("before", value=1000, period_end="2025-01-01")
        after = example_claim("after", value=2000, period_end="2025-12-01")
        result = strict_consensus([before, after], on="2025-06-01")
        low, high = cd.plausible_range(before).low, cd.plausible_range(after).high
        assert result.interval == Interval(low, high)
        assert result.hull == Interval(low, high)
