"""Hypothesis strategies for every record type of conflictdata, and for plausible ranges."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from conflictdata import (
    THIRD_PARTY,
    Basis,
    Claim,
    Consensus,
    Interval,
    Measure,
    Population,
    Precision,
    Qualifier,
    Relation,
    ReportingModel,
    consensus,
    consensus_series,
    plausible_range,
)

PARTIES = ("UA", "RU")
WAR_START = dt.date(2022, 2, 24)

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: text.strip() != "")
optional_texts = st.one_of(st.just(""), texts)
counts = st.integers(min_value=0, max_value=10_000_000)
days_end = dt.date(2030, 12, 31)
days = st.dates(min_value=dt.date(2014, 1, 1), max_value=days_end)


def coarsen(day: dt.date, precision: Precision) -> dt.date:
    """The date that stands for ``day`` at ``precision`` (the month's or year's first day)."""
    if precision is Precision.YEAR:
        return dt.date(day.year, 1, 1)
    if precision is Precision.MONTH:
        return day.replace(day=1)
    return day


@st.composite
def partial_dates(draw: st.DrawFn, since: dt.date | None = None) -> tuple[dt.date, Precision]:
    """A date with its precision, the date coarsened to match (and on or after ``since``)."""
    precision = draw(st.sampled_from(Precision))
    day = draw(days if since is None else st.dates(min_value=since, max_value=days_end))
    if since is not None and coarsen(day, precision) < since:
        return day, Precision.DAY
    return coarsen(day, precision), precision


@st.composite
def claim_fields(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments of a valid :class:`Claim`."""
    qualifier = draw(st.sampled_from(Qualifier))
    figure: dict[str, Any]
    if qualifier is Qualifier.BETWEEN:
        low, high = sorted(draw(st.lists(counts, min_size=2, max_size=2)))
        figure = {"low": low, "high": high}
    else:
        figure = {"value": draw(counts)}
    start = draw(days)
    end, end_precision = draw(partial_dates(since=start))
    stated, stated_precision = draw(partial_dates())
    published = draw(st.one_of(st.none(), partial_dates()))
    url = draw(st.sampled_from(["", "https://example.org/a", "http://example.net/b?c=1"]))
    if not url and published is None:
        published = (stated, stated_precision)
    quote_number = f"{figure.get('value', figure.get('low'))}"
    return {
        "claim_id": draw(slugs),
        "statement_id": draw(slugs),
        "conflict": "russia-ukraine",
        "claimant": draw(texts),
        "claimant_role": draw(optional_texts),
        "claimant_side": draw(st.sampled_from((*PARTIES, THIRD_PARTY))),
        "subject_side": draw(st.sampled_from(PARTIES)),
        "population": draw(st.sampled_from(Population)),
        "measure": draw(st.sampled_from(Measure)),
        "measure_text": draw(texts),
        "qualifier": qualifier,
        "qualifier_text": draw(texts) if qualifier is not Qualifier.EXACT else draw(optional_texts),
        **figure,
        "period_start": start,
        "period_end": end,
        "period_end_precision": end_precision,
        "stated_on": stated,
        "stated_on_precision": stated_precision,
        "basis": draw(st.sampled_from(Basis)),
        "source_title": draw(texts),
        "source_publisher": draw(texts),
        "source_url": url,
        "published_on": None if published is None else published[0],
        "published_on_precision": None if published is None else published[1],
        "quote": f"{draw(optional_texts)} {quote_number} {draw(optional_texts)}",
        "quote_language": draw(st.sampled_from(["en", "uk", "ru", "fr"])),
        "notes": draw(optional_texts),
    }


claims = claim_fields().map(lambda fields: Claim(**fields))


@st.composite
def claim_lists(draw: st.DrawFn, max_size: int = 8) -> list[Claim]:
    """Claims with unique ids."""
    return draw(st.lists(claims, max_size=max_size, unique_by=lambda claim: claim.claim_id))


segments = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
sha256_hashes = st.from_regex(r"[0-9a-f]{64}", fullmatch=True)


@st.composite
def registries(draw: st.DrawFn) -> dict[str, Any]:
    """A valid registry, as the JSON object of ``data/registry.json``."""
    registry: dict[str, Any] = {}
    for name in draw(st.lists(segments, min_size=1, max_size=3, unique=True)):
        versions = {}
        for version in draw(st.lists(segments, min_size=1, max_size=3, unique=True)):
            bundled = draw(st.booleans())
            files = {}
            for file in draw(st.lists(segments, min_size=1, max_size=3, unique=True)):
                entry: dict[str, Any] = {
                    "sha256": draw(sha256_hashes),
                    "size": draw(counts),
                    "rows": draw(counts),
                }
                if not bundled:
                    entry["url"] = f"https://example.invalid/{name}/{version}/{file}"
                files[file] = entry
            versions[version] = {"bundled": bundled, "files": files}
        registry[name] = {
            "title": draw(texts),
            "description": draw(texts),
            "licence": draw(texts),
            "attribution": draw(texts),
            "homepage": draw(st.sampled_from([None, "https://example.invalid/"])),
            "versions": versions,
        }
    return registry


