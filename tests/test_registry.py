"""The registry: parsed on first use, every entry checked, bundled files matching it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given

import conflictdata as cd
from conflictdata.data import registry

from .conftest import REGISTRY_JSON, sha256
from .helpers import python_output
from .strategies import registries

RAW = json.loads(REGISTRY_JSON.read_text(encoding="utf-8"))
PERSONNEL = "general-staff/2026-08-08/russia_losses_personnel.json"


class TestTheRegistry:
    """The package's registry: both datasets, their versions, their bundled files."""

    def test_datasets(self) -> None:
        assert [info.name for info in cd.datasets()] == ["claims", "general-staff"]
        assert [v.version for v in cd.dataset("general-staff").versions] == [
            "2026-08-08",
            "2026-02-24",
        ]

    def test_claims_version_is_the_newest_registered(self) -> None:
        assert cd.dataset("claims").versions[0].version == cd.CLAIMS_VERSION
        assert "CLAIMS_VERSION" in cd.__all__
        with pytest.raises(AttributeError, match="no_such_name"):
            _ = cd.no_such_name  # type: ignore[attr-defined]

    def test_general_staff_is_attributed(self) -> None:
        info = cd.dataset("general-staff")
        assert info.licence == "MIT"
        assert "Petro Ivaniuk" in info.attribution
        assert info.homepage == "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"

    @pytest.mark.parametrize(
        "release",
        [v for info in cd.datasets() for v in info.versions if v.bundled],
        ids=lambda release: f"{release.dataset}-{release.version}",
    )
    def test_bundled_files_match_their_hash_size_and_row_count(
        self, release: cd.DatasetVersion
    ) -> None:
        for file in release.files:
            assert file.url is None
            path = cd.fetch(release.dataset, release.version, file=file.name)
            assert (sha256(path), path.stat().st_size) == (file.sha256, file.size)
        assert len(cd.claims(release.version)) == release.files[0].rows
        assert cd.validate_claims(path).clean

    def test_every_claims_version_is_bundled(self) -> None:
        assert all(release.bundled for release in cd.dataset("claims").versions)

    def test_file_is_written_as_the_release_tool_writes_it(self) -> None:
        text = REGISTRY_JSON.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"

    def test_import_reads_no_registry(self) -> None:
        code = (
            "import conflictdata, conflictdata.data.registry as r; "
            "print(r._registry.cache_info().currsize)"
        )
        assert python_output(code) == "0"


class TestParsing:
    """Any valid registry parses into records; a bad entry is an error naming it."""

    @given(registries())
    def test_valid_registries_parse(self, raw: dict[str, Any]) -> None:
        infos = registry._parse_registry(json.dumps(raw))
        assert [info.name for info in infos] == list(raw)
        for info in infos:
            for release in info.versions:
                entry = raw[info.name]["versions"][release.version]
                assert release.bundled == entry["bundled"]
                assert {f.name: (f.sha256, f.size, f.rows, f.url) for f in release.files} == {
                    name: (e["sha256"], e["size"], e["rows"], e.get("url"))
                    for name, e in entry["files"].items()
                }

    @staticmethod
    def broken(change: Any) -> str:
        raw = copy.deepcopy(RAW)
        change(raw)
        with pytest.raises(cd.DataValidationError) as caught:
            registry._parse_registry(json.dumps(raw))
        return str(caught.value)

    @staticmethod
    def personnel(raw: dict[str, Any]) -> dict[str, Any]:
        entry: dict[str, Any] = raw["general-staff"]["versions"]["2026-08-08"]["files"]
        return entry["russia_losses_personnel.json"]

    @pytest.mark.parametrize(
        ("key", "value", "expected"),
        [
            ("sha256", "abc", "64 lowercase hexadecimal digits"),
            ("rows", -1, "a non-negative whole number"),
            ("rows", True, "a non-negative whole number"),
            ("size", -1, "a non-negative whole number"),
            ("size", 1.5, "a non-negative whole number"),
            ("url", "ftp://example.invalid/x", "an http(s) URL"),
            ("sha265", "x", "unknown sha265"),
        ],
    )
    def test_bad_file_entry(self, key: str, value: object, expected: str) -> None:
        message = self.broken(lambda raw: self.personnel(raw).__setitem__(key, value))
        assert message.startswith(f"conflictdata/data/registry.json: entry {PERSONNEL!r}")
        assert expected in message

    def test_missing_hash(self) -> None:
        message = self.broken(lambda raw: self.personnel(raw).pop("sha256"))
        assert f"entry {PERSONNEL!r}: missing sha256" in message

    def test_missing_size(self) -> None:
        message = self.broken(lambda raw: self.personnel(raw).pop("size"))
        assert f"entry {PERSONNEL!r}: missing size" in message

    def test_url_exactly_when_not_bundled(self) -> None:
        def add_url(raw: dict[str, Any]) -> None:
            raw["claims"]["versions"]["2026.11.0"]["files"]["claims-2026.11.0.csv"]["url"] = (
                "https://example.invalid/claims.csv"
            )

        assert "entry 'claims/2026.11.0': field 'url': expected no url" in self.broken(add_url)
        message = self.broken(lambda raw: self.personnel(raw).pop("url"))
        assert "entry 'general-staff/2026-08-08': field 'url': expected a url" in message

    def test_dataset_without_versions(self) -> None:
        message = self.broken(lambda raw: raw["general-staff"].__setitem__("versions", {}))
        assert "entry 'general-staff'" in message
        assert "at least one version" in message

    def test_version_that_is_not_an_object(self) -> None:
        message = self.broken(
            lambda raw: raw["general-staff"]["versions"].__setitem__("2026-08-08", [])
        )
        assert "entry 'general-staff/2026-08-08': expected a JSON object" in message

    def test_duplicate_version(self) -> None:
        text = REGISTRY_JSON.read_text(encoding="utf-8").replace('"2026-02-24"', '"2026-08-08"')
        with pytest.raises(cd.DataValidationError, match="'2026-08-08' appears more than once"):
            registry._parse_registry(text)

    def test_not_json(self) -> None:
        with pytest.raises(cd.DataValidationError, match=r"registry\.json: not valid JSON"):
            registry._parse_registry("{")
