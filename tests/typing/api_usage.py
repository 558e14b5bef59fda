"""Code a user would write; it must type-check under mypy --strict."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import conflictdata as cd
from conflictdata import plot

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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


if TYPE_CHECKING:  # needs downloads (or a mirror): type-checked, never run
    from pathlib import Path

    infos: tuple[cd.DatasetInfo, ...] = cd.datasets()
    release: cd.DatasetVersion = cd.dataset("general-staff").version("2026-08-08")
    entry: cd.DatasetFile = release.file("russia_losses_personnel.json")
    rows: int = entry.rows
    path: Path = cd.fetch("general-staff", release.version, file=entry.name, progress=False)
    series = cd.load_general_staff(equipment=True)
    yearly: tuple[cd.Claim, ...] = cd.general_staff_claims(yearly=True)
    reports: tuple[cd.Claim, ...] = cd.general_staff_claims(
        dates=[dt.date(2025, 1, 1), "2026-01-01"]
    )
    cached: tuple[Path, ...] = cd.cached_files()
    written: tuple[Path, ...] = cd.write_mirror(cd.cache_dir() / "mirror")
    latest: str = cd.CLAIMS_VERSION

    try:
        cd.fetch("general-staff")
    except cd.DataUnavailableError as unavailable:
        errno: int | None = unavailable.errno
    except cd.UnknownDatasetError as unknown:
        known: str = str(unknown)


model = cd.ReportingModel().with_bias(relation="self", basis="official_statement", low=1, high=3)
interval: cd.Interval = cd.plausible_range(first, model=model)
bounded: bool = interval.bounded
ranged = cd.plausible_ranges(frame, model=model)
cumulative: tuple[cd.Claim, ...] = cd.claims_about(
    claims, subject_side="UA", population=cd.Population.MILITARY, measure="killed", scope=""
)
result: cd.Consensus = cd.consensus(cumulative, on=dt.date(2024, 1, 1), as_of="2024-06-30")
witness: tuple[str, str] | None = result.witness
hard_lower: tuple[float, str] | None = result.hard_lower
carried = cd.consensus_series(cumulative, freq="MS", target=cd.Measure.KILLED)
calibrated = cd.ReportingModel.from_calibration(cd.calibrate(claims, window="60D"))

try:
    cd.plausible_range(first, target="missing")
except cd.ConversionError as conversion_error:
    problem: ValueError = conversion_error

descriptor: dict[str, Any] = cd.claims_datapackage("2026.11.0")
resources_listed: list[dict[str, Any]] = descriptor["resources"]

axes: Axes = plot.claims_timeline(
    claims, subject_side="RU", population="military", measure="casualties", method="strict"
)
axes = plot.compare_claimants(
    claims, subject_side="UA", population="military", measure="killed", as_of=dt.date(2024, 1, 1)
)
posterior_model = model.with_posterior(outlier_probability=0.1).with_increment_rate(
    subject_side="UA", population="military", measure="killed", rate=100.0
)
posterior: cd.Estimate = cd.estimate(cumulative, on="2024-01-01", model=posterior_model)
median: float = posterior.median
credible: cd.Interval = posterior.interval_90
wrong: dict[str, float] = posterior.wrong_probability
reached: dt.date | None = posterior.as_of
band = cd.estimate_series(cumulative, freq="MS", target="killed")
weighted = model.with_weight(2, basis="statistical_estimate").with_rate(
    side="UA", population="military", measure="killed", per_day=300.0
)
robust: cd.Consensus = cd.consensus(cumulative, on="2026-02-28", model=weighted, method="robust")
budget: float = robust.fault_budget
wrong_votes: tuple[tuple[str, float], ...] = robust.falsetickers
readings: tuple[tuple[str, str], ...] = robust.hints
slack: cd.Interval | None = robust.slack_band
reach: dt.date | None = robust.as_of
strict_series = cd.consensus_series(cumulative, method="strict")
evaluation: cd.Evaluation = cd.evaluate(claims, model=weighted)
summary_text: str = evaluation.to_text()

try:
    cd.consensus(cumulative)
except cd.NoMajorityError as no_majority:
    refused: ValueError = no_majority

# Your own claims file: read, validated, combined with the bundled claims.
own_path = cd.fetch("claims")
own: tuple[cd.Claim, ...] = cd.read_claims(own_path, errors="collect")
report: cd.ValidationReport = cd.validate_claims(own_path)
problems: tuple[cd.Problem, ...] = report.errors + report.warnings
clean: bool = report.clean
where: list[tuple[int, str | None, str, str]] = [
    (p.line, p.column, p.value, p.allowed) for p in report.problems
]
own_frame = cd.load_claims(path=own_path)
everything: tuple[cd.Claim, ...] = cd.claims(path=own_path, with_bundled=False)
try:
    cd.read_claims(own_path, errors="collect")
except cd.InvalidClaimsFileError as invalid:
    listed: tuple[object, ...] = invalid.problems
largest: int = cd.MAX_COUNT
earliest: dt.date = cd.EARLIEST_DATE
