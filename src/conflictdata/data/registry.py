"""The registry of datasets and their versions: one JSON file in the package, read on first use.

``conflictdata/data/registry.json`` maps each dataset name to its title, description, licence,
attribution, homepage and versions; each version maps file names to their sha256 hash, size in
bytes, row count and, unless the version is bundled in the package, the URL to download them from.
Versions are listed newest first; the first is the default. The file is parsed into the attrs
records below the first time it is needed, never at import, and a bad entry is a
:class:`~conflictdata.DataValidationError` naming that entry.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from ..exceptions import DataValidationError, UnknownDatasetError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DatasetFile", "DatasetInfo", "DatasetVersion", "dataset", "datasets"]

_SOURCE = "conflictdata/data/registry.json"
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # one path segment: no slashes, no ".."
_SHA256 = re.compile(r"[0-9a-f]{64}")
_URL = re.compile(r"https?://\S+")


def _must(test: Callable[[Any], bool], expected: str) -> Callable[[Any, Any, Any], None]:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not test(value):
            raise DataValidationError(
                f"expected {expected}, found {value!r}", field=attribute.name, value=value
            )

    return validate


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _whole(value: object) -> bool:
    return type(value) is int and value >= 0


_segment = _must(_matches(_SEGMENT), "letters, digits, '.', '_' or '-' (no slashes)")
_text = _must(lambda value: isinstance(value, str) and value.strip() != "", "non-empty text")


@attrs.frozen
class DatasetFile:
    """One file of one version of a dataset.

    Attributes:
        dataset: The dataset's name, e.g. ``"general-staff"``.
        version: The version's name, e.g. ``"2026-08-08"``.
        name: The file name, e.g. ``"russia_losses_personnel.json"``.
        sha256: The file's sha256 hash (64 lowercase hexadecimal digits).
        size: The file's size in bytes; a download stops as soon as more arrive.
        rows: The number of records in the file (data rows of a CSV, items of a JSON array).
        url: Where the file is downloaded from; ``None`` for a file bundled in the package.

    Example:
        >>> import conflictdata
        >>> file = conflictdata.dataset("general-staff").version("2026-02-24").file(
        ...     "russia_losses_personnel.json")
        >>> file.path, file.rows, len(file.sha256)
        ('general-staff/2026-02-24/russia_losses_personnel.json', 1461, 64)

    .. versionadded:: 0.1.0
    """

    dataset: str = attrs.field(validator=_segment)
    version: str = attrs.field(validator=_segment)
    name: str = attrs.field(validator=_segment)
    sha256: str = attrs.field(validator=_must(_matches(_SHA256), "64 lowercase hexadecimal digits"))
    size: int = attrs.field(validator=_must(_whole, "a non-negative whole number"))
    rows: int = attrs.field(validator=_must(_whole, "a non-negative whole number"))
    url: str | None = attrs.field(
        default=None,
        validator=_must(lambda value: value is None or _matches(_URL)(value), "an http(s) URL"),
    )

    @property
    def path(self) -> str:
        """The file's place in the cache and in a mirror, ``<dataset>/<version>/<name>``."""
        return f"{self.dataset}/{self.version}/{self.name}"


@attrs.frozen
class DatasetVersion:
    """One version of a dataset: its files, and whether they are bundled in the package.

    Attributes:
        dataset: The dataset's name.
        version: The version's name: a CalVer data version such as ``"2026.11.0"`` for data
            released by conflictdata, the date of the last report for an external series.
        bundled: Whether the files ship inside the package (no download, no URL).
        files: The version's files.

    Example:
        >>> import conflictdata
        >>> release = conflictdata.dataset("general-staff").version("2026-02-24")
        >>> release.bundled, [file.name for file in release.files][:2]
        (False, ['russia_losses_personnel.json', 'russia_losses_equipment.json'])

    .. versionadded:: 0.1.0
    """

    dataset: str = attrs.field(validator=_segment)
    version: str = attrs.field(validator=_segment)
    bundled: bool = attrs.field(validator=_must(lambda value: type(value) is bool, "true or false"))
    files: tuple[DatasetFile, ...] = attrs.field(
        validator=_must(lambda value: len(value) > 0, "at least one file")
    )

    def __attrs_post_init__(self) -> None:
        for file in self.files:
            if (file.dataset, file.version) != (self.dataset, self.version):
                msg = f"file {file.name!r} belongs to {file.dataset}/{file.version}"
                raise DataValidationError(msg, field="files", value=file)
            if (file.url is None) != self.bundled:
                expected = "no url (it is bundled)" if self.bundled else "a url (not bundled)"
                msg = f"expected {expected}, found {file.url!r} for file {file.name!r}"
                raise DataValidationError(msg, field="url", value=file.url)

    def file(self, name: str | None = None) -> DatasetFile:
        """One file of this version.

        Args:
            name: The file name; may be left out when the version has a single file.

        Returns:
            The file's record.

        Raises:
            UnknownDatasetError: For a file name the version does not have, or no name when it
                has several files; the message lists its files.

        Example:
            >>> import conflictdata
            >>> conflictdata.dataset("claims").version("2026.11.0").file().name
            'claims-2026.11.0.csv'
        """
        if name is None and len(self.files) == 1:
            return self.files[0]
        for file in self.files:
            if file.name == name:
                return file
        known = ", ".join(file.name for file in self.files)
        problem = "has several files" if name is None else f"has no file {name!r}"
        msg = f"{self.dataset} {self.version} {problem}; pass file= one of: {known}"
        raise UnknownDatasetError(msg)


