"""The Frictionless Data Package of every bundled claims version: shipped, derived, valid."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import frictionless
import pytest

import conflictdata as cd
from conflictdata.data.datapackage import datapackage_file_name

BUNDLED = [release.version for release in cd.dataset("claims").versions if release.bundled]


def shipped(version: str) -> Path:
    path = resources.files("conflictdata").joinpath("data", datapackage_file_name(version))
    return Path(str(path))


def errors(report: frictionless.Report) -> list[list[object]]:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("version", BUNDLED)
class TestShipped:
    """Each bundled version ships its descriptor beside its CSV, and the data validate."""

    def test_shipped_descriptor_is_the_derived_one(self, version: str) -> None:
        text = shipped(version).read_text(encoding="utf-8")
        assert json.loads(text) == cd.claims_datapackage(version)

    def test_bundled_data_validate(self, version: str) -> None:
        report = frictionless.validate(str(shipped(version)))
        assert report.valid, errors(report)
        (task,) = report.tasks
        assert task.stats["rows"] == cd.dataset("claims").version(version).file().rows

    def test_descriptor_follows_registry_and_schema(self, version: str) -> None:
        descriptor = cd.claims_datapackage(version)
        info, file = cd.dataset("claims"), cd.dataset("claims").version(version).file()
        (resource,) = descriptor["resources"]
        assert (descriptor["title"], descriptor["rights"]) == (info.title, info.licence)
        assert resource["hash"] == f"sha256:{file.sha256}"
        assert resource["schema"] == cd.claims_table_schema()
        urls = {source.get("path") for source in descriptor["sources"]}
        assert urls - {None} == {c.source_url for c in cd.claims(version) if c.source_url}


class TestInvalid:
    """The validation can fail: a changed cell or changed bytes are reported."""

    @pytest.fixture
    def package(self, tmp_path: Path) -> Path:
        version = BUNDLED[0]
        shutil.copy(shipped(version), tmp_path / "datapackage.json")
        shutil.copy(cd.fetch("claims", version), tmp_path)
        return tmp_path

    def test_value_outside_vocabulary(self, package: Path) -> None:
        csv = next(package.glob("*.csv"))
        text = csv.read_text(encoding="utf-8").replace(",killed,", ",dead,", 1)
        descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        del descriptor["resources"][0]["hash"], descriptor["resources"][0]["bytes"]
        (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        csv.write_text(text, encoding="utf-8")
        report = frictionless.validate(str(package / "datapackage.json"))
        assert not report.valid
        assert [(field, kind) for _, field, kind, _ in errors(report)] == [
            ("measure", "constraint-error")
        ]

    def test_changed_bytes(self, package: Path) -> None:
        csv = next(package.glob("*.csv"))
        csv.write_text(csv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        report = frictionless.validate(str(package / "datapackage.json"))
        assert not report.valid
        assert {kind for _, _, kind, _ in errors(report)} >= {"hash-count"}
