"""Sphinx configuration for conflictdata."""

from __future__ import annotations

import sys
from pathlib import Path

import conflictdata

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from conflictdata_docs import write_inventories

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
