"""Getting a registered file: from the package when bundled, otherwise from a verified cache.

Files that are not bundled are downloaded by pooch into the cache, at
``<dataset>/<version>/<file name>`` under ``pooch.os_cache("conflictdata")`` or the folder named
by ``CONFLICTDATA_DATA_DIR``.
A download goes to a temporary file beside its target, its sha256 is checked against the
registry, and only then is it renamed into place. The rename is atomic, so the cache never holds
a partial or wrong file, and processes fetching the same file at once all end with the same
verified file. A cached file is checked again on every use and fetched again if it changed.

With ``CONFLICTDATA_MIRROR=<base URL>`` files come from ``<base URL>/<dataset>/<version>/<file
name>`` instead of their registered URLs; the hash checks are the same.

``CONFLICTDATA_TIMEOUT`` (seconds, default 30) bounds the connection and the whole transfer of a
file, not just each read; a download also stops as soon as more bytes arrive than the registry
records for the file. Plain ``http`` is refused before any connection unless the host is loopback
(127.0.0.0/8, ::1, localhost), and a password in a URL is never shown in an error or a log.
Downloaded files get the permissions of the user's umask, like any file they create.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import os
import shutil
import sys
import time
import urllib.parse
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ..exceptions import CacheError, ConfigurationError, DataIntegrityError, DataUnavailableError
from .registry import dataset, datasets

if TYPE_CHECKING:
    import pooch
    import requests

    from .registry import DatasetFile

__all__ = ["cache_dir", "cached_files", "clear_cache", "fetch", "write_mirror"]

_DATA_DIR_ENV = "CONFLICTDATA_DATA_DIR"
_MIRROR_ENV = "CONFLICTDATA_MIRROR"
_TIMEOUT_ENV = "CONFLICTDATA_TIMEOUT"
_DEFAULT_TIMEOUT = 30.0  # seconds to connect, and for the whole transfer of a file
_RETRIES = 2
_RETRY_WAIT = 1.0  # seconds before the first retry; each further retry waits as long again more
_PERMANENT_HTTP_ERRORS = range(400, 500)  # not worth retrying, except:
_RETRIED_HTTP_ERRORS = (408, 429)


def cache_dir() -> Path:
    """The folder where downloaded files are kept.

    It is ``pooch.os_cache("conflictdata")`` (e.g. ``~/.cache/conflictdata`` on Linux) unless the
    environment variable ``CONFLICTDATA_DATA_DIR`` names another folder. Nothing is created.

    Returns:
        The absolute path of the cache folder.

    Example:
        >>> import os, conflictdata
        >>> os.environ["CONFLICTDATA_DATA_DIR"] = "/srv/conflictdata-cache"
        >>> conflictdata.cache_dir().as_posix()
        '/srv/conflictdata-cache'
        >>> del os.environ["CONFLICTDATA_DATA_DIR"]
    """
    configured = os.environ.get(_DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser().absolute()
    import pooch

    return Path(pooch.os_cache("conflictdata")).expanduser().absolute()


def fetch(
    name: str,
    version: str | None = None,
    *,
    file: str | None = None,
    progress: bool | None = None,
) -> Path:
    """The local path of a registered file, downloaded and verified if need be.

    A bundled version resolves to the file in the package, checked against its registered sha256,
    with no network. Any other version is served from the cache when a verified copy is there, and
    otherwise downloaded (from ``CONFLICTDATA_MIRROR`` when that is set), checked and cached.

    Args:
        name: The dataset, e.g. ``"general-staff"``; see :func:`datasets`.
        version: The version; ``None`` for the newest.
        file: The file name, needed only for a version with several files.
        progress: Show a download progress bar on standard error; ``None`` (the default) shows
            one when standard error is a terminal.

    Returns:
        The path of the verified file. Read it; do not change it.

    Raises:
        UnknownDatasetError: For a dataset, version or file that is not registered, or no
            ``file`` for a version with several files.
        DataIntegrityError: When the bytes (downloaded or bundled) do not match the registered
            sha256; nothing is kept.
        DataUnavailableError: When the file is not cached and cannot be downloaded (server
            unreachable, HTTP error, timeout, broken-off transfer), after retries.

    Example:
        >>> import conflictdata
        >>> path = conflictdata.fetch("claims", "2026.11.0")
        >>> path.name
        'claims-2026.11.0.csv'
    """
    release = dataset(name).version(version)
    entry = release.file(file)
    if release.bundled:
        return _bundled(entry)
    cache = cache_dir()
    target = cache / entry.path
    try:
        if target.is_file():
            if _sha256(target) == entry.sha256:
                return target
            target.unlink(missing_ok=True)  # changed on disk since it was verified: fetch again
        _secure(_url(entry))
        _timeout()
        target.parent.mkdir(parents=True, exist_ok=True)  # pooch's own mkdir fails on a race
        return _download(entry, cache, sys.stderr.isatty() if progress is None else progress)
    except (PermissionError, FileExistsError, NotADirectoryError, IsADirectoryError) as error:
        raise CacheError(_unusable_cache(cache, error)) from None


def _unusable_cache(cache: Path, error: OSError) -> str:
    return (
        f"cannot use the cache folder {cache}: {error.strerror or error} "
        f"({error.filename or cache}); set {_DATA_DIR_ENV} to a folder you can write to"
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _bundled(entry: DatasetFile) -> Path:
    path = Path(str(resources.files("conflictdata").joinpath("data", entry.name)))
    actual = _sha256(path)
    if actual != entry.sha256:
        msg = (
            f"the bundled file {path} of dataset {entry.dataset!r} version {entry.version!r} has "
            f"sha256 {actual}, but the registry expects {entry.sha256}. Reinstall conflictdata; "
            "when working on the data, record its new hash with "
            f"`nox -s release_data -- --refresh {entry.version}`"
        )
        raise DataIntegrityError(msg)
    return path


def _url(entry: DatasetFile) -> str:
    mirror = os.environ.get(_MIRROR_ENV)
    if mirror:
        return f"{mirror.rstrip('/')}/{entry.path}"
    assert entry.url is not None  # every file of a version that is not bundled has one
    return entry.url


def redacted(url: str) -> str:
    """``url`` with any user name and password replaced by ``***``, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=f"***@{parts.netloc.rpartition('@')[2]}"))


