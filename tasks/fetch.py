"""Fetch pages over HTTP with bounded concurrency, retries and size/type limits.

Every input URL yields a ``FetchedPage``; a page's failure is a value (``error_class``,
``error_message``), never an exception. Exceptions are left for bad settings and for
bugs in this module.

The HTTP client is a seam: ``fetch_pages`` takes an ``httpx.AsyncClient`` and the sync
wrapper takes an ``httpx.AsyncBaseTransport``, so unit tests run on ``httpx.MockTransport``
and integration tests on a real local server.

Error classes are short and stable (they become rows in the ``errors`` table):

=================  ==========================================================
``InvalidURL``     not an absolute http(s) URL; no request is made
``ConnectError``   connection refused, DNS failure, TLS handshake failure
``Timeout``        connect/read timeout, or the whole attempt over ``total_timeout``
``ReadError``      connection dropped while reading
``ProtocolError``  the server spoke broken HTTP (or closed without answering)
``DecodingError``  a Content-Encoding that does not decode
``HTTPStatus``     the final response was 3xx without Location, 4xx or 5xx
``TooManyRedirects``  more than ``max_redirects`` hops
``TooLarge``       the body exceeds ``max_bytes`` (declared or while streaming)
``NotHTML``        a content type outside ``accept`` (``UnexpectedType`` when a
                   caller replaced ``accept`` with something other than HTML)
=================  ==========================================================
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from tasks.records import FetchedPage

HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")

# Transient failures worth another attempt. ReadError/ProtocolError are mostly a server
# or proxy dropping the connection mid-flight, which a retry usually cures.
RETRYABLE_ERRORS = frozenset({"ConnectError", "Timeout", "ReadError", "ProtocolError"})

# Order matters: the first matching base class names the error.
_ERROR_CLASSES: tuple[tuple[type[Exception], str], ...] = (
    (httpx.TimeoutException, "Timeout"),
    (httpx.ConnectError, "ConnectError"),
    (httpx.UnsupportedProtocol, "InvalidURL"),
    (httpx.InvalidURL, "InvalidURL"),
    (httpx.TooManyRedirects, "TooManyRedirects"),
    (httpx.DecodingError, "DecodingError"),
    (httpx.ProtocolError, "ProtocolError"),
    (httpx.NetworkError, "ReadError"),
)

_SNIFF_BYTES = 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class FetchSettings:
    """Every knob of the fetcher, in one place.

    ``accept`` lists the content-type prefixes whose bodies are kept; anything else is
    an error record without a body. Discovery replaces it with XML types.
    """

    user_agent: str = "pressroom/0.1 (+news ingestion; contact: set [fetch] user_agent)"
    concurrency: int = 16
    per_host_concurrency: int = 4
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_attempts: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    accept: tuple[str, ...] = HTML_TYPES

    def __post_init__(self) -> None:
        positive = {
            "concurrency": self.concurrency,
            "per_host_concurrency": self.per_host_concurrency,
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "max_attempts": self.max_attempts,
            "max_bytes": self.max_bytes,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"FetchSettings.{name} must be > 0, got {value!r}")
        for name, value in {
            "backoff_base": self.backoff_base,
            "backoff_max": self.backoff_max,
            "max_redirects": self.max_redirects,
        }.items():
            if value < 0:
                raise ValueError(f"FetchSettings.{name} must be >= 0, got {value!r}")
        if not self.accept:
            raise ValueError("FetchSettings.accept must list at least one content type")


DEFAULT_SETTINGS = FetchSettings()


def make_client(
    settings: FetchSettings = DEFAULT_SETTINGS, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """Return an AsyncClient sized for ``settings``; the caller closes it (``async with``)."""
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": settings.user_agent},
        timeout=_timeout(settings),
        limits=httpx.Limits(
            max_connections=settings.concurrency,
            max_keepalive_connections=settings.concurrency,
        ),
        follow_redirects=False,
    )


async def fetch_pages(
    urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    client: httpx.AsyncClient | None = None,
) -> list[FetchedPage]:
    """Fetch ``urls``; return the last attempt for each, in input order. Never raises for a page.

    Without ``client`` one is made from ``settings`` and closed afterwards.
    """
    attempts = await fetch_pages_with_attempts(urls, settings, client=client)
    return [page_attempts[-1] for page_attempts in attempts]


async def fetch_pages_with_attempts(
    urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    client: httpx.AsyncClient | None = None,
) -> list[list[FetchedPage]]:
    """Like ``fetch_pages`` but keep every attempt: one non-empty list per URL, in input order.

    ``result[i][-1]`` is what ``fetch_pages`` returns for ``urls[i]``; earlier entries
    are the failed attempts that were retried (rows for a ``fetches`` log).
    """
    if client is None:
        async with make_client(settings) as own_client:
            return await _fetch_all(urls, settings, own_client)
    return await _fetch_all(urls, settings, client)


def fetch_pages_sync(
    urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[FetchedPage]:
    """``fetch_pages`` for synchronous callers (Prefect tasks); must not run inside a loop."""

    async def run() -> list[FetchedPage]:
        async with make_client(settings, transport) as client:
            return await fetch_pages(urls, settings, client=client)

    return asyncio.run(run())


@dataclass
class _Limits:
    """The global semaphore and one semaphore per host, for a single ``fetch_pages`` call."""

    settings: FetchSettings
    overall: asyncio.Semaphore = field(init=False)
    per_host: dict[str, asyncio.Semaphore] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.overall = asyncio.Semaphore(self.settings.concurrency)

    def host(self, url: str) -> asyncio.Semaphore:
        key = httpx.URL(url).host.lower()
        if key not in self.per_host:
            self.per_host[key] = asyncio.Semaphore(self.settings.per_host_concurrency)
        return self.per_host[key]


async def _fetch_all(
    urls: Sequence[str], settings: FetchSettings, client: httpx.AsyncClient
) -> list[list[FetchedPage]]:
    limits = _Limits(settings)
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(_fetch_with_retries(client, url, settings, limits)) for url in urls
        ]
    return [task.result() for task in tasks]


async def _fetch_with_retries(
    client: httpx.AsyncClient, url: str, settings: FetchSettings, limits: _Limits
) -> list[FetchedPage]:
    problem = _url_problem(url)
    if problem is not None:
        return [_failed(url, "InvalidURL", problem)]
    attempts: list[FetchedPage] = []
    for attempt in range(1, settings.max_attempts + 1):
        # Host slot first: a page waiting for its host must not hold a global slot.
        async with limits.host(url), limits.overall:
            page = await _fetch_once(client, url, settings, attempt)
        attempts.append(page)
        delay = _retry_delay(page, settings, attempt)
        if delay is None or attempt == settings.max_attempts:
            break
        # Slots are released while sleeping so a backing-off page does not starve others.
        await asyncio.sleep(delay)
    return attempts


def _url_problem(url: str) -> str | None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"not a valid URL: {exc}"
    if parsed.scheme not in ("http", "https"):
        return f"only http and https URLs are fetched, not {parsed.scheme or 'a relative URL'!r}"
    if not parsed.host:
        return "URL has no host"
    return None


def _failed(url: str, error_class: str, message: str) -> FetchedPage:
    return FetchedPage(
        url=url,
        final_url=url,
        status=None,
        body=None,
        content_type=None,
        fetched_at=dt.datetime.now(dt.UTC),
        elapsed_ms=0.0,
        error_class=error_class,
        error_message=message,
    )


@dataclass
class _Outcome:
    """What one attempt learned so far; kept mutable so a failure keeps what was seen."""

    final_url: str
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    error_class: str | None = None
    error_message: str | None = None

    def fail(self, error_class: str, message: str) -> None:
        self.body = None
        self.error_class = error_class
        self.error_message = message


async def _fetch_once(
    client: httpx.AsyncClient, url: str, settings: FetchSettings, attempt: int
) -> FetchedPage:
    fetched_at = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    outcome = _Outcome(final_url=url)
    try:
        async with asyncio.timeout(settings.total_timeout):
            await _follow_redirects(client, url, settings, outcome)
    except TimeoutError:
        outcome.fail(
            "Timeout", f"no complete answer within total_timeout={settings.total_timeout}s"
        )
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        outcome.fail(_classify(exc), f"{type(exc).__name__}: {str(exc) or 'no detail'}")
    return FetchedPage(
        url=url,
        final_url=outcome.final_url,
        status=outcome.status,
        body=outcome.body,
        content_type=outcome.content_type,
        fetched_at=fetched_at,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        attempt=attempt,
        error_class=outcome.error_class,
        error_message=outcome.error_message,
        headers=outcome.headers,
    )


def _classify(exc: Exception) -> str:
    for base, name in _ERROR_CLASSES:
        if isinstance(exc, base):
            return name
    return type(exc).__name__


async def _follow_redirects(
    client: httpx.AsyncClient, url: str, settings: FetchSettings, outcome: _Outcome
) -> None:
    # Redirects are followed here, not by the client, so a caller's client cannot change
    # the limit and every hop is checked for scheme.
    request = client.build_request(
        "GET",
        url,
        headers={"User-Agent": settings.user_agent, "Accept": _accept_header(settings)},
        timeout=_timeout(settings),
    )
    for hop in range(settings.max_redirects + 1):
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            _record_response(response, outcome)
            if response.next_request is None:
                await _read_body(response, settings, outcome)
                return
            if hop == settings.max_redirects:
                location = response.headers.get("Location", "")
                outcome.fail(
                    "TooManyRedirects",
                    f"more than {settings.max_redirects} redirects (next: {location})",
                )
                return
            request = response.next_request
            if request.url.scheme not in ("http", "https"):
                outcome.fail("InvalidURL", f"redirect to a non-http URL: {request.url}")
                return
        finally:
            await response.aclose()


def _record_response(response: httpx.Response, outcome: _Outcome) -> None:
    outcome.final_url = str(response.url)
    outcome.status = response.status_code
    outcome.content_type = response.headers.get("Content-Type")
    outcome.headers = tuple(response.headers.multi_items())


async def _read_body(response: httpx.Response, settings: FetchSettings, outcome: _Outcome) -> None:
    status = response.status_code
    if status >= 300:
        outcome.fail("HTTPStatus", f"HTTP {status} {response.reason_phrase}".strip())
        return
    media_type = _media_type(outcome.content_type)
    if media_type and not _accepted(media_type, settings.accept):
        outcome.fail(_type_error(settings), f"content type {media_type!r} is not accepted")
        return
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        outcome.fail(
            "TooLarge", f"Content-Length {declared} exceeds max_bytes={settings.max_bytes}"
        )
        return
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            outcome.fail("TooLarge", f"body exceeds max_bytes={settings.max_bytes}")
            return
        chunks.append(chunk)
    body = b"".join(chunks)
    if not media_type:
        sniffed = sniff_media_type(body[:_SNIFF_BYTES])
        if sniffed is None or not _accepted(sniffed, settings.accept):
            outcome.fail(
                _type_error(settings),
                f"no content type and the body does not look like {_accept_header(settings)}",
            )
            return
    outcome.body = body


def sniff_media_type(head: bytes) -> str | None:
    """Guess a media type from a body's first bytes: HTML, XML or gzip; None if unsure."""
    if head.startswith(_GZIP_MAGIC):
        return "application/gzip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if text.startswith(b"<?xml"):
        return "application/xhtml+xml" if b"<html" in text else "application/xml"
    if text.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")):
        return "application/xml"
    if b"<html" in text:
        return "text/html"
    return None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _accepted(media_type: str, accept: Sequence[str]) -> bool:
    return media_type.startswith(tuple(prefix.lower() for prefix in accept))


