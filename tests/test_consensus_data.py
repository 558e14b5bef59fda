"""End to end on the bundled claims: what the method implies for the real figures.

Expectations are derived from the data, with sections 5 and 6 of docs/method.md written out
plainly here, not copied from output, so that curating the dataset does not break them.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

import conflictdata as cd
from conflictdata import Claim, Interval

from .strategies import strict_consensus

WAR_START = dt.date(2022, 2, 24)
HARD = cd.ReportingModel().hard_lower
UA_KILLED = ("UA", "killed", dt.date(2026, 2, 28))
RU_CASUALTIES = ("RU", "casualties", dt.date(2025, 10, 31))
CASES = pytest.mark.parametrize(
    "case", [UA_KILLED, RU_CASUALTIES], ids=["UA military killed", "RU military casualties"]
)
KNOWABLE = pytest.mark.parametrize("knowable", [True, False], ids=["as of", "with hindsight"])


def quantity(side: str, measure: str, as_of: dt.date | None = None) -> list[Claim]:
    """The cumulative claims about one side's military losses, as the CLI selects them."""
    return [
        claim
        for claim in cd.claims(as_of=as_of)
        if claim.subject_side == side
        and claim.population == "military"
        and claim.measure == measure
        and claim.period_start == WAR_START
        and claim.scope == ""
    ]


class Carried:
    """The bounds each claim sets on ``on``: lower if its period ended by then, upper if not
    before."""

    def __init__(self, claims: list[Claim], on: dt.date) -> None:
        self.claims = {claim.claim_id: claim for claim in claims}
        own = {claim.claim_id: cd.plausible_range(claim) for claim in claims}
        self.lows = {i: own[i].low for i, c in self.claims.items() if c.period_end_by <= on}
        self.highs = {i: own[i].high for i, c in self.claims.items() if c.period_end >= on}
        self.low = max(self.lows.values(), default=0.0)
        self.high = min(self.highs.values(), default=math.inf)
        hard = {i: v for i, v in self.lows.items() if self.claims[i].basis in HARD}
        self.hard_lower = max(hard.values(), default=None)
        self.lower_binders = {i for i, v in self.lows.items() if v == self.low}


def combine(case: tuple[str, str, dt.date], knowable: bool) -> tuple[cd.Consensus, Carried]:
    side, measure, on = case
    as_of = on if knowable else None
    result = strict_consensus(quantity(side, measure), on=on, as_of=as_of)
    return result, Carried(quantity(side, measure, as_of), on)


@CASES
@KNOWABLE
class TestMethod:
    """The consensus is the intersection of the carried bounds, set by the claims that bind."""

    def test_intersection_or_witness(self, case: tuple[str, str, dt.date], knowable: bool) -> None:
        result, expected = combine(case, knowable)
        assert set(result.claims) <= set(expected.lows) | set(expected.highs)  # as_of honoured
        assert result.consistent is (expected.low <= expected.high)
        if result.consistent:
            assert result.interval == Interval(expected.low, expected.high)
            assert set(result.claims) == set(expected.lows) | set(expected.highs)
        else:
            assert result.witness is not None
            assert expected.lows[result.witness[0]] > expected.highs[result.witness[1]]

    def test_hard_lower_bound(self, case: tuple[str, str, dt.date], knowable: bool) -> None:
        result, expected = combine(case, knowable)
        if expected.hard_lower is None:
            assert result.hard_lower is None
            return
        assert result.hard_lower is not None
        value, claim_id = result.hard_lower
        assert value == expected.hard_lower == expected.lows[claim_id]
        assert result.interval.low >= value

    def test_consensus_lies_within_every_contributing_claim(
        self, case: tuple[str, str, dt.date], knowable: bool
    ) -> None:
        result, expected = combine(case, knowable)
        if not result.consistent:
            pytest.skip("inconsistent: the consensus is what is left after dropping tiers")
        for claim_id in result.claims:
            assert expected.lows.get(claim_id, 0.0) <= result.interval.low
            assert result.interval.high <= expected.highs.get(claim_id, math.inf)


class TestUkrainianMilitaryKilled:
    """As of 2026-02-28: Ukraine's own count is a floor that the list of names exceeds."""

    def test_names_exceed_the_own_count(self) -> None:
        _, _, on = UA_KILLED
        result = strict_consensus(quantity("UA", "killed"), on=on, as_of=on)
        assert result.hard_lower is not None
        value, claim_id = result.hard_lower
        named = next(c for c in cd.claims() if c.claim_id == claim_id)
        assert named.basis == "named_count"
        own = [c for c in quantity("UA", "killed", on) if c.relation == "self"]
        latest_own = max(own, key=lambda c: c.period_end)
        assert latest_own.value is not None
        assert value > latest_own.value  # more names than the government's own figure
        assert result.consistent
        assert result.interval.low >= value

    def test_no_claim_bounds_the_toll_from_above_then(self) -> None:
        _, _, on = UA_KILLED
        result = strict_consensus(quantity("UA", "killed"), on=on, as_of=on)
        if all(claim.period_end < on for claim in quantity("UA", "killed", on)):
            assert not result.interval.bounded


class TestRussianMilitaryCasualties:
    """As of 2025-10-31: consistent; a third-party estimate sets the floor; hindsight caps it."""

    def test_third_party_estimate_binds_below(self) -> None:
        _, _, on = RU_CASUALTIES
        result, expected = combine(RU_CASUALTIES, knowable=True)
        assert result.consistent
        assert result.hard_lower is None  # nobody lists casualties by name
        binders = [expected.claims[i] for i in expected.lower_binders]
        assert {str(claim.relation) for claim in binders} == {"third_party"}
        assert all(claim.period_end_by <= on for claim in binders)

    def test_later_estimates_cap_it_with_hindsight(self) -> None:
        _, _, on = RU_CASUALTIES
        result, expected = combine(RU_CASUALTIES, knowable=False)
        assert result.consistent
        assert result.interval.bounded
        capping = [expected.claims[i] for i, v in expected.highs.items() if v == expected.high]
        assert all(claim.period_end >= on and claim.stated_by > on for claim in capping)
        knowable, _ = combine(RU_CASUALTIES, knowable=True)
        assert result.interval in knowable.interval
