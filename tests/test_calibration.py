"""Calibration: observed ratios of third-party figures to a side's own (docs/method.md, 7)."""

from __future__ import annotations

import pandas as pd
import pytest

import conflictdata as cd

from .strategies import example_claim

OWN = {"claimant_side": "UA", "basis": "official_statement"}


class TestPairs:
    """A side's claim pairs with a third party's about the same quantity, close in time."""

    def test_ratio(self) -> None:
        table = cd.calibrate(
            [
                example_claim("own", value=100, **OWN),
                example_claim("estimate", value=150, period_end="2024-02-15"),
            ]
        )
        [row] = table.to_dict("records")
        assert (row["side"], row["relation"], row["basis"]) == ("UA", "self", "official_statement")
        assert (row["claim_id"], row["reference_id"]) == ("own", "estimate")
        assert row["ratio_low"] == row["ratio_high"] == 1.5
        assert row["days_apart"] == 45

    def test_stated_ranges_give_ratio_ranges(self) -> None:
        table = cd.calibrate(
            [
                example_claim("own", low=100, high=200, **OWN),
                example_claim("estimate", low=300, high=400),
            ]
        )
        assert (table["ratio_low"].item(), table["ratio_high"].item()) == (1.5, 4.0)

    @pytest.mark.parametrize(
        ("end", "precision", "window", "pairs"),
        [
            ("2024-03-31", "day", "90D", 1),
            ("2024-04-01", "day", "90D", 0),
            ("2024-03-01", "day", "89D", 1),
            ("2024-03-01", "month", "89D", 0),  # March may end on the 31st: 90 days
            ("2024-04-01", "day", "120D", 1),
        ],
    )
    def test_window_counts_the_largest_possible_distance(
        self, end: str, precision: str, window: str, pairs: int
    ) -> None:
        claims = [
            example_claim("own", **OWN),
            example_claim("estimate", period_end=end, period_end_precision=precision),
        ]
        assert len(cd.calibrate(claims, window=window)) == pairs

    def test_only_sides_against_third_parties_of_one_quantity(self) -> None:
        claims = [
            example_claim("own", **OWN),
            example_claim("enemy", claimant_side="RU"),
            example_claim("estimate"),
            example_claim("other-measure", measure="wounded"),
            example_claim("other-side", subject_side="RU"),
            example_claim("zero", value=0, **OWN),
        ]
        table = cd.calibrate(claims)
        assert set(zip(table["claim_id"], table["reference_id"], strict=True)) == {
            ("own", "estimate"),
            ("enemy", "estimate"),
        }
        assert set(table["relation"]) == {"self", "adversary"}

    def test_one_statement_in_several_outlets_counts_once(self) -> None:
        claims = [
            example_claim("own-a", statement_id="own", **OWN),
            example_claim("own-b", statement_id="own", **OWN),
            example_claim("estimate"),
        ]
        assert list(cd.calibrate(claims)["claim_id"]) == ["own-a"]


class TestBundledData:
    """On the bundled claims, every pair is one quantity, close in time, in both directions."""

    def test_pairs(self) -> None:
        claims = {claim.claim_id: claim for claim in cd.claims()}
        table = cd.calibrate(cd.claims())
        assert not table.empty
        assert set(table["side"]) == {"UA", "RU"}
        assert (table["days_apart"] <= 90).all()
        assert (table["ratio_low"] <= table["ratio_high"]).all()
        for row in table.to_dict("records"):
            claim, reference = claims[row["claim_id"]], claims[row["reference_id"]]
            assert claim.relation in ("self", "adversary")
            assert reference.relation == "third_party"
            for column in ("subject_side", "population", "measure", "period_start"):
                assert getattr(claim, column) == getattr(reference, column)

    def test_records_and_frame_agree(self) -> None:
        pd.testing.assert_frame_equal(cd.calibrate(cd.claims()), cd.calibrate(cd.load_claims()))

    def test_model_from_calibration(self) -> None:
        table = cd.calibrate(cd.claims())
        model = cd.ReportingModel.from_calibration(table)
        own = table[(table["side"] == "UA") & (table["relation"] == "self")]
        factor = model.bias_factor("self", "official_statement", side="UA")
        assert factor.low == own["ratio_low"].min()
        assert factor.high == own["ratio_high"].max()
        assert cd.plausible_range(cd.claims()[0], model=model) is not None


def test_empty() -> None:
    table = cd.calibrate([], window="30D")
    assert table.empty
    assert {"side", "ratio_low", "ratio_high", "reference_id"} <= set(table.columns)
