"""The reporting model: docs/method.md's defaults, overrides, and JSON that records a model."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import pytest
from hypothesis import given

import conflictdata as cd
from conflictdata import Basis, Interval, Measure, Qualifier, Relation, ReportingModel

from . import strategies

if TYPE_CHECKING:
    from pathlib import Path

DEFAULT = ReportingModel()


class TestDefaults:
    """ReportingModel() is docs/method.md sections 2 to 4."""

    @pytest.mark.parametrize(
        ("qualifier", "low", "high"),
        [
            ("exact", 1.0, 1.0),
            ("about", 0.9, 1.1),
            ("more_than", 1.0, 1.25),
            ("at_least", 1.0, 1.25),
            ("nearly", 0.9, 1.0),
            ("up_to", 0.8, 1.0),
            ("fewer_than", 0.75, 1.0),
            ("between", 1.0, 1.0),
        ],
    )
    def test_qualifiers(self, qualifier: str, low: float, high: float) -> None:
        assert DEFAULT.qualifier_factor(qualifier) == Interval(low, high)

    @pytest.mark.parametrize(
        ("relation", "basis", "low", "high"),
        [
            ("self", "official_statement", 1.0, 5.0),
            ("adversary", "official_statement", 0.3, 1.2),
            ("third_party", "intelligence_estimate", 0.55, 1.3),
            ("third_party", "analyst_estimate", 0.55, 1.3),
            ("third_party", "named_count", 1.0, 2.5),
            ("self", "named_count", 1.0, 2.5),
            ("third_party", "verified_count", 1.0, 3.0),
            ("third_party", "statistical_estimate", 0.85, 1.2),
        ],
    )
    def test_bias(self, relation: str, basis: str, low: float, high: float) -> None:
        assert DEFAULT.bias_factor(relation, basis) == Interval(low, high)

    def test_statistical_estimate_with_its_interval_is_taken_as_published(self) -> None:
        factor = DEFAULT.bias_factor("third_party", "statistical_estimate", stated_interval=True)
        assert factor == Interval(1, 1)
        other = DEFAULT.bias_factor("third_party", "intelligence_estimate", stated_interval=True)
        assert other == Interval(0.55, 1.3)

    @pytest.mark.parametrize(
        ("side", "low"), [("RU", 0.2), ("UA", 0.07), ("XX", 0.07), (None, 0.07)]
    )
    @pytest.mark.parametrize("source", ["killed_or_wounded", "casualties"])
    def test_killed_share(self, side: str | None, low: float, source: str) -> None:
        assert DEFAULT.conversion_factor(source, "killed", side=side) == Interval(low, 0.4)

    @pytest.mark.parametrize(
        ("side", "low"), [("RU", 0.2), ("UA", 0.07), ("XX", 0.07), (None, 0.07)]
    )
    def test_irrecoverable_losses_lie_between_killed_and_casualties(
        self, side: str | None, low: float
    ) -> None:
        # killed <= killed_or_missing <= casualties (docs/method.md section 4)
        to_irrecoverable = DEFAULT.conversion_factor("casualties", "killed_or_missing", side=side)
        assert to_irrecoverable == Interval(low, 1.0)
        killed = DEFAULT.conversion_factor("casualties", "killed", side=side)
        assert to_irrecoverable.low <= killed.low
        assert killed.high <= to_irrecoverable.high

    @pytest.mark.parametrize("side", ["RU", "UA", None])
    def test_irrecoverable_losses_bound_killed_from_above_only(self, side: str | None) -> None:
        assert DEFAULT.conversion_factor("killed_or_missing", "killed", side=side) == Interval(0, 1)

    def test_hard_lower_bounds(self) -> None:
        assert DEFAULT.hard_lower == {Basis.NAMED_COUNT, Basis.VERIFIED_COUNT}

    def test_every_default_bias_contains_one(self) -> None:
        # docs/method.md invariant 8.4
        factors = [*DEFAULT.bias.values(), *DEFAULT.published_interval_bias.values()]
        assert all(1 in factor for factor in factors)


class TestConversions:
    """A conversion the model cannot make names both measures; none may exceed 1."""

    @pytest.mark.parametrize(
        ("source", "target"),
        [
            ("missing", "killed"),
            ("killed", "killed_or_wounded"),
            ("killed", "killed_or_missing"),
            ("killed_or_wounded", "killed_or_missing"),
            ("killed_or_missing", "casualties"),
        ],
    )
    def test_unknown_conversion(self, source: str, target: str) -> None:
        with pytest.raises(cd.ConversionError, match=f"{source}.*{target}") as caught:
            DEFAULT.conversion_factor(source, target, side="RU")
        assert isinstance(caught.value, ValueError)

    def test_identity(self) -> None:
        assert DEFAULT.conversion_factor("missing", "missing") == Interval(1, 1)

    def test_target_never_exceeds_source(self) -> None:
        with pytest.raises(ValueError, match="never exceeds"):
            DEFAULT.with_conversion(source="killed", target="killed_or_wounded", low=1, high=2)


class TestOverrides:
    """with_* return changed copies; the original is untouched."""

    def test_with_bias_one_cell(self) -> None:
        model = DEFAULT.with_bias(relation="self", basis="official_statement", low=1, high=3)
        assert model.bias_factor("self", "official_statement") == Interval(1, 3)
        assert model.bias_factor("self", "analyst_estimate") == Interval(1, 5)
        assert DEFAULT.bias_factor("self", "official_statement") == Interval(1, 5)

    def test_with_bias_side_specific(self) -> None:
        model = DEFAULT.with_bias(relation="self", low=1.3, high=2.0, side="UA")
        for basis in Basis:
            assert model.bias_factor("self", basis, side="UA") == Interval(1.3, 2.0)
        assert model.bias_factor("self", "official_statement", side="RU") == Interval(1, 5)

    def test_open_ended_more_than(self) -> None:
        model = DEFAULT.with_qualifier("more_than", low=1.0, high=math.inf)
        assert not model.qualifier_factor(Qualifier.MORE_THAN).bounded

    def test_every_qualifier_and_bias_needed(self) -> None:
        with pytest.raises(ValueError, match="every qualifier"):
            ReportingModel(qualifiers={"exact": (1, 1)})
        with pytest.raises(ValueError, match="relation/basis"):
            ReportingModel(bias={(None, "self", "named_count"): (1, 2)})


class TestJson:
    """A model saved as JSON loads back equal, open-ended bounds included."""

    @given(strategies.reporting_models())
    def test_round_trip(self, model: ReportingModel) -> None:
        assert ReportingModel.from_json(model.to_json()) == model

    def test_open_ended_is_null(self) -> None:
        model = DEFAULT.with_qualifier("more_than", low=1, high=math.inf)
        document = json.loads(model.to_json())
        [entry] = [e for e in document["qualifiers"] if e["qualifier"] == "more_than"]
        assert entry["high"] is None

    def test_save_and_load(self, tmp_path: Path) -> None:
        path = tmp_path / "model.json"
        model = DEFAULT.with_bias(relation="adversary", low=0.5, high=1.0, side="UA")
        model.save(path)
        assert ReportingModel.load(path) == model

    def test_bad_file_names_it(self, tmp_path: Path) -> None:
        path = tmp_path / "model.json"
        path.write_text('{"qualifiers": []}', encoding="utf-8")
        with pytest.raises(ValueError, match=r"model\.json.*not a reporting model"):
            ReportingModel.load(path)


class TestFromCalibration:
    """from_calibration sets side-specific bias from the observed ratios."""

    def test_observed_range_becomes_the_side_bias(self) -> None:
        import pandas as pd

        table = pd.DataFrame(
            {
                "side": ["UA", "UA", "RU"],
                "relation": ["self", "self", "adversary"],
                "basis": ["official_statement"] * 3,
                "ratio_low": [1.4, 1.8, 0.5],
                "ratio_high": [1.6, 2.2, 0.7],
            }
        )
        model = ReportingModel.from_calibration(table)
        assert model.bias_factor("self", "official_statement", side="UA") == Interval(1.4, 2.2)
        assert model.bias_factor("adversary", "official_statement", side="RU") == Interval(0.5, 0.7)
        assert model.bias_factor(Relation.SELF, "official_statement", side="RU") == Interval(1, 5)

    def test_empty_table_keeps_the_base(self) -> None:
        empty = cd.calibrate([])
        assert ReportingModel.from_calibration(empty) == DEFAULT


def test_measure_strings_and_members_agree() -> None:
    assert DEFAULT.conversion_factor(Measure.CASUALTIES, "killed", side="RU") == Interval(0.2, 0.4)