# Ranges -------------------------------------------------------------------------------------


@st.composite
def intervals(draw: st.DrawFn, *, open_ended: bool = True) -> Interval:
    """A non-negative interval, sometimes with an open-ended upper bound."""
    low = draw(st.floats(min_value=0, max_value=1e7, allow_nan=False))
    if open_ended and draw(st.booleans()):
        return Interval(low, math.inf)
    return Interval(low, low + draw(st.floats(min_value=0, max_value=1e7, allow_nan=False)))


@st.composite
def factors(draw: st.DrawFn, *, at_most_one: bool = False) -> Interval:
    """A positive factor; ``at_most_one`` for a measure conversion (never above 1)."""
    high = draw(st.floats(min_value=0.01, max_value=1.0 if at_most_one else 10.0))
    return Interval(draw(st.floats(min_value=0.01, max_value=high)), high)


@st.composite
def reporting_models(draw: st.DrawFn) -> ReportingModel:
    """A reporting model with random factors, some side-specific, some open-ended."""
    model = ReportingModel(
        qualifiers={q: draw(factors()) for q in Qualifier},
        bias={(None, r, b): draw(factors()) for r in Relation for b in Basis},
    )
    if draw(st.booleans()):
        model = model.with_qualifier(Qualifier.MORE_THAN, low=1.0, high=math.inf)
    for side in draw(st.lists(st.sampled_from(PARTIES), unique=True)):
        factor = draw(factors())
        model = model.with_bias(
            relation=draw(st.sampled_from(Relation)),
            basis=draw(st.sampled_from(Basis)),
            low=factor.low,
            high=factor.high,
            side=side,
        )
        conversion = draw(factors(at_most_one=True))
        model = model.with_conversion(
            source=Measure.KILLED_OR_WOUNDED,
            target=Measure.KILLED,
            low=conversion.low,
            high=conversion.high,
            side=side,
        )
    return model


@st.composite
def claims_of(
    draw: st.DrawFn,
    *,
    subject_side: str = "UA",
    population: Population = Population.MILITARY,
    measure: Measure | None = Measure.KILLED,
    **fixed: Any,
) -> Claim:
    """A claim about one quantity, counted since the war began (``measure=None``: any measure).

    Other fields can be fixed by keyword, e.g. ``qualifier=Qualifier.EXACT``.
    """
    fields = draw(claim_fields())
    end, end_precision = draw(partial_dates(since=WAR_START))
    fields |= {
        "subject_side": subject_side,
        "population": population,
        "measure": measure if measure is not None else fields["measure"],
        "period_start": WAR_START,
        "period_end": end,
        "period_end_precision": end_precision,
    }
    fields |= fixed
    if fields["qualifier"] is Qualifier.BETWEEN:
        if fields.get("low") is None:
            low, high = sorted(draw(st.lists(counts, min_size=2, max_size=2)))
            fields |= {"value": None, "low": low, "high": high}
    else:
        fields |= {"low": None, "high": None}
        if fields.get("value") is None:
            fields["value"] = draw(counts)
    if not fields["qualifier_text"].strip() and fields["qualifier"] is not Qualifier.EXACT:
        fields["qualifier_text"] = "words"
    return Claim(**fields)


def quantity_claims(max_size: int = 8, **fixed: Any) -> st.SearchStrategy[list[Claim]]:
    """Claims about one quantity, with unique ids."""
    return st.lists(
        claims_of(**fixed), min_size=1, max_size=max_size, unique_by=lambda claim: claim.claim_id
    )


def example_claim(claim_id: str, **changes: Any) -> Claim:
    """A valid claim for example-based tests: UA military killed since the war began."""
    fields: dict[str, Any] = {
        "claim_id": claim_id,
        "statement_id": claim_id,
        "conflict": "russia-ukraine",
        "claimant": "Someone",
        "claimant_side": THIRD_PARTY,
        "subject_side": "UA",
        "population": "military",
        "measure": "killed",
        "measure_text": "killed",
        "qualifier": "exact",
        "value": 1000,
        "period_start": WAR_START,
        "period_end": dt.date(2024, 1, 1),
        "stated_on": dt.date(2024, 1, 1),
        "basis": "intelligence_estimate",
        "source_title": "A source",
        "source_publisher": "A publisher",
        "source_url": "https://example.org/a",
        "quote": "1000 killed",
        "quote_language": "en",
    }
    if "low" in changes:
        fields |= {"qualifier": "between", "qualifier_text": "between", "value": None}
    elif changes.get("qualifier", "exact") != "exact":
        fields["qualifier_text"] = "words"
    return Claim(**(fields | changes))


