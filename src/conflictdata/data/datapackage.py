"""The claims dataset as a Frictionless Data Package: one descriptor per bundled version.

The descriptor is derived from the registry (title, description, terms, attribution, the file's
sha256 and size) and from the schema (the Table Schema of :func:`claims_table_schema`), and lists
the original sources of the claims. Each bundled version ships its descriptor beside its CSV, as
``claims-<version>.datapackage.json``, written by the data release tool; a test checks that the
shipped file is what this module derives and that the data validate against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import UnknownDatasetError
from ..schema.claims_csv import claims_table_schema, parse_claims_csv
from .fetching import fetch
from .registry import dataset

if TYPE_CHECKING:
    import os

    from ..schema.records import Claim
    from .registry import DatasetInfo, DatasetVersion

__all__ = ["claims_datapackage", "datapackage_descriptor", "datapackage_file_name"]

_DATASET = "claims"


def datapackage_file_name(version: str) -> str:
    """The file name of a version's shipped descriptor, beside its CSV in the package."""
    return f"{_DATASET}-{version}.datapackage.json"


def _sources(claims: tuple[Claim, ...]) -> list[dict[str, str]]:
    # One entry per distinct original source, in the order the claims first cite it.
    sources: dict[tuple[str, str, str], dict[str, str]] = {}
    for claim in claims:
        key = (claim.source_publisher, claim.source_title, claim.source_url)
        entry = {"title": f"{claim.source_publisher}: {claim.source_title}"}
        if claim.source_url:
            entry["path"] = claim.source_url
        if claim.published_on is not None:
            entry["published"] = claim.published_on.isoformat()
        sources.setdefault(key, entry)
    return list(sources.values())


def datapackage_descriptor(
    info: DatasetInfo, release: DatasetVersion, csv: str | os.PathLike[str]
) -> dict[str, Any]:
    """The descriptor of one bundled version, from its registry records and its CSV file.

    :func:`claims_datapackage` gives it for the package's own registry; the data release tool
    uses this to write the descriptor of a version it has just registered.
    """
    path = Path(csv)
    file = release.file()
    records = parse_claims_csv(path.read_text(encoding="utf-8"), source=str(path))
    return {
        "profile": "tabular-data-package",
        "name": f"conflictdata-{info.name}",
        "title": info.title,
        "description": info.description,
        "version": release.version,
        # No open licence applies to a compilation of quotations, so there is no "licenses"
        # entry (it needs a licence id or a path); the terms are given in words instead.
        "rights": info.licence,
        "contributors": [{"title": info.attribution, "role": "author"}],
        "keywords": ["casualties", "conflict", "claims"],
        "sources": _sources(records),
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": info.name,
                "path": file.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": path.stat().st_size,
                "hash": f"sha256:{file.sha256}",
                "schema": claims_table_schema(),
            }
        ],
    }


def claims_datapackage(version: str | None = None) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a bundled version of the claims dataset.

    The same descriptor ships in the package beside the version's CSV, as
    ``claims-<version>.datapackage.json``, so that ``frictionless validate`` can check the data.

    Args:
        version: A data version such as ``"2026.11.0"``; ``None`` for the newest.

    Returns:
        A JSON-serialisable descriptor (``tabular-data-package``) whose one resource is the
        version's CSV, with its sha256, size and Table Schema, and whose ``sources`` are the
        original sources of the claims.

    Raises:
        UnknownDatasetError: For a version that is not registered or not bundled.

    Example:
        >>> import conflictdata
        >>> package = conflictdata.claims_datapackage("2026.11.0")
        >>> resource = package["resources"][0]
        >>> resource["path"], resource["hash"].startswith("sha256:")
        ('claims-2026.11.0.csv', True)
        >>> [field["name"] for field in resource["schema"]["fields"]][:3]
        ['claim_id', 'statement_id', 'conflict']
    """
    info = dataset(_DATASET)
    release = info.version(version)
    if not release.bundled:
        msg = f"the {_DATASET} version {release.version!r} is not bundled"
        raise UnknownDatasetError(msg)
    return datapackage_descriptor(info, release, fetch(_DATASET, release.version))