def _loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _secure(url: str) -> None:
    # Refused before any connection: plain http could be read or changed on the way (the hash
    # check catches a change, but not the reading of credentials).
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname)):
        return
    msg = (
        f"refusing to download from {redacted(url)}: only https is allowed, or plain http to a "
        f"loopback host (127.0.0.0/8, ::1, localhost); check {_MIRROR_ENV}"
    )
    raise ConfigurationError(msg)


def _timeout() -> float:
    configured = os.environ.get(_TIMEOUT_ENV)
    if not configured:
        return _DEFAULT_TIMEOUT
    try:
        timeout = float(configured)
    except ValueError:
        timeout = math.nan
    if not (timeout > 0 and math.isfinite(timeout)):
        msg = f"{_TIMEOUT_ENV} must be a positive number of seconds, found {configured!r}"
        raise ConfigurationError(msg)
    return timeout


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _DeadlineExceeded(Exception):
    # The whole transfer took longer than the timeout; not worth retrying.
    pass


def _read_some(response: requests.Response) -> bytes:
    # What has arrived (at most 64 KiB), with urllib3's errors as requests' (as iter_content does)
    import requests
    import urllib3

    try:
        return bytes(response.raw.read1(1 << 16, decode_content=True))
    except urllib3.exceptions.ReadTimeoutError as error:
        raise requests.exceptions.ReadTimeout(error) from None
    except urllib3.exceptions.ProtocolError as error:
        raise requests.exceptions.ChunkedEncodingError(error) from None
    except urllib3.exceptions.DecodeError as error:
        raise requests.exceptions.ContentDecodingError(error) from None
    except urllib3.exceptions.SSLError as error:
        raise requests.exceptions.SSLError(error) from None


def _user_agent() -> str:
    # from the installed metadata, not the face (``conflictdata.__version__``): data sits below it
    try:
        package_version = metadata.version("conflictdata")
    except metadata.PackageNotFoundError:
        package_version = "0.0.0+unknown"
    return f"conflictdata/{package_version}"


