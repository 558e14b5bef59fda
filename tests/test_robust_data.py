"""End to end on the bundled claims: what the robust method implies for the real figures.

Rows that the curation of later data versions corrects are read from data version 2026.11.0,
which stays loadable; expectations are derived from the claims and the method, not copied from
output.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest

import conflictdata as cd
from conflictdata import Claim

from .strategies import strict_consensus

VERSION = "2026.11.0"
WAR_START = dt.date(2022, 2, 24)


def quantity(side: str, measure: str) -> list[Claim]:
    """One side's military claims about one measure: the cumulative ones and period figures."""
    return [
        c
        for c in cd.claims(VERSION)
        if (c.subject_side, c.population, c.measure, c.scope) == (side, "military", measure, "")
    ]


def cumulative(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.period_start == WAR_START]


def one_left_out_moves_the_band(claims: list[Claim], on: dt.date, method: str) -> list[str]:
    """The statements whose removal alone moves the band entirely off the band with them."""
    band = cd.consensus(claims, on=on, method=method).interval  # type: ignore[arg-type]
    moved = []
    for statement in sorted({c.statement_id for c in claims}):
        rest = [c for c in claims if c.statement_id != statement]
        other = cd.consensus(rest, on=on, method=method).interval  # type: ignore[arg-type]
        if other.intersection(band) is None:
            moved.append(statement)
    return moved


class TestUkrainianMilitaryKilled:
    """2026-02-28: Trump's "about 700,000" no longer sets the floor; it is a falseticker."""

    ON = dt.date(2026, 2, 28)

    def trump(self) -> Claim:
        return next(c for c in quantity("UA", "killed") if c.claimant == "Donald Trump")

    def test_the_strict_floor_rests_on_one_remark(self) -> None:
        strict = strict_consensus(cumulative(quantity("UA", "killed")), on=self.ON)
        assert strict.interval.low == cd.plausible_range(self.trump()).low
        rest = [c for c in cumulative(quantity("UA", "killed")) if c.claimant != "Donald Trump"]
        without = strict_consensus(rest, on=self.ON)
        robust = cd.consensus(quantity("UA", "killed"), on=self.ON)
        # Without that one remark the strict floor falls back into the robust band.
        assert without.interval.low in robust.interval
        assert strict.interval.low > robust.interval.high

    def test_the_remark_is_a_falseticker_that_agrees_as_casualties(self) -> None:
        result = cd.consensus(quantity("UA", "killed"), on=self.ON)
        trump = self.trump()
        costs = dict(result.falsetickers)
        assert trump.claim_id in costs
        assert costs[trump.claim_id] > 0
        # Why: even its lowest reading lies above the band the other votes allow.
        assert cd.plausible_range(trump).low > result.interval.high
        # Read as a casualties figure (killed and wounded), it would agree.
        assert (trump.claim_id, "as casualties") in result.hints
        assert result.hard_lower is not None
        assert result.interval.low >= result.hard_lower[0]

    def test_the_band_rests_on_no_single_statement(self) -> None:
        assert one_left_out_moves_the_band(quantity("UA", "killed"), self.ON, "robust") == []

    def test_bounded_and_knows_how_far_the_claims_reach(self) -> None:
        result = cd.consensus(quantity("UA", "killed"), on=self.ON)
        assert result.interval.bounded
        assert result.as_of is not None
        assert result.as_of <= self.ON
        later = cd.consensus(quantity("UA", "killed"), on=dt.date(2027, 1, 1))
        assert later.extrapolated
        assert later.interval.bounded
        assert later.interval.low >= result.interval.low


class TestRussianMilitaryCasualties:
    """2025: the deaths estimate coded as casualties is outvoted; the series holds together."""

    DATES: ClassVar = [dt.date(2025, month, 1) for month in (2, 5, 8)]

    def miscoded(self) -> Claim:
        # The probate-based estimate of deaths, coded as unspecified casualties in 2026.11.0.
        return next(
            c
            for c in quantity("RU", "casualties")
            if c.basis == "statistical_estimate" and c.claimant.startswith("Meduza")
        )

    @pytest.mark.parametrize("on", DATES, ids=str)
    def test_the_deaths_estimate_is_a_falseticker(self, on: dt.date) -> None:
        result = cd.consensus(quantity("RU", "casualties"), on=on)
        miscoded = self.miscoded()
        assert miscoded.claim_id in dict(result.falsetickers)
        # Its upper bound lies below what the others require by then.
        assert cd.plausible_range(miscoded).high < result.interval.low
        assert (miscoded.claim_id, "as killed") in result.hints
        strict = strict_consensus(cumulative(quantity("RU", "casualties")), on=on)
        assert not strict.consistent

    @pytest.mark.parametrize("on", DATES, ids=str)
    def test_the_band_rests_on_no_single_statement(self, on: dt.date) -> None:
        assert one_left_out_moves_the_band(quantity("RU", "casualties"), on, "robust") == []

    def test_series_through_2025(self) -> None:
        frame = cd.load_claims(VERSION)
        frame = frame[(frame["period_start"] == "2022-02-24") & (frame["scope"] == "")]
        robust, strict = cd.consensus_series(frame), cd.consensus_series(frame, method="strict")

        def ru_2025(series: object) -> object:
            s = series  # type: ignore[assignment]
            chosen = (
                (s["subject_side"] == "RU")
                & (s["population"] == "military")
                & (s["measure"] == "casualties")
                & (s["date"].dt.year == 2025)
            )
            return s[chosen]

        robust_2025, strict_2025 = ru_2025(robust), ru_2025(strict)
        assert not strict_2025["consistent"].all()  # type: ignore[attr-defined]
        assert robust_2025["majority"].all()  # type: ignore[index]
        assert (robust_2025["low"] <= robust_2025["high"]).all()  # type: ignore[index]
        ids = robust_2025["falsetickers"].iloc[0]  # type: ignore[index]
        assert self.miscoded().claim_id in ids
