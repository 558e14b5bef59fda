"""The posterior end to end on the bundled claims: what the model implies for the real figures.

Expectations are derived from the data and the consensus (docs/method.md, sections 5 and 6), not
copied from output.
"""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest

import conflictdata as cd
from conflictdata import Claim
from conflictdata.method.posterior import posterior_evaluation

WAR_START = dt.date(2022, 2, 24)
CASES = [
    ("UA", "killed", dt.date(2024, 12, 8)),
    ("RU", "killed", dt.date(2025, 8, 31)),
    ("RU", "killed", dt.date(2024, 6, 30)),
    ("RU", "casualties", dt.date(2025, 10, 31)),
]


def quantity(side: str, measure: str) -> tuple[Claim, ...]:
    return cd.claims_about(cd.claims(), subject_side=side, population="military", measure=measure)


@pytest.mark.parametrize("knowable", [True, False], ids=["as of", "with hindsight"])
@pytest.mark.parametrize(("side", "measure", "on"), CASES)
def test_the_median_lies_inside_a_consistent_consensus(
    side: str, measure: str, on: dt.date, knowable: bool
) -> None:
    claims = quantity(side, measure)
    as_of = on if knowable else None
    band = cd.consensus(claims, on=on, as_of=as_of, method="strict")
    robust = cd.consensus(claims, on=on, as_of=as_of)
    if not band.consistent or robust.falsetickers:
        # a claim the strict method cannot place, or one that only the rate envelope shows to be
        # wrong (Trump's "almost a million" Russian killed, January 2025): see the robust test
        assert robust.falsetickers
        return
    result = cd.estimate(claims, on=on, as_of=as_of)
    assert result.median in band.interval
    assert result.interval_90.bounded  # the increment prior bounds "as of now" too


@pytest.mark.parametrize("knowable", [True, False], ids=["as of", "with hindsight"])
@pytest.mark.parametrize(
    ("side", "measure", "on"), [*CASES, ("UA", "killed", dt.date(2026, 2, 28))]
)
def test_the_median_lies_inside_the_robust_band_and_its_falsetickers_are_probably_wrong(
    side: str, measure: str, on: dt.date, knowable: bool
) -> None:
    claims = quantity(side, measure)
    as_of = on if knowable else None
    band = cd.consensus(claims, on=on, as_of=as_of)
    result = cd.estimate(claims, on=on, as_of=as_of)
    assert result.median in band.interval
    for claim_id, _cost in band.falsetickers:
        assert result.wrong_probability[claim_id] > 0.9


def test_the_claim_that_alone_sets_the_strict_floor_is_probably_wrong() -> None:
    claims = quantity("UA", "killed")
    on = dt.date(2026, 2, 28)
    band = cd.consensus(claims, on=on, method="strict")
    floor_setters = [
        claim
        for claim in claims
        if claim.period_end_by <= on and cd.plausible_range(claim).low == band.interval.low
    ]
    # One statement sets it: a third party's remark, far above every list of names.
    assert len({claim.statement_id for claim in floor_setters}) == 1
    assert band.hard_lower is not None
    assert band.interval.low > 2 * band.hard_lower[0]
    result = cd.estimate(claims, on=on)
    for claim in floor_setters:
        assert result.wrong_probability[claim.claim_id] > 0.9
    assert result.interval_90.low >= band.hard_lower[0]
    assert result.median < band.interval.low


@pytest.mark.parametrize("side", ["UA", "RU"])
@pytest.mark.parametrize("factor", [100, 0.01])
def test_an_injected_outlier_is_probably_wrong_and_moves_the_median_little(
    side: str, factor: float
) -> None:
    claims = quantity(side, "killed")
    # Not a hard lower bound: those always hold, wrong or not (the method trusts lists of names).
    hard = cd.ReportingModel().hard_lower
    estimates = [
        c
        for c in claims
        if c.relation == "third_party" and c.value is not None and c.basis not in hard
    ]
    latest = max(estimates, key=lambda c: (c.period_end, c.claim_id))
    on = latest.period_end_by
    injected = attrs.evolve(
        latest,
        claim_id="injected",
        statement_id="injected",
        value=round(latest.value * factor),  # type: ignore[operator]
    )
    base = cd.estimate(claims, on=on)
    result = cd.estimate([*claims, injected], on=on)
    assert result.wrong_probability["injected"] > 0.9
    width = math.log(base.interval_90.high / base.interval_90.low)
    assert abs(math.log(result.median / base.median)) <= 0.1 * width


@pytest.fixture(scope="module")
def evaluation() -> cd.method.posterior.PosteriorEvaluation:
    military_killed = [
        c
        for c in cd.claims()
        if c.population == "military" and c.measure == "killed" and c.period_start == WAR_START
    ]
    return posterior_evaluation(military_killed, rate_factors=(), cv_factors=(2.0,))


def test_no_list_of_names_lies_above_a_90_interval_left_without_it(
    evaluation: cd.method.posterior.PosteriorEvaluation,
) -> None:
    one_sided = evaluation.references[evaluation.references["one_sided"]]
    assert len(one_sided) > 10
    assert one_sided["covered_90"].all()


def test_the_coverage_counts_add_up(evaluation: cd.method.posterior.PosteriorEvaluation) -> None:
    table, summary = evaluation.references, evaluation.summary
    print(  # the counts, for the report (pytest -s)
        f"\n90%: {summary['covered_90']:.0f} of {summary['n']:.0f};"
        f" 50%: {summary['covered_50']:.0f} of {summary['n']:.0f}"
    )
    assert summary["n"] == len(table)
    assert summary["covered_50"] <= summary["covered_90"]  # the 50% interval lies inside
    assert (table["low_90"] <= table["median"]).all()
    assert set(evaluation.sensitivity["prior"]) == {"cv x2"}


@pytest.mark.xfail(
    reason="two-sided third-party estimates fall inside the 90% interval far less often than 90%:"
    " the default third-party bias [0.55, 1.3] centres the truth at 0.85 of their figures; see the"
    " method page, 'How well the posterior covers the references'",
    strict=True,
)
def test_90_intervals_cover_the_two_sided_references_at_about_their_rate(
    evaluation: cd.method.posterior.PosteriorEvaluation,
) -> None:
    two_sided = evaluation.references[~evaluation.references["one_sided"]]
    assert two_sided["covered_90"].mean() >= 0.8