def _type_error(settings: FetchSettings) -> str:
    return "NotHTML" if settings.accept == HTML_TYPES else "UnexpectedType"


def _accept_header(settings: FetchSettings) -> str:
    return ", ".join(settings.accept)


def _timeout(settings: FetchSettings) -> httpx.Timeout:
    return httpx.Timeout(
        settings.read_timeout,
        connect=settings.connect_timeout,
        pool=settings.total_timeout,
    )


def _retry_delay(page: FetchedPage, settings: FetchSettings, attempt: int) -> float | None:
    """Seconds to wait before another attempt, or None if ``page`` should not be retried."""
    retryable_status = page.status is not None and (page.status == 429 or page.status >= 500)
    if page.error_class not in RETRYABLE_ERRORS and not (
        page.error_class == "HTTPStatus" and retryable_status
    ):
        return None
    retry_after = _retry_after(page.headers)
    if retry_after is not None:
        return min(retry_after, settings.backoff_max)
    backoff = min(settings.backoff_base * 2.0 ** (attempt - 1), settings.backoff_max)
    # Jitter spreads retries of pages that failed together (a host blip) apart.
    return backoff * random.uniform(0.5, 1.0)


def _retry_after(headers: tuple[tuple[str, str], ...]) -> float | None:
    """The Retry-After header in its seconds form; the HTTP-date form is ignored."""
    for name, value in headers:
        if name.lower() == "retry-after":
            value = value.strip()
            return float(value) if value.isdigit() else None
    return None
