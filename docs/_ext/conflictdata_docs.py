"""Pages generated from the project's own data at build time, so that none is a hand-kept copy.

- the data dictionary, from the schema (``CLAIM_COLUMNS``, ``claims_dtypes()``);
- one page per dataset, from the registry and the bundled files;
- the changelog, with the names of the API linked;
- the citation of the current package and data version, from ``conflictdata cite``;
- intersphinx inventories for Python, pandas, numpy, attrs and matplotlib, from the text lists in
  ``docs/inventories`` (the docs build offline).
"""

from __future__ import annotations

import collections
import io
import re
import zlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import conflictdata
from conflictdata.cli import main as cli_main

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

DOCS = Path(__file__).resolve().parent.parent
GENERATED = DOCS / "_generated"
DATASET_PAGES = DOCS / "datasets"

# Module names as the annotations abbreviate them, and the names the inventories know.
_ALIASES = {"pd.": "pandas.", "np.": "numpy.", "dt.": "datetime.", "Path": "pathlib.Path"}
_ALIASES |= {"TextIO": "typing.TextIO", "Any": "typing.Any", "Axes": "matplotlib.axes.Axes"}
_ALIASES |= {"cd.": "conflictdata."}  # the plot and command-line modules' name for the package


def write_generated(path: Path, text: str) -> None:
    # Unchanged files keep their time stamp, so Sphinx does not rebuild every page each time.
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# -- intersphinx, offline -------------------------------------------------------------------------


def write_inventories() -> dict[str, tuple[str, str]]:
    """Write an ``objects.inv`` per list in ``docs/inventories``; the ``intersphinx_mapping``."""
    mapping = {}
    for listing in sorted((DOCS / "inventories").glob("*.txt")):
        lines = listing.read_text(encoding="utf-8").splitlines()
        base = lines[0].removeprefix("# base: ").strip()
        entries = [line.split() for line in lines[1:] if line.strip()]
        body = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in entries)
        header = (
            "# Sphinx inventory version 2\n"
            f"# Project: {listing.stem}\n"
            "# Version: \n"
            "# The remainder of this file is compressed using zlib.\n"
        )
        target = GENERATED / "inventories" / f"{listing.stem}.inv"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = header.encode() + zlib.compress(body.encode())
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        mapping[listing.stem] = (base, str(target))
    return mapping


def _resolve_alias(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.TextElement
) -> nodes.reference | None:
    from sphinx.ext import intersphinx

    target = node.get("reftarget", "")
    for short, full in _ALIASES.items():
        if target == short or (short.endswith(".") and target.startswith(short)):
            aliased = node.deepcopy()
            aliased["reftarget"] = full + target.removeprefix(short)
            if aliased["reftarget"].startswith("conflictdata."):
                domain = env.get_domain("py")
                return domain.resolve_xref(
                    env,
                    node["refdoc"],
                    app.builder,
                    node["reftype"],
                    aliased["reftarget"],
                    aliased,
                    contnode,
                )
            return intersphinx.missing_reference(app, env, aliased, contnode)
    return None


def _signature_defaults(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    # attrs fields with a factory show as "=NOTHING": they have a default, given in the text.
    if signature is not None:
        signature = signature.replace("=NOTHING", "=<default>")
    return signature, return_annotation


# -- the data dictionary --------------------------------------------------------------------------


def _data_dictionary() -> str:
    dtypes = conflictdata.claims_dtypes()
    rows = []
    for column in conflictdata.CLAIM_COLUMNS:
        allowed = (
            ", ".join(f"``{member.value}``" for member in column.vocabulary)
            if column.vocabulary
            else ""
        )
        rows.append(
            (
                f"``{column.name}``",
                column.kind,
                f"``{dtypes[column.name]}``",
                "yes" if column.required else "no",
                f"{column.description} {'Allowed: ' + allowed + '.' if allowed else ''}".strip(),
            )
        )
    relations = ", ".join(f"``{member.value}``" for member in conflictdata.Relation)
    rows.append(
        (
            "``relation``",
            "derived",
            f"``{dtypes['relation']}``",
            "—",
            "The claimant's relation to the subject, derived from ``claimant_side`` and "
            "``subject_side`` (not in the CSV; a column of the DataFrame and a property of "
            f"the claim). Allowed: {relations}.",
        )
    )
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 24 15 14 11 36",
        "   :class: data-dictionary",
        "",
        "   * - column",
        "     - kind",
        "     - pandas dtype",
        "     - required",
        "     - description",
    ]
    for row in rows:
        lines.append(f"   * - {row[0]}")
        lines.extend(f"     - {cell}" for cell in row[1:])
    return "```{eval-rst}\n" + "\n".join(lines) + "\n```\n"


# -- dataset pages --------------------------------------------------------------------------------


def _bundled_size(file: conflictdata.DatasetFile) -> int:
    return len(resources.files("conflictdata").joinpath("data", file.name).read_bytes())


def _size(n_bytes: int) -> str:
    return f"{n_bytes:,} bytes" if n_bytes < 10_000 else f"{n_bytes / 1000:,.0f} kB"


def _counted(counter: collections.Counter[str]) -> str:
    return "; ".join(f"{name} ({count})" for name, count in sorted(counter.items()))


