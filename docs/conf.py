"""Sphinx configuration for conflictdata."""

from __future__ import annotations

import sys
from pathlib import Path

import conflictdata

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from conflictdata_docs import GENERATED, write_generated, write_inventories

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
    "sphinx.ext.intersphinx",
    "sphinxarg.ext",
    "sphinx_copybutton",
    "matplotlib.sphinxext.plot_directive",  # figures drawn at build time, none committed
    "conflictdata_docs",  # generated pages: data dictionary, datasets, changelog, citation
]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated/*.inc.md", "inventories"]
html_theme = "furo"
html_title = "conflictdata"
html_static_path = ["_static"]
highlight_language = "none"  # usage lines and plain blocks; examples name their language
html_css_files = ["conflictdata.css"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = True
nitpick_ignore_regex = [
    # Private helpers of the package that annotations name.
    (r"py:class", r"(ColumnKind|_E|BiasKey|ConversionKey|Method|ClaimsSource)"),
    (r"py:.*", r"conflictdata\.schema\.records\._.*"),
]
# The docs build offline: the inventories are made from the lists in docs/inventories.
intersphinx_mapping = write_inventories()
intersphinx_disabled_reftypes = ["std:doc"]
doctest_global_setup = "import conflictdata"
# Copy the code of an example without its prompts and output.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
# Figures: drawn when the docs are built, from the code shown beside them.
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_rcparams = {"figure.figsize": (9, 5)}


def _write_posterior_tables() -> None:
    # The posterior band over time, its coverage and its sensitivity, computed at every build.
    from scipy.stats import beta

    from conflictdata.method.posterior import posterior_evaluation

    def amount(value: float) -> str:
        return f"{value:,.0f}"

    claims = conflictdata.claims()
    lines = []
    for side in ("RU", "UA"):
        quantity = conflictdata.claims_about(
            claims, subject_side=side, population="military", measure="killed"
        )
        series = conflictdata.estimate_series(quantity)
        shown = series[series["date"].dt.month.isin([1, 7])]
        lines += [
            f"**{side} military killed** since 24 February 2022 ({len(quantity)} claims; increment"
            f" prior {series['rate'].iloc[0]:,.0f} per day on average, derived from the claims):",
            "",
            "| date | median | 50% interval | 90% interval |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {row['date'].date()} | {amount(row['median'])} |"
            f" {amount(row['low_50'])} to {amount(row['high_50'])} |"
            f" {amount(row['low_90'])} to {amount(row['high_90'])} |"
            for row in shown.to_dict("records")
        ]
        lines.append("")
    write_generated(GENERATED / "posterior_band.inc.md", "\n".join(lines))

    military_killed = [
        claim
        for side in ("RU", "UA")
        for claim in conflictdata.claims_about(
            claims, subject_side=side, population="military", measure="killed"
        )
    ]
    evaluation = posterior_evaluation(military_killed)
    table = evaluation.references
    lines = [
        "| references | n | inside the 50% interval | inside the 90% interval |"
        " 95% interval of the 90% rate |",
        "|---|---|---|---|---|",
    ]
    for label, rows in (
        ("lists of names (never above the top)", table[table["one_sided"]]),
        ("third parties' estimates (their middle inside)", table[~table["one_sided"]]),
        ("all", table),
    ):
        n, k50, k90 = len(rows), int(rows["covered_50"].sum()), int(rows["covered_90"].sum())
        low = beta.ppf(0.025, k90, n - k90 + 1) if k90 else 0.0
        high = beta.ppf(0.975, k90 + 1, n - k90) if k90 < n else 1.0
        lines.append(f"| {label} | {n} | {k50} | {k90} | {low:.2f} to {high:.2f} |")
    score = evaluation.summary["mean_interval_score_90"]
    lines += [
        "",
        f"Mean interval score of the 90% interval (log scale, two-sided): {score:.2f}.",
        "",
    ]
    lines += [
        "| quantity | latest date | default median | prior changed | median | ratio |",
        "|---|---|---|---|---|---|",
    ]
    sensitivity = evaluation.sensitivity
    sensitivity = sensitivity.sort_values(["subject_side", "prior"])
    lines += [
        f"| {row['subject_side']} {row['population']} {row['measure']} | {row['date'].date()} |"
        f" {amount(row['default_median'])} | {row['prior']} | {amount(row['median'])} |"
        f" {row['ratio']:.3f} |"
        for row in sensitivity.to_dict("records")
    ]
    write_generated(GENERATED / "posterior_evaluation.inc.md", "\n".join(lines) + "\n")


_write_posterior_tables()


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
    write_generated(GENERATED / "evaluation.inc.md", "\n".join(lines) + "\n")


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
    GENERATED.mkdir(exist_ok=True)
    figure.savefig(GENERATED / "bands.png", metadata={"Software": None})
    plt.close(figure)


_draw_bands()
