"""conflictdata.plot, drawn with Agg: the artists on the axes (points, bars, bands), not pixels."""

from __future__ import annotations

import io
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.collections import FillBetweenPolyCollection, PathCollection
from matplotlib.container import ErrorbarContainer

import conflictdata as cd
from conflictdata import plot
from conflictdata.cli import main

from .helpers import python_output

if TYPE_CHECKING:
    from collections.abc import Iterator

QUANTITY = {"subject_side": "RU", "population": "military", "measure": "casualties"}
SMALL_SERIES = Path(__file__).parent / "data" / "general-staff" / "russia_losses_personnel.json"


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def about(**quantity: str) -> tuple[cd.Claim, ...]:
    return cd.claims_about(cd.claims(), **quantity)


def flat(pairs: list[tuple[float, float]]) -> list[float]:
    return [value for pair in pairs for value in pair]


def middle(claim: cd.Claim) -> float:
    if claim.value is not None:
        return float(claim.value)
    assert claim.low is not None
    assert claim.high is not None
    return (claim.low + claim.high) / 2


def falsetickers(claims: tuple[cd.Claim, ...]) -> set[str]:
    series = cd.consensus_series(claims)
    return {claim_id for ids in series["falsetickers"] for claim_id in ids}


class TestTimeline:
    """One point and error bar per claim, by relation; the band; crosses on what cannot hold."""

    def test_points_and_bars_per_relation(self) -> None:
        claims = about(**QUANTITY)
        ax = plot.claims_timeline(cd.claims(), **QUANTITY)
        containers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        by_label = {c.get_label(): c for c in containers}
        for relation, style in plot._STYLE.items():
            group = [c for c in claims if c.relation == relation]
            if not group:
                assert style["label"] not in by_label
                continue
            container = by_label[style["label"]]
            data_line, _, (bars,) = container.lines
            assert len(data_line.get_xdata()) == len(group)
            assert len(bars.get_segments()) == len(group)
            spans = sorted((seg[0][1], seg[1][1]) for seg in bars.get_segments())
            ranges = sorted((cd.plausible_range(c).low, cd.plausible_range(c).high) for c in group)
            assert flat(spans) == pytest.approx(flat(ranges))

    @pytest.mark.parametrize(
        "quantity",
        [QUANTITY, {"subject_side": "UA", "population": "military", "measure": "killed"}],
    )
    def test_consensus_band_and_crossed_out_falsetickers(self, quantity: dict[str, str]) -> None:
        claims = about(**quantity)
        ax = plot.claims_timeline(cd.claims(), **quantity)
        bands = [c for c in ax.collections if isinstance(c, FillBetweenPolyCollection)]
        assert len(bands) == 1
        expected = falsetickers(claims)
        assert expected  # the bundled claims about these quantities do not all agree
        (marked,) = [c for c in ax.collections if c.get_label() == "falseticker"]
        by_id = {claim.claim_id: claim for claim in claims}
        figures = sorted(middle(by_id[claim_id]) for claim_id in expected)
        assert sorted(y for _, y in marked.get_offsets()) == pytest.approx(figures)

    @pytest.mark.parametrize(
        ("quantity", "method"),
        [
            ({"subject_side": "RU", "population": "civilian", "measure": "wounded"}, "robust"),
            (QUANTITY, "strict"),  # the strict method names no falsetickers
        ],
    )
    def test_no_crosses(self, quantity: dict[str, str], method: str) -> None:
        ax = plot.claims_timeline(cd.claims(), **quantity, method=method)
        assert not [c for c in ax.collections if isinstance(c, PathCollection)]

    def test_general_staff_series_as_a_line(self) -> None:
        import pandas as pd

        reports = json.loads(SMALL_SERIES.read_text(encoding="utf-8"))
        series = pd.DataFrame(
            {
                "date": pd.to_datetime([r["date"] for r in reports]),
                "personnel": [r["personnel"] for r in reports],
            }
        )
        ax = plot.claims_timeline(cd.claims(), **QUANTITY, general_staff=series)
        (line,) = [line for line in ax.lines if line.get_label() == "General Staff daily series"]
        assert list(line.get_ydata()) == [r["personnel"] for r in reports]

    def test_draws_on_given_axes(self) -> None:
        _, ax = plt.subplots()
        assert plot.claims_timeline(cd.claims(), **QUANTITY, ax=ax) is ax

    def test_unknown_quantity(self) -> None:
        with pytest.raises(ValueError, match="no claims about XX military casualties"):
            plot.claims_timeline(cd.claims(), subject_side="XX", population="military",
                                 measure="casualties")  # fmt: skip


