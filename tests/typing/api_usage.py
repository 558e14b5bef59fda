"""Code a user would write; it must type-check under mypy --strict."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

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
