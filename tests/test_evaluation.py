"""The evaluation (METHOD section 8.5): its protocol, its counts, and the targets of issue 8.

The targets run on the default bundled data. A target that is missed is marked xfail (strict)
with the measured miss, and docs/method.md says by how much and why; no target is loosened.
"""

from __future__ import annotations

import functools
import math

import pytest

import conflictdata as cd
from conflictdata.method.evaluation import EVALUATION_METHODS, EVALUATION_MODES, clopper_pearson

from .strategies import example_claim


@functools.cache
def evaluation() -> cd.Evaluation:
    return cd.evaluate()


def summary(method: str, mode: str) -> dict[str, float]:
    frame = evaluation().summary
    row = frame[(frame["method"] == method) & (frame["mode"] == mode)]
    assert len(row) == 1
    return row.iloc[0].to_dict()  # type: ignore[no-any-return]


class TestClopperPearson:
    """Exact binomial intervals, as the method page quotes them."""

    def test_known_values(self) -> None:
        low, high = clopper_pearson(9, 10)
        assert low == pytest.approx(0.5550, abs=5e-4)
        assert high == pytest.approx(0.9975, abs=5e-4)
        assert clopper_pearson(0, 10)[0] == 0.0
        assert clopper_pearson(10, 10)[1] == 1.0
        assert clopper_pearson(0, 0) == (0.0, 1.0)


class TestProtocol:
    """Leave one statement out; every method and mode answers every reference; counts add up."""

    def test_every_method_and_mode_answers_every_reference(self) -> None:
        answers = evaluation().answers
        per_reference = answers.groupby("statement_id").size()
        assert (per_reference == len(EVALUATION_METHODS) * len(EVALUATION_MODES)).all()
        counts = {"named_count", "verified_count", "statistical_estimate"}
        estimates = {"intelligence_estimate", "analyst_estimate"}
        expected = {
            c.statement_id
            for c in cd.claims()
            if not c.scope
            and str(c.period_start) == "2022-02-24"
            and (c.basis in counts or (c.relation == "third_party" and c.basis in estimates))
        }
        assert set(answers["statement_id"]) == expected

    def test_the_reference_is_left_out(self) -> None:
        row = evaluation().table("robust").query("mode == 'hindsight'").iloc[0]
        claims = [
            c
            for c in cd.claims()
            if (c.subject_side, str(c.population), str(c.measure), c.scope)
            == (row["subject_side"], row["population"], row["measure"], "")
            and c.statement_id != row["statement_id"]
            and (str(c.period_start) == "2022-02-24" or c.period_end_by <= row["date"].date())
        ]
        result = cd.consensus(claims, on=row["date"].date())
        assert (row["low"], row["high"]) == (result.interval.low, result.interval.high)

    def test_counts_beside_every_rate(self) -> None:
        answers = evaluation().answers
        for row in evaluation().summary.to_dict("records"):
            part = answers[(answers["method"] == row["method"]) & (answers["mode"] == row["mode"])]
            for name in ("point_inside", "overlaps", "below_upper", "finite_upper"):
                values = part[name].dropna().astype(bool)
                assert row[f"{name}_n"] == len(values)
                assert row[f"{name}_k"] == values.sum()
                assert row[f"{name}_ci_low"] <= row[name] <= row[f"{name}_ci_high"]

    def test_faults_are_counted_for_both_methods(self) -> None:
        faults = evaluation().faults
        kinds = {"figure x10", "figure /10", "measure swapped", "period as cumulative"}
        assert set(faults["fault"]) == kinds
        assert (faults["flagged"] <= faults["injected"]).all()
        assert (faults["injected"] > 0).all()

    def test_own_claims(self) -> None:
        claims = [
            example_claim("a", qualifier="about", value=1000),
            example_claim(
                "b", qualifier="about", value=1050, period_end="2024-06-01", stated_on="2024-06-01"
            ),
            example_claim(
                "c", qualifier="about", value=1100, period_end="2025-01-01", stated_on="2025-01-01"
            ),
        ]
        own = cd.evaluate(claims)
        assert set(own.answers["statement_id"]) == {"a", "b", "c"}
        first = own.table("robust").query("mode == 'as known' and claim_id == 'a'").iloc[0]
        assert not first["answered"]  # nothing was known before the first claim
        assert not first["finite_upper"]
        assert first["point_inside"] is None
        empty = cd.evaluate([])
        assert (empty.summary["references"] == 0).all()
        assert empty.faults.empty
        assert "robust" in empty.to_text()

    def test_text(self) -> None:
        text = evaluation().to_text()
        for method in EVALUATION_METHODS:
            assert method in text
        assert "injected fault" in text


class TestTargets:
    """Issue 8's targets on the default bundled data (robust method)."""

    def test_band_overlaps_nine_in_ten_reference_ranges(self) -> None:
        row = summary("robust", "hindsight")
        assert row["overlaps"] >= 0.9, f"{row['overlaps_k']}/{row['overlaps_n']}"

    @pytest.mark.parametrize("mode", [mode for mode, _ in EVALUATION_MODES])
    def test_no_named_count_above_an_upper_bound(self, mode: str) -> None:
        row = summary("robust", mode)
        assert row["below_upper_n"] > 0
        assert row["below_upper_k"] == row["below_upper_n"]

    @pytest.mark.xfail(
        strict=True,
        reason="measured on claims 2026.12.0: 146 of 164 answers as known then (89.0%) have a"
        " finite upper bound, two short of 90% (2026.11.0: 87 of 97): the first claims of a"
        " quantity, and quantities"
        " with no finite upper bound 180 days after a lower one, give no derived rate",
    )
    def test_nine_in_ten_answers_as_known_then_are_bounded(self) -> None:
        row = summary("robust", "as known")
        assert row["finite_upper"] >= 0.9, f"{row['finite_upper_k']}/{row['finite_upper_n']}"

    def test_median_width_at_most_two_and_a_half(self) -> None:
        row = summary("robust", "hindsight")
        assert row["median_width"] <= 2.5

    def test_robust_bounds_more_answers_as_known_than_strict(self) -> None:
        robust, strict = summary("robust", "as known"), summary("strict", "as known")
        assert robust["finite_upper_k"] > strict["finite_upper_k"]
        assert math.isinf(summary("hull", "backtest +90")["median_width"])
