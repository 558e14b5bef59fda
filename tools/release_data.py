"""Release a new version of the claims dataset, or re-record the hash of an unreleased one.

    python tools/release_data.py VERSION CSV    # release CSV as claims data version VERSION
    python tools/release_data.py --refresh VERSION

Releasing validates CSV, copies it to ``src/conflictdata/data/claims-VERSION.csv``, adds the version
(newest first) to ``src/conflictdata/data/registry.json`` with the file's sha256, size and row
count, writes its Frictionless descriptor ``claims-VERSION.datapackage.json`` beside it, and adds
a line naming the dataset, its old and its new version to CHANGELOG.md under Unreleased.

``--refresh`` re-records the sha256, size and row count of the bundled file of a version that has
not been released yet, after its rows were edited in place. Run through
``nox -s release_data -- ...``, or with any Python where conflictdata is installed (the CSV is
validated with it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import conflictdata
from conflictdata.data.datapackage import datapackage_descriptor, datapackage_file_name
from conflictdata.data.registry import _parse_registry

DATASET = "claims"
CALVER = re.compile(r"\d{4}\.\d{1,2}\.\d+")


def _checked_rows(csv: Path) -> int:
    return len(conflictdata.read_claims(csv))  # raises DataValidationError on a bad row


def _file_entry(csv: Path) -> dict[str, object]:
    data = csv.read_bytes()
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "rows": _checked_rows(csv),
    }


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _add_changelog_line(changelog: Path, line: str) -> None:
    # First item of "### Changed" under "## [Unreleased]"; the section is made if need be, before
    # "### Fixed" (Keep a Changelog order).
    lines = changelog.read_text(encoding="utf-8").splitlines()
    start = lines.index("## [Unreleased]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = {lines[i]: i for i in range(start, end) if lines[i].startswith("### ")}
    if "### Changed" in section:
        lines.insert(section["### Changed"] + 2, f"- {line}")
    else:
        at = section.get("### Fixed", end)
        block = ["### Changed", "", f"- {line}", ""]
        lines[at:at] = block if lines[at - 1] == "" else ["", *block]
    changelog.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def _write_datapackage(registry_path: Path, version: str) -> None:
    # From the registry just written (not the installed package's), hence its parser.
    infos = _parse_registry(registry_path.read_text(encoding="utf-8"), source=str(registry_path))
    info = next(info for info in infos if info.name == DATASET)
    release = info.version(version)
    descriptor = datapackage_descriptor(info, release, registry_path.parent / release.file().name)
    _write_json(registry_path.parent / datapackage_file_name(version), descriptor)


def release(root: Path, version: str, csv: Path) -> Path:
    """Release CSV as claims data version VERSION; return the new bundled file."""
    registry_path = root / "src" / "conflictdata" / "data" / "registry.json"
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    versions = registry[DATASET]["versions"]
    if not CALVER.fullmatch(version):
        sys.exit(f"release_data: {version!r} is not a CalVer data version like 2026.11.0")
    if version in versions:
        sys.exit(f"release_data: {DATASET} {version} is already registered; use --refresh")
    old = next(iter(versions))
    target = registry_path.parent / f"{DATASET}-{version}.csv"
    entry = _file_entry(csv)
    shutil.copyfile(csv, target)
    registry[DATASET]["versions"] = {
        version: {"bundled": True, "files": {target.name: entry}},
        **versions,
    }
    _write_json(registry_path, registry)
    _write_datapackage(registry_path, version)
    _add_changelog_line(
        root / "CHANGELOG.md",
        f"Data: `{DATASET}` {old} \u2192 {version} ({entry['rows']} claims), bundled.",
    )
    return target


def refresh(root: Path, version: str) -> Path:
    """Re-record the hash, size and row count of the bundled file of claims VERSION."""
    registry_path = root / "src" / "conflictdata" / "data" / "registry.json"
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    files = registry[DATASET]["versions"].get(version, {}).get("files")
    if not files:
        sys.exit(f"release_data: {DATASET} {version} is not registered")
    for name in files:
        files[name] = _file_entry(registry_path.parent / name)
    _write_json(registry_path, registry)
    _write_datapackage(registry_path, version)
    return registry_path


def main(argv: list[str] | None = None) -> None:
    """Run the command line."""
    parser = argparse.ArgumentParser(prog="release_data", description=__doc__.split("\n")[0])
    parser.add_argument("version", metavar="VERSION")
    parser.add_argument("csv", metavar="CSV", nargs="?", type=Path, help="the claims to release")
    parser.add_argument("--refresh", action="store_true", help="re-record an unreleased version")
    parser.add_argument(
        "--root", type=Path, default=Path(__file__).resolve().parents[1], help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.refresh == (args.csv is not None):
        parser.error("give either VERSION CSV, or --refresh VERSION")
    try:
        if args.refresh:
            print(f"updated {refresh(args.root, args.version)}")
        else:
            print(f"wrote {release(args.root, args.version, args.csv)}")
    except conflictdata.DataValidationError as error:
        sys.exit(f"release_data: {error}")


if __name__ == "__main__":
    main()
