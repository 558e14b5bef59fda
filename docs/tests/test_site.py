"""The built HTML docs, opened in headless Chromium: pages render, resources load, links hold.

Run by the nox ``docs`` session after the HTML build, with ``CONFLICTDATA_DOCS_HTML`` naming the
built site. The site is served on 127.0.0.1; Chromium loads each page and dumps its DOM, and the
server records every request the browser made, so a missing stylesheet, script or figure fails
the test. Every local link of every page (file and anchor) is checked from the HTML files.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

SITE = Path(os.environ.get("CONFLICTDATA_DOCS_HTML", "docs/_build/html"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",  # let scripts and images finish before the DOM is dumped
]

pytestmark = [
    pytest.mark.skipif(
        not (SITE / "index.html").exists(),
        reason=f"no built docs at {SITE}: run `nox -s docs` (or sphinx-build -b html docs {SITE})",
    ),
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it",
)


class _Page(html.parser.HTMLParser):
    """The parts of a page the checks need: element counts, ids, links and resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.ids: set[str] = set()
        self.classes: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.images: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        self.classes.update(found.get("class", "").split())
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag in ("img", "script") and "src" in found:
            self.resources.append(found["src"])
        if tag == "img" and "src" in found:
            self.images.append(found["src"])
        if tag == "link" and found.get("rel") == "stylesheet":
            self.resources.append(found["href"])
        self._in_title = tag == "title" and not self.title  # the page's, not an icon's

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


class _Server(http.server.ThreadingHTTPServer):
    requests: list[tuple[str, int]]


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.requests.append((urllib.parse.urlsplit(self.path).path, int(code)))

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the requests are recorded above


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    handler = functools.partial(_Handler, directory=str(SITE))
    httpd = _Server(("127.0.0.1", 0), handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def open_in_chromium(server: _Server, page: str) -> tuple[_Page, list[tuple[str, int]]]:
    """Load a page in headless Chromium; its DOM after scripts ran, and the requests it made."""
    assert CHROMIUM is not None
    host, port = server.server_address[:2]
    url = f"http://{host!s}:{port}/{page}"
    before = len(server.requests)
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return parse(result.stdout), server.requests[before:]


@needs_chromium
@pytest.mark.parametrize(
    ("page", "title", "tables", "figures"),
    [
        ("index.html", "conflictdata", 0, 0),
        ("datasets/claims.html", "Casualty claims", 2, 0),  # files, coverage
        ("method.html", "The method", 2, 1),  # qualifiers, reporting bias; claims over time
        ("data.html", "The claims dataset", 1, 0),  # the data dictionary
        ("howto/compare-claimants.html", "Compare", 0, 1),  # the claimants side by side
        ("cite.html", "How to cite", 0, 0),
        ("cli.html", "Command-line reference", 0, 0),
    ],
)
def test_page_renders_with_its_tables_and_figures(
    server: _Server, page: str, title: str, tables: int, figures: int
) -> None:
    dom, requests = open_in_chromium(server, page)
    assert dom.title.startswith(title)
    assert dom.tags.get("table", 0) >= tables
    drawn = [src for src in dom.images if src.endswith(".png")]
    assert len(drawn) >= figures
    assert "sidebar-tree" in dom.classes  # the theme's navigation was drawn
    # the browser asks for /favicon.ico on its own; the site has none
    failed = [(path, code) for path, code in requests if code >= 400 and path != "/favicon.ico"]
    assert not failed, f"the browser could not load {failed}"
    loaded = {path for path, _ in requests}
    here = "/" + page
    for resource in dom.resources:
        if "://" not in resource:  # everything local was requested and served
            target = urllib.parse.urlsplit(urllib.parse.urljoin(here, resource)).path
            assert target in loaded, f"{page}: {resource} was not loaded"
    for image in drawn:  # every figure was fetched, and served whole
        target = urllib.parse.urlsplit(urllib.parse.urljoin(here, image)).path
        assert (target, 200) in requests, f"{page}: figure {image} did not load"


def _html_pages() -> list[Path]:
    if not SITE.exists():
        return []
    return sorted(path for path in SITE.rglob("*.html") if "_static" not in path.parts)


def test_no_local_link_is_broken() -> None:
    pages = {path: parse(path.read_text(encoding="utf-8")) for path in _html_pages()}
    assert len(pages) > 10
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue  # not local
            target = (
                (path.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else path
            )
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(SITE)}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(SITE)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_every_dataset_has_a_page() -> None:
    import conflictdata

    for info in conflictdata.datasets():
        page = SITE / "datasets" / f"{info.name}.html"
        text = page.read_text(encoding="utf-8")
        for release in info.versions:
            assert f"Version {release.version}" in text
            assert all(file.sha256 in text for file in release.files)
