"""The command line: summary, listings, data commands, and one-line errors with exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd
from conflictdata.cli import main

from .strategies import strict_consensus

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


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wide enough that every table keeps its row on one line; TestWidth narrows it.
    monkeypatch.setenv("COLUMNS", "400")


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

    def test_output_file(self, tmp_path: Path) -> None:
        target = tmp_path / "ru.csv"
        # exactly as they are: the spreadsheet-safe default prefixes a quote that starts with "- "
        code, text = run(
            "claims",
            "--subject-side",
            "RU",
            "--format",
            "csv",
            "--no-spreadsheet-safe",
            "-o",
            str(target),
        )
        assert (code, text) == (0, "")
        assert cd.read_claims_csv(target) == tuple(c for c in cd.claims() if c.subject_side == "RU")

    def test_date_window(self) -> None:
        _, text = run("claims", "--since", "2024-01-01", "--until", "2024-12-31", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows
        assert all(row["stated_on"].startswith("2024") for row in rows)

    def test_table(self) -> None:
        _, text = run("claims", "--population", "civilian")
        assert text.splitlines()[0].split()[:3] == ["claim_id", "subject", "measure"]


class TestWidth:
    """Tables fit the terminal's width (COLUMNS here): cells wrap, and a URL keeps its own line."""

    COMMANDS = (("summary",), ("claims", "--subject-side", "RU"), tuple(RANGE), ("calibrate",))

    @pytest.mark.parametrize("width", [50, 80, 132])
    @pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
    def test_every_line_fits_but_urls(
        self, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], width: int
    ) -> None:
        monkeypatch.setenv("COLUMNS", str(width))
        _, text = run(*argv)
        too_wide = [line for line in text.splitlines() if len(line) > width]
        assert all(re.fullmatch(r"\[\d+\] https?://\S+", line) for line in too_wide)

    def test_urls_whole_on_their_own_line_and_numbered(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "60")
        _, text = run("claims", "--population", "civilian")
        civilian = [c for c in cd.claims() if c.population == "civilian"]
        urls = list(dict.fromkeys(c.source_url for c in civilian if c.source_url))
        notes = [line for line in text.splitlines() if re.match(r"\[\d+\] ", line)]
        assert notes == [f"[{number}] {url}" for number, url in enumerate(urls, start=1)]

    def test_too_narrow_for_columns_gives_one_block_per_row(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "72")  # the claim ids are up to 60 characters long
        _, text = run("claims", "--claimant", "zelensky")
        ids = [c.claim_id for c in cd.claims() if "zelensky" in c.claimant.lower()]
        assert re.findall(r"^claim_id: +(\S+)$", text, flags=re.MULTILINE) == ids

    def test_wide_enough_gives_one_row_per_claim(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COLUMNS", "200")
        _, text = run("claims", "--claimant", "zelensky")
        ids = [c.claim_id for c in cd.claims() if "zelensky" in c.claimant.lower()]
        lines = text.splitlines()
        assert lines[0].split()[:2] == ["claim_id", "subject"]
        assert set(lines[1]) == {"-"}
        # a row's first line starts at the left edge; its wrapped lines are indented
        starts = [line.split()[0] for line in lines[2:] if line[:1] not in ("", " ", "[")]
        assert starts == ids

    def test_piped_output_is_plain_text(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("FORCE_COLOR", "")
        _, text = run("summary")
        assert text.isascii() or "\x1b" not in text
        assert "\x1b" not in text


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
        code, text = run(*RANGE, "--method", "strict")
        assert code == 0
        claims = [
            c
            for c in cd.claims()
            if (c.subject_side, c.population, c.measure) == ("RU", "military", "casualties")
            and c.period_start == dt.date(2022, 2, 24)
            and c.scope == ""
        ]
        result = strict_consensus(claims, on="2025-10-31")
        assert text.startswith("RU military casualties on 2025-10-31")
        assert f"consensus: {result.interval.low:,.0f} to {result.interval.high:,.0f}" in text
        for claim_id in result.claims:
            own = cd.plausible_range(next(c for c in claims if c.claim_id == claim_id))
            line = next(line for line in text.splitlines() if f" {claim_id} " in line)
            assert line.startswith(f"{own.low:,.0f} to {own.high:,.0f}")

    @pytest.mark.parametrize("on", ["2024-12-08", "2025-06-03", "2026-02-28"])
    def test_witness_when_inconsistent(self, on: str) -> None:
        result = strict_consensus(ua_killed(), on=on)
        argv = ["range", "--subject-side", "UA", *RANGE[3:6], "killed", "--on", on]
        _, text = run(*argv, "--method", "strict")
        assert ("witness:" in text) is not result.consistent
        if result.witness is not None:
            assert f"witness: {result.witness[0]} and {result.witness[1]}" in text

    def test_robust_band_falsetickers_and_slack(self) -> None:
        on = "2026-02-28"
        argv = ["range", "--subject-side", "UA", *RANGE[3:6], "killed", "--on", on]
        code, text = run(*argv, "--data-version", "2026.11.0")
        assert code == 0
        every = cd.claims("2026.11.0")
        quantity = [
            c
            for c in every
            if (c.subject_side, c.population, c.measure, c.scope)
            == ("UA", "military", "killed", "")
        ]
        # The cumulative claims, and figures for later periods that ended by then.
        chosen = [
            c
            for c in quantity
            if c.period_end_by <= dt.date(2026, 2, 28) or c.period_start == dt.date(2022, 2, 24)
        ]
        result = cd.consensus(chosen, on=on)
        assert "method: robust" in text
        assert f"consensus: {result.interval.low:,.0f} to {result.interval.high:,.0f}" in text
        assert result.slack_band is not None
        assert f"slack band: {result.slack_band.low:,.0f}" in text
        assert result.falsetickers
        for claim_id, cost in result.falsetickers:
            line = next(line for line in text.splitlines() if f" {claim_id} " in line)
            assert line.startswith(f"{cost:g} ")
        for claim_id, reading in result.hints:
            line = next(line for line in text.splitlines() if f" {claim_id} " in line)
            assert f"agrees {reading}" in line

    def test_past_the_latest_claims_a_finite_bound_marked_extrapolated(self) -> None:
        argv = ["range", "--subject-side", "UA", *RANGE[3:6], "killed", "--on", "2027-06-01"]
        code, text = run(*argv)
        assert code == 0
        consensus_line = next(line for line in text.splitlines() if line.startswith("consensus:"))
        assert " to " in consensus_line
        assert "or more" not in consensus_line
        assert "extrapolated past it by the rate envelope" in text
        code, strict = run(*argv, "--method", "strict")
        assert "or more" in next(
            line for line in strict.splitlines() if line.startswith("consensus:")
        )

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


class TestCite:
    """cite names the package, the data version and every original source, as text or BibTeX."""

    def test_text_names_package_version_and_every_source(self) -> None:
        code, text = run("cite")
        assert code == 0
        assert f"conflictdata {cd.__version__}" in text
        assert f"data version {cd.CLAIMS_VERSION}" in text
        assert cd.dataset("claims").licence.split(";")[0] in " ".join(text.split())
        lines = text.splitlines()
        for claim in cd.claims():
            assert claim.source_publisher in text
            if claim.source_url:
                assert f"  {claim.source_url}" in lines

    def test_bibtex_one_entry_per_source_with_unique_keys(self) -> None:
        code, text = run("cite", "--format", "bibtex")
        assert code == 0
        keys = re.findall(r"^@\w+\{([^,]+),$", text, flags=re.MULTILINE)
        sources = {
            (c.source_publisher, c.source_title, c.published_on, c.source_url) for c in cd.claims()
        }
        assert keys[:2] == ["conflictdata", f"conflictdata-claims-{cd.CLAIMS_VERSION}"]
        assert len(keys) == len(set(keys)) == len(sources) + 2
        assert text.count("{") == text.count("}")
        urls = set(re.findall(r"^  url = \{(.*)\},$", text, flags=re.MULTILINE))
        assert urls == {c.source_url for c in cd.claims() if c.source_url}

    def test_external_dataset_names_its_pinned_files(self) -> None:
        release = cd.dataset("general-staff").version("2026-02-24")
        code, text = run("cite", "general-staff", "--version", "2026-02-24")
        assert code == 0
        assert "Petro Ivaniuk" in text
        assert all(f"  {file.url}" in text.splitlines() for file in release.files)

    @pytest.mark.parametrize("argv", [["cite", "nothing"], ["cite", "--version", "1999.1.0"]])
    def test_unknown_dataset_or_version_is_one_line(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as exit_info:
            main(argv, out=io.StringIO())
        assert exit_info.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


class TestParquet:
    """claims --format parquet keeps the dtypes, and names what to install without pyarrow."""

    def test_file_round_trip(self, tmp_path: Path) -> None:
        import pandas as pd

        target = tmp_path / "ua.parquet"
        code, text = run("claims", "--subject-side", "UA", "--format", "parquet", "-o", str(target))
        assert (code, text) == (0, "")
        expected = cd.claims_to_frame(c for c in cd.claims() if c.subject_side == "UA")
        pd.testing.assert_frame_equal(pd.read_parquet(target), expected)

    def test_redirected_standard_output(self, tmp_path: Path) -> None:
        import pandas as pd

        target = tmp_path / "all.parquet"
        with target.open("w") as out:
            subprocess.run(
                [sys.executable, "-m", "conflictdata", "claims", "--format", "parquet"],
                stdout=out,
                check=True,
            )
        assert len(pd.read_parquet(target)) == len(cd.claims())

    def test_not_into_a_text_stream(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_info:
            run("claims", "--format", "parquet")
        assert exit_info.value.code == 2
        assert "--output FILE" in capsys.readouterr().err

    def test_without_pyarrow_names_the_extra(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
        with pytest.raises(SystemExit) as exit_info:
            run("claims", "--format", "parquet", "-o", str(tmp_path / "x.parquet"))
        assert exit_info.value.code == 2
        error = capsys.readouterr().err
        assert error.count("\n") == 1
        assert "conflictdata[parquet]" in error
        assert not (tmp_path / "x.parquet").exists()


class TestEvaluate:
    """evaluate prints the summary per method and mode, with counts, and the injected faults."""

    def test_table(self) -> None:
        code, text = run("evaluate", "--data-version", "2026.11.0")
        assert code == 0
        evaluation = cd.evaluate(cd.claims("2026.11.0"))
        assert evaluation.to_text() in text
        assert "claims data 2026.11.0" in text

    def test_posterior(self) -> None:
        code, text = run("evaluate", "--data-version", "2026.11.0", "--posterior")
        assert code == 0
        summary = cd.posterior_evaluation(cd.claims("2026.11.0")).summary
        n = int(summary["n"])
        assert f"inside the 90% interval {int(summary['covered_90'])}/{n}" in text
        assert "rate x2" in text

    def test_bad_model(self, tmp_path: Path) -> None:
        path = tmp_path / "model.json"
        path.write_text("{}", encoding="utf-8")
        with pytest.raises(SystemExit) as caught:
            run("evaluate", "--model", str(path))
        assert caught.value.code == 2
