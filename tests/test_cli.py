"""The command line: summary, filtered listings, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import conflictdata as cd
from conflictdata.cli import main


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