@attrs.frozen
class _VerifyingDownloader:
    # The downloader that pooch.Pooch.fetch calls with a temporary file beside the target. It
    # checks the hash itself, to report a mismatch with the actual hash; pooch then deletes the
    # temporary file. (pooch's own HTTPDownloader leaves the connection open on an HTTP error.)
    entry: DatasetFile
    progress: bool

    def __call__(self, url: str, output_file: str, pup: object) -> None:
        import requests
        from tqdm import tqdm

        url = _url(self.entry)  # pooch is given the URL without credentials, for its log
        timeout = _timeout()
        deadline = time.monotonic() + timeout
        headers = {"User-Agent": _user_agent()}
        with requests.get(url, headers=headers, timeout=timeout, stream=True) as response:
            response.raise_for_status()
            declared = int(response.headers.get("Content-Length", 0)) or None
            if declared is not None and declared > self.entry.size:
                raise DataIntegrityError(self._too_large(url, f"announces {declared} bytes"))
            received = 0
            with (
                Path(output_file).open("wb") as output,
                tqdm(
                    total=declared,
                    desc=self.entry.name,
                    unit="B",
                    unit_scale=True,
                    disable=not self.progress,
                ) as bar,
            ):
                # read1 returns what has arrived, so the deadline is checked while data trickles
                while chunk := _read_some(response):
                    received += len(chunk)
                    if received > self.entry.size:
                        raise DataIntegrityError(self._too_large(url, "sent more bytes"))
                    if time.monotonic() > deadline:
                        raise _DeadlineExceeded
                    output.write(chunk)
                    bar.update(len(chunk))
        os.chmod(output_file, 0o666 & ~_umask())  # pooch's temporary file is private (0600)
        actual = _sha256(Path(output_file))
        if actual != self.entry.sha256:
            msg = (
                f"the file {self.entry.name} of dataset {self.entry.dataset!r} version "
                f"{self.entry.version!r} downloaded from {redacted(url)} has sha256 {actual}, but "
                f"the registry expects {self.entry.sha256}; it was not kept. If {_MIRROR_ENV} is "
                "set, the mirror serves other bytes: rewrite it with `conflictdata mirror DIR`. "
                "Otherwise the file changed at its source: report it to the conflictdata "
                "developers."
            )
            raise DataIntegrityError(msg)

    def _too_large(self, url: str, what: str) -> str:
        return (
            f"stopped downloading {self.entry.name} of dataset {self.entry.dataset!r} version "
            f"{self.entry.version!r} from {redacted(url)}: the server {what} than the "
            f"{self.entry.size} the registry records; nothing was kept"
        )


def _pooch(cache: Path) -> pooch.Pooch:
    # The pooch registry and URLs, derived from conflictdata's registry.
    import pooch

    downloadable = [
        entry
        for info in datasets()
        for release in info.versions
        if not release.bundled
        for entry in release.files
    ]
    return pooch.create(
        path=cache,
        base_url="",
        registry={entry.path: f"sha256:{entry.sha256}" for entry in downloadable},
        urls={entry.path: redacted(_url(entry)) for entry in downloadable},
    )


def _download(entry: DatasetFile, cache: Path, progress: bool) -> Path:
    import requests

    pup = _pooch(cache)
    downloader = _VerifyingDownloader(entry, progress)
    attempt = 1
    while True:
        try:
            return Path(pup.fetch(entry.path, downloader=downloader))
        except _DeadlineExceeded:
            reason = (
                f"the whole file did not arrive within {_timeout():g} seconds (see {_TIMEOUT_ENV})"
            )
            raise DataUnavailableError(_unavailable(entry, reason, attempt)) from None
        except requests.RequestException as error:
            if attempt > _RETRIES or not _worth_retrying(error):
                reason = _reason(error)
                raise DataUnavailableError(_unavailable(entry, reason, attempt)) from None
        time.sleep(_RETRY_WAIT * attempt)
        attempt += 1


def _status(error: requests.RequestException) -> int | None:
    return None if error.response is None else error.response.status_code


def _worth_retrying(error: requests.RequestException) -> bool:
    status = _status(error)
    return status is None or status not in _PERMANENT_HTTP_ERRORS or status in _RETRIED_HTTP_ERRORS


def _reason(error: requests.RequestException) -> str:
    import requests

    status = _status(error)
    if status is not None:
        assert error.response is not None
        return f"HTTP {status} {error.response.reason}"
    if isinstance(error, requests.Timeout):
        return f"no answer within {_timeout():g} seconds (see {_TIMEOUT_ENV})"
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return "the transfer broke off before the end of the file"
    if isinstance(error, requests.ConnectionError):
        return "the server could not be reached, or stopped answering"
    return type(error).__name__  # its text may hold the URL, credentials included