def _coverage(version: str) -> list[str]:
    claims = conflictdata.claims(version)
    years = collections.Counter(str(claim.stated_on.year) for claim in claims)
    sides = collections.Counter(claim.subject_side for claim in claims)
    populations = collections.Counter(str(claim.population) for claim in claims)
    measures = collections.Counter(str(claim.measure) for claim in claims)
    relations = collections.Counter(str(claim.relation) for claim in claims)
    claimants = collections.Counter(claim.claimant for claim in claims)
    publishers = collections.Counter(claim.source_publisher for claim in claims)
    statements = len({claim.statement_id for claim in claims})
    return [
        f"{len(claims)} claims of {statements} statements, stated {min(years)} to {max(years)}.",
        "",
        "| | claims |",
        "|---|---|",
        f"| by year stated | {_counted(years)} |",
        f"| by subject side (whose losses) | {_counted(sides)} |",
        f"| by population | {_counted(populations)} |",
        f"| by measure | {_counted(measures)} |",
        f"| by relation of claimant to subject | {_counted(relations)} |",
        "",
        f"**Claimants** ({len(claimants)}): {_counted(claimants)}.",
        "",
        f"**Publishers** ({len(publishers)}): {_counted(publishers)}.",
    ]


def _dataset_page(info: conflictdata.DatasetInfo) -> str:
    lines = [
        f"# {info.title}",
        "",
        f"Dataset `{info.name}`. {info.description}",
        "",
        f"- **Licence:** {info.licence}",
        f"- **Attribution:** {info.attribution}",
    ]
    if info.homepage:
        lines.append(f"- **Home:** <{info.homepage}>")
    lines += [
        f"- **Versions:** {', '.join(release.version for release in info.versions)} "
        "(newest first; the first is the default)",
        "",
        "```python",
        "import conflictdata",
        f'conflictdata.fetch("{info.name}", "{info.versions[0].version}", '
        f'file="{info.versions[0].files[0].name}")',
        "```",
        "",
    ]
    for release in info.versions:
        where = "bundled with the package" if release.bundled else "downloaded on first use"
        lines += [f"## Version {release.version}", "", f"Files ({where}):", ""]
        lines += [
            "```{eval-rst}",
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 30 10 10 50",
            "   :class: dataset-files",
            "",
            "   * - file",
            "     - rows",
            "     - size",
            "     - sha256",
        ]
        for file in release.files:
            size = _size(_bundled_size(file)) if release.bundled else "—"
            name = f"`{file.name} <{file.url}>`__" if file.url else f"``{file.name}``"
            lines += [f"   * - {name}", f"     - {file.rows:,}", f"     - {size}"]
            lines.append(f"     - ``{file.sha256}``")
        lines += ["```", ""]
        if info.name == "claims":
            lines += ["### Coverage", "", *_coverage(release.version), ""]
        else:
            lines += [
                f"`conflictdata fetch {info.name} --version {release.version}` downloads and "
                "verifies these files; the registry records their rows and hashes, and its "
                "coverage is what the files hold (not computed here, where the docs build "
                "offline).",
                "",
            ]
    return "\n".join(lines)


def _dataset_index() -> str:
    lines = [
        "# Datasets",
        "",
        "Every dataset conflictdata knows, generated from the registry "
        "(`conflictdata/data/registry.json`) at build time.",
        "",
        "| dataset | title | versions | licence |",
        "|---|---|---|---|",
    ]
    for info in conflictdata.datasets():
        versions = ", ".join(release.version for release in info.versions)
        lines.append(
            f"| [{info.name}]({info.name}.md) | {info.title} | {versions} | {info.licence} |"
        )
    lines += ["", "```{toctree}", ":hidden:", ""]
    lines += [info.name for info in conflictdata.datasets()]
    lines += ["```", ""]
    return "\n".join(lines)


# -- the changelog, linked ----------------------------------------------------------------------

_CODE_SPAN = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)(\([^`]*\))?`")


def _public_target(dotted: str) -> str | None:
    head, *rest = dotted.split(".")
    if head not in conflictdata.__all__ or head.startswith("_"):
        return None
    obj: Any = getattr(conflictdata, head)
    for part in rest:
        if not hasattr(obj, part):
            return None
        obj = getattr(obj, part)
    if callable(obj) or rest or isinstance(obj, type):
        return f"conflictdata.{dotted}"
    return None


def _link_names(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        target = _public_target(match.group(1))
        if target is None:
            return match.group(0)
        shown = match.group(1) + (match.group(2) or "")
        return f"{{py:obj}}`{shown} <{target}>`"

    return _CODE_SPAN.sub(link, text)


def _changelog() -> str:
    text = (DOCS.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    return _link_names(text)


# -- the citation -------------------------------------------------------------------------------


def _cli(*argv: str) -> str:
    out = io.StringIO()
    cli_main(list(argv), out=out)
    return out.getvalue()


def _citation() -> str:
    text = _cli("cite")
    head = text.split("\nThe original sources")[0].rstrip()
    bibtex = _cli("cite", "--format", "bibtex").split("\n\n")
    return (
        "```text\n$ conflictdata cite\n"
        f"{head}\n...\n```\n\n"
        "```bibtex\n" + "\n\n".join(bibtex[:3]) + "\n...\n```\n"
    )


def generate() -> None:
    """Write every generated page (when Sphinx loads this extension, before reading sources)."""
    write_generated(GENERATED / "data_dictionary.inc.md", _data_dictionary())
    write_generated(GENERATED / "changelog.inc.md", _changelog())
    write_generated(GENERATED / "cite.inc.md", _citation())
    write_generated(DATASET_PAGES / "index.md", _dataset_index())
    for info in conflictdata.datasets():
        write_generated(DATASET_PAGES / f"{info.name}.md", _dataset_page(info))
    # a dataset removed from the registry loses its page
    names = {f"{info.name}.md" for info in conflictdata.datasets()} | {"index.md"}
    for page in DATASET_PAGES.glob("*.md"):
        if page.name not in names:
            page.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    generate()
    app.connect("missing-reference", _resolve_alias)
    app.connect("autodoc-process-signature", _signature_defaults)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
