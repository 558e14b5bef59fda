"""Hypothesis strategies for every record type of conflictdata."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from conflictdata import (
    THIRD_PARTY,
    Basis,
    Claim,
    Measure,
    Population,
    Precision,
    Qualifier,
)

PARTIES = ("UA", "RU")
WAR_START = dt.date(2022, 2, 24)

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda text: text.strip() != "")
optional_texts = st.one_of(st.just(""), texts)
counts = st.integers(min_value=0, max_value=10_000_000)
days = st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2030, 12, 31))


def coarsen(day: dt.date, precision: Precision) -> dt.date:
    """The date that stands for ``day`` at ``precision`` (the month's or year's first day)."""
    if precision is Precision.YEAR:
        return dt.date(day.year, 1, 1)
    if precision is Precision.MONTH:
        return day.replace(day=1)
    return day


@st.composite
def partial_dates(draw: st.DrawFn) -> tuple[dt.date, Precision]:
    """A date with its precision, the date coarsened to match."""
    precision = draw(st.sampled_from(Precision))
    return coarsen(draw(days), precision), precision


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
    end, end_precision = draw(partial_dates().filter(lambda pair: pair[0] >= start))
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
                entry: dict[str, Any] = {"sha256": draw(sha256_hashes), "rows": draw(counts)}
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
