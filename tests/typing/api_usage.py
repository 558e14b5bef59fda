"""Code a user would write; it must type-check under mypy --strict."""

from __future__ import annotations

import datetime as dt

import conflictdata as cd

claims: tuple[cd.Claim, ...] = cd.claims(as_of=dt.date(2025, 1, 1))
first = claims[0]
measure: cd.Measure = first.measure
relation: cd.Relation = first.relation
value: int | None = first.value
line: str = first.citation()
frame = cd.load_claims(version=cd.CLAIMS_VERSION)
back: tuple[cd.Claim, ...] = cd.claims_from_frame(frame)

try:
    cd.claims(version="1999.1.0")
except cd.UnknownDatasetError as error:
    message: str = str(error)

model = cd.ReportingModel().with_bias(relation="self", basis="official_statement", low=1, high=3)
interval: cd.Interval = cd.plausible_range(first, model=model)
bounded: bool = interval.bounded
ranged = cd.plausible_ranges(frame, model=model)
ua_killed = [
    c
    for c in claims
    if (c.subject_side, c.measure) == ("UA", "killed") and c.population == "military"
]
cumulative = [c for c in ua_killed if c.period_start == dt.date(2022, 2, 24)]
result: cd.Consensus = cd.consensus(cumulative, on=dt.date(2024, 1, 1), as_of="2024-06-30")
witness: tuple[str, str] | None = result.witness
hard_lower: tuple[float, str] | None = result.hard_lower
series = cd.consensus_series(cumulative, freq="MS", target=cd.Measure.KILLED)
calibrated = cd.ReportingModel.from_calibration(cd.calibrate(claims, window="60D"))

try:
    cd.plausible_range(first, target="missing")
except cd.ConversionError as error:
    problem: ValueError = error
