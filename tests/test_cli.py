"""The command line: summary, listings, data commands, and one-line errors with exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd
from conflictdata.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from .mirror_server import MirrorServer


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


class TestSummary:
    """summary shows, per subject and measure, the latest claims with their sources."""

    def test_one_section_per_subject_and_measure(self) -> None:
        code, text = run("summary")
        assert code == 0
        subjects = {(c.subject_side, c.population, c.measure) for c in cd.claims()}
        for side, population, measure in subjects:
            assert f"\n{side} {population} {measure} (" in text

    def test_latest_claim_of_a_group_is_shown(self) -> None:
        _, text = run("summary")
        group = [
            c
            for c in cd.claims()
            if (c.subject_side, c.measure) == ("UA", "killed") and c.population == "military"
        ]
        latest = max(group, key=lambda c: (c.stated_by, c.claim_id))
        section = text.split("\nUA military killed (")[1].split("\n\n")[0]
        assert latest.figure_text in section
        assert (latest.source_url or latest.source_publisher) in section

    def test_as_of_hides_later_claims(self) -> None:
        _, text = run("summary", "--as-of", "2022-12-31")
        assert "2026-" not in text
        assert f"{len(cd.claims(as_of='2022-12-31'))} claims" in text


class TestClaimsListing:
    """claims filters and formats."""

    def test_csv_filters_round_trip(self) -> None:
        code, text = run("claims", "--subject-side", "RU", "--measure", "killed", "--format", "csv")
        assert code == 0
        listed = cd.parse_claims_csv(text)
        expected = tuple(c for c in cd.claims() if c.subject_side == "RU" and c.measure == "killed")
        assert listed == expected
        assert listed

    def test_json_has_relation(self) -> None:
        _, text = run("claims", "--claimant", "zelensky", "--format", "json")
        records = json.loads(text)
        assert records
        assert all("zelensky" in r["claimant"].lower() for r in records)
        assert {r["relation"] for r in records} <= {"self", "adversary"}

    def test_date_window(self) -> None:
        _, text = run("claims", "--since", "2024-01-01", "--until", "2024-12-31", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows
        assert all(row["stated_on"].startswith("2024") for row in rows)

    def test_table(self) -> None:
        _, text = run("claims", "--population", "civilian")
        assert text.splitlines()[0].split()[:3] == ["claim_id", "subject", "measure"]


class TestErrors:
    """Bad arguments: one line on stderr, exit code 2, no traceback."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["claims", "--since", "last week"],
            ["claims", "--measure", "dead"],
            ["summary", "--data-version", "1999.1.0"],
            ["frobnicate"],
            [],
            ["fetch", "nope"],
            ["fetch", "--version", "2026-08-08"],
            ["fetch", "general-staff", "--version", "1999-01-01"],
            ["fetch", "general-staff", "--version", "2026-08-08", "--all"],
        ],
    )
    def test_one_line_exit_2(self, argv: list[str]) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "conflictdata", *argv],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert "error:" in lines[0]
        assert "Traceback" not in done.stderr


@pytest.mark.usefixtures("small_series")
class TestData:
    """fetch, mirror and cache: prefetch to work offline, write a mirror, see or clear the cache."""

    def test_fetch_one_dataset(self, cache: Path) -> None:
        code, text = run("fetch", "general-staff")
        assert code == 0
        fetched = sorted(text.split())
        assert fetched == sorted(str(path) for path in cd.cached_files())
        assert len(fetched) == 3

    def test_fetch_everything(self, cache: Path) -> None:
        code, text = run("fetch", "--all")
        assert code == 0
        assert str(cd.fetch("claims")) in text.splitlines()
        assert len(cd.cached_files()) == 3

    def test_mirror(self, tmp_path: Path) -> None:
        code, text = run("mirror", str(tmp_path / "copy"))
        assert code == 0
        assert text == f"wrote 4 files under {tmp_path / 'copy'}\n"
        assert (tmp_path / "copy" / "general-staff" / "fixture").is_dir()

    def test_cache_and_clear(self, cache: Path) -> None:
        assert run("cache") == (0, f"{cache}\n0 files, 0 bytes\n")
        run("fetch", "general-staff")
        size = sum(path.stat().st_size for path in cd.cached_files())
        assert run("cache") == (0, f"{cache}\n3 files, {size / 1000:.1f} kB\n")
        assert run("cache", "--clear") == (
            0,
            f"removed 3 files, {size / 1000:.1f} kB from {cache}\n",
        )
        assert cd.cached_files() == ()

    def test_unavailable_is_one_line_and_exit_1(
        self, server: MirrorServer, capsys: pytest.CaptureFixture[str]
    ) -> None:
        server.fault = 404
        with pytest.raises(SystemExit) as exited:
            run("fetch", "general-staff")
        assert exited.value.code == 1
        lines = capsys.readouterr().err.strip().splitlines()
        assert lines[-1].startswith("conflictdata: error: cannot download")
        assert "HTTP 404" in lines[-1]
