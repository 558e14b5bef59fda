"""The ``general-staff`` dataset: daily reports by Ukraine's General Staff of Russian losses.

The files come from the repository PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (MIT License),
pinned by commit in the registry. Each morning report gives cumulative losses up to the day
before. Corrections are folded into the cumulative series on the day they were made, so on a
correction date the rise since the previous report is not that day's losses; the corrections are
exposed as ``personnel_correction`` and by :func:`general_staff_corrections`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from ..exceptions import DataValidationError
from ..schema.records import Claim
from ..schema.vocabularies import Basis, Measure, Population, Qualifier
from .fetching import fetch
from .registry import dataset

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from .registry import DatasetFile

__all__ = ["general_staff_claims", "general_staff_corrections", "load_general_staff"]

_DATASET = "general-staff"
_PERSONNEL = "russia_losses_personnel.json"
_EQUIPMENT = "russia_losses_equipment.json"
_CORRECTIONS = "russia_losses_equipment_correction.json"
_CLAIMANT = "General Staff of the Armed Forces of Ukraine"
_PUBLISHER = "Petro Ivaniuk, 2022-Ukraine-Russia-War-Dataset (GitHub)"
_WAR_START = dt.date(2022, 2, 24)
_QUALIFIERS = {"about": Qualifier.ABOUT, "more": Qualifier.MORE_THAN}
_COLUMN_NAMES = {"personnel*": "personnel_qualifier"}  # others: lower case, "_" between words

Row = dict[str, Any]


def _rows(version: str | None, file: str) -> list[Row]:
    rows: list[Row] = json.loads(fetch(_DATASET, version, file=file).read_text(encoding="utf-8"))
    return rows


def _personnel_corrections(version: str | None) -> dict[str, int]:
    return {
        row["date"]: row["personnel"] for row in _rows(version, _CORRECTIONS) if row["personnel"]
    }


def _table(rows: list[Row]) -> pd.DataFrame:
    # One column per key: dates as datetime64, text as string, every count as nullable Int64.
    import pandas as pd

    frame = pd.DataFrame.from_records(rows)
    frame = frame.rename(
        columns=lambda key: _COLUMN_NAMES.get(key, re.sub(r"[^a-z0-9]+", "_", key.lower()))
    )
    for name in frame.columns:
        if name == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d").astype("datetime64[ns]")
        elif frame[name].map(lambda cell: isinstance(cell, str)).any():
            frame[name] = frame[name].astype(pd.StringDtype())
        else:
            frame[name] = frame[name].astype(pd.Int64Dtype())
    return frame


def load_general_staff(version: str | None = None, *, equipment: bool = False) -> pd.DataFrame:
    """The General Staff's daily reports of Russian losses, one row per report.

    Columns: ``date`` (datetime64, the date of the morning report, which counts losses up to the
    day before), ``day`` (day of the war), ``personnel`` (Int64, cumulative),
    ``personnel_qualifier`` (the report's word: ``"about"``, or ``"more"`` in six reports of March
    2022), ``pow`` (prisoners of war, reported until 2022-04-27), and ``personnel_correction``
    (Int64): the correction folded into that day's figure, 0 on most days. The day's own losses
    are therefore ``personnel.diff() - personnel_correction``.

    Args:
        version: A version of the ``general-staff`` dataset (the date of its last report); ``None``
            for the newest.
        equipment: Also give the cumulative equipment counts, one column per category in lower
            case with ``_`` between words (``tank``, ``apc``, ``field_artillery``, ...;
            ``<NA>`` before a category was reported or after it stopped), and
            ``greatest_losses_direction``. Their corrections are in
            :func:`general_staff_corrections`.

    Returns:
        One row per report, oldest first.

    Raises:
        UnknownDatasetError: For a version that is not registered.
        DataIntegrityError: When a download does not match its registered hash.
        DataUnavailableError: When a file is not cached and cannot be downloaded.

    Example:
        >>> import conflictdata
        >>> frame = conflictdata.load_general_staff("2026-08-08")  # doctest: +SKIP
        >>> len(frame), int(frame["personnel"].iloc[-1])  # doctest: +SKIP
        (1626, 1456610)
        >>> daily = frame["personnel"].diff() - frame["personnel_correction"]  # doctest: +SKIP
    """
    release = dataset(_DATASET).version(version).version
    personnel = _rows(release, _PERSONNEL)
    corrections = _personnel_corrections(release)
    frame = _table(personnel)
    frame["personnel_correction"] = [corrections.get(row["date"], 0) for row in personnel]
    frame["personnel_correction"] = frame["personnel_correction"].astype("Int64")
    if equipment:
        counts = _table(_rows(release, _EQUIPMENT)).drop(columns="day")
        frame = frame.merge(counts, on="date", how="left", validate="one_to_one")
    return frame


def general_staff_corrections(version: str | None = None) -> pd.DataFrame:
    """The corrections the General Staff folded into its cumulative series, one row per date.

    Columns: ``date``, ``day`` and, per category (``personnel`` and the equipment categories, named
    as in :func:`load_general_staff`), the amount added (or, when negative, removed) on that date.
    On these dates the rise since the previous report is not one day's losses.

    Args:
        version: As in :func:`load_general_staff`.

    Returns:
        One row per correction date, oldest first.

    Example:
        >>> import conflictdata
        >>> corrections = conflictdata.general_staff_corrections()  # doctest: +SKIP
        >>> corrections.loc[corrections["personnel"] != 0, ["date", "personnel"]]  # doctest: +SKIP
                  date  personnel
        18  2025-02-28       1650
        20  2025-04-22        160
    """
    return _table(_rows(dataset(_DATASET).version(version).version, _CORRECTIONS))


def _quote(row: Row) -> str:
    # The JSON object of the report as in the file, on one line.
    return json.dumps(row, ensure_ascii=False)


def _report_claim(row: Row, source: DatasetFile, correction: int) -> Claim:
    stated_on = dt.date.fromisoformat(row["date"])
    notes = "Morning report; it counts losses up to the day before."
    if correction:
        notes += (
            f" The figure folds in a correction of {correction:+,}, so its rise since the"
            " previous report is not one day's losses."
        )
    return _claim(
        row,
        source,
        claim_id=f"general-staff-{row['date']}-ru-personnel",
        statement_id=f"general-staff-{row['date']}",
        value=row["personnel"],
        period_start=_WAR_START,
        period_end=stated_on - dt.timedelta(days=1),
        quote=_quote(row),
        notes=notes,
    )


def _yearly_claims(
    rows: list[Row], source: DatasetFile, corrections: dict[str, int]
) -> list[Claim]:
    by_date = {row["date"]: row for row in rows}
    claims = []
    for year in sorted({int(row["date"][:4]) for row in rows}):
        end = by_date.get(f"{year + 1}-01-01")
        start = by_date.get(f"{year}-01-01")
        if end is None or (start is None and year != _WAR_START.year):
            continue
        folded = [
            f"{day} ({amount:+,})"
            for day, amount in sorted(corrections.items())
            if f"{year}-01-01" < day <= end["date"]
        ]
        if start is None:
            value, quote, period_start = end["personnel"], _quote(end), _WAR_START
            how = f"the cumulative figure of the report of {end['date']}"
        else:
            value = end["personnel"] - start["personnel"]
            quote = f"{_quote(start)} \u2026 {_quote(end)}"
            period_start = dt.date(year, 1, 1)
            how = (
                f"the difference between the cumulative figures of the reports of {start['date']}"
                f" ({start['personnel']:,}) and {end['date']} ({end['personnel']:,})"
            )
        notes = f"Calendar-year total for {year}, derived by conflictdata as {how}."
        if folded:
            notes += f" It includes the corrections of {', '.join(folded)}."
        claims.append(
            _claim(
                end,
                source,
                claim_id=f"general-staff-{year}-ru-personnel-total",
                statement_id=f"general-staff-{year}-total",
                value=value,
                period_start=period_start,
                period_end=dt.date(year, 12, 31),
                quote=quote,
                notes=notes,
            )
        )
    return claims


def _claim(report: Row, source: DatasetFile, **fields: Any) -> Claim:
    # What every claim of the series shares; the qualifier and the date come from the report.
    qualifier_text = report["personnel*"]
    qualifier = _QUALIFIERS.get(qualifier_text)
    if qualifier is None:
        msg = f"{qualifier_text!r} is not a qualifier conflictdata knows: {', '.join(_QUALIFIERS)}"
        raise DataValidationError(msg, field="personnel*", value=qualifier_text, file=source.path)
    return Claim(
        conflict="russia-ukraine",
        claimant=_CLAIMANT,
        claimant_side="UA",
        subject_side="RU",
        population=Population.MILITARY,
        measure=Measure.CASUALTIES,
        measure_text="personnel losses",
        qualifier=qualifier,
        qualifier_text=qualifier_text,
        stated_on=report["date"],
        basis=Basis.OFFICIAL_STATEMENT,
        source_title=f"2022-Ukraine-Russia-War-Dataset: {source.name} (version {source.version})",
        source_publisher=_PUBLISHER,
        source_url=source.url or "",
        quote_language="en",
        **fields,
    )


def general_staff_claims(
    version: str | None = None,
    *,
    dates: Iterable[dt.date | str] | dt.date | str | None = None,
    yearly: bool = False,
) -> tuple[Claim, ...]:
    """Reports of the General Staff's series as :class:`~conflictdata.Claim` records.

    Each claim is the General Staff of the Armed Forces of Ukraine (``UA``) claiming Russian
    (``RU``) military ``casualties`` ("personnel losses") since 2022-02-24, as an
    ``official_statement`` with the report's qualifier. ``stated_on`` is the report's date and
    ``period_end`` the day before, which the morning report counts up to. The source is the
    repository file at its pinned commit; the quote is the report's JSON object on one line,
    which states the figure.

    With ``yearly=True`` the claims are calendar-year totals instead, for every year with a report
    on 1 January of the next year: the difference between the 1 January figures (for 2022, the
    figure of 1 January 2023), stated on the later date. Their quote gives both reports, so it
    states the two cumulative figures rather than their difference (for 2022 it states the
    figure); ``notes`` says how the total was derived and which corrections it includes.

    Args:
        version: As in :func:`load_general_staff`.
        dates: The report dates to give (dates or ISO 8601 strings); ``None`` for every report.
        yearly: Give calendar-year totals instead of reports.

    Returns:
        The claims, in the order of ``dates`` (or oldest first).

    Raises:
        ValueError: For a date without a report, or both ``dates`` and ``yearly``.
        UnknownDatasetError: For a version that is not registered.
        DataIntegrityError: When a download does not match its registered hash.
        DataUnavailableError: When a file is not cached and cannot be downloaded.

    Example:
        >>> import conflictdata
        >>> totals = conflictdata.general_staff_claims("2026-08-08", yearly=True)  # doctest: +SKIP
        >>> [(claim.period_end.year, claim.value) for claim in totals]  # doctest: +SKIP
        [(2022, 106720), (2023, 253290), (2024, 430790), (2025, 418170)]
    """
    if yearly and dates is not None:
        msg = "pass either dates or yearly=True, not both"
        raise ValueError(msg)
    release = dataset(_DATASET).version(version)
    source = release.file(_PERSONNEL)
    rows = _rows(release.version, _PERSONNEL)
    corrections = _personnel_corrections(release.version)
    if yearly:
        return tuple(_yearly_claims(rows, source, corrections))
    if dates is None:
        selected = rows
    else:
        by_date = {row["date"]: row for row in rows}
        wanted = [dates] if isinstance(dates, str | dt.date) else list(dates)
        selected = []
        for day in wanted:
            iso = day if isinstance(day, str) else day.isoformat()
            if iso not in by_date:
                msg = (
                    f"{_DATASET} {release.version} has no report dated {iso!r}; its reports run"
                    f" daily from {rows[0]['date']} to {rows[-1]['date']}"
                )
                raise ValueError(msg)
            selected.append(by_date[iso])
    return tuple(_report_claim(row, source, corrections.get(row["date"], 0)) for row in selected)
