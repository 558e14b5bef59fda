"""diff_claims and `conflictdata diff`: every added, removed and changed claim, with its fields."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd
from conflictdata.cli import main

from .conftest import REGISTRY_JSON, sha256, use_registry

if TYPE_CHECKING:
    from pathlib import Path

    from .mirror_server import MirrorServer

OLD = "2026.11.0"
EDITED = "9999.1.0"  # a version of the test's own, served by the mirror server
BUNDLED = REGISTRY_JSON.parent / f"claims-{OLD}.csv"


def _rows() -> list[dict[str, str]]:
    with BUNDLED.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _edited_rows() -> list[dict[str, str]]:
    """2026.11.0 with its first row corrected, its second removed and one row added."""
    rows = _rows()
    corrected = {**rows[0], "stated_on": "2026-02-04", "stated_on_precision": "day"}
    corrected["notes"] = "stated_on: the interview's day."
    added = {**rows[2], "claim_id": "test-added-row", "statement_id": "test-added-row"}
    return [corrected, *rows[2:], added]


@pytest.fixture
def edited(tmp_path: Path, server: MirrorServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Registers claims version EDITED (served over HTTP) beside 2026.11.0; the original ids."""
    path = tmp_path / f"claims-{EDITED}.csv"
    rows = _edited_rows()
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    server.put(f"claims/{EDITED}/{path.name}", path.read_bytes())
    raw = json.loads(REGISTRY_JSON.read_text(encoding="utf-8"))
    (bundled_entry,) = raw["claims"]["versions"][OLD]["files"].values()
    url = f"https://example.invalid/{path.name}"  # never used: the mirror is set
    file = {"url": url, "sha256": sha256(path), "rows": len(rows)}
    if "size" in bundled_entry:  # registries that record each file's size in bytes
        file["size"] = path.stat().st_size
    versions = {EDITED: {"bundled": False, "files": {path.name: file}}}
    raw["claims"]["versions"] = {**versions, OLD: raw["claims"]["versions"][OLD]}
    use_registry(monkeypatch, json.dumps(raw))
    return [row["claim_id"] for row in _rows()]


class TestDiffClaims:
    """One row per claim id added, removed or changed; unchanged claims do not appear."""

    def test_each_kind_of_change(self, edited: list[str]) -> None:
        changes = cd.diff_claims(OLD, EDITED)
        assert list(zip(changes["change"], changes["claim_id"], strict=True)) == [
            ("changed", edited[0]),
            ("removed", edited[1]),
            ("added", "test-added-row"),
        ]

    def test_changed_fields_with_old_and_new_values(self, edited: list[str]) -> None:
        changed = cd.diff_claims(OLD, EDITED).iloc[0]
        old_row = _rows()[0]
        assert changed["fields"] == ("stated_on", "stated_on_precision", "notes")
        assert changed["old"] == {name: old_row[name] for name in changed["fields"]}
        assert changed["new"] == {
            "stated_on": "2026-02-04",
            "stated_on_precision": "day",
            "notes": "stated_on: the interview's day.",
        }
        assert changed["notes"] == "stated_on: the interview's day."

    def test_added_and_removed_carry_their_notes(self, edited: list[str]) -> None:
        changes = cd.diff_claims(OLD, EDITED).set_index("claim_id")
        assert changes.loc[edited[1], "notes"] == _rows()[1]["notes"]
        assert changes.loc["test-added-row", "fields"] == ()

    def test_reversed_swaps_added_and_removed(self, edited: list[str]) -> None:
        forward = cd.diff_claims(OLD, EDITED).set_index("claim_id")
        backward = cd.diff_claims(EDITED, OLD).set_index("claim_id")
        assert backward.loc["test-added-row", "change"] == "removed"
        assert backward.loc[edited[1], "change"] == "added"
        assert backward.loc[edited[0], "old"] == forward.loc[edited[0], "new"]

    def test_a_version_against_itself_is_empty(self) -> None:
        assert cd.diff_claims(OLD, OLD).empty

    def test_unknown_version(self) -> None:
        with pytest.raises(cd.UnknownDatasetError, match=r"no version '1999\.1\.0'"):
            cd.diff_claims(OLD, "1999.1.0")


class TestDiffCommand:
    """`conflictdata diff OLD NEW` prints every change; an unknown version is one line."""

    def test_prints_changes(self, edited: list[str]) -> None:
        out = io.StringIO()
        assert main(["diff", OLD, EDITED], out=out) == 0
        lines = out.getvalue().splitlines()
        assert lines[0] == f"claims data {OLD} -> {EDITED}: 1 changed, 1 removed, 1 added"
        assert f"changed {edited[0]}" in lines
        assert f"  stated_on: '{_rows()[0]['stated_on']}' -> '2026-02-04'" in lines
        assert f"removed {edited[1]}" in lines
        assert "added test-added-row" in lines

    def test_unknown_version_is_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exited:
            main(["diff", OLD, "1999.1.0"])
        assert exited.value.code == 2
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1
        assert "1999.1.0" in lines[0]
        assert OLD in lines[0]