def _unavailable(entry: DatasetFile, reason: str, attempts: int) -> str:
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return (
        f"cannot download {entry.name} of dataset {entry.dataset!r} version {entry.version!r} "
        f"from {redacted(_url(entry))}: {reason} ({tries}); there is no verified copy in the cache "
        f"at {cache_dir()}. To work offline, prefetch it where the network works with "
        f"`conflictdata fetch {entry.dataset} --version {entry.version}` and use that cache here "
        f"(point {_DATA_DIR_ENV} at a copy); or set {_MIRROR_ENV} to a mirror that serves "
        f"<base URL>/{entry.path} (`conflictdata mirror DIR` writes one)."
    )


def cached_files() -> tuple[Path, ...]:
    """The registered files in the cache.

    Only files at a registered ``<dataset>/<version>/<file name>`` count: the temporary file of a
    download that was killed half-way is not data.

    Returns:
        Their paths, sorted.

    Example:
        >>> import os, pathlib, tempfile, conflictdata
        >>> os.environ["CONFLICTDATA_DATA_DIR"] = tempfile.mkdtemp()  # an empty cache
        >>> conflictdata.cached_files()
        ()
        >>> del os.environ["CONFLICTDATA_DATA_DIR"]
    """
    root = cache_dir()
    return tuple(
        sorted(
            root / entry.path
            for info in datasets()
            for release in info.versions
            if not release.bundled
            for entry in release.files
            if (root / entry.path).is_file()
        )
    )


def clear_cache() -> None:
    """Delete the cache folder of every registered dataset; anything else there is left alone.

    Raises:
        CacheError: When a dataset folder cannot be deleted, or is a symbolic link (it is not
            followed: the folder it points to may be someone else's); the other folders are
            cleared first.

    Example:
        >>> import os, pathlib, tempfile, conflictdata
        >>> cache = pathlib.Path(tempfile.mkdtemp())
        >>> os.environ["CONFLICTDATA_DATA_DIR"] = str(cache)
        >>> (cache / "general-staff" / "2026-02-24").mkdir(parents=True)
        >>> stale = cache / "general-staff" / "2026-02-24" / "russia_losses_personnel.json"
        >>> _ = stale.write_text("[]")
        >>> _ = (cache / "notes.txt").write_text("kept")
        >>> len(conflictdata.cached_files())
        1
        >>> conflictdata.clear_cache()
        >>> conflictdata.cached_files(), sorted(path.name for path in cache.iterdir())
        ((), ['notes.txt'])
        >>> del os.environ["CONFLICTDATA_DATA_DIR"]
    """
    root = cache_dir()
    kept = []
    for info in datasets():
        folder = root / info.name
        if folder.is_symlink():
            kept.append(
                f"{folder} is a symbolic link to {folder.readlink()}, which is not followed; "
                "delete the files there yourself, or remove the link"
            )
            continue
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            continue
        except OSError as error:
            kept.append(f"cannot delete {error.filename or folder}: {error.strerror or error}")
    if kept:
        raise CacheError("; ".join(kept))


def write_mirror(
    directory: str | os.PathLike[str], *, progress: bool | None = None
) -> tuple[Path, ...]:
    """Write every registered file into a mirror layout, downloading what is not cached.

    The layout, ``<directory>/<dataset>/<version>/<file name>``, is what ``CONFLICTDATA_MIRROR``
    expects from a web server, and also that of the cache: ``CONFLICTDATA_DATA_DIR=<directory>``
    works offline.

    Args:
        directory: The mirror's root folder; created if need be.
        progress: As in :func:`fetch`.

    Returns:
        The paths written.

    Raises:
        DataIntegrityError: As in :func:`fetch`.
        DataUnavailableError: As in :func:`fetch`.

    Example:
        Downloads every file that is not cached yet, so it is not run with the other examples:

        >>> import conflictdata
        >>> written = conflictdata.write_mirror("conflictdata-mirror")  # doctest: +SKIP
        >>> sorted({path.parent.parent.name for path in written})  # doctest: +SKIP
        ['claims', 'general-staff']
    """
    written = []
    for info in datasets():
        for release in info.versions:
            for entry in release.files:
                source = fetch(info.name, release.version, file=entry.name, progress=progress)
                target = Path(directory) / entry.path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                written.append(target)
    return tuple(written)
