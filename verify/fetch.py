"""Fetching a web page for ingestion, within limits a newsroom laptop can trust.

Only ``http`` and ``https``; no user name or password in the address; a time limit on the whole
fetch and a size limit on the body; a bounded number of redirects, each re-checked like the
first address. A host that resolves to a private, loopback, link-local or otherwise non-public
address is refused (``fetch_private_hosts`` in the ingest settings allows it: an intranet, or
the tests' server on 127.0.0.1), and the connection goes to the address that was checked, so a
name that resolves differently a second time cannot slip past the check.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3

from .config import IngestSettings
from .errors import IngestError

HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "verify/0.1 (article ingest; +https://pypi.org/project/verify/)"
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Fetched:
    """A page's body as sent, with the charset its Content-Type named (if any)."""

    url: str
    """The address the body came from, after redirects."""
    body: bytes
    charset: str | None


def looks_like_url(text: str) -> bool:
    """Whether an ingest argument is an address (``scheme://…``) rather than a path."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha() and len(scheme) <= 10


def fetch(url: str, settings: IngestSettings) -> Fetched:
    """The HTML at ``url``; raises IngestError (naming ``url``) with a one-line reason."""
    deadline = time.monotonic() + settings.fetch_timeout_s
    current = url
    for _hop in range(settings.fetch_max_redirects + 1):
        pool, response = _request(url, current, settings, deadline)
        try:
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise IngestError(
                        url, f"the server answered {response.status} without a Location"
                    )
                current = urljoin(current, location.strip())
                continue
            return _body(url, current, response, settings, deadline)
        finally:
            response.release_conn()
            pool.close()
    raise IngestError(url, f"more than {settings.fetch_max_redirects} redirects")


def _request(
    url: str, current: str, settings: IngestSettings, deadline: float
) -> tuple[urllib3.HTTPConnectionPool, urllib3.BaseHTTPResponse]:
    """A GET of ``current`` (``url`` is what the user gave, for messages), not yet read."""
    parts = urlsplit(current)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        where = "" if current == url else f" (redirected to {current})"
        raise IngestError(url, f"only http:// and https:// addresses can be fetched{where}")
    if parts.username is not None or parts.password is not None:
        raise IngestError(url, "addresses with a user name or password are not fetched")
    host = parts.hostname
    if not host:
        raise IngestError(url, "the address has no host name")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise IngestError(url, "the address has an invalid port") from None
    address = _address(url, host, port, settings.fetch_private_hosts)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise IngestError(url, f"no answer within {settings.fetch_timeout_s:g}s")
    timeout = urllib3.Timeout(connect=remaining, read=remaining)
    pool: urllib3.HTTPConnectionPool
    if scheme == "https":
        import certifi

        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    named = f"[{host}]" if ":" in host else host
    default_port = port == (443 if scheme == "https" else 80)
    try:
        response = pool.urlopen(
            "GET",
            target,
            headers={
                "Host": named if default_port else f"{named}:{port}",
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            },
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.SSLError:
        pool.close()
        raise IngestError(url, f"the TLS certificate of {host} could not be verified") from None
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        pool.close()
        raise IngestError(url, f"no answer within {settings.fetch_timeout_s:g}s") from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        pool.close()
        reason = getattr(exc, "reason", None) or exc
        raise IngestError(url, f"cannot connect to {host}: {_first_line(reason)}") from None
    return pool, response


def _address(url: str, host: str, port: int, private_ok: bool) -> str:
    """The address to connect to for ``host``: every address it resolves to must be public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise IngestError(url, f"cannot find the host {host!r}") from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise IngestError(url, f"cannot find the host {host!r}")
    if not private_ok:
        for addr in addresses:
            if not _public(addr):
                raise IngestError(
                    url,
                    f"{host} is a private or local network address ({addr}); refused "
                    "(set ingest.fetch_private_hosts to allow it)",
                )
    return addresses[0]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _body(
    url: str,
    current: str,
    response: urllib3.BaseHTTPResponse,
    settings: IngestSettings,
    deadline: float,
) -> Fetched:
    """The body of a final (non-redirect) answer, if it is HTML within the limits."""
    if not 200 <= response.status < 300:
        raise IngestError(
            url, f"the server answered {response.status} {response.reason or ''}".rstrip()
        )
    msg = Message()
    msg["Content-Type"] = response.headers.get("Content-Type") or "text/html"
    mime = msg.get_content_type()
    if mime not in HTML_TYPES:
        raise IngestError(url, f"the page is {mime}, not HTML; save it and ingest the file")
    limit = settings.max_file_bytes
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise IngestError(
            url, f"the page is {int(declared):,} bytes, over the {limit:,}-byte limit"
        )
    body = bytearray()
    try:
        for chunk in response.stream(64 * 1024):
            body += chunk
            if len(body) > limit:
                raise IngestError(url, f"the page is over the {limit:,}-byte limit")
            if time.monotonic() > deadline:
                raise IngestError(url, f"not received within {settings.fetch_timeout_s:g}s")
    except (urllib3.exceptions.HTTPError, OSError) as exc:  # a read timeout, a dropped connection
        raise IngestError(url, f"the download broke off: {_first_line(exc)}") from None
    return Fetched(url=current, body=bytes(body), charset=msg.get_content_charset())


def _first_line(exc: object) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