@attrs.frozen
class DatasetInfo:
    """A dataset in the registry: what it is, whose it is, and its versions.

    Attributes:
        name: The name used by :func:`~conflictdata.fetch`, e.g. ``"general-staff"``.
        title: A human-readable title.
        description: What the dataset holds, in a sentence or two.
        licence: The licence of the data.
        attribution: Whom to credit, and how.
        homepage: Where the data comes from, when it has a public home.
        versions: The versions, newest first.

    Example:
        >>> import conflictdata
        >>> info = conflictdata.dataset("general-staff")
        >>> info.licence, [version.version for version in info.versions]
        ('MIT', ['2026-08-08', '2026-02-24'])
        >>> info.version().file("russia_losses_personnel.json").rows
        1626

    .. versionadded:: 0.1.0
    """

    name: str = attrs.field(validator=_segment)
    title: str = attrs.field(validator=_text)
    description: str = attrs.field(validator=_text)
    licence: str = attrs.field(validator=_text)
    attribution: str = attrs.field(validator=_text)
    homepage: str | None = attrs.field(
        validator=_must(lambda value: value is None or _matches(_URL)(value), "an http(s) URL")
    )
    versions: tuple[DatasetVersion, ...] = attrs.field(
        validator=_must(lambda value: len(value) > 0, "at least one version")
    )

    def version(self, version: str | None = None) -> DatasetVersion:
        """One version of this dataset.

        Args:
            version: The version's name; ``None`` for the newest.

        Returns:
            The version's record.

        Raises:
            UnknownDatasetError: For a version that is not registered; the message lists the
                known ones.

        Example:
            >>> import conflictdata
            >>> info = conflictdata.dataset("general-staff")
            >>> info.version().version == info.versions[0].version
            True
            >>> info.version("2026-02-24").file("russia_losses_personnel.json").rows
            1461
        """
        if version is None:
            return self.versions[0]
        for candidate in self.versions:
            if candidate.version == version:
                return candidate
        known = ", ".join(candidate.version for candidate in self.versions)
        msg = f"the {self.name} dataset has no version {version!r}; known versions: {known}"
        raise UnknownDatasetError(msg)


def _object(entry: object) -> dict[str, Any]:
    if not isinstance(entry, dict):
        msg = f"expected a JSON object, found {entry!r}"
        raise DataValidationError(msg)
    return entry


def _fields(entry: object, required: set[str], optional: set[str] | None = None) -> dict[str, Any]:
    fields = _object(entry)
    allowed = required | (optional or set())
    missing = ", ".join(sorted(required - fields.keys()))
    unknown = ", ".join(sorted(fields.keys() - allowed))
    if missing or unknown:
        found = "; ".join(
            f"{what} {keys}" for what, keys in (("missing", missing), ("unknown", unknown)) if keys
        )
        msg = f"{found} (the keys are: {', '.join(sorted(allowed))})"
        raise DataValidationError(msg)
    return fields


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            msg = f"{key!r} appears more than once in one JSON object"
            raise DataValidationError(msg)
    return dict(pairs)


def _parse_registry(text: str, *, source: str = _SOURCE) -> tuple[DatasetInfo, ...]:
    # A bad entry is reported as "dataset/version/file", the same path as in the cache.
    where = ""
    try:
        infos = []
        for name, entry in _object(json.loads(text, object_pairs_hook=_no_duplicates)).items():
            where = name
            fields = _fields(
                entry, {"title", "description", "licence", "attribution", "homepage", "versions"}
            )
            versions = []
            for version, version_entry in _object(fields.pop("versions")).items():
                where = f"{name}/{version}"
                version_fields = _fields(version_entry, {"bundled", "files"})
                files = []
                for file_name, file_entry in _object(version_fields["files"]).items():
                    where = f"{name}/{version}/{file_name}"
                    file_fields = _fields(file_entry, {"sha256", "size", "rows"}, {"url"})
                    files.append(
                        DatasetFile(dataset=name, version=version, name=file_name, **file_fields)
                    )
                where = f"{name}/{version}"
                versions.append(
                    DatasetVersion(
                        dataset=name,
                        version=version,
                        bundled=version_fields["bundled"],
                        files=tuple(files),
                    )
                )
            where = name
            infos.append(DatasetInfo(name=name, versions=tuple(versions), **fields))
    except json.JSONDecodeError as error:
        raise DataValidationError(f"not valid JSON: {error}", file=source) from None
    except DataValidationError as error:
        entry_name = f"entry {where!r}: " if where else ""
        raise DataValidationError(f"{entry_name}{error}", file=source) from None
    return tuple(infos)


@functools.cache
def _registry() -> dict[str, DatasetInfo]:
    text = resources.files("conflictdata").joinpath("data", "registry.json").read_text("utf-8")
    return {info.name: info for info in _parse_registry(text)}


def datasets() -> tuple[DatasetInfo, ...]:
    """Every registered dataset, with its versions and files.

    Returns:
        The datasets, in registry order.

    Example:
        >>> import conflictdata
        >>> [info.name for info in conflictdata.datasets()]
        ['claims', 'general-staff']
        >>> claims = conflictdata.datasets()[0]
        >>> claims.version().bundled
        True
    """
    return tuple(_registry().values())


def dataset(name: str) -> DatasetInfo:
    """One registered dataset.

    Args:
        name: The dataset's name, e.g. ``"general-staff"``.

    Returns:
        Its record.

    Raises:
        UnknownDatasetError: For a name that is not registered; the message lists the known ones.

    Example:
        >>> import conflictdata
        >>> conflictdata.dataset("general-staff").licence
        'MIT'
    """
    registry = _registry()
    if name not in registry:
        msg = f"unknown dataset {name!r}; known datasets: {', '.join(registry)}"
        raise UnknownDatasetError(msg)
    return registry[name]
