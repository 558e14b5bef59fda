"""The command line with users' files and bad environments: `validate`, and one line on stderr
with a non-zero exit, never a traceback (issue 11)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd

from .test_cli import RANGE, run

if TYPE_CHECKING:
    from pathlib import Path

    from .mirror_server import MirrorServer


def command(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "conflictdata", *argv],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("conflictdata")
    return lines[0]


def faulty_file(tmp_path: Path) -> Path:
    rows = [cd.claim_cells(claim) for claim in cd.claims()[:3]]
    rows[1]["measure"] = "dead"
    rows[2]["quote_language"] = "english"
    stream = io.StringIO()
    cd.write_claims_csv(cd.claims()[:3], stream)
    header = stream.getvalue().splitlines()[0]
    import csv

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header.split(","), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "mine.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


class TestValidate:
    """`conflictdata validate FILE`: every problem; exit 1 when anything is wrong, 0 when clean."""

    def test_bundled_file_is_clean(self) -> None:
        code, text = run("validate", str(cd.fetch("claims")))
        assert code == 0
        assert text.endswith(f"{len(cd.claims())} rows, 0 errors, 0 warnings\n")

    def test_table_lists_every_problem(self, tmp_path: Path) -> None:
        code, text = run("validate", str(faulty_file(tmp_path)))
        assert code == 1
        lines = text.splitlines()
        assert lines[0].split() == ["line", "severity", "column", "value", "allowed"]
        rows = [line.split()[:4] for line in lines[1:-1] if line[:1].isdigit()]  # cells may wrap
        assert rows == [
            ["3", "error", "measure", "'dead'"],
            ["4", "warning", "quote_language", "'english'"],
        ]
        assert lines[-1].endswith("3 rows, 1 errors, 1 warnings")

    def test_json(self, tmp_path: Path) -> None:
        path = faulty_file(tmp_path)
        code, text = run("validate", str(path), "--format", "json")
        assert code == 1
        report = json.loads(text)
        assert (report["file"], report["rows"], report["clean"]) == (str(path), 3, False)
        assert [(p["line"], p["column"], p["severity"]) for p in report["problems"]] == [
            (3, "measure", "error"),
            (4, "quote_language", "warning"),
        ]

    def test_standard_input_and_a_missing_file(self, tmp_path: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "conflictdata", "validate", "-"],
            input=faulty_file(tmp_path).read_text(encoding="utf-8"),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1
        assert "<stdin>: 3 rows, 1 errors" in done.stdout
        assert "No such file" in one_line_error(command("validate", str(tmp_path / "none.csv")))


class TestArgumentsThatCannotBeUsed:
    """Unknown sides, dates before the count starts and negative windows are errors (exit 2)."""

    @pytest.mark.parametrize(
        ("argv", "named"),
        [
            (["claims", "--subject-side", "XX"], "the sides are: RU, UA"),
            (["range", *RANGE[1:-1], "2020-01-01"], "give a date from 2022-02-24"),
            (["calibrate", "--window=-90D"], "not a positive time span"),
            (["calibrate", "--window=0D"], "not a positive time span"),
        ],
    )
    def test_error_names_what_is_allowed(self, argv: list[str], named: str) -> None:
        assert named in one_line_error(command(*argv), code=2)


class TestEnvironments:
    """Bad settings, folders, encodings and Ctrl-C: one line on stderr, non-zero exit."""

    @pytest.mark.parametrize("timeout", ["soon", "0", "-1", "inf", "nan"])
    def test_bad_timeout(self, timeout: str, cache: Path) -> None:
        line = one_line_error(command("fetch", "general-staff", CONFLICTDATA_TIMEOUT=timeout))
        assert (
            f"CONFLICTDATA_TIMEOUT must be a positive number of seconds, found {timeout!r}" in line
        )

    def test_a_cache_folder_that_is_a_file(self, tmp_path: Path) -> None:
        in_the_way = tmp_path / "file"
        in_the_way.write_text("", encoding="utf-8")
        done = command("fetch", "general-staff", CONFLICTDATA_DATA_DIR=str(in_the_way))
        assert "cannot use the cache folder" in one_line_error(done)

    def test_a_missing_cache_folder_is_shown_empty(self, tmp_path: Path) -> None:
        done = command("cache", CONFLICTDATA_DATA_DIR=str(tmp_path / "missing"))
        assert (done.returncode, done.stdout) == (0, f"{tmp_path / 'missing'}\n0 files, 0 bytes\n")

    def test_mirror_into_a_place_that_cannot_be_written(self, tmp_path: Path) -> None:
        in_the_way = tmp_path / "file"
        in_the_way.write_text("", encoding="utf-8")
        line = one_line_error(command("mirror", str(in_the_way / "mirror")))
        assert str(in_the_way) in line

    def test_an_output_encoding_that_cannot_hold_the_text(self) -> None:
        done = command("claims", "--format", "json", PYTHONIOENCODING="ascii")
        assert "PYTHONIOENCODING=utf-8" in one_line_error(done)

    @pytest.mark.usefixtures("small_series")
    def test_ctrl_c(self, small_series: Path, server: MirrorServer) -> None:
        server.delay = 30.0
        code = (
            "import sys, runpy\n"
            "from conflictdata.data import registry\n"
            "parsed = {i.name: i for i in registry._parse_registry(open(sys.argv[1]).read())}\n"
            "registry._registry = lambda: parsed\n"
            "from conflictdata.cli import main\n"
            "sys.exit(main(['fetch', 'general-staff', '--version', 'fixture']))\n"
        )
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(small_series)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(200):  # until the download has begun
            if server.requests:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
        assert process.returncode == 130
        assert "Traceback" not in err
        # pooch's own log line of the download may come first
        assert err.strip().splitlines()[-1] == "conflictdata: interrupted"


class TestSpreadsheetSafeListing:
    """`claims --format csv` neutralises formulas by default and says so on stderr."""

    def test_default_and_opt_out(self) -> None:
        done = command("claims", "--format", "csv", "--measure", "captured")
        assert done.returncode == 0
        assert "spreadsheets do not run them as formulas" in done.stderr
        expected = io.StringIO()
        captured = [claim for claim in cd.claims() if claim.measure == "captured"]
        cd.write_claims_csv(captured, expected, spreadsheet_safe=True)
        assert done.stdout == expected.getvalue()
        raw = command("claims", "--format", "csv", "--no-spreadsheet-safe", "--measure", "captured")
        assert (raw.returncode, raw.stderr) == (0, "")
        assert cd.parse_claims_csv(raw.stdout) == tuple(captured)
