from __future__ import annotations

import hashlib
import json
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from conflictdata.data import fetching, registry

from .mirror_server import MirrorServer

if TYPE_CHECKING:
    from collections.abc import Iterator

settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("quick", deadline=None, max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
REGISTRY_JSON = ROOT / "src" / "conflictdata" / "data" / "registry.json"
SMALL_SERIES = Path(__file__).parent / "data" / "general-staff"
# Byte-exact copies of the upstream files, laid out like their raw URLs (<commit>/data/<file>).
UPSTREAM = ROOT.parent / "shared" / "data" / "upstream" / "general-staff"
UPSTREAM_REPOSITORY = (
    "https://raw.githubusercontent.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset/"
)


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def use_registry(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make conflictdata use this registry JSON instead of its own."""
    parsed = {info.name: info for info in registry._parse_registry(text, source="test registry")}
    monkeypatch.setattr(registry, "_registry", lambda: parsed)


@pytest.fixture(scope="session", autouse=True)
def _offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # No test touches the internet or the user's cache; retries do not wait.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONFLICTDATA_DATA_DIR", str(tmp_path_factory.mktemp("session-cache")))
        patch.setenv("CONFLICTDATA_MIRROR", refused_url())
        patch.delenv("CONFLICTDATA_TIMEOUT", raising=False)
        patch.setattr(fetching, "_RETRY_WAIT", 0.0)
        yield


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONFLICTDATA_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MirrorServer]:
    """A mirror server on 127.0.0.1, with CONFLICTDATA_MIRROR pointing at it."""
    mirror = MirrorServer(tmp_path / "mirror")
    monkeypatch.setenv("CONFLICTDATA_MIRROR", mirror.url)
    yield mirror
    mirror.stop()


@pytest.fixture
def small_series(
    server: MirrorServer, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The files in tests/data/general-staff, registered as general-staff version "fixture" and
    served by the mirror server. Returns the registry file, for use in other processes."""
    raw = json.loads(REGISTRY_JSON.read_text(encoding="utf-8"))
    files = {}
    for path in sorted(SMALL_SERIES.glob("*.json")):
        files[path.name] = {
            "url": f"https://example.invalid/{path.name}",  # never used: the mirror is set
            "sha256": sha256(path),
            "size": path.stat().st_size,
            "rows": len(json.loads(path.read_text(encoding="utf-8"))),
        }
        server.put(f"general-staff/fixture/{path.name}", path.read_bytes())
    raw["general-staff"]["versions"] = {"fixture": {"bundled": False, "files": files}}
    text = json.dumps(raw, indent=2)
    use_registry(monkeypatch, text)
    target = tmp_path / "registry.json"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def upstream(server: MirrorServer, cache: Path) -> MirrorServer:
    """The real upstream files of every registered general-staff version, on the mirror server."""
    if not UPSTREAM.is_dir():
        pytest.skip(f"the upstream copies are not here: {UPSTREAM} (CI has them at ../shared)")
    for version in registry.dataset("general-staff").versions:
        for file in version.files:
            assert file.url is not None
            assert file.url.startswith(UPSTREAM_REPOSITORY)
            copy = UPSTREAM / file.url.removeprefix(UPSTREAM_REPOSITORY)
            server.put(file.path, copy.read_bytes())
    return server
