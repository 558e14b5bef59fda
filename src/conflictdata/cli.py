"""The ``conflictdata`` command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

import attrs
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table

import conflictdata as cd

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import RenderableType

__all__ = ["build_parser", "main"]

_LATEST_PER_GROUP = 3


class _Parser(argparse.ArgumentParser):
    # One line and exit code 2 on bad arguments, never a traceback.
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


class _UsageError(Exception):
    """Arguments that parse but cannot be used (a bad model file, an impossible conversion)."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"not a date in YYYY-MM-DD form: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


# Plain text for pipes and files: spaces between columns, dashes under the header, nothing else.
_PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


def _print(out: TextIO, *renderables: RenderableType) -> None:
    # rich takes the width from the terminal (even when stdout is piped into a pager) or from
    # COLUMNS, and writes colour only to a terminal; lines lose their trailing padding.
    console = Console(file=out, highlight=False, soft_wrap=False, emoji=False, markup=False)
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    out.writelines(f"{line.rstrip()}\n" for line in captured.get().splitlines())


def _say(out: TextIO, text: str, *, indent: int = 0) -> None:
    # prose, wrapped at word boundaries to the width, every line indented alike
    _print(out, Padding(text, (0, 0, 0, indent)) if indent else text)


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    out: TextIO,
    *,
    urls: Sequence[str] = (),
) -> None:
    """Write a table that fits the width of the terminal (or of ``COLUMNS``).

    Long cells wrap at spaces; when the longest words of the columns do not fit side by side,
    one block of ``header: cell`` lines per row instead (where an over-long word folds).
    ``urls`` (one per row, ``""`` for none) become numbered notes in the last column, each URL
    written after the table on its own line, whole, so that it can be copied or clicked.
    """
    terminal = out.isatty()
    table = Table(
        box=box.SIMPLE_HEAD if terminal else _PLAIN_BOX,
        header_style="bold" if terminal else "",
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
    )
    notes: dict[str, int] = {}
    cells = [[str(cell) for cell in row] for row in rows]
    for row, url in zip(cells, urls, strict=False):
        if url:
            row[-1] = f"{row[-1]} [{notes.setdefault(url, len(notes) + 1)}]"
    # Cells wrap at spaces, never inside a word: side by side only while the longest word of
    # every column fits.
    columns = list(zip(*cells, strict=True)) if cells else [() for _ in headers]
    words = [
        max(cell_len(word) for text in (header, *column) for word in text.split())
        for header, column in zip(headers, columns, strict=True)
    ]
    for header, longest_word in zip(headers, words, strict=True):
        table.add_column(header, min_width=longest_word)
    side_by_side = sum(words) + 2 * (len(headers) - 1) <= _width(out)
    for row in cells:
        table.add_row(*row)
    if side_by_side:
        _print(out, table)
    else:
        _print(out, *(renderable for row in cells for renderable in (_record(headers, row), "")))
    for url, number in notes.items():
        out.write(f"[{number}] {url}\n")


def _width(out: TextIO) -> int:
    return Console(file=out).width


def _record(headers: Sequence[str], row: Sequence[str]) -> Table:
    record = Table.grid(padding=(0, 1))
    record.add_column(no_wrap=True)
    record.add_column(overflow="fold")
    for header, cell in zip(headers, row, strict=True):
        record.add_row(f"{header}:", cell)
    return record


def _subject(side: str, population: str, scope: str) -> str:
    return f"{side} {population} ({scope})" if scope else f"{side} {population}"


def _row(claim: cd.Claim, source: str) -> list[str]:
    return [claim.stated_text, claim.claimant, claim.relation, claim.stated_figure, source]


def _more(reports: int) -> str:
    return f" (+{reports - 1} more)" if reports > 1 else ""


_ROW_HEADERS = ("stated", "claimant", "relation", "figure", "source")


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    claims = cd.claims(args.data_version, as_of=args.as_of)
    # subject and measure -> statement id -> the rows (outlets) that report it
    groups: dict[tuple[str, str, str, str], dict[str, list[cd.Claim]]] = {}
    for claim in claims:
        key = (claim.subject_side, claim.population, claim.scope, claim.measure)
        groups.setdefault(key, {}).setdefault(claim.statement_id, []).append(claim)
    version = args.data_version or cd.CLAIMS_VERSION
    _say(out, f"conflictdata {cd.__version__}: claims data {version}, {len(claims)} claims")
    for (side, population, scope, measure), statements in sorted(groups.items()):
        subject = _subject(side, population, scope)
        latest = sorted(
            statements.values(),
            key=lambda rows: max((row.stated_by, row.claim_id) for row in rows),
            reverse=True,
        )
        _say(out, f"\n{subject} {measure} ({len(statements)} statements; latest first)")
        shown = [reports[0] for reports in latest[:_LATEST_PER_GROUP]]
        rows = [
            _row(first, f"{first.source_publisher}{_more(len(statements[first.statement_id]))}")
            for first in shown
        ]
        _table(_ROW_HEADERS, rows, out, urls=[first.source_url for first in shown])
    _say(out, "\nEach figure as its source words it; `conflictdata claims` lists every claim.")
    return 0


