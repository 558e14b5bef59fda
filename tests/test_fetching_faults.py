"""Downloads that survive bad networks and bad settings: deadlines, sizes, plain http,
credentials, permissions, killed processes and odd cache folders (issue 11)."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

import conflictdata as cd
from conflictdata.data import fetching

from .conftest import SMALL_SERIES
from .test_fetching import _FETCH_IN_A_NEW_PROCESS, MIRROR_PATH, PERSONNEL, fetch_personnel

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from .mirror_server import MirrorServer


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("small_series")
class TestDownloadLimits:
    """The timeout bounds the whole file; a file longer than registered is cut off."""

    def test_a_trickling_server_hits_the_overall_deadline(
        self, cache: Path, server: MirrorServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CONFLICTDATA_TIMEOUT", "0.5")
        server.fault, server.delay = "trickle", 0.15  # 14 pieces: over 2 s, each in time
        started = time.monotonic()
        with pytest.raises(cd.DataUnavailableError, match=r"did not arrive within 0\.5 seconds"):
            fetch_personnel()
        assert time.monotonic() - started < 1.5
        assert len(server.requests) == 1  # a deadline is not retried
        assert cd.cached_files() == ()

    @pytest.mark.parametrize("fault", [None, "unsized"])
    def test_more_bytes_than_registered_stop_the_download(
        self, cache: Path, server: MirrorServer, fault: str | None
    ) -> None:
        body = (SMALL_SERIES / PERSONNEL).read_bytes()
        server.put(MIRROR_PATH.lstrip("/"), body + b" " * 1_000_000)
        server.fault = fault  # type: ignore[assignment]
        with pytest.raises(cd.DataIntegrityError, match=f"than the {len(body)} the registry"):
            fetch_personnel()
        assert list(cache.rglob("*.json")) == []

    def test_downloaded_files_follow_the_umask(self, cache: Path) -> None:
        for mask, mode in ((0o022, 0o644), (0o002, 0o664)):
            previous = os.umask(mask)
            try:
                cd.clear_cache()
                path = fetch_personnel()
            finally:
                os.umask(previous)
            assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.usefixtures("small_series")
class TestUrls:
    """Plain http only to loopback, refused before connecting; credentials never shown."""

    @pytest.mark.parametrize(
        "mirror", ["http://example.invalid/mirror", "ftp://127.0.0.1/", "http://10.0.0.1:9/"]
    )
    def test_plain_http_off_loopback_is_refused_before_connecting(
        self, mirror: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CONFLICTDATA_MIRROR", mirror)
        started = time.monotonic()
        with pytest.raises(cd.ConfigurationError, match="only https is allowed"):
            fetch_personnel()
        assert time.monotonic() - started < 1  # no connection was tried

    @pytest.mark.parametrize(
        ("host", "loopback"),
        [
            ("127.0.0.1", True),
            ("127.9.8.7", True),
            ("::1", True),
            ("LocalHost", True),
            ("128.0.0.1", False),
            ("localhost.example.org", False),
            (None, False),
        ],
    )
    def test_loopback_hosts(self, host: str | None, loopback: bool) -> None:
        assert fetching._loopback(host) is loopback

    def test_localhost_is_allowed(
        self, server: MirrorServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CONFLICTDATA_MIRROR", server.url.replace("127.0.0.1", "localhost"))
        assert fetch_personnel().read_bytes() == (SMALL_SERIES / PERSONNEL).read_bytes()

    def test_credentials_appear_in_no_error_and_no_log(
        self,
        server: MirrorServer,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        monkeypatch.setenv("CONFLICTDATA_MIRROR", server.url.replace("//", "//reader:s3cret@"))
        server.fault = 404
        caplog.set_level(logging.DEBUG)
        with pytest.raises(cd.DataUnavailableError) as caught:
            fetch_personnel()
        assert "s3cret" not in str(caught.value)
        assert "***@127.0.0.1" in str(caught.value)
        assert caplog.records  # pooch did log the download
        assert all("s3cret" not in record.getMessage() for record in caplog.records)


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


class TestCacheFolders:
    """A killed download leaves nothing counted; odd cache folders are one clear error."""

    def test_a_killed_download_leaves_nothing_that_counts(
        self, small_series: Path, cache: Path, server: MirrorServer
    ) -> None:
        server.fault, server.delay = "trickle", 0.5
        process = subprocess.Popen(
            [sys.executable, "-c", _FETCH_IN_A_NEW_PROCESS, str(small_series), PERSONNEL],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        folder = cache / "general-staff" / "fixture"
        for _ in range(100):  # until the download has begun (pieces take 7 s in all)
            if folder.is_dir() and files_under(folder):
                break
            time.sleep(0.05)
        time.sleep(0.3)
        process.kill()
        process.wait()
        assert files_under(folder)  # the partial temporary file is still there ...
        assert cd.cached_files() == ()  # ... but is not data
        cd.clear_cache()
        assert files_under(cache) == []

    def test_a_linked_dataset_folder_is_not_followed_and_says_why(
        self, cache: Path, tmp_path: Path
    ) -> None:
        elsewhere = tmp_path / "shared"
        (elsewhere / "2026-08-08").mkdir(parents=True)
        (elsewhere / "2026-08-08" / "kept.json").write_text("[]", encoding="utf-8")
        cache.mkdir()
        (cache / "general-staff").symlink_to(elsewhere)
        with pytest.raises(cd.CacheError, match="symbolic link") as caught:
            cd.clear_cache()
        assert isinstance(caught.value, OSError)
        assert str(elsewhere) in str(caught.value)
        assert (elsewhere / "2026-08-08" / "kept.json").exists()

    @pytest.mark.usefixtures("small_series")
    def test_a_file_where_the_cache_folder_should_be(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        in_the_way = tmp_path / "not-a-folder"
        in_the_way.write_text("", encoding="utf-8")
        monkeypatch.setenv("CONFLICTDATA_DATA_DIR", str(in_the_way))
        with pytest.raises(cd.CacheError, match=r"cannot use the cache folder .*CONFLICTDATA_DATA"):
            fetch_personnel()

    @pytest.mark.skipif(os.geteuid() == 0, reason="root can write into any folder")
    @pytest.mark.usefixtures("small_series")
    def test_an_unwritable_cache_folder(self, cache: Path) -> None:
        cache.mkdir()
        cache.chmod(0o500)
        try:
            with pytest.raises(cd.CacheError, match="cannot use the cache folder"):
                fetch_personnel()
        finally:
            cache.chmod(0o700)
