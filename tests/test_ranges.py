"""Plausible ranges of single claims: docs/method.md invariants 8.1-8.5, 8.8 and 8.9."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import conflictdata as cd
from conflictdata import Basis, Claim, Interval, Measure, Qualifier, Relation, ReportingModel

from . import strategies

DEFAULT = ReportingModel()
#: Only the qualifier's words: every bias is 1.
NEUTRAL = DEFAULT.with_bias(low=1, high=1)
ESTIMATES = (Basis.OFFICIAL_STATEMENT, Basis.INTELLIGENCE_ESTIMATE, Basis.ANALYST_ESTIMATE)
CONVERTIBLE = (Measure.KILLED_OR_WOUNDED, Measure.CASUALTIES, Measure.KILLED_OR_MISSING)


def scaled(claim: Claim, k: int) -> Claim:
    if claim.qualifier is Qualifier.BETWEEN:
        assert claim.low is not None
        assert claim.high is not None
        return attrs.evolve(claim, low=claim.low * k, high=claim.high * k)
    assert claim.value is not None
    return attrs.evolve(claim, value=claim.value * k)


class TestBounds:
    """8.1: 0 <= lo <= hi, finite unless open-ended."""

    @given(strategies.claims, strategies.reporting_models())
    def test_ordered_and_finite_unless_open(self, claim: Claim, model: ReportingModel) -> None:
        interval = cd.plausible_range(claim, model=model)
        assert 0 <= interval.low <= interval.high
        may_be_open = not model.qualifier_factor(claim.qualifier).bounded
        assert interval.bounded or may_be_open

    @given(strategies.claims)
    def test_defaults_are_finite(self, claim: Claim) -> None:
        assert cd.plausible_range(claim).bounded


class TestScaling:
    """8.2: scaling X by k scales the range by k; a larger X never gives a lower bound."""

    @given(
        strategies.claims, st.integers(min_value=1, max_value=1000), strategies.reporting_models()
    )
    def test_scales(self, claim: Claim, k: int, model: ReportingModel) -> None:
        base = cd.plausible_range(claim, model=model)
        bigger = cd.plausible_range(scaled(claim, k), model=model)
        assert math.isclose(bigger.low, k * base.low, rel_tol=1e-12)
        assert math.isclose(bigger.high, k * base.high, rel_tol=1e-12) or bigger.high == math.inf

    @given(strategies.claims, st.integers(min_value=0, max_value=10_000))
    def test_monotone(self, claim: Claim, more: int) -> None:
        if claim.qualifier is Qualifier.BETWEEN:
            assert claim.high is not None
            larger = attrs.evolve(claim, high=claim.high + more)
        else:
            assert claim.value is not None
            larger = attrs.evolve(claim, value=claim.value + more)
        base, grown = cd.plausible_range(claim), cd.plausible_range(larger)
        assert grown.low >= base.low
        assert grown.high >= base.high


class TestWhoSaysIt:
    """8.3 and 8.4: own losses and counts of names are floors; adversary claims are capped."""

    @given(
        st.sampled_from([Qualifier.EXACT, Qualifier.AT_LEAST, Qualifier.MORE_THAN]).flatmap(
            lambda qualifier: strategies.claims_of(qualifier=qualifier)
        )
    )
    def test_floor(self, claim: Claim) -> None:
        own = claim.relation is Relation.SELF and claim.basis is not Basis.STATISTICAL_ESTIMATE
        assume(own or claim.basis in DEFAULT.hard_lower)
        assert claim.value is not None
        assert cd.plausible_range(claim).low >= claim.value

    @given(
        st.tuples(
            st.sampled_from([Qualifier.EXACT, Qualifier.NEARLY, Qualifier.UP_TO]),
            st.sampled_from(ESTIMATES),
        ).flatmap(
            lambda pair: strategies.claims_of(claimant_side="RU", qualifier=pair[0], basis=pair[1])
        )
    )
    def test_adversary_cap(self, claim: Claim) -> None:
        assert claim.relation is Relation.ADVERSARY
        assert claim.value is not None
        assert cd.plausible_range(claim).high <= 1.2 * claim.value

    @given(strategies.claims_of(measure=None, qualifier=Qualifier.EXACT))
    def test_bare_number_in_its_own_range(self, claim: Claim) -> None:
        assert claim.value is not None
        assert claim.value in cd.plausible_range(claim)


class TestQualifierWords:
    """8.5: nearly X <= X <= more than X; about X holds X; between A and B is [A, B]."""

    @given(strategies.claims_of(measure=None))
    def test_words(self, claim: Claim) -> None:
        assume(claim.qualifier is not Qualifier.BETWEEN)
        assert claim.value is not None
        x = claim.value

        def words(qualifier: Qualifier) -> Interval:
            changed = attrs.evolve(claim, qualifier=qualifier, qualifier_text="words")
            return cd.plausible_range(changed, model=NEUTRAL)

        assert words(Qualifier.NEARLY).high <= x <= words(Qualifier.MORE_THAN).low
        assert x in words(Qualifier.ABOUT)

    @given(strategies.claims_of(measure=None, qualifier=Qualifier.BETWEEN))
    def test_between_is_exact(self, claim: Claim) -> None:
        assert cd.plausible_range(claim, model=NEUTRAL) == Interval(claim.low or 0, claim.high or 0)

    @given(
        strategies.claims_of(
            measure=None, qualifier=Qualifier.BETWEEN, basis=Basis.STATISTICAL_ESTIMATE
        )
    )
    def test_published_interval_used_as_it_is(self, claim: Claim) -> None:
        assert cd.plausible_range(claim) == Interval(claim.low or 0, claim.high or 0)


class TestConversion:
    """8.8 and 4: killed <= killed_or_wounded, killed_or_missing <= casualties, bound by bound."""

    @given(
        strategies.claims_of(measure=Measure.KILLED_OR_WOUNDED),
        st.sampled_from(CONVERTIBLE),
        st.one_of(st.none(), strategies.reporting_models()),
    )
    def test_killed_within_source(
        self, claim: Claim, source: Measure, model: ReportingModel | None
    ) -> None:
        claim = attrs.evolve(claim, measure=source)
        killed = cd.plausible_range(claim, target="killed", model=model)
        whole = cd.plausible_range(claim, model=model)
        assert killed.low <= whole.low
        assert killed.high <= whole.high

    @given(strategies.claims_of(measure=Measure.CASUALTIES))
    def test_irrecoverable_between_killed_and_casualties(self, claim: Claim) -> None:
        killed = cd.plausible_range(claim, target="killed")
        irrecoverable = cd.plausible_range(claim, target="killed_or_missing")
        whole = cd.plausible_range(claim)
        assert killed.low <= irrecoverable.low <= whole.low
        assert killed.high <= irrecoverable.high <= whole.high

    @given(strategies.claims_of(measure=Measure.KILLED_OR_MISSING))
    def test_irrecoverable_bounds_killed_from_above_only(self, claim: Claim) -> None:
        killed = cd.plausible_range(claim, target="killed")
        assert killed.low == 0
        assert killed.high == cd.plausible_range(claim).high

    @given(strategies.claims_of(measure=Measure.MISSING))
    def test_missing_stays_missing(self, claim: Claim) -> None:
        with pytest.raises(ValueError, match="missing to killed"):
            cd.plausible_range(claim, target="killed")


class TestVectorised:
    """8.9: plausible_ranges gives the same numbers as plausible_range, claim by claim."""

    @given(strategies.claim_lists(max_size=12), st.one_of(st.none(), strategies.reporting_models()))
    def test_same_numbers(self, claims: list[Claim], model: ReportingModel | None) -> None:
        frame = cd.plausible_ranges(cd.claims_to_frame(claims), model=model)
        expected = [cd.plausible_range(claim, model=model) for claim in claims]
        assert list(frame["plausible_low"]) == [interval.low for interval in expected]
        assert list(frame["plausible_high"]) == [interval.high for interval in expected]

    @given(
        st.lists(
            st.sampled_from(["UA", "RU"]).flatmap(
                lambda side: strategies.claims_of(subject_side=side, measure=None)
            ),
            max_size=12,
        ),
        st.one_of(st.none(), strategies.reporting_models()),
    )
    def test_same_numbers_converted(
        self, claims: list[Claim], model: ReportingModel | None
    ) -> None:
        claims = [c for c in claims if c.measure in (*CONVERTIBLE, Measure.KILLED)]
        frame = cd.plausible_ranges(cd.claims_to_frame(claims), target="killed", model=model)
        expected = [cd.plausible_range(c, target="killed", model=model) for c in claims]
        assert list(frame["plausible_low"]) == [interval.low for interval in expected]
        assert list(frame["plausible_high"]) == [interval.high for interval in expected]

    def test_whole_dataset(self) -> None:
        frame = cd.plausible_ranges(cd.load_claims())
        expected = [cd.plausible_range(claim) for claim in cd.claims()]
        assert list(frame["plausible_low"]) == [interval.low for interval in expected]
        assert list(frame["plausible_high"]) == [interval.high for interval in expected]

    def test_conversion_error_names_both_measures(self) -> None:
        frame = cd.load_claims()
        with pytest.raises(cd.ConversionError, match="wounded to killed"):
            cd.plausible_ranges(frame[frame["measure"] == "wounded"], target="killed")

    def test_plain_string_columns(self) -> None:
        frame = cd.load_claims().head(20)
        plain = frame.astype({c: "object" for c in ("qualifier", "measure", "basis", "relation")})
        assert cd.plausible_ranges(plain).equals(
            cd.plausible_ranges(frame).astype(plain.dtypes.to_dict())
        )

    def test_bad_values_and_missing_columns(self) -> None:
        frame = cd.load_claims().head(3).astype({"qualifier": "object"})
        frame.loc[frame.index[0], "qualifier"] = "roughly"
        with pytest.raises(ValueError, match=r"'qualifier'.*roughly"):
            cd.plausible_ranges(frame)
        with pytest.raises(ValueError, match="needs the columns relation"):
            cd.plausible_ranges(frame.drop(columns="relation"))
