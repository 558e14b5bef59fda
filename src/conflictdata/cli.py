"""The ``conflictdata`` command line: a thin layer over the public API."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import TYPE_CHECKING, NoReturn, TextIO

import conflictdata as cd

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["main"]

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


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    for line in (headers, ["-" * width for width in widths], *rows):
        out.write("  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)))
        out.write("\n")


def _subject(side: str, population: str, scope: str) -> str:
    return f"{side} {population} ({scope})" if scope else f"{side} {population}"


def _row(claim: cd.Claim, source: str) -> list[str]:
    return [claim.stated_text, claim.claimant, claim.relation, claim.stated_figure, source]


_ROW_HEADERS = ("stated", "claimant", "relation", "figure", "source")


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    claims = cd.claims(args.data_version, as_of=args.as_of)
    # subject and measure -> statement id -> the rows (outlets) that report it
    groups: dict[tuple[str, str, str, str], dict[str, list[cd.Claim]]] = {}
    for claim in claims:
        key = (claim.subject_side, claim.population, claim.scope, claim.measure)
        groups.setdefault(key, {}).setdefault(claim.statement_id, []).append(claim)
    version = args.data_version or cd.CLAIMS_VERSION
    out.write(f"conflictdata {cd.__version__}: claims data {version}, {len(claims)} claims\n")
    for (side, population, scope, measure), statements in sorted(groups.items()):
        subject = _subject(side, population, scope)
        latest = sorted(
            statements.values(),
            key=lambda rows: max((row.stated_by, row.claim_id) for row in rows),
            reverse=True,
        )
        out.write(f"\n{subject} {measure} ({len(statements)} statements; latest first)\n")
        rows = []
        for reports in latest[:_LATEST_PER_GROUP]:
            first = reports[0]
            others = f" (+{len(reports) - 1} more)" if len(reports) > 1 else ""
            rows.append(_row(first, f"{first.source_publisher}{others}"))
        _table(_ROW_HEADERS, rows, out)
    out.write(
        "\nEach figure as its source words it; `conflictdata claims` lists sources and URLs.\n"
    )
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
    if args.format == "csv":
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
                *_row(claim, claim.source_url or claim.source_publisher),
            ]
            for claim in selected
        ]
        _table(headers, rows, out)
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


def _fetch(args: argparse.Namespace, out: TextIO) -> int:
    infos = cd.datasets() if args.name is None else (cd.dataset(args.name),)
    for info in infos:
        releases = info.versions if args.all else (info.version(args.version),)
        for release in releases:
            for file in release.files:
                path = cd.fetch(info.name, release.version, file=file.name)
                out.write(f"{path}\n")
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


def _counted_from(side: str, period_start: dt.date | None) -> dt.date:
    # The first day a figure about ``side`` can count: the period start, or its conflict's start.
    if period_start is not None:
        return period_start
    starts = [c.start for c in cd.KNOWN_CONFLICTS.values() if side in c.parties]
    return min(starts) if starts else dt.date.min


def _range(args: argparse.Namespace, out: TextIO) -> int:
    _known_side(args.subject_side)
    start = _counted_from(args.subject_side, args.period_start)
    if args.on < start:
        msg = f"--on {args.on} is before {start}, where the count starts; give a date from {start}"
        raise _UsageError(msg)
    target = args.target or args.measure
    selected = cd.claims_about(
        cd.claims(args.data_version),
        subject_side=args.subject_side,
        population=args.population,
        measure=args.measure,
        scope=args.scope,
        since=args.period_start,
    )
    try:
        model = cd.ReportingModel.load(args.model) if args.model else cd.ReportingModel()
        result = cd.consensus(
            selected, on=args.on, as_of=args.as_of, target=args.target, model=model
        )
    except (ValueError, OSError) as error:
        raise _UsageError(str(error)) from None
    subject = f"{_subject(args.subject_side, args.population, args.scope)} {target}"
    since = args.period_start or "the start of the conflict"
    known = f"claims stated by {args.as_of}" if args.as_of else "all claims"
    version = args.data_version or cd.CLAIMS_VERSION
    out.write(f"{subject} on {args.on}, counted since {since} ({known}, data {version})\n")
    out.write(f"model: {args.model or 'default'}\n\n")
    verdict = "consistent" if result.consistent else "INCONSISTENT"
    out.write(f"consensus: {_interval(result.interval)} ({verdict})\n")
    out.write(f"hull:      {_interval(result.hull)}\n")
    if result.hard_lower is not None:
        value, claim_id = result.hard_lower
        out.write(f"hard lower bound: {_amount(value)} ({claim_id})\n")
    if result.witness is not None:
        out.write(f"witness: {result.witness[0]} and {result.witness[1]} cannot both hold\n")
        dropped = ", ".join(result.dropped) or "none helped; the consensus is the hull"
        out.write(f"tiers dropped: {dropped}\n")
    contributing = set(result.claims)
    rows = []
    for claim in sorted(selected, key=lambda c: (c.period_end, c.claim_id)):
        if claim.claim_id not in contributing:
            continue
        own = cd.plausible_range(claim, target=args.target, model=model)
        lower = claim.period_end_by <= args.on
        upper = claim.period_end >= args.on
        holds = "both" if lower and upper else "lower" if lower else "upper"
        source = claim.source_url or claim.source_publisher
        rows.append([_interval(own), holds, claim.claim_id, *_row(claim, source)])
    out.write(f"\ncontributing claims ({len(rows)}), with the bound each sets on {args.on}:\n")
    _table(("plausible range", "holds", "claim_id", *_ROW_HEADERS), rows, out)
    return 0


def _calibrate(args: argparse.Namespace, out: TextIO) -> int:
    table = cd.calibrate(cd.claims(args.data_version, as_of=args.as_of), window=args.window)
    out.write(
        f"Observed true/claimed ratios: third-party figures over a side's own, period ends within"
        f" {args.window} ({len(table)} pairs)\n"
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
    listing.add_argument("--format", choices=["table", "csv", "json"], default="table")
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

    mirror = commands.add_parser(
        "mirror", help="write every registered file into DIR/<dataset>/<version>/<file>"
    )
    mirror.add_argument("directory", metavar="DIR")
    mirror.set_defaults(run=_mirror)

    cache = commands.add_parser("cache", help="show the cache's location and size")
    cache.add_argument("--clear", action="store_true", help="delete the cached files")
    cache.set_defaults(run=_cache)

    ranging = commands.add_parser(
        "range", help="the consensus range of one quantity on a date, with the claims behind it"
    )
    data_options(ranging)
    ranging.add_argument("--subject-side", required=True, metavar="SIDE", help="e.g. UA or RU")
    ranging.add_argument("--population", required=True, choices=[p.value for p in cd.Population])
    ranging.add_argument(
        "--scope",
        default="",
        metavar="TEXT",
        help="part of the population, e.g. children (default: the whole population)",
    )
    measures = [m.value for m in cd.Measure]
    ranging.add_argument("--measure", required=True, choices=measures)
    ranging.add_argument("--on", required=True, type=_date, metavar="DATE", help="the date")
    ranging.add_argument(
        "--target", choices=measures, help="convert the claims to this measure first"
    )
    ranging.add_argument(
        "--period-start",
        type=_date,
        metavar="DATE",
        help="count from DATE (default: the start of the conflict)",
    )
    ranging.add_argument(
        "--model", metavar="FILE.json", help="a reporting model saved with ReportingModel.save"
    )
    ranging.set_defaults(run=_range)

    calibration = commands.add_parser(
        "calibrate", help="observed ratios of third-party figures to the sides' own"
    )
    data_options(calibration)
    calibration.add_argument(
        "--window", type=_window, default="90D", help="largest gap between period ends (90D)"
    )
    calibration.set_defaults(run=_calibrate)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        out: Where to write (default: ``sys.stdout``).

    Returns:
        The exit code: 0 on success, 1 when the data cannot be had (or ``validate`` finds a
        problem, or the environment is unusable), 2 on bad arguments, 130 on Ctrl-C.
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
