"""A web server on 127.0.0.1 serving the pages in fixtures/pages/ (tests never leave the machine).

/ferry, /reservoirs …   a page of fixtures/pages/ by its name's first word (ferry_meta_date.html),
                        as text/html; charset=utf-8
/old-ferry              301 to /ferry
/loop                   302 to itself
/to-file                302 to file:///etc/passwd
/big                    an HTML page of BIG_BYTES bytes, with its Content-Length
/big-stream             the same page without a Content-Length (read until the server closes)
/data.json              application/json
/slow                   answers after SLOW_S seconds
/gone                   404
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
BIG_BYTES = 60_000
SLOW_S = 3.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: bytes, ctype: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        name = path.strip("/")
        page = next((p for p in PAGES.glob("*.html") if p.stem.split("_")[0] == name), None)
        if path == "/old-ferry":
            self._redirect(301, "/ferry")
        elif path == "/loop":
            self._redirect(302, "/loop")
        elif path == "/to-file":
            self._redirect(302, "file:///etc/passwd")
        elif path in ("/big", "/big-stream"):
            filler = "<p>" + "Filler sentence about nothing at all. " * 20 + "</p>\n"
            body = ("<html><body><article><h1>Big</h1>" + filler * 200)[:BIG_BYTES].encode()
            self._send(200, body, "text/html", length=path == "/big")
        elif path == "/data.json":
            self._send(200, b'{"claim": "not a page"}', "application/json")
        elif path == "/slow":
            time.sleep(SLOW_S)
            self._send(200, b"<html><body><p>Late.</p></body></html>", "text/html")
        elif page is not None:
            self._send(200, page.read_bytes(), "text/html; charset=utf-8")
        else:
            self._send(404, b"<html><body>Not here</body></html>", "text/html")


@contextmanager
def serving() -> Iterator[str]:
    """The server's base address (``http://127.0.0.1:PORT``) while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
