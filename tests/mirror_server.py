"""A real HTTP server on 127.0.0.1 that serves a mirror tree, and can be told to misbehave."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pathlib import Path

# "truncate": half the body, then the connection closes; "trickle": the body in small pieces, one
# every ``delay`` seconds; "unsized": the body without a Content-Length; an int: that HTTP status.
Fault = Literal["truncate", "trickle", "unsized"] | int


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self._answer()

    def _answer(self) -> None:
        mirror = self.server.mirror
        with mirror.lock:
            mirror.requests.append(self.path)
            mirror.user_agents.append(self.headers.get("User-Agent", ""))
            faulty = len(mirror.requests) <= mirror.faulty_requests
        if mirror.fault != "trickle" or not faulty:
            time.sleep(mirror.delay)
        if not faulty or mirror.fault is None:
            super().do_GET()
        elif isinstance(mirror.fault, int):
            self.send_error(mirror.fault)
        else:
            body = (mirror.root / self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            if mirror.fault != "unsized":
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mirror.fault == "truncate":
                self.wfile.write(body[: len(body) // 2])
            elif mirror.fault == "trickle":
                for start in range(0, len(body), 64):
                    self.wfile.write(body[start : start + 64])
                    self.wfile.flush()
                    time.sleep(mirror.delay)
            else:
                self.wfile.write(body)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean


class _HTTPServer(http.server.ThreadingHTTPServer):
    mirror: MirrorServer


class MirrorServer:
    """Serves ``root`` at ``url`` from a thread; records every request's path and User-Agent.

    ``fault`` (see :data:`Fault`) is applied to the first ``faulty_requests`` requests; ``delay``
    seconds pass before every answer (between the pieces of a trickle).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fault: Fault | None = None
        self.faulty_requests = 1_000_000
        self.delay = 0.0
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        self.lock = threading.Lock()
        handler = functools.partial(_Handler, directory=str(root))
        self._server = _HTTPServer(("127.0.0.1", 0), handler)
        self._server.mirror = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def put(self, path: str, data: bytes) -> None:
        """Serve ``data`` at ``<url>/<path>``."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def stop(self) -> None:
        """Stop serving and free the port; later connections are refused."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
