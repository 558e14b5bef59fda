"""The command line's posterior: ``range`` shows it, ``estimate`` prints a series."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd
from conflictdata.cli import main

if TYPE_CHECKING:
    from pathlib import Path

QUANTITY = ["--subject-side", "UA", "--population", "military", "--measure", "killed"]


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wide enough that every table keeps its row on one line.
    monkeypatch.setenv("COLUMNS", "400")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def ua_killed() -> tuple[cd.Claim, ...]:
    return cd.claims_about(cd.claims(), subject_side="UA", population="military", measure="killed")


def test_range_shows_the_posterior_and_each_claims_probability_of_being_wrong() -> None:
    code, text = run("range", *QUANTITY, "--on", "2026-02-28")
    assert code == 0
    result = cd.estimate(ua_killed(), on="2026-02-28")
    assert f"posterior: median {result.median:,.0f}; 50% {result.interval_50.low:,.0f} to" in text
    assert f"90% {result.interval_90.low:,.0f} to {result.interval_90.high:,.0f}" in text
    for claim_id in cd.consensus(ua_killed(), on="2026-02-28").claims:
        line = next(line for line in text.splitlines() if f" {claim_id} " in line)
        assert f" {result.wrong_probability[claim_id]:.2f} " in line


def test_estimate_prints_the_series() -> None:
    code, text = run("estimate", *QUANTITY)
    assert code == 0
    series = cd.estimate_series(ua_killed())
    lines = text.splitlines()
    assert lines[0].startswith("UA military killed, counted since the start of the conflict")
    assert f"{series['rate'].iloc[0]:,.1f} per day" in lines[1]
    for row in series.to_dict("records"):
        line = next(line for line in lines if line.startswith(row["date"].date().isoformat()))
        assert f"  {row['median']:,.0f}  " in line
        assert f"{row['low_90']:,.0f} to {row['high_90']:,.0f}" in line


def test_estimate_as_of_uses_what_was_stated_by_then(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    cd.ReportingModel().with_posterior(increment_cv_year=2.0).save(path)
    code, text = run("estimate", *QUANTITY, "--as-of", "2024-06-30", "--model", str(path))
    assert code == 0
    known = [c for c in ua_killed() if c.stated_by.isoformat() <= "2024-06-30"]
    series = cd.estimate_series(known, model=cd.ReportingModel.load(path))
    assert "claims stated by 2024-06-30" in text
    assert "uncertain by 2x its mean" in text
    assert text.rstrip().splitlines()[-1].startswith(series["date"].iloc[-1].date().isoformat())


@pytest.mark.parametrize(
    "argv",
    [
        ["estimate", *QUANTITY, "--freq", "every tuesday"],
        ["estimate", *QUANTITY, "--as-of", "2020-01-01"],
        ["estimate", *QUANTITY, "--model", "no-such-model.json"],
    ],
)
def test_estimate_refuses_bad_arguments_in_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(*argv)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("conflictdata")
    assert len(error.splitlines()) == 1