@st.composite
def claims_around(draw: st.DrawFn, truth: int = 1_000_000, **fixed: Any) -> Claim:
    """A claim as :func:`claims_of` draws it, whose default plausible range holds ``truth``."""
    qualifier = draw(st.sampled_from([q for q in Qualifier if q is not Qualifier.BETWEEN]))
    claim = draw(claims_of(**({"qualifier": qualifier, "value": 1} | fixed)))
    unit = plausible_range(claim)
    smallest, largest = math.ceil(truth / unit.high), math.floor(truth / unit.low)
    assume(smallest <= largest)
    return attrs.evolve(claim, value=draw(st.integers(smallest, largest)))


def strict_consensus(claims: Any, **options: Any) -> Consensus:
    """The strict consensus of sections 5 and 6 (what ``consensus`` did before method v2)."""
    return consensus(claims, method="strict", **options)


def strict_series(claims: Any, **options: Any) -> Any:
    """The strict series of section 6 (what ``consensus_series`` did before method v2)."""
    return consensus_series(claims, method="strict", **options)


# Method v2 ----------------------------------------------------------------------------------

#: A model without any rate limit: the fault-tolerant band alone (the method, section 8.2).
NO_RATE = ReportingModel(rates={}, derived_rate_margin=math.inf)


def one_statement_each(claims: list[Claim]) -> list[Claim]:
    """The claims with every claim its own statement (no outlet twins)."""
    return [attrs.evolve(claim, statement_id=claim.claim_id) for claim in claims]


@st.composite
def bound_paths(draw: st.DrawFn, max_steps: int = 12) -> tuple[Any, Any, Any]:
    """``(low, high, days)`` arrays: lower and upper bounds on ascending days, some open."""
    import numpy as np

    steps = draw(st.integers(1, max_steps))
    gaps = draw(st.lists(st.integers(1, 400), min_size=steps, max_size=steps))
    days = np.cumsum(gaps).astype("float64")
    lows = draw(st.lists(st.floats(0, 1e6), min_size=steps, max_size=steps))
    widths = draw(
        st.lists(st.one_of(st.floats(0, 1e6), st.just(math.inf)), min_size=steps, max_size=steps)
    )
    low = np.array(lows)
    return low, low + np.array(widths), days


rates = st.one_of(st.floats(0, 1e4), st.just(math.inf))


# Posterior ----------------------------------------------------------------------------------


def scaled(claim: Claim, factor: int) -> Claim:
    """The claim with its figure multiplied by ``factor``."""
    if claim.value is None:
        assert claim.low is not None
        assert claim.high is not None
        return attrs.evolve(claim, low=claim.low * factor, high=claim.high * factor)
    return attrs.evolve(claim, value=claim.value * factor)


def agreeing_claims(
    min_size: int = 1, max_size: int = 6, truth: int = 1_000_000
) -> st.SearchStrategy[list[Claim]]:
    """Claims about one quantity whose default plausible ranges all hold ``truth``; one statement
    each (no figure is zero on the log scale)."""
    return st.lists(
        claims_around(truth),
        min_size=min_size,
        max_size=max_size,
        unique_by=(lambda claim: claim.claim_id, lambda claim: claim.statement_id),
    )


maybe_dates = st.one_of(st.none(), st.dates(WAR_START, days_end))


def agreeing_votes(truth: int = 1_000_000) -> st.SearchStrategy[list[Claim]]:
    """Claims about one quantity that all allow ``truth``, each its own statement."""
    return st.lists(
        claims_around(truth), min_size=1, max_size=6, unique_by=lambda c: c.claim_id
    ).map(one_statement_each)


def votes(max_size: int = 8) -> st.SearchStrategy[list[Claim]]:
    """Claims about one quantity, each its own statement."""
    return quantity_claims(max_size).map(one_statement_each)


@st.composite
def vote_bounds(draw: st.DrawFn, max_votes: int = 6, max_steps: int = 4) -> tuple[Any, list[Any]]:
    """Bounds of one quantity for the robust selection, and the indices of each vote's bounds.

    Each vote bounds the toll from below on one step and from above on the same or an earlier
    step (a period known to the day, or to the month); some bounds are hard.
    """
    import numpy as np

    from conflictdata.method.robust import Bounds

    steps = draw(st.integers(1, max_steps))
    step, value, upper, weight, owned = [], [], [], [], []
    for _ in range(draw(st.integers(1, max_votes))):
        low_step = draw(st.integers(0, steps - 1))
        high_step = draw(st.integers(0, low_step))
        low = float(draw(st.integers(0, 20)))
        high = low + draw(st.integers(0, 20))
        owned.append(np.arange(len(step), len(step) + 2))
        step += [low_step, high_step]
        value += [low, high]
        upper += [False, True]
        weight += [float(draw(st.integers(1, 3)))] * 2
    if draw(st.booleans()):  # a hard lower bound, no vote
        step.append(draw(st.integers(0, steps - 1)))
        value.append(float(draw(st.integers(0, 20))))
        upper.append(False)
        weight.append(math.inf)
    n = len(step)
    bounds = Bounds(
        np.zeros(n, dtype=np.intp),
        np.array(step, dtype=np.intp),
        np.array(value),
        np.array(upper),
        np.array(weight),
        1,
        steps,
    )
    return bounds, owned
