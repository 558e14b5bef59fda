"""Fetching against a real HTTP server: cache, mirror, retries, typed errors, concurrency."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd

from .conftest import SMALL_SERIES, refused_url, sha256

if TYPE_CHECKING:
    from pathlib import Path

    from .mirror_server import MirrorServer

PERSONNEL = "russia_losses_personnel.json"
MIRROR_PATH = f"/general-staff/fixture/{PERSONNEL}"


def fetch_personnel(**options: bool) -> Path:
    return cd.fetch("general-staff", "fixture", file=PERSONNEL, **options)


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.mark.usefixtures("small_series")
class TestDownload:
    """A missing file is downloaded from the mirror, verified and cached; then used offline."""

    def test_downloads_into_the_cache_layout(self, cache: Path, server: MirrorServer) -> None:
        path = fetch_personnel()
        assert path == cache / "general-staff" / "fixture" / PERSONNEL
        assert path.read_bytes() == (SMALL_SERIES / PERSONNEL).read_bytes()
        assert server.requests == [MIRROR_PATH]
        assert files_in(cache) == [path]

    def test_second_call_is_served_from_the_cache_with_the_server_stopped(
        self, server: MirrorServer
    ) -> None:
        first = fetch_personnel()
        server.stop()
        assert fetch_personnel() == first
        assert server.requests == [MIRROR_PATH]

    def test_user_agent_names_conflictdata_and_its_version(self, server: MirrorServer) -> None:
        fetch_personnel()
        assert server.user_agents == [f"conflictdata/{cd.__version__}"]

    def test_a_file_corrupted_in_the_cache_is_fetched_again(self, server: MirrorServer) -> None:
        path = fetch_personnel()
        path.write_text("[]", encoding="utf-8")
        assert fetch_personnel() == path
        assert sha256(path) == sha256(SMALL_SERIES / PERSONNEL)
        assert len(server.requests) == 2

    def test_a_corrupted_file_is_dropped_even_when_it_cannot_be_fetched_again(
        self, cache: Path, server: MirrorServer
    ) -> None:
        fetch_personnel().write_text("[]", encoding="utf-8")
        server.stop()
        with pytest.raises(cd.DataUnavailableError):
            fetch_personnel()
        assert files_in(cache) == []

    def test_a_transient_server_error_is_retried(self, server: MirrorServer) -> None:
        server.fault, server.faulty_requests = 503, 2
        assert sha256(fetch_personnel()) == sha256(SMALL_SERIES / PERSONNEL)
        assert len(server.requests) == 3

    def test_progress_bar_on_request_and_none_off_a_terminal(
        self, capsys: pytest.CaptureFixture[str], cache: Path
    ) -> None:
        fetch_personnel()  # stderr is captured, so not a terminal
        assert "100%" not in capsys.readouterr().err
        cd.clear_cache()
        fetch_personnel(progress=True)
        assert "100%" in capsys.readouterr().err


@pytest.mark.usefixtures("small_series")
class TestFaults:
    """Every failed download is a typed error saying what to do, and leaves the cache clean."""

    def unavailable(self, cache: Path) -> str:
        with pytest.raises(cd.DataUnavailableError) as caught:
            fetch_personnel()
        assert files_in(cache) == []
        message = str(caught.value)
        for advice in ("conflictdata fetch general-staff --version fixture", "CONFLICTDATA_MIRROR"):
            assert advice in message
        return message

    def test_not_found_is_not_retried(self, cache: Path, server: MirrorServer) -> None:
        server.fault = 404
        assert "HTTP 404" in self.unavailable(cache)
        assert len(server.requests) == 1

    def test_server_error_after_two_retries(self, cache: Path, server: MirrorServer) -> None:
        server.fault = 500
        assert "HTTP 500" in self.unavailable(cache)
        assert len(server.requests) == 3

    def test_connection_refused(self, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CONFLICTDATA_MIRROR", refused_url())
        assert "could not be reached" in self.unavailable(cache)

    def test_slow_server_hits_the_timeout(
        self, cache: Path, server: MirrorServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CONFLICTDATA_TIMEOUT", "0.2")
        server.delay = 2.0
        started = time.monotonic()
        assert "no answer within 0.2 seconds" in self.unavailable(cache)
        assert time.monotonic() - started < 1.5  # three attempts of 0.2 s, no waiting between

    def test_truncated_body(self, cache: Path, server: MirrorServer) -> None:
        server.fault = "truncate"
        assert "broke off" in self.unavailable(cache)
        assert len(server.requests) == 3

    def test_wrong_bytes_are_an_integrity_error_and_not_kept(
        self, cache: Path, server: MirrorServer
    ) -> None:
        wrong = b'[{"date": "2022-02-25", "day": 2, "personnel": 9999999}]'
        server.put(MIRROR_PATH.lstrip("/"), wrong)
        with pytest.raises(cd.DataIntegrityError) as caught:
            fetch_personnel()
        assert isinstance(caught.value, ValueError)
        message = str(caught.value)
        for part in (
            "'general-staff'",
            "'fixture'",
            server.url + MIRROR_PATH,
            sha256(SMALL_SERIES / PERSONNEL),
            hashlib.sha256(wrong).hexdigest(),
            "conflictdata mirror DIR",
        ):
            assert part in message
        assert files_in(cache) == []

    def test_bad_timeout_setting(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CONFLICTDATA_TIMEOUT", "soon")
        with pytest.raises(ValueError, match="CONFLICTDATA_TIMEOUT"):
            fetch_personnel()


_FETCH_IN_A_NEW_PROCESS = """
import sys
from conflictdata.data import registry
parsed = {info.name: info for info in registry._parse_registry(open(sys.argv[1]).read())}
registry._registry = lambda: parsed
import conflictdata
print(conflictdata.fetch("general-staff", "fixture", file=sys.argv[2]))
"""


class TestConcurrency:
    """Eight processes fetching the same missing file end with the same verified file."""

    def test_eight_processes(self, small_series: Path, cache: Path, server: MirrorServer) -> None:
        server.delay = 1.0  # every download is still running when the last process starts
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", _FETCH_IN_A_NEW_PROCESS, str(small_series), PERSONNEL],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(8)
        ]
        results = [(process.wait(timeout=60), *process.communicate()) for process in processes]
        assert [code for code, _, _ in results] == [0] * 8, results
        paths = {out.strip() for _, out, _ in results}
        expected = cache / "general-staff" / "fixture" / PERSONNEL
        assert paths == {str(expected)}
        assert sha256(expected) == sha256(SMALL_SERIES / PERSONNEL)
        assert files_in(cache) == [expected]  # no temporary or partial file anywhere
        assert len(server.requests) >= 2  # they did race: more than one download ran


class TestBundled:
    """A bundled version resolves to the package file, checked, with no network."""

    def test_claims_file_from_the_package(self) -> None:
        path = cd.fetch("claims")
        assert path.name == f"claims-{cd.CLAIMS_VERSION}.csv"
        assert path.parent.name == "data"
        assert path.parent.parent.name == "conflictdata"

    def test_bundled_file_that_does_not_match_says_how_to_refresh(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from .conftest import REGISTRY_JSON, use_registry

        raw = json.loads(REGISTRY_JSON.read_text(encoding="utf-8"))
        for version in raw["claims"]["versions"].values():
            for entry in version["files"].values():
                entry["sha256"] = "0" * 64
        use_registry(monkeypatch, json.dumps(raw))
        with pytest.raises(cd.DataIntegrityError, match="nox -s release_data -- --refresh"):
            cd.fetch("claims")


class TestCacheAndMirror:
    """cache_dir follows CONFLICTDATA_DATA_DIR; clear_cache empties it; a mirror works offline."""

    def test_cache_dir_from_the_environment(self, cache: Path) -> None:
        assert cd.cache_dir() == cache

    def test_default_cache_dir(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import pooch

        monkeypatch.delenv("CONFLICTDATA_DATA_DIR")
        assert cd.cache_dir() == pooch.os_cache("conflictdata").absolute()

    @pytest.mark.usefixtures("small_series")
    def test_cached_files_and_clear(self, cache: Path) -> None:
        stray = cache / "not-ours.txt"
        stray.parent.mkdir(parents=True)
        stray.write_text("kept", encoding="utf-8")
        path = fetch_personnel()
        assert cd.cached_files() == (path,)
        cd.clear_cache()
        assert cd.cached_files() == ()
        assert files_in(cache) == [stray]

    @pytest.mark.usefixtures("small_series")
    def test_written_mirror_serves_as_an_offline_cache(
        self, tmp_path: Path, server: MirrorServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        written = cd.write_mirror(tmp_path / "copy")
        expected = {
            f"{info.name}/{version.version}/{file.name}"
            for info in cd.datasets()
            for version in info.versions
            for file in version.files
        }
        assert {path.relative_to(tmp_path / "copy").as_posix() for path in written} == expected
        server.stop()
        monkeypatch.setenv("CONFLICTDATA_DATA_DIR", str(tmp_path / "copy"))
        assert fetch_personnel() == tmp_path / "copy" / "general-staff" / "fixture" / PERSONNEL


class TestLookups:
    """Unknown datasets, versions and files are UnknownDatasetError listing the known ones."""

    @pytest.mark.parametrize(
        ("args", "file", "listed"),
        [
            (("nope",), None, "claims, general-staff"),
            (("general-staff", "1999-01-01"), None, "2026-08-08, 2026-02-24"),
            (("general-staff",), None, PERSONNEL),
            (("general-staff",), "nope.json", PERSONNEL),
            (("claims", "1999.1.0"), None, "2026.11.0"),
        ],
    )
    def test_unknown(self, args: tuple[str, ...], file: str | None, listed: str) -> None:
        with pytest.raises(cd.UnknownDatasetError, match=listed) as caught:
            cd.fetch(*args, file=file)
        assert isinstance(caught.value, KeyError)


@pytest.mark.network
class TestRealUrls:
    """The registered URLs answer with the registered bytes (needs the internet)."""

    def test_every_general_staff_file(self, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("CONFLICTDATA_MIRROR")
        for version in cd.dataset("general-staff").versions:
            for file in version.files:
                path = cd.fetch("general-staff", version.version, file=file.name)
                assert sha256(path) == file.sha256
                assert len(json.loads(path.read_text(encoding="utf-8"))) == file.rows
