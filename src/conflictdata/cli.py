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


def _figure(claim: cd.Claim) -> str:
    return (
        f"{claim.qualifier_text} {claim.figure_text}" if claim.qualifier_text else claim.figure_text
    )


def _row(claim: cd.Claim, source: str) -> list[str]:
    return [claim.stated_text, claim.claimant, claim.relation, _figure(claim), source]


_ROW_HEADERS = ("stated", "claimant", "relation", "figure", "source")


def _summary(args: argparse.Namespace, out: TextIO) -> int:
    claims = cd.claims(args.data_version, as_of=args.as_of)
    # subject and measure -> statement id -> the rows (outlets) that report it
    groups: dict[tuple[str, str, str], dict[str, list[cd.Claim]]] = {}
    for claim in claims:
        key = (claim.subject_side, claim.population, claim.measure)
        groups.setdefault(key, {}).setdefault(claim.statement_id, []).append(claim)
    version = args.data_version or cd.CLAIMS_VERSION
    out.write(f"conflictdata {cd.__version__}: claims data {version}, {len(claims)} claims\n")
    for (side, population, measure), statements in sorted(groups.items()):
        latest = sorted(
            statements.values(),
            key=lambda rows: max((row.stated_by, row.claim_id) for row in rows),
            reverse=True,
        )
        out.write(f"\n{side} {population} {measure} ({len(statements)} statements; latest first)\n")
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


def _claims(args: argparse.Namespace, out: TextIO) -> int:
    selected = [
        claim
        for claim in cd.claims(args.data_version, as_of=args.as_of)
        if (args.subject_side is None or claim.subject_side == args.subject_side)
        and (args.population is None or claim.population == args.population)
        and (args.measure is None or claim.measure == args.measure)
        and (args.claimant is None or args.claimant.casefold() in claim.claimant.casefold())
        and (args.since is None or claim.stated_by >= args.since)
        and (args.until is None or claim.stated_on <= args.until)
    ]
    if args.format == "csv":
        cd.write_claims_csv(selected, out)
    elif args.format == "json":
        records = [{**cd.claim_cells(claim), "relation": str(claim.relation)} for claim in selected]
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        headers = ("claim_id", "subject", "measure", *_ROW_HEADERS)
        rows = [
            [
                claim.claim_id,
                f"{claim.subject_side} {claim.population}",
                claim.measure,
                *_row(claim, claim.source_url or claim.source_publisher),
            ]
            for claim in selected
        ]
        _table(headers, rows, out)
    return 0


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
    listing.add_argument("--measure", choices=[m.value for m in cd.Measure])
    listing.add_argument("--claimant", metavar="TEXT", help="claimant name contains TEXT")
    listing.add_argument("--since", type=_date, metavar="DATE", help="stated on or after DATE")
    listing.add_argument("--until", type=_date, metavar="DATE", help="stated on or before DATE")
    listing.add_argument("--format", choices=["table", "csv", "json"], default="table")
    listing.set_defaults(run=_claims)

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
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        out: Where to write (default: ``sys.stdout``).

    Returns:
        The exit code: 0 on success, 1 when the data cannot be had, 2 on bad arguments.
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
    except cd.UnknownDatasetError as error:
        parser.exit(2, f"conflictdata: error: {error}\n")
    except cd.ConflictDataError as error:
        parser.exit(1, f"conflictdata: error: {error}\n")
