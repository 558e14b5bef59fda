"""The command line: summary, listings, data commands, and one-line errors with exit codes."""

from __future__ import annotations

import csv
import datetime as dt
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


RANGE = [
    "range",
    "--subject-side",
    "RU",
    "--population",
    "military",
    "--measure",
    "casualties",
    "--on",
    "2025-10-31",
]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


class TestSummary:
    """summary shows, per subject and measure, the latest claims with their sources."""

    def test_one_section_per_subject_and_measure(self) -> None:
        code, text = run("summary")
        assert code == 0
        subjects = {(c.subject_side, c.population, c.scope, c.measure) for c in cd.claims()}
        for side, population, scope, measure in subjects:
            scoped = f" ({scope})" if scope else ""
            assert f"\n{side} {population}{scoped} {measure} (" in text

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
        assert latest.source_publisher in section  # the summary names the outlet

    def test_scoped_claims_have_their_own_sections(self) -> None:
        _, text = run("summary")
        scoped = next(c for c in cd.claims() if c.scope)
        heading = f"\n{scoped.subject_side} {scoped.population} ({scoped.scope}) {scoped.measure} ("
        assert heading in text

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
            [*RANGE[:-2]],
            [*RANGE, "--model", "/nonexistent/model.json"],
            [*RANGE, "--target", "missing"],
            ["range", "--subject-side", "XX", *RANGE[3:]],
            ["range", *RANGE[1:-1], "2025-13-01"],
            ["calibrate", "--window", "soon"],
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
        registered = sum(len(v.files) for info in cd.datasets() for v in info.versions)
        assert text == f"wrote {registered} files under {tmp_path / 'copy'}\n"
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


def ua_killed() -> list[cd.Claim]:
    return [
        c
        for c in cd.claims()
        if (c.subject_side, c.population, c.measure) == ("UA", "military", "killed")
        and c.period_start == dt.date(2022, 2, 24)
        and c.scope == ""
    ]


class TestRange:
    """range prints the consensus, the hull, and every contributing claim with its range."""

    def test_consensus_and_claims(self) -> None:
        code, text = run(*RANGE)
        assert code == 0
        claims = [
            c
            for c in cd.claims()
            if (c.subject_side, c.population, c.measure) == ("RU", "military", "casualties")
            and c.period_start == dt.date(2022, 2, 24)
            and c.scope == ""
        ]
        result = cd.consensus(claims, on="2025-10-31")
        assert text.startswith("RU military casualties on 2025-10-31")
        assert f"consensus: {result.interval.low:,.0f} to {result.interval.high:,.0f}" in text
        for claim_id in result.claims:
            own = cd.plausible_range(next(c for c in claims if c.claim_id == claim_id))
            line = next(line for line in text.splitlines() if f" {claim_id} " in line)
            assert line.startswith(f"{own.low:,.0f} to {own.high:,.0f}")

    @pytest.mark.parametrize("on", ["2024-12-08", "2025-06-03", "2026-02-28"])
    def test_witness_when_inconsistent(self, on: str) -> None:
        result = cd.consensus(ua_killed(), on=on)
        _, text = run("range", "--subject-side", "UA", *RANGE[3:6], "killed", "--on", on)
        assert ("witness:" in text) is not result.consistent
        if result.witness is not None:
            assert f"witness: {result.witness[0]} and {result.witness[1]}" in text

    def test_as_of_model_and_target(self, tmp_path: Path) -> None:
        path = tmp_path / "model.json"
        cd.ReportingModel().with_bias(relation="adversary", low=0.5, high=1.0).save(path)
        argv = [*RANGE, "--as-of", "2025-10-31", "--model", str(path), "--target", "killed"]
        code, text = run(*argv)
        assert code == 0
        assert text.startswith("RU military killed on 2025-10-31")
        assert "claims stated by 2025-10-31" in text
        assert f"model: {path}" in text


class TestCalibrate:
    """calibrate prints the observed ratios per side and relation, with the pairs behind them."""

    def test_table(self) -> None:
        code, text = run("calibrate", "--window", "60D")
        assert code == 0
        table = cd.calibrate(cd.claims(), window="60D")
        assert f"({len(table)} pairs)" in text
        for (side, relation), pairs in table.groupby(["side", "relation"], observed=True):
            assert f"\n{side} {relation}: " in text
            assert f"from {len(pairs)} pairs" in text
        assert all(claim_id in text for claim_id in table["claim_id"])
