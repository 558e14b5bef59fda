"""tools/release_data.py (the release_data nox session) on a copy of the repository's data."""

from __future__ import annotations

import importlib.util
import json
import shutil
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd
from conflictdata.data import registry

from .conftest import REGISTRY_JSON, ROOT, sha256

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType

OLD = cd.CLAIMS_VERSION  # the newest released version, which a release follows


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "release_data", ROOT / "tools" / "release_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release_data = load_tool()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the package's data folder and of CHANGELOG.md, in the repository's layout."""
    shutil.copytree(REGISTRY_JSON.parent, tmp_path / "src" / "conflictdata" / "data")
    shutil.copyfile(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    return tmp_path


def data(repo: Path) -> Path:
    return repo / "src" / "conflictdata" / "data"


def run(repo: Path, *argv: str) -> None:
    release_data.main([*argv, "--root", str(repo)])


def unreleased(repo: Path) -> str:
    text = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    return text.split("## [Unreleased]")[1].split("\n## ")[0]


class TestRelease:
    """A release adds the file, its registry entry (newest first) and a CHANGELOG line."""

    def test_new_version(self, repo: Path, tmp_path: Path) -> None:
        working = tmp_path / "working.csv"
        cd.write_claims_csv(cd.claims()[:10], working)
        run(repo, "2027.1.0", str(working))
        released = data(repo) / "claims-2027.1.0.csv"
        assert released.read_bytes() == working.read_bytes()
        text = (data(repo) / "registry.json").read_text(encoding="utf-8")
        claims = {info.name: info for info in registry._parse_registry(text)}["claims"]
        released_before = [v.version for v in cd.dataset("claims").versions]
        assert [v.version for v in claims.versions] == ["2027.1.0", *released_before]
        (file,) = claims.versions[0].files
        assert (file.name, file.sha256, file.size, file.rows) == (
            released.name,
            sha256(released),
            released.stat().st_size,
            10,
        )
        assert claims.versions[0].bundled
        descriptor = json.loads((data(repo) / "claims-2027.1.0.datapackage.json").read_text())
        resource = descriptor["resources"][0]
        assert (descriptor["version"], resource["path"]) == ("2027.1.0", released.name)
        assert resource["hash"] == f"sha256:{file.sha256}"
        assert resource["bytes"] == released.stat().st_size
        section = unreleased(repo)
        assert f"\n### Changed\n\n- Data: `claims` {OLD} \u2192 2027.1.0 (10 claims)" in section
        assert section.index("### Added") < section.index("### Changed")

    def test_line_goes_first_in_an_existing_section(self, repo: Path, tmp_path: Path) -> None:
        changelog = repo / "CHANGELOG.md"
        changelog.write_text(
            "# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- Something.\n\n### Fixed\n\n"
            "- A bug.\n\n## [0.1.0]\n\n### Added\n\n- Everything.\n",
            encoding="utf-8",
        )
        working = tmp_path / "working.csv"
        cd.write_claims_csv(cd.claims()[:3], working)
        run(repo, "2027.1.0", str(working))
        assert unreleased(repo) == (
            f"\n\n### Changed\n\n- Data: `claims` {OLD} \u2192 2027.1.0 (3 claims), bundled.\n"
            "- Something.\n\n### Fixed\n\n- A bug.\n"
        )

    def test_section_made_before_fixed(self, repo: Path, tmp_path: Path) -> None:
        changelog = repo / "CHANGELOG.md"
        changelog.write_text(
            "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- A bug.\n", encoding="utf-8"
        )
        working = tmp_path / "working.csv"
        cd.write_claims_csv(cd.claims()[:3], working)
        run(repo, "2027.1.0", str(working))
        assert changelog.read_text(encoding="utf-8").endswith(
            "## [Unreleased]\n\n### Changed\n\n"
            f"- Data: `claims` {OLD} \u2192 2027.1.0 (3 claims), bundled.\n\n"
            "### Fixed\n\n- A bug.\n"
        )

    @pytest.mark.parametrize("version", [OLD, "next"])
    def test_version_taken_or_not_calver(self, repo: Path, version: str) -> None:
        with pytest.raises(SystemExit):
            run(repo, version, str(data(repo) / f"claims-{OLD}.csv"))

    def test_invalid_csv_is_refused(self, repo: Path, tmp_path: Path) -> None:
        working = tmp_path / "working.csv"
        working.write_text("claim_id\nx\n", encoding="utf-8")
        with pytest.raises(SystemExit, match="row 1"):
            run(repo, "2027.1.0", str(working))
        assert not (data(repo) / "claims-2027.1.0.csv").exists()


class TestRefresh:
    """--refresh re-records the hash and row count of a version edited in place."""

    def test_refresh(self, repo: Path) -> None:
        bundled = data(repo) / f"claims-{OLD}.csv"
        cd.write_claims_csv(cd.claims()[:5], bundled)
        changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
        run(repo, "--refresh", OLD)
        raw = json.loads((data(repo) / "registry.json").read_text(encoding="utf-8"))
        entry = raw["claims"]["versions"][OLD]["files"][bundled.name]
        assert entry == {"sha256": sha256(bundled), "size": bundled.stat().st_size, "rows": 5}
        assert (repo / "CHANGELOG.md").read_text(encoding="utf-8") == changelog

    def test_unknown_version(self, repo: Path) -> None:
        with pytest.raises(SystemExit):
            run(repo, "--refresh", "1999.1.0")