def _known_side(side: str) -> str:
    sides = sorted(
        {party for conflict in cd.KNOWN_CONFLICTS.values() for party in conflict.parties}
    )
    if side not in sides:
        msg = f"no side {side!r}; the sides are: {', '.join(sides)}"
        raise _UsageError(msg)
    return side


def _claims(args: argparse.Namespace, out: TextIO) -> int:
    if args.subject_side is not None:
        _known_side(args.subject_side)
    selected = [
        claim
        for claim in cd.claims(args.data_version, as_of=args.as_of)
        if (args.subject_side is None or claim.subject_side == args.subject_side)
        and (args.population is None or claim.population == args.population)
        and (args.scope is None or claim.scope == args.scope)
        and (args.measure is None or claim.measure == args.measure)
        and (args.claimant is None or args.claimant.casefold() in claim.claimant.casefold())
        and (args.since is None or claim.stated_by >= args.since)
        and (args.until is None or claim.stated_on <= args.until)
    ]
    if args.format == "parquet":
        _write_parquet(selected, args.output, out)
    elif args.output is not None:  # the text formats, into a file instead
        with Path(args.output).open("w", encoding="utf-8", newline="") as target:
            args.output = None
            return _claims(args, target)
    elif args.format == "csv":
        cd.write_claims_csv(selected, out, spreadsheet_safe=args.spreadsheet_safe)
        if args.spreadsheet_safe:
            sys.stderr.write(
                "conflictdata: cells starting with =, +, -, @, a tab or a carriage return are "
                "prefixed with ' so that spreadsheets do not run them as formulas; "
                "--no-spreadsheet-safe writes them as they are\n"
            )
    elif args.format == "json":
        records = [{**cd.claim_cells(claim), "relation": str(claim.relation)} for claim in selected]
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        headers = ("claim_id", "subject", "measure", *_ROW_HEADERS)
        rows = [
            [
                claim.claim_id,
                _subject(claim.subject_side, claim.population, claim.scope),
                claim.measure,
                *_row(claim, claim.source_publisher),
            ]
            for claim in selected
        ]
        _table(headers, rows, out, urls=[claim.source_url for claim in selected])
    return 0


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    source = sys.stdin.buffer if args.file == "-" else args.file
    report = cd.validate_claims(source)
    if args.format == "json":
        summary = {"file": report.source, "rows": report.rows, "clean": report.clean}
        json.dump({**summary, "problems": report.as_records()}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        rows = [
            [str(p.line), p.severity, p.column or "", _shortened(p.value), p.allowed]
            for p in report.problems
        ]
        if rows:
            _table(("line", "severity", "column", "value", "allowed"), rows, out)
        errors, warnings = len(report.errors), len(report.warnings)
        out.write(f"{report.source}: {report.rows} rows, {errors} errors, {warnings} warnings\n")
    return 0 if report.clean else 1


def _shortened(text: str, width: int = 40) -> str:
    shown = repr(text)
    return shown if len(shown) <= width else f"{shown[: width - 1]}\u2026"


def _write_parquet(claims: Sequence[cd.Claim], output: str | None, out: TextIO) -> None:
    # Parquet keeps the table's dtypes (categoricals, Int64, dates); it is binary, so it goes to
    # a file or to a redirected standard output, never to a terminal.
    try:
        importlib.import_module("pyarrow")  # pandas writes parquet with it
    except ImportError:
        msg = (
            "--format parquet needs pyarrow: python -m pip install 'conflictdata[parquet]'"
            " (or pyarrow)"
        )
        raise _UsageError(msg) from None
    frame = cd.claims_to_frame(claims)
    if output is not None:
        frame.to_parquet(output, index=False)
        return
    binary = getattr(out, "buffer", None)
    if binary is None or out.isatty():
        msg = "--format parquet is binary: give --output FILE, or redirect the output to a file"
        raise _UsageError(msg)
    out.flush()
    frame.to_parquet(binary, index=False)


def _fetch(args: argparse.Namespace, out: TextIO) -> int:
    infos = cd.datasets() if args.name is None else (cd.dataset(args.name),)
    for info in infos:
        releases = info.versions if args.all else (info.version(args.version),)
        for release in releases:
            for file in release.files:
                path = cd.fetch(info.name, release.version, file=file.name)
                out.write(f"{path}\n")
    return 0


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    changes = cd.diff_claims(args.old, args.new)
    counts = changes["change"].value_counts(sort=False)
    summary = ", ".join(f"{count} {change}" for change, count in counts.items())
    out.write(f"claims data {args.old} -> {args.new}: {summary}\n")
    for row in changes.to_dict("records"):
        out.write(f"\n{row['change']} {row['claim_id']}\n")
        old: dict[str, str] = row["old"]
        new: dict[str, str] = row["new"]
        for field in row["fields"]:
            out.write(f"  {field}: {old[field]!r} -> {new[field]!r}\n")
    return 0


def _mirror(args: argparse.Namespace, out: TextIO) -> int:
    written = cd.write_mirror(args.directory)
    out.write(f"wrote {len(written)} files under {args.directory}\n")
    return 0


def _size(n_bytes: int) -> str:
    size, unit = float(n_bytes), "bytes"
    for larger in ("kB", "MB", "GB"):
        if size < 1000:
            break
        size, unit = size / 1000, larger
    return f"{n_bytes} bytes" if unit == "bytes" else f"{size:.1f} {unit}"


def _cache(args: argparse.Namespace, out: TextIO) -> int:
    files = cd.cached_files()
    summary = f"{len(files)} files, {_size(sum(path.stat().st_size for path in files))}"
    if args.clear:
        cd.clear_cache()
        out.write(f"removed {summary} from {cd.cache_dir()}\n")
    else:
        out.write(f"{cd.cache_dir()}\n{summary}\n")
    return 0


def _amount(value: float) -> str:
    return f"{value:,.0f}"


def _interval(interval: cd.Interval) -> str:
    if not interval.bounded:
        return f"{_amount(interval.low)} or more"
    return f"{_amount(interval.low)} to {_amount(interval.high)}"


def _quantity_claims(
    args: argparse.Namespace, every: tuple[cd.Claim, ...] | None = None
) -> tuple[cd.Claim, ...]:
    return cd.claims_about(
        cd.claims(args.data_version) if every is None else every,
        subject_side=args.subject_side,
        population=args.population,
        measure=args.measure,
        scope=args.scope,
        since=args.period_start,
    )


def _counted_from(side: str, period_start: dt.date | None) -> dt.date:
    # The first day a figure about ``side`` can count: the period start, or its conflict's start.
    if period_start is not None:
        return period_start
    starts = [c.start for c in cd.KNOWN_CONFLICTS.values() if side in c.parties]
    return min(starts) if starts else dt.date.min


def _range_claims(args: argparse.Namespace) -> tuple[list[cd.Claim], list[cd.Claim]]:
    # The quantity's claims and, for the robust method, figures for later periods (section 8.3).
    every = cd.claims(args.data_version)
    selected = list(_quantity_claims(args, every))
    if args.method == "strict" or not selected:
        return selected, []
    start = selected[0].period_start
    periods = [
        claim
        for claim in every
        if (claim.subject_side, claim.population, claim.measure, claim.scope)
        == (args.subject_side, args.population, args.measure, args.scope)
        and claim.period_start > start
        and claim.period_end_by <= args.on
    ]
    return selected, periods


def _model(args: argparse.Namespace) -> cd.ReportingModel:
    try:
        return cd.ReportingModel.load(args.model) if args.model else cd.ReportingModel()
    except (ValueError, OSError) as error:
        raise _UsageError(str(error)) from None


def _posterior(estimate: cd.Estimate) -> str:
    interval_50, interval_90 = estimate.interval_50, estimate.interval_90
    past = f", extrapolated past {estimate.as_of}" if estimate.extrapolated else ""
    return (
        f"median {_amount(estimate.median)}; 50% {_interval(interval_50)};"
        f" 90% {_interval(interval_90)}{past}"
    )


def _heading(args: argparse.Namespace, when: str) -> str:
    subject = (
        f"{_subject(args.subject_side, args.population, args.scope)} {args.target or args.measure}"
    )
    since = args.period_start or "the start of the conflict"
    known = f"claims stated by {args.as_of}" if args.as_of else "all claims"
    version = args.data_version or cd.CLAIMS_VERSION
    return f"{subject}{when} counted since {since} ({known}, data {version})"


def _range(args: argparse.Namespace, out: TextIO) -> int:
    _known_side(args.subject_side)
    start = _counted_from(args.subject_side, args.period_start)
    if args.on < start:
        msg = f"--on {args.on} is before {start}, where the count starts; give a date from {start}"
        raise _UsageError(msg)
    selected, periods = _range_claims(args)
    model = _model(args)
    try:
        result = cd.consensus(
            [*selected, *periods],
            on=args.on,
            as_of=args.as_of,
            target=args.target,
            model=model,
            method=args.method,
        )
        posterior = cd.estimate(
            selected, on=args.on, as_of=args.as_of, target=args.target, model=model
        )
    except cd.NoMajorityError as error:
        _say(out, str(error))
        return 1
    except ValueError as error:
        raise _UsageError(str(error)) from None
    _say(out, _heading(args, f" on {args.on},"))
    _say(out, f"model: {args.model or 'default'}; method: {args.method}\n")
    if args.method == "strict":
        verdict = "consistent" if result.consistent else "INCONSISTENT"
    else:
        verdict = (
            "consistent"
            if result.consistent
            else f"fault budget {result.fault_budget:g}: that much vote weight must be wrong"
        )
    _say(out, f"consensus: {_interval(result.interval)} ({verdict})")
    if args.method == "robust" and result.slack_band is not None:
        _say(out, f"slack band: {_interval(result.slack_band)} (if one more vote may be wrong)")
    _say(out, f"hull:      {_interval(result.hull)}")
    _say(out, f"posterior: {_posterior(posterior)}")
    if result.hard_lower is not None:
        value, claim_id = result.hard_lower
        _say(out, f"hard lower bound: {_amount(value)} ({claim_id})")
    if result.as_of is not None:
        past = "; extrapolated past it by the rate envelope" if result.extrapolated else ""
        _say(out, f"agreeing claims reach to: {result.as_of}{past}")
    if result.falsetickers:
        hints: dict[str, list[str]] = {}
        for claim_id, reading in result.hints:
            hints.setdefault(claim_id, []).append(reading)
        _say(out, f"\nfalsetickers ({len(result.falsetickers)}), most costly first:")
        by_id = {claim.claim_id: claim for claim in selected}
        rows = [
            [
                f"{cost:g}",
                claim_id,
                by_id[claim_id].stated_figure,
                by_id[claim_id].claimant,
                ", ".join(f"agrees {h}" for h in hints.get(claim_id, [])) or "-",
            ]
            for claim_id, cost in result.falsetickers
        ]
        _table(("cost", "claim_id", "figure", "claimant", "hints"), rows, out)
    if result.witness is not None:
        _say(out, f"witness: {result.witness[0]} and {result.witness[1]} cannot both hold")
        if args.method == "strict":
            dropped = ", ".join(result.dropped) or "none helped; the consensus is the hull"
            _say(out, f"tiers dropped: {dropped}")
    contributing = set(result.claims)
    rows, urls = [], []
    for claim in sorted([*selected, *periods], key=lambda c: (c.period_end, c.claim_id)):
        if claim.claim_id not in contributing:
            continue
        own = cd.plausible_range(claim, target=args.target, model=model)
        lower = claim.period_end_by <= args.on
        upper = claim.period_end >= args.on
        holds = "both" if lower and upper else "lower" if lower else "upper"
        if claim.period_start != (selected[0].period_start if selected else None):
            holds = f"growth since {claim.period_start}"
        # period figures are not in the posterior of the cumulative toll
        chance = posterior.wrong_probability.get(claim.claim_id)
        wrong = "-" if chance is None else f"{chance:.2f}"
        rows.append(
            [_interval(own), holds, wrong, claim.claim_id, *_row(claim, claim.source_publisher)]
        )
        urls.append(claim.source_url)
    _say(
        out,
        f"\ncontributing claims ({len(rows)}), with the bound each sets on {args.on}"
        " and the posterior probability that it is simply wrong:",
    )
    _table(
        ("plausible range", "holds", "P(wrong)", "claim_id", *_ROW_HEADERS), rows, out, urls=urls
    )
    return 0


def _estimate(args: argparse.Namespace, out: TextIO) -> int:
    selected = _quantity_claims(args, cd.claims(args.data_version, as_of=args.as_of))
    model = _model(args)
    if not selected:
        raise _UsageError(
            "no claims about that quantity" + (f" stated by {args.as_of}" if args.as_of else "")
        )
    try:
        series = cd.estimate_series(selected, freq=args.freq, model=model, target=args.target)
    except ValueError as error:
        raise _UsageError(str(error)) from None
    _say(out, _heading(args, ","))
    rate = series["rate"].iloc[0]
    _say(
        out,
        f"model: {args.model or 'default'}; increment prior {rate:,.1f} per day on average,"
        f" a year's increment uncertain by {model.increment_cv_year:g}x its mean\n",
    )
    rows = [
        [
            row["date"].date().isoformat(),
            _amount(row["median"]),
            f"{_amount(row['low_50'])} to {_amount(row['high_50'])}",
            f"{_amount(row['low_90'])} to {_amount(row['high_90'])}",
        ]
        for row in series.to_dict("records")
    ]
    _table(("date", "median", "50% interval", "90% interval"), rows, out)
    return 0


def _calibrate(args: argparse.Namespace, out: TextIO) -> int:
    table = cd.calibrate(cd.claims(args.data_version, as_of=args.as_of), window=args.window)
    _say(
        out,
        f"Observed true/claimed ratios: third-party figures over a side's own, period ends within"
        f" {args.window} ({len(table)} pairs)",
    )
    for (side, relation), pairs in table.groupby(["side", "relation"], observed=True, sort=True):
        low, high = pairs["ratio_low"].min(), pairs["ratio_high"].max()
        out.write(f"\n{side} {relation}: {low:.2f} to {high:.2f} from {len(pairs)} pairs\n")
        rows = [
            [
                f"{row['subject_side']} {row['population']} {row['measure']}",
                row["claim_end"].date().isoformat(),
                _span(row["claim_low"], row["claim_high"]),
                _span(row["reference_low"], row["reference_high"]),
                _span(row["ratio_low"], row["ratio_high"], digits=2),
                row["claim_id"],
                f"{row['reference_id']} ({row['reference_basis']})",
            ]
            for row in pairs.to_dict("records")
        ]
        headers = (
            "quantity",
            "period end",
            "claimed",
            "third party",
            "ratio",
            "claim",
            "reference",
        )
        _table(headers, rows, out)
    return 0


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    claims = cd.claims(args.data_version)
    model = _model(args)
    evaluation = cd.evaluate(claims, model=model)
    version = args.data_version or cd.CLAIMS_VERSION
    out.write(
        f"Evaluation on claims data {version} ({len(claims)} claims), model:"
        f" {args.model or 'default'}: each independent reference left out in turn, answered"
        " from the rest (k/n [Clopper-Pearson 95%])\n\n"
    )
    out.write(evaluation.to_text() + "\n")
    if args.posterior:
        _posterior_evaluation(cd.posterior_evaluation(claims, model=model), out)
    return 0


def _posterior_evaluation(result: cd.PosteriorEvaluation, out: TextIO) -> None:
    summary = result.summary
    n, n_two_sided = int(summary["n"]), int(summary["n_two_sided"])
    out.write(
        f"\nposterior, each reference statement left out (with hindsight): {n} references;"
        f" inside the 50% interval {int(summary['covered_50'])}/{n},"
        f" inside the 90% interval {int(summary['covered_90'])}/{n};"
        f" mean interval score of the 90% interval (log scale, {n_two_sided} two-sided)"
        f" {summary['mean_interval_score_90']:.2f}\n"
    )
    ratios = result.sensitivity.groupby("prior")["ratio"]
    out.write("latest median when the increment prior changes (ratio to the default):\n")
    for prior, low, high in zip(ratios.min().index, ratios.min(), ratios.max(), strict=True):
        out.write(f"  {prior:<10} {low:.2f} to {high:.2f} over the quantities\n")


def _span(low: float, high: float, *, digits: int = 0) -> str:
    shown = f"{low:,.{digits}f}"
    return shown if low == high else f"{shown}-{high:,.{digits}f}"


def _window(text: str) -> str:
    import pandas as pd

    try:
        positive = bool(pd.Timedelta(text) > pd.Timedelta(0))  # NaT compares False
    except ValueError:
        positive = False
    if not positive:
        msg = f"not a positive time span such as 90D: {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return text


_PACKAGE_TITLE = "conflictdata: war casualty figures as typed, versioned, cited claims"
_CODE_LICENCE = "MIT licence"
_AUTHORS = "The conflictdata developers"
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


@attrs.frozen
class _Source:
    """One original source, as the claims name it."""

    publisher: str
    title: str
    published: str  # ISO date cut to its precision, "" when unknown
    url: str


def _sources(version: str) -> list[_Source]:
    sources = {
        _Source(
            publisher=claim.source_publisher,
            title=claim.source_title,
            published=_partial_iso(claim.published_on, claim.published_on_precision),
            url=claim.source_url,
        )
        for claim in cd.claims(version)
    }
    return sorted(sources, key=lambda source: (source.publisher.casefold(), source.published))


def _partial_iso(day: dt.date | None, precision: cd.Precision | None) -> str:
    if day is None:
        return ""
    return day.isoformat()[: {"year": 4, "month": 7}.get(str(precision), 10)]


def _plot(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import matplotlib

        matplotlib.use("Agg")  # a file is written, no window opened
        import matplotlib.pyplot as plt
    except ImportError:
        msg = "conflictdata plot needs matplotlib: python -m pip install 'conflictdata[plot]'"
        raise _UsageError(msg) from None
    from conflictdata import plot

    quantity = {
        "subject_side": args.subject_side,
        "population": args.population,
        "measure": args.measure,
        "scope": args.scope,
    }
    model = _model(args)
    try:
        claims = cd.claims(args.data_version, as_of=args.as_of)
        if args.kind == "claimants":
            plot.compare_claimants(claims, **quantity, as_of=args.as_of, model=model)
        else:
            plot.claims_timeline(claims, **quantity, model=model, method=args.method)
        plt.savefig(args.output, dpi=args.dpi)  # the figure the function drew on
    except (ValueError, OSError) as error:
        raise _UsageError(str(error)) from None
    finally:
        plt.close("all")
    out.write(f"wrote {args.output}\n")
    return 0


def _cite(args: argparse.Namespace, out: TextIO) -> int:
    info = cd.dataset(args.dataset)
    release = info.version(args.version)
    sources = _sources(release.version) if info.name == "claims" else []
    if args.format == "bibtex":
        _cite_bibtex(info, release, sources, out)
        return 0
    package = f"conflictdata {cd.__version__}"
    how = "bundled with" if release.bundled else "fetched by"
    _say(out, f"How to cite {package} with the {info.name} data, version {release.version}.")
    _say(out, "\nThe package (code under the MIT licence):")
    _say(out, f"{_AUTHORS}. {_PACKAGE_TITLE}. Version {cd.__version__}, Python package.", indent=2)
    _say(out, "\nThe data version:")
    _say(
        out,
        f"{info.title}, data version {release.version} (dataset {info.name!r}, {how} {package}).",
        indent=2,
    )
    _say(out, f"Credit: {info.attribution}", indent=2)
    _say(out, f"Licence: {info.licence}", indent=2)
    if info.homepage:
        out.write(f"  {info.homepage}\n")
    if info.name != "claims":
        _say(out, "\nThe original source: the files of this version, pinned:")
        out.writelines(f"  {file.url}\n" for file in release.files if file.url)
        return 0
    _say(
        out,
        f"\nThe original sources ({len(sources)}): cite the source of each figure you use;"
        " Claim.citation() gives it in one line, `conflictdata claims --format csv` every field.",
    )
    for source in sources:
        published = f", {source.published}" if source.published else ""
        _say(out, f"- {source.publisher}, \u201c{source.title}\u201d{published}")
        if source.url:
            out.write(f"  {source.url}\n")
    return 0


def _bibtex(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    lines = [
        f"  {name} = {{{value if name == 'url' else _bibtex(value)}}},"
        for name, value in fields.items()
        if value
    ]
    return "\n".join([f"@{kind}{{{key},", *lines, "}"]) + "\n"


def _cite_bibtex(
    info: cd.DatasetInfo, release: cd.DatasetVersion, sources: list[_Source], out: TextIO
) -> None:
    entries = [
        _bibtex_entry(
            "software",
            "conflictdata",
            {
                "author": f"{{{_AUTHORS}}}",
                "title": _PACKAGE_TITLE,
                "version": cd.__version__,
                "note": f"Python package; code under the {_CODE_LICENCE}",
            },
        ),
        _bibtex_entry(
            "misc",
            f"conflictdata-{info.name}-{release.version}",
            {
                "title": f"{info.title}, data version {release.version}",
                "howpublished": f"dataset {info.name!r} of conflictdata {cd.__version__}",
                "note": f"{info.attribution} Licence: {info.licence}",
                "url": info.homepage or "",
            },
        ),
    ]
    keys: set[str] = set()
    for source in sources:
        stem = re.sub(r"[^a-z0-9]+", "-", source.publisher.casefold()).strip("-")[:30]
        key = first = f"{stem}-{source.published or 'undated'}"
        copies = 1
        while key in keys:  # the same publisher twice on one date: -2, -3, ...
            copies += 1
            key = f"{first}-{copies}"
        keys.add(key)
        entries.append(
            _bibtex_entry(
                "misc",
                key,
                {
                    "title": source.title,
                    "author": f"{{{source.publisher}}}",
                    "date": source.published,
                    "url": source.url,
                },
            )
        )
    out.write("\n".join(entries))


def _freq(text: str) -> str:
    import pandas as pd

    try:
        pd.tseries.frequencies.to_offset(text)
    except ValueError:
        msg = f"not a pandas frequency such as MS or W: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    return text


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="conflictdata",
        description="War casualty figures as typed, versioned, cited claims.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {cd.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def data_options(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--data-version", metavar="V", help="data version of the claims (default: newest)"
        )
        command.add_argument(
            "--as-of", type=_date, metavar="DATE", help="only claims stated on or before DATE"
        )

    summary = commands.add_parser(
        "summary", help="latest claims per subject and measure (the main job)"
    )
    data_options(summary)
    summary.set_defaults(run=_summary)

    listing = commands.add_parser("claims", help="list claims, filtered")
    data_options(listing)
    listing.add_argument("--subject-side", metavar="SIDE", help="whose losses, e.g. UA or RU")
    listing.add_argument("--population", choices=[p.value for p in cd.Population])
    listing.add_argument(
        "--scope", metavar="TEXT", help='part of the population, e.g. "children" ("" for all)'
    )
    listing.add_argument("--measure", choices=[m.value for m in cd.Measure])
    listing.add_argument("--claimant", metavar="TEXT", help="claimant name contains TEXT")
    listing.add_argument("--since", type=_date, metavar="DATE", help="stated on or after DATE")
    listing.add_argument("--until", type=_date, metavar="DATE", help="stated on or before DATE")
    listing.add_argument(
        "--format",
        choices=["table", "csv", "json", "parquet"],
        default="table",
        help="parquet needs pyarrow (the extra conflictdata[parquet])",
    )
    listing.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (default: standard output)"
    )
    listing.add_argument(
        "--spreadsheet-safe",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="in CSV, neutralise cells a spreadsheet would run as formulas (default: on)",
    )
    listing.set_defaults(run=_claims)

    validation = commands.add_parser(
        "validate", help="check a claims CSV of your own and list every problem in it"
    )
    validation.add_argument("file", metavar="FILE", help="the CSV file (- for standard input)")
    validation.add_argument("--format", choices=["table", "json"], default="table")
    validation.set_defaults(run=_validate)

    fetch = commands.add_parser(
        "fetch", help="download and verify data files into the cache, to work offline later"
    )
    fetch.add_argument("name", nargs="?", metavar="NAME", help="dataset (default: every one)")
    which = fetch.add_mutually_exclusive_group()
    which.add_argument("--version", metavar="V", help="data version of NAME (default: newest)")
    which.add_argument("--all", action="store_true", help="every version, not just the newest")
    fetch.set_defaults(run=_fetch)

    diff = commands.add_parser(
        "diff", help="the claims added, removed or changed between two data versions"
    )
    diff.add_argument("old", metavar="OLD", help="the earlier data version, e.g. 2026.11.0")
    diff.add_argument("new", metavar="NEW", help="the later data version")
    diff.set_defaults(run=_diff)

    mirror = commands.add_parser(
        "mirror", help="write every registered file into DIR/<dataset>/<version>/<file>"
    )
    mirror.add_argument("directory", metavar="DIR")
    mirror.set_defaults(run=_mirror)

    cache = commands.add_parser("cache", help="show the cache's location and size")
    cache.add_argument("--clear", action="store_true", help="delete the cached files")
    cache.set_defaults(run=_cache)

    def quantity_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--subject-side", required=True, metavar="SIDE", help="e.g. UA or RU")
        command.add_argument(
            "--population", required=True, choices=[p.value for p in cd.Population]
        )
        command.add_argument(
            "--scope",
            default="",
            metavar="TEXT",
            help="part of the population, e.g. children (default: the whole population)",
        )
        measures = [m.value for m in cd.Measure]
        command.add_argument("--measure", required=True, choices=measures)
        command.add_argument(
            "--target", choices=measures, help="convert the claims to this measure first"
        )
        command.add_argument(
            "--period-start",
            type=_date,
            metavar="DATE",
            help="count from DATE (default: the start of the conflict)",
        )
        command.add_argument(
            "--model", metavar="FILE.json", help="a reporting model saved with ReportingModel.save"
        )

    ranging = commands.add_parser(
        "range", help="the consensus range of one quantity on a date, with the claims behind it"
    )
    data_options(ranging)
    quantity_options(ranging)
    ranging.add_argument("--on", required=True, type=_date, metavar="DATE", help="the date")
    ranging.add_argument(
        "--method",
        choices=list(cd.METHODS),
        default="robust",
        help="robust: fault-tolerant, the default; strict: the intersection of every claim",
    )
    ranging.set_defaults(run=_range)

    estimating = commands.add_parser(
        "estimate", help="the posterior of one quantity over time: median, 50% and 90% intervals"
    )
    data_options(estimating)
    quantity_options(estimating)
    estimating.add_argument(
        "--freq", type=_freq, default="MS", help="the dates, a pandas frequency (MS: monthly)"
    )
    estimating.set_defaults(run=_estimate)

    calibration = commands.add_parser(
        "calibrate", help="observed ratios of third-party figures to the sides' own"
    )
    data_options(calibration)
    calibration.add_argument(
        "--window", type=_window, default="90D", help="largest gap between period ends (90D)"
    )
    calibration.set_defaults(run=_calibrate)

    plotting = commands.add_parser(
        "plot", help="draw the claims about one quantity (needs the extra conflictdata[plot])"
    )
    data_options(plotting)
    plotting.add_argument("--subject-side", required=True, metavar="SIDE", help="e.g. UA or RU")
    plotting.add_argument("--population", required=True, choices=[p.value for p in cd.Population])
    plotting.add_argument("--measure", required=True, choices=[m.value for m in cd.Measure])
    plotting.add_argument(
        "--scope", default="", metavar="TEXT", help="part of the population (default: all of it)"
    )
    plotting.add_argument(
        "--kind",
        choices=["timeline", "claimants"],
        default="timeline",
        help="timeline: every claim over time with its range and the consensus band (default);"
        " claimants: each claimant's latest claim side by side",
    )
    plotting.add_argument(
        "--model", metavar="FILE.json", help="a reporting model saved with ReportingModel.save"
    )
    plotting.add_argument(
        "--output", "-o", required=True, metavar="FILE", help="image file: .png, .svg or .pdf"
    )
    plotting.add_argument(
        "--method",
        choices=list(cd.METHODS),
        default="robust",
        help="the consensus of the timeline (default: robust; it marks falsetickers)",
    )
    plotting.add_argument("--dpi", type=int, default=150, help="resolution of a .png (150)")
    plotting.set_defaults(run=_plot)

    cite = commands.add_parser(
        "cite", help="how to cite the package, a data version and the original sources"
    )
    cite.add_argument(
        "dataset", nargs="?", default="claims", metavar="DATASET", help="dataset (default: claims)"
    )
    cite.add_argument("--version", metavar="V", help="data version (default: newest)")
    cite.add_argument("--format", choices=["text", "bibtex"], default="text")
    cite.set_defaults(run=_cite)
    evaluation = commands.add_parser(
        "evaluate", help="compare the methods against the independent references in the claims"
    )
    evaluation.add_argument(
        "--data-version", metavar="V", help="data version of the claims (default: newest)"
    )
    evaluation.add_argument(
        "--model", metavar="FILE.json", help="a reporting model saved with ReportingModel.save"
    )
    evaluation.add_argument(
        "--posterior",
        action="store_true",
        help="also score the posterior (50%% and 90%% coverage, interval score, prior sensitivity)",
    )
    evaluation.set_defaults(run=_evaluate)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command line's argument parser: every subcommand and option (the docs' reference).

    Example:
        >>> from conflictdata.cli import build_parser
        >>> parser = build_parser()
        >>> parser.parse_args(["cite", "--format", "bibtex"]).format
        'bibtex'
    """
    return _parser()


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        out: Where to write (default: ``sys.stdout``).

    Returns:
        The exit code, 0 on success, 1 when the data cannot be had (or ``validate`` finds a
        problem, or the environment is unusable), 2 on bad arguments, 130 on Ctrl-C.

    Example:
        >>> import io
        >>> from conflictdata.cli import main
        >>> out = io.StringIO()
        >>> main(["claims", "--claimant", "Zelensky", "--format", "csv"], out=out)
        0
        >>> out.getvalue().splitlines()[0].startswith("claim_id,statement_id,")
        True
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "fetch" and args.version is not None and args.name is None:
        parser.error("fetch --version needs a dataset NAME")
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, out or sys.stdout)
    except BrokenPipeError:  # e.g. piped into head: stop quietly, like other Unix tools
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushed at interpreter exit
        return 0
    except KeyboardInterrupt:
        parser.exit(130, "conflictdata: interrupted\n")
    except (cd.UnknownDatasetError, _UsageError) as error:
        parser.exit(2, f"conflictdata: error: {error}\n")
    except cd.ConflictDataError as error:
        parser.exit(1, f"conflictdata: error: {error}\n")
    except UnicodeEncodeError as error:
        encoding = getattr(out or sys.stdout, "encoding", None) or error.encoding
        msg = f"the output encoding {encoding} cannot show the text; set PYTHONIOENCODING=utf-8"
        parser.exit(1, f"conflictdata: error: {msg}\n")
    except OSError as error:  # a file or folder that cannot be read or written
        where = f" ({error.filename})" if error.filename else ""
        parser.exit(1, f"conflictdata: error: {error.strerror or error}{where}\n")
