"""The posterior: METHOD.md section 9 invariant 12 as properties, and the model's parts."""

from __future__ import annotations

import datetime as dt
import json
import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import Claim, Estimate

from . import strategies
from .strategies import agreeing_claims, example_claim, scaled

TRUTH = 1_000_000
# A path over ten years of months per example: fewer examples than the default.
over_time = settings(max_examples=30)
ON = dt.date(2031, 6, 1)  # after every drawn period end: the answer is carried forward
factors = st.integers(min_value=2, max_value=1000)
dates_on = st.one_of(st.none(), st.just(ON))


def positive(claim: Claim) -> bool:
    # a figure on the log scale: a bare value, or a range whose lower end is above zero
    return (claim.value or 0) > 0 or (claim.low or 0) > 0


def assert_nested(result: Estimate) -> None:
    assert result.interval_50 in result.interval_90
    assert result.median in result.interval_50
    assert result.median in result.interval_90


def assert_scaled(result: Estimate, base: Estimate, factor: int) -> None:
    assert result.median == pytest.approx(base.median * factor, rel=1e-6)
    for mine, theirs in (
        (result.interval_50, base.interval_50),
        (result.interval_90, base.interval_90),
    ):
        assert mine.low == pytest.approx(theirs.low * factor, rel=1e-6)
        assert mine.high == pytest.approx(theirs.high * factor, rel=1e-6)
    assert result.wrong_probability == pytest.approx(base.wrong_probability, abs=1e-6)


# Invariant 12 -------------------------------------------------------------------------------


@over_time
@given(agreeing_claims(), dates_on)
def test_the_50_interval_lies_inside_the_90_one_and_both_hold_the_median(
    claims: list[Claim], on: dt.date | None
) -> None:
    assert_nested(cd.estimate(claims, on=on))


@over_time
@given(agreeing_claims(), factors, dates_on)
def test_scaling_every_claim_scales_the_answer(
    claims: list[Claim], factor: int, on: dt.date | None
) -> None:
    # The derived increment rate scales with the claims.
    base = cd.estimate(claims, on=on)
    assert_scaled(cd.estimate([scaled(c, factor) for c in claims], on=on), base, factor)


@over_time
@given(agreeing_claims(), factors, st.floats(min_value=1.0, max_value=1e4))
def test_scaling_every_claim_and_the_rate_scales_the_answer(
    claims: list[Claim], factor: int, rate: float
) -> None:
    def model(per_day: float) -> cd.ReportingModel:
        return cd.ReportingModel().with_increment_rate(
            subject_side="UA", population="military", measure="killed", rate=per_day
        )

    base = cd.estimate(claims, on=ON, model=model(rate))
    result = cd.estimate([scaled(c, factor) for c in claims], on=ON, model=model(rate * factor))
    assert_scaled(result, base, factor)
    assert result.rate == pytest.approx(rate * factor)


@over_time
@given(agreeing_claims(min_size=3), st.sampled_from([100, 1000, 10_000]), st.booleans(), dates_on)
def test_a_claim_far_outside_the_rest_is_probably_wrong_and_moves_the_median_little(
    claims: list[Claim], factor: int, above: bool, on: dt.date | None
) -> None:
    # One date for all, so that "the rest" agree with each other on one value.
    claims = [
        attrs.evolve(c, period_end=claims[0].period_end, period_end_precision="day") for c in claims
    ]
    value = TRUTH * factor if above else TRUTH // factor
    outlier = example_claim("far-outside", value=value, period_end=claims[0].period_end)
    # A given rate: the rate derived from the claims moves with them, as it should.
    model = cd.ReportingModel().with_increment_rate(
        subject_side="UA", population="military", measure="killed", rate=TRUTH / 1000
    )
    base = cd.estimate(claims, on=on, model=model)
    result = cd.estimate([*claims, outlier], on=on, model=model)
    assert result.wrong_probability["far-outside"] > 0.9
    # "Little": a tenth of the width of the 90% interval, on the log scale.
    width = math.log(base.interval_90.high / base.interval_90.low)
    assert abs(math.log(result.median / base.median)) <= 0.1 * width


# Other properties -------------------------------------------------------------------------------


@over_time
@given(agreeing_claims(max_size=4), dates_on, st.randoms(use_true_random=False))
def test_the_estimate_does_not_depend_on_the_order_of_the_claims(
    claims: list[Claim], on: dt.date | None, random: object
) -> None:
    shuffled = list(claims)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert cd.estimate(shuffled, on=on) == cd.estimate(claims, on=on)