class TestCompareClaimants:
    """One bar (the plausible range) and one marker per claimant: its latest claim."""

    @pytest.mark.parametrize("as_of", [None, "2023-12-31"])
    def test_one_bar_per_claimant(self, as_of: str | None) -> None:
        quantity = {"subject_side": "UA", "population": "military", "measure": "killed"}
        known = cd.claims(as_of=as_of)
        claims = cd.claims_about(known, **quantity)
        ax = plot.compare_claimants(cd.claims(), **quantity, as_of=as_of)
        claimants = {c.claimant for c in claims}
        assert len(ax.patches) == len(claimants)
        markers = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert len(markers) == len(claimants)
        latest = {}
        for claim in sorted(claims, key=lambda c: (c.stated_by, c.claim_id)):
            latest[claim.claimant] = claim
        ceiling = ax.get_xlim()[1]
        widths = sorted((bar.get_x(), bar.get_x() + bar.get_width()) for bar in ax.patches)
        ranges = sorted(
            (r.low, min(r.high, ceiling)) for r in map(cd.plausible_range, latest.values())
        )
        assert flat(widths) == pytest.approx(flat(ranges))
        labels = [label.get_text() for label in ax.get_yticklabels()]
        assert all(any(label.startswith(name[:20]) for label in labels) for name in claimants)

    def test_open_ended_range_gets_an_arrow(self) -> None:
        quantity = {"subject_side": "UA", "population": "military", "measure": "killed"}
        model = cd.ReportingModel().with_qualifier("more_than", low=1.0, high=math.inf)
        claims = cd.claims_about(cd.claims(), **quantity)
        latest = {}
        for claim in sorted(claims, key=lambda c: (c.stated_by, c.claim_id)):
            latest[claim.claimant] = claim
        open_ended = [c for c in latest.values() if not cd.plausible_range(c, model=model).bounded]
        ax = plot.compare_claimants(cd.claims(), **quantity, model=model)
        assert len(ax.texts) == len(open_ended)  # annotations: the arrows


class TestWithoutMatplotlib:
    """Without matplotlib, the functions raise an ImportError that names the extra."""

    def test_import_error_names_the_extra(self) -> None:
        code = (
            "import sys; sys.modules['matplotlib'] = None\n"
            "import conflictdata, conflictdata.plot as plot\n"
            "try:\n"
            "    plot.claims_timeline(conflictdata.claims(), subject_side='RU',"
            " population='military', measure='casualties')\n"
            "except ImportError as error:\n"
            "    print(error)\n"
        )
        assert "conflictdata[plot]" in python_output(code)

    def test_command_line_says_what_to_install(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
        argv = ["plot", "--subject-side", "RU", "--population", "military"]
        with pytest.raises(SystemExit) as exit_info:
            main([*argv, "--measure", "casualties", "-o", str(tmp_path / "x.png")])
        assert exit_info.value.code == 2
        assert "conflictdata[plot]" in capsys.readouterr().err


class TestCommandLine:
    """conflictdata plot writes the figure to the file named."""

    @pytest.mark.parametrize(("kind", "suffix", "magic"), [
        ("timeline", ".png", b"\x89PNG"), ("claimants", ".svg", b"<?xml"),
    ])  # fmt: skip
    def test_writes_the_image(self, tmp_path: Path, kind: str, suffix: str, magic: bytes) -> None:
        target = tmp_path / f"out{suffix}"
        out = io.StringIO()
        argv = ["plot", "--subject-side", "RU", "--population", "military"]
        code = main([*argv, "--measure", "casualties", "--kind", kind, "-o", str(target)], out=out)
        assert code == 0
        assert out.getvalue() == f"wrote {target}\n"
        assert target.read_bytes().startswith(magic)

    def test_unknown_quantity_is_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["plot", "--subject-side", "XX", "--population", "military"]
        with pytest.raises(SystemExit) as exit_info:
            main([*argv, "--measure", "killed", "-o", str(tmp_path / "x.png")], out=io.StringIO())
        assert exit_info.value.code == 2
        assert (
            capsys.readouterr().err
            == "conflictdata: error: no claims about XX military killed to plot\n"
        )
        assert not (tmp_path / "x.png").exists()
