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
