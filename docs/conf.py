"""Sphinx configuration for conflictdata."""

from __future__ import annotations

from pathlib import Path

import conflictdata

project = "conflictdata"
author = "The conflictdata developers"
copyright = "2026, The conflictdata developers"
release = conflictdata.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated/*.inc.md"]
html_theme = "furo"
html_title = "conflictdata"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = True
nitpick_ignore_regex = [
    # Types from libraries whose inventories are not fetched (the docs build offline).
    (
        r"py:class",
        r"(pd|pandas|datetime|dt|os|enum|attrs|argparse|collections\.abc|typing|pathlib)\..*",
    ),
    (r"py:class", r"(TextIO|Path|ColumnKind|_E|NoReturn|Method)"),
    (r"py:.*", r"conflictdata\.schema\.records\._.*"),
]
doctest_global_setup = "import conflictdata"


def _write_data_dictionary() -> None:
    # The data dictionary is generated from the schema: no hand-kept copy.
    lines = [
        "| column | kind | required | allowed values | description |",
        "|---|---|---|---|---|",
    ]
    for column in conflictdata.CLAIM_COLUMNS:
        allowed = (
            ", ".join(f"`{member.value}`" for member in column.vocabulary)
            if column.vocabulary
            else ""
        )
        required = "yes" if column.required else "no"
        lines.append(
            f"| `{column.name}` | {column.kind} | {required} | {allowed} | {column.description} |"
        )
    _write_generated("data_dictionary.inc.md", "\n".join(lines) + "\n")


def _write_generated(name: str, text: str) -> None:
    target = Path(__file__).parent / "_generated" / name
    target.parent.mkdir(exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


_write_data_dictionary()


def _write_evaluation() -> None:
    # The evaluation of the method page (section 8.4), computed from the bundled claims.
    evaluation = conflictdata.evaluate()

    def rate(row: dict[str, object], name: str) -> str:
        k, n = row[f"{name}_k"], row[f"{name}_n"]
        if not n:
            return "-"
        return f"{k}/{n} ({row[f'{name}_ci_low']:.2f}-{row[f'{name}_ci_high']:.2f})"

    def times(value: float) -> str:
        return "inf" if value == float("inf") else f"{value:.2f}x"

    lines = [
        f"Claims data {conflictdata.CLAIMS_VERSION}; k/n (Clopper-Pearson 95%).",
        "",
        "| method | mode | answered | point inside | range overlaps | named ≤ upper"
        " | finite upper | median width | median score |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in evaluation.summary.to_dict("records"):
        lines.append(
            f"| {row['method']} | {row['mode']} | {row['answered']}/{row['references']}"
            f" | {rate(row, 'point_inside')}"
            f" | {rate(row, 'overlaps')} | {rate(row, 'below_upper')}"
            f" | {rate(row, 'finite_upper')} | {times(row['median_width'])}"
            f" | {row['median_score']:.2f} |"
        )
    lines += ["", "| injected fault | method | injected | flagged |", "|---|---|---|---|"]
    for row in evaluation.faults.to_dict("records"):
        lines.append(f"| {row['fault']} | {row['method']} | {row['injected']} | {row['flagged']} |")
    _write_generated("evaluation.inc.md", "\n".join(lines) + "\n")


_write_evaluation()


def _draw_bands() -> None:
    # The method page's figure: strict and robust bands of one quantity over time.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame = conflictdata.load_claims()
    cumulative = frame[(frame["period_start"] == "2022-02-24") & (frame["scope"] == "")]
    figure, axes = plt.subplots(figsize=(8, 4), dpi=100)
    for method, colour in (("strict", "tab:red"), ("robust", "tab:blue")):
        series = conflictdata.consensus_series(cumulative, method=method)
        ua = series[
            (series["subject_side"] == "UA")
            & (series["population"] == "military")
            & (series["measure"] == "killed")
        ]
        high = ua["high"].where(ua["high"] < float("inf"))
        axes.fill_between(ua["date"], ua["low"], high, color=colour, alpha=0.3, label=method)
        axes.plot(ua["date"], ua["low"], color=colour, linewidth=1)
    axes.set_ylabel("Ukrainian military killed")
    axes.set_title(
        f"Bands by month, claims data {conflictdata.CLAIMS_VERSION} (no fill: no upper bound)"
    )
    axes.legend(loc="upper left")
    axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    figure.tight_layout()
    target = Path(__file__).parent / "_generated" / "bands.png"
    figure.savefig(target, metadata={"Software": None})
    plt.close(figure)


_draw_bands()