@over_time
@given(agreeing_claims(max_size=4), dates_on)
def test_an_outlet_twin_of_a_statement_counts_once(claims: list[Claim], on: dt.date | None) -> None:
    twin = attrs.evolve(claims[0], claim_id=claims[0].claim_id + "-twin")
    base, result = cd.estimate(claims, on=on), cd.estimate([*claims, twin], on=on)
    assert result.median == pytest.approx(base.median, rel=1e-9)
    assert result.interval_90.low == pytest.approx(base.interval_90.low, rel=1e-9)
    assert result.interval_90.high == pytest.approx(base.interval_90.high, rel=1e-9)


@over_time
@given(agreeing_claims(max_size=4))
def test_a_hard_lower_bound_always_holds(claims: list[Claim]) -> None:
    names = example_claim("names", value=TRUTH, basis="named_count", period_end=dt.date(2022, 3, 1))
    result = cd.estimate([*claims, names], on=ON)
    assert result.interval_90.low >= TRUTH


@over_time
@given(strategies.quantity_claims(max_size=6).filter(lambda cs: all(positive(c) for c in cs)))
def test_the_series_never_decreases_and_nests_its_intervals(claims: list[Claim]) -> None:
    series = cd.estimate_series(claims)
    for column in ("median", "low_50", "high_50", "low_90", "high_90"):
        assert series[column].is_monotonic_increasing
    assert (series["low_90"] <= series["low_50"]).all()
    assert (series["low_50"] <= series["median"]).all()
    assert (series["median"] <= series["high_50"]).all()
    assert (series["high_50"] <= series["high_90"]).all()


def test_the_series_at_a_date_matches_the_estimate_on_it() -> None:
    claims = [
        example_claim("early", value=20_000, period_end=dt.date(2023, 1, 1)),
        example_claim("late", value=60_000, period_end=dt.date(2025, 1, 1)),
    ]
    series = cd.estimate_series(claims).set_index("date")
    result = cd.estimate(claims, on="2024-01-01")
    assert series.loc["2024-01-01", "median"] == pytest.approx(result.median, rel=1e-9)
    assert result.interval_90.low > 20_000 * 0.5
    assert not result.extrapolated
    assert cd.estimate(claims, on="2025-06-01").extrapolated
    assert cd.estimate(claims, on="2025-06-01").as_of == dt.date(2025, 1, 1)


def test_a_later_date_past_the_claims_widens_the_interval_upward() -> None:
    claims = [
        example_claim("early", value=20_000, period_end=dt.date(2023, 1, 1)),
        example_claim("late", value=60_000, period_end=dt.date(2025, 1, 1)),
    ]
    then, later = cd.estimate(claims, on="2025-01-01"), cd.estimate(claims, on="2026-01-01")
    assert later.median > then.median
    assert later.interval_90.high > then.interval_90.high
    assert later.interval_90.bounded


def test_mixed_quantities_and_no_claims_are_refused() -> None:
    with pytest.raises(cd.MixedClaimsError):
        cd.estimate([example_claim("a"), example_claim("b", measure="wounded")])
    with pytest.raises(ValueError, match="no claims"):
        cd.estimate([example_claim("a")], as_of="2020-01-01")


# The model's new parts -------------------------------------------------------------------------


def test_the_posterior_parameters_are_saved_and_older_models_load() -> None:
    model = (
        cd.ReportingModel()
        .with_posterior(outlier_probability=0.1, increment_cv_year=2.0)
        .with_increment_rate(subject_side="RU", population="military", measure="killed", rate=300)
    )
    assert cd.ReportingModel.from_json(model.to_json()) == model
    older = json.loads(cd.ReportingModel().to_json())
    del older["posterior"]
    loaded = cd.ReportingModel.from_json(json.dumps(older))
    assert loaded == cd.ReportingModel()
    assert (loaded.outlier_probability, loaded.increment_cv_year) == (0.05, 1.0)
    assert loaded.increment_rate("RU", "military", "killed") is None
    assert model.increment_rate("RU", "military", "killed") == 300


@pytest.mark.parametrize(
    "change",
    [{"outlier_probability": 1.0}, {"outlier_probability": -0.1}, {"increment_cv_year": 0.0}],
)
def test_bad_posterior_parameters_are_refused(change: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(change))):
        cd.ReportingModel().with_posterior(**change)
    with pytest.raises(ValueError, match="rate"):
        cd.ReportingModel().with_increment_rate(
            subject_side="UA", population="military", measure="killed", rate=math.inf
        )


def test_without_outliers_no_claim_is_wrong() -> None:
    model = cd.ReportingModel().with_posterior(outlier_probability=0.0)
    agreeing = [example_claim("a", value=1000), example_claim("b", value=1100)]
    assert set(cd.estimate(agreeing, model=model).wrong_probability.values()) == {0.0}
