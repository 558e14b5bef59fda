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
    (r"py:class", r"(TextIO|IO|Path|ColumnKind|ClaimsSource|_E|NoReturn)"),
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
