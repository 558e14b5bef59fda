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
    target = Path(__file__).parent / "_generated" / "data_dictionary.inc.md"
    target.parent.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


_write_data_dictionary()


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
    target = Path(__file__).parent / "_generated" / "posterior_band.inc.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")

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
    target = Path(__file__).parent / "_generated" / "posterior_evaluation.inc.md"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


_write_posterior_tables()
