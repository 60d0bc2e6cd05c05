"""Fetch pages over HTTP: polite (robots.txt, per-host delay), conditional, bounded, archived.

Every input URL yields a ``FetchedPage``; a page's failure is a value (``error_class``,
``error_message``), never an exception. Exceptions are left for bad settings, for a
failing archive disk and for bugs in this module.

A ``Fetcher`` is one session: a client, a ``RobotsCache`` (robots.txt fetched once per
origin), a ``HostPacer`` (minimum delay between request starts per origin) and an
optional ``WarcArchive``. ``fetch_pages_with_attempts`` and friends are thin wrappers
that make one for a single call; pass ``robots=``/``pacer=`` (or keep a ``Fetcher``) to
carry politeness across calls.

A conditional GET answered 304 is a page with ``status=304``, ``body=None`` and
``error_class=None``: not an error, yet ``page.ok`` is False because there is nothing to
parse. Callers check ``page.not_modified`` before ``page.ok``.

The HTTP client is a seam: ``fetch_pages`` takes an ``httpx.AsyncClient`` and the sync
wrapper takes an ``httpx.AsyncBaseTransport``, so unit tests run on ``httpx.MockTransport``
and integration tests on a real local server.

Error classes are short and stable (they become rows in the ``errors`` table):

=================  ==========================================================
``InvalidURL``     not an absolute http(s) URL; no request is made
``ConnectError``   connection refused, DNS failure, TLS handshake failure
``Timeout``        connect/read timeout, or the page over ``total_timeout`` (all its
                   attempts together: a server that never answers, or trickles a byte
                   a second, costs a page at most ``total_timeout``)
``ReadError``      connection dropped while reading
``ProtocolError``  the server spoke broken HTTP (or closed without answering)
``DecodingError``  a Content-Encoding that does not decode
``HTTPStatus``     the final response was 3xx without Location, 4xx or 5xx
``TooManyRedirects``  more than ``max_redirects`` hops
``TooLarge``       the body exceeds ``max_bytes`` (declared or on the wire) or,
                   decoded, ``max_decompressed_bytes`` (the message says decompressed)
``RobotsDisallowed``  robots.txt forbids the URL, or could not be read (5xx,
                   unreachable); no request is made for the page
``NotHTML``        a content type outside ``accept`` (``UnexpectedType`` when a
                   caller replaced ``accept`` with something other than HTML)
=================  ==========================================================
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import random
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

import httpcore
import httpx

from tasks import netguard
from tasks.netguard import ENV_VAR, AllowList
from tasks.records import FetchedPage
from tasks.robots import RobotsCache, RobotsRules, fetch_robots, origin_of

if TYPE_CHECKING:  # archive imports this module (HTML types, sniffing)
    from tasks.archive import WarcArchive

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

Validators = Mapping[str, tuple[str | None, str | None]]


@dataclass(frozen=True)
class FetchSettings:
    """Every knob of the fetcher, in one place.

    ``accept`` lists the content-type prefixes whose bodies are kept; anything else is
    an error record without a body. Discovery replaces it with XML types.
    ``per_host_delay`` is the least time between two request starts to one origin
    (``scheme://host:port``); a robots.txt ``Crawl-delay`` raises it for that origin (never
    lowers it), up to ``max_crawl_delay``. ``obey_robots=False`` skips robots.txt entirely.
    ``max_bytes`` bounds the body as transferred, ``max_decompressed_bytes`` as decoded.
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
    max_decompressed_bytes: int = 50 * 1024 * 1024
    max_redirects: int = 5
    accept: tuple[str, ...] = HTML_TYPES
    obey_robots: bool = True
    per_host_delay: float = 1.0
    # Non-public addresses the fetcher may reach (tasks.netguard); by default the entries
    # of PRESSROOM_ALLOW_HOSTS, read when the settings are made.
    allow_hosts: tuple[str, ...] = field(
        default_factory=lambda: tuple(os.environ.get(ENV_VAR, "").split(","))
    )
    # A robots.txt asking for an hour between requests would stall a run for days.
    max_crawl_delay: float = 60.0

    def __post_init__(self) -> None:
        positive = {
            "concurrency": self.concurrency,
            "per_host_concurrency": self.per_host_concurrency,
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "max_attempts": self.max_attempts,
            "max_bytes": self.max_bytes,
            "max_decompressed_bytes": self.max_decompressed_bytes,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"FetchSettings.{name} must be > 0, got {value!r}")
        for name, value in {
            "backoff_base": self.backoff_base,
            "backoff_max": self.backoff_max,
            "max_redirects": self.max_redirects,
            "per_host_delay": self.per_host_delay,
            "max_crawl_delay": self.max_crawl_delay,
        }.items():
            if value < 0:
                raise ValueError(f"FetchSettings.{name} must be >= 0, got {value!r}")
        if not self.accept:
            raise ValueError("FetchSettings.accept must list at least one content type")
        AllowList.parse(self.allow_hosts)  # a bad entry is a configuration error, said now


DEFAULT_SETTINGS = FetchSettings()


class HostPacer:
    """Keeps request starts to one origin at least ``delay`` seconds apart.

    One pacer may serve many concurrent tasks and several fetch calls (within one event
    loop at a time): it only keeps monotonic times, no asyncio primitives. Keys are
    origins (``scheme://host:port``, see ``tasks.robots.origin_of``).
    """

    def __init__(self, delay: float = 0.0) -> None:
        if delay < 0:
            raise ValueError(f"HostPacer delay must be >= 0, got {delay!r}")
        self.delay = delay
        self._delays: dict[str, float] = {}
        self._last_start: dict[str, float] = {}

    def delay_for(self, origin: str) -> float:
        return self._delays.get(origin, self.delay)

    def raise_delay(self, origin: str, delay: float) -> None:
        """Use ``delay`` for ``origin`` if it is longer than the current one (Crawl-delay)."""
        if delay > self.delay_for(origin):
            self._delays[origin] = delay

    def wait_time(self, origin: str) -> float:
        """Seconds until a request to ``origin`` may start (0 if it may start now)."""
        last = self._last_start.get(origin)
        if last is None:
            return 0.0
        return max(0.0, last + self.delay_for(origin) - time.monotonic())

    def try_start(self, origin: str) -> bool:
        """Claim the start of a request to ``origin`` now, if the delay allows it."""
        if self.wait_time(origin) > 0:
            return False
        self._last_start[origin] = time.monotonic()
        return True

    async def wait_turn(self, origin: str) -> None:
        """Sleep until a request to ``origin`` may start, and claim that start."""
        while not self.try_start(origin):
            await asyncio.sleep(self.wait_time(origin))


def make_client(
    settings: FetchSettings = DEFAULT_SETTINGS, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """Return an AsyncClient sized for ``settings``; the caller closes it (``async with``).

    Without ``transport`` the connections are split over several small pools
    (``ShardedTransport``), which is what lets one process pass 500 pages/s, and each
    connection opens only to an address ``settings.allow_hosts`` permits or that is
    public (``netguard.GuardedBackend``).
    """
    if transport is None:
        transport = ShardedTransport(settings.concurrency, AllowList.parse(settings.allow_hosts))
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


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS settings every client of this process shares: httpx's defaults (certifi's
    roots, or ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` as they are at the first call).

    Building them loads the whole root store, ~0.1 s of CPU; a transport left to its
    defaults builds its own, so a run making a client per batch (four transports each)
    spent ~0.9 ms per page on it in the process that also stores batches.
    """
    return httpx.create_ssl_context()


class ShardedTransport(httpx.AsyncBaseTransport):
    """``max_connections`` spread over pools of at most ``POOL_SIZE`` connections each.

    httpcore's pool scans all its connections (polling each idle socket) on every
    request and every response close, so its cost grows with the square of the
    concurrency: measured on loopback, one pool of 32 connections ran 350 pages/s where
    four pools of 8 ran about 1,000. A request goes to the pool with the fewest open
    responses, so slow hosts filling one pool do not hold up requests another could serve.
    """

    POOL_SIZE = 8

    def __init__(self, max_connections: int, allow: AllowList | None = None) -> None:
        shards = max(1, -(-max_connections // self.POOL_SIZE))
        size = -(-max_connections // shards)
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        tls = tls_context()
        backend = netguard.GuardedBackend(allow if allow is not None else AllowList.from_env())
        self._pools = [_GuardedHTTPTransport(limits, tls, backend) for _ in range(shards)]
        self._open = [0] * shards

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = min(range(len(self._pools)), key=self._open.__getitem__)
        self._open[index] += 1
        try:
            response = await self._pools[index].handle_async_request(request)
        except BaseException:
            self._open[index] -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _CountedStream(response.stream, self._open, index)
        return response

    async def aclose(self) -> None:
        for pool in self._pools:
            await pool.aclose()


class _GuardedHTTPTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a pool whose connections go through ``backend`` (httpx
    takes no network backend of its own, so its pool is replaced as it was built)."""

    def __init__(
        self, limits: httpx.Limits, tls: ssl.SSLContext, backend: netguard.GuardedBackend
    ) -> None:
        super().__init__(limits=limits, verify=tls)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=tls,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


class _CountedStream(httpx.AsyncByteStream):
    """A response body that gives its pool's slot back when closed (once)."""

    def __init__(self, stream: httpx.AsyncByteStream, counts: list[int], index: int) -> None:
        self._stream = stream
        self._counts = counts
        self._index = index
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._counts[self._index] -= 1
        await self._stream.aclose()


class Fetcher:
    """One fetch session: client, robots.txt cache, host pacer and optional WARC archive.

    Reuse one ``Fetcher`` across batches so robots.txt is read once per origin and the
    per-origin delay holds across batches. Without ``client`` one is made from
    ``settings`` (and ``transport``) and closed by ``aclose``/``async with``; a caller's
    client is left open. The archive is the caller's to close.
    """

    def __init__(
        self,
        settings: FetchSettings = DEFAULT_SETTINGS,
        *,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        archive: WarcArchive | None = None,
        robots: RobotsCache | None = None,
        pacer: HostPacer | None = None,
    ) -> None:
        self.settings = settings
        self._own_client = client is None
        self.client = client if client is not None else make_client(settings, transport)
        self.archive = archive
        self.robots = robots if robots is not None else RobotsCache()
        self.pacer = pacer if pacer is not None else HostPacer(settings.per_host_delay)
        self.allow = AllowList.parse(settings.allow_hosts)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client if this fetcher made it."""
        if self._own_client:
            await self.client.aclose()

    async def fetch(
        self, urls: Sequence[str], *, validators: Validators | None = None
    ) -> list[list[FetchedPage]]:
        """Every attempt per URL, in input order (see ``fetch_pages_with_attempts``)."""
        limits = _Limits(self.settings)
        wanted = validators or {}
        async with asyncio.TaskGroup() as group:
            tasks = [
                group.create_task(self._fetch_with_retries(url, limits, wanted.get(url)))
                for url in urls
            ]
        return [task.result() for task in tasks]

    async def fetch_last(
        self, urls: Sequence[str], *, validators: Validators | None = None
    ) -> list[FetchedPage]:
        """The last attempt per URL, in input order."""
        return [attempts[-1] for attempts in await self.fetch(urls, validators=validators)]

    async def _fetch_with_retries(
        self, url: str, limits: _Limits, validator: tuple[str | None, str | None] | None
    ) -> list[FetchedPage]:
        problem = _url_problem(url)
        if problem is not None:
            return [_failed(url, "InvalidURL", problem)]
        blocked = await self._address_refusal(url)
        if blocked is not None:
            return [_failed(url, "BlockedAddress", blocked)]
        refusal = await self._robots_refusal(url)
        if refusal is not None:
            return [_failed(url, "RobotsDisallowed", refusal)]
        origin = origin_of(url)
        attempts: list[FetchedPage] = []
        # One budget for the page, all attempts and backoff sleeps included; waiting for a
        # slot or for the host's turn is our politeness and is not charged.
        budget = self.settings.total_timeout
        for attempt in range(1, self.settings.max_attempts + 1):
            page, spent = await self._paced_attempt(url, origin, limits, attempt, validator, budget)
            attempts.append(page)
            budget -= spent
            delay = _retry_delay(page, self.settings, attempt)
            if delay is None or attempt == self.settings.max_attempts or delay >= budget:
                break
            # Slots are released while sleeping so a backing-off page does not starve others.
            await asyncio.sleep(delay)
            budget -= delay
        return attempts

    async def _paced_attempt(
        self,
        url: str,
        origin: str,
        limits: _Limits,
        attempt: int,
        validator: tuple[str | None, str | None] | None,
        budget: float,
    ) -> tuple[FetchedPage, float]:
        # Host slot first: a page waiting for its host must not hold a global slot; the
        # pacer's sleep happens outside the global slot too, and the start is claimed only
        # once the global slot is held, so waiting for it cannot squeeze two starts together.
        async with limits.host(origin):
            while True:
                wait = self.pacer.wait_time(origin)
                if wait > 0:
                    await asyncio.sleep(wait)
                async with limits.overall:
                    if self.pacer.try_start(origin):
                        return await self._fetch_once(url, attempt, validator, budget)

    async def _address_refusal(self, url: str) -> str | None:
        """Why ``url``'s host may not be reached (not public, not allowed), or None."""
        parsed = httpx.URL(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        return await netguard.refusal(parsed.host, port, self.allow)

    async def _robots_refusal(self, url: str) -> str | None:
        """Why robots.txt forbids ``url``, or None if it may be fetched."""
        if not self.settings.obey_robots:
            return None
        rules = await self.robots.rules_for(url, self._load_robots)
        if rules.allows(url):
            return None
        if rules.disallow_all:
            return rules.reason
        return f"robots.txt of {rules.origin} disallows this URL for our user agent"

    async def _load_robots(self, origin: str) -> RobotsRules:
        await self.pacer.wait_turn(origin)  # robots.txt is a request to the host like any
        rules = await fetch_robots(
            self.client, origin, self.settings.user_agent, timeout=self.settings.total_timeout
        )
        if rules.crawl_delay is not None:
            self.pacer.raise_delay(origin, min(rules.crawl_delay, self.settings.max_crawl_delay))
        return rules

    async def _fetch_once(
        self,
        url: str,
        attempt: int,
        validator: tuple[str | None, str | None] | None,
        budget: float,
    ) -> tuple[FetchedPage, float]:
        """One attempt, cut off after ``budget`` seconds (what is left of the page's
        ``total_timeout``); returns the page and the seconds charged to the budget."""
        settings = self.settings
        fetched_at = dt.datetime.now(dt.UTC)
        started = time.perf_counter()
        outcome = _Outcome(final_url=url)
        try:
            # asyncio's deadline covers what httpx's per-operation timeouts cannot: a server
            # that sends a byte every few seconds never trips a read timeout.
            async with asyncio.timeout(budget) as deadline:
                await self._follow_redirects(url, outcome, validator, deadline)
        except TimeoutError:
            total = settings.total_timeout
            together = f" ({attempt} attempts together)" if attempt > 1 else ""
            outcome.fail(
                "Timeout",
                f"timed out after {total:g} s{together}: no complete answer within"
                f" total_timeout={total:g}s",
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            kind, detail = _classify(exc), str(exc) or "no detail"
            # A refusal says why itself, as the check before the request does.
            said = detail if kind == "BlockedAddress" else f"{type(exc).__name__}: {detail}"
            outcome.fail(kind, said)
        archive_path: str | None = None
        archive_offset: int | None = None
        if self.archive is not None and outcome.archivable is not None:
            archive_path, archive_offset = outcome.archivable.write(self.archive, fetched_at)
        elapsed = time.perf_counter() - started
        page = FetchedPage(
            url=url,
            final_url=outcome.final_url,
            status=outcome.status,
            body=outcome.body,
            content_type=outcome.content_type,
            fetched_at=fetched_at,
            elapsed_ms=elapsed * 1000,
            attempt=attempt,
            error_class=outcome.error_class,
            error_message=outcome.error_message,
            headers=outcome.headers,
            archive_path=archive_path,
            archive_offset=archive_offset,
            redirects=tuple(outcome.redirects),
        )
        return page, max(0.0, elapsed - outcome.polite_wait)

    async def _follow_redirects(
        self,
        url: str,
        outcome: _Outcome,
        validator: tuple[str | None, str | None] | None,
        deadline: asyncio.Timeout,
    ) -> None:
        # Redirects are followed here, not by the client, so a caller's client cannot change
        # the limit, and every hop is checked for scheme, robots.txt and the host delay.
        settings = self.settings
        headers = {"User-Agent": settings.user_agent, "Accept": _accept_header(settings)}
        headers.update(_conditional_headers(validator))
        request = self.client.build_request("GET", url, headers=headers, timeout=_timeout(settings))
        for hop in range(settings.max_redirects + 1):
            if hop > 0:
                next_url = str(request.url)
                blocked = await self._address_refusal(next_url)
                if blocked is not None:
                    outcome.fail("BlockedAddress", f"redirect to {next_url}: {blocked}")
                    return
                refusal = await self._robots_refusal(next_url)
                if refusal is not None:
                    outcome.fail("RobotsDisallowed", f"redirect to {next_url}: {refusal}")
                    return
                paused = time.monotonic()
                await self.pacer.wait_turn(origin_of(next_url))
                # Politeness is our choice, not the server's slowness: it does not count
                # against total_timeout.
                waited = time.monotonic() - paused
                outcome.polite_wait += waited
                when = deadline.when()
                if when is not None:
                    deadline.reschedule(when + waited)
            response = await self.client.send(request, stream=True, follow_redirects=False)
            try:
                _record_response(response, outcome)
                if response.next_request is None:
                    conditional = bool(_conditional_headers(validator))
                    await self._read_body(response, outcome, conditional=conditional)
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
                outcome.redirects.append(str(response.url))
            finally:
                await response.aclose()

    async def _read_body(
        self, response: httpx.Response, outcome: _Outcome, *, conditional: bool
    ) -> None:
        settings = self.settings
        status = response.status_code
        if status == 304 and conditional:
            return  # not modified: no body, no error (FetchedPage.not_modified)
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
        reads_raw = _reads_raw(response)  # asked before reading: reading consumes the stream
        raw: list[bytes] | None = [] if self.archive is not None else None
        chunks: list[bytes] = []
        try:
            async for chunk in _bounded_body(response, settings, raw):
                chunks.append(chunk)
        except _BodyTooLarge as exc:
            outcome.fail("TooLarge", str(exc))
            return
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
        if self.archive is not None:
            if reads_raw and raw:
                outcome.archivable = _Archivable.of(response, b"".join(raw), decoded=False)
            else:  # identity encoding, or httpx decoded it: the body is the payload
                decoded = _content_encoding(response) not in ("", "identity")
                outcome.archivable = _Archivable.of(response, body, decoded=decoded)


async def fetch_pages(
    urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    client: httpx.AsyncClient | None = None,
    validators: Validators | None = None,
    archive: WarcArchive | None = None,
    robots: RobotsCache | None = None,
    pacer: HostPacer | None = None,
) -> list[FetchedPage]:
    """Fetch ``urls``; return the last attempt for each, in input order. Never raises for a page.

    Without ``client`` one is made from ``settings`` and closed afterwards. The keyword
    arguments are those of ``fetch_pages_with_attempts``.
    """
    attempts = await fetch_pages_with_attempts(
        urls,
        settings,
        client=client,
        validators=validators,
        archive=archive,
        robots=robots,
        pacer=pacer,
    )
    return [page_attempts[-1] for page_attempts in attempts]


async def fetch_pages_with_attempts(
    urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    client: httpx.AsyncClient | None = None,
    validators: Validators | None = None,
    archive: WarcArchive | None = None,
    robots: RobotsCache | None = None,
    pacer: HostPacer | None = None,
) -> list[list[FetchedPage]]:
    """Like ``fetch_pages`` but keep every attempt: one non-empty list per URL, in input order.

    ``result[i][-1]`` is what ``fetch_pages`` returns for ``urls[i]``; earlier entries
    are the failed attempts that were retried (rows for a ``fetches`` log).

    ``validators`` maps a URL to its stored (ETag, Last-Modified), sent as If-None-Match /
    If-Modified-Since; a 304 answer is a page with ``not_modified`` True. Every 2xx HTML
    page is written to ``archive`` (``archive_path``/``archive_offset`` say where).
    ``robots`` and ``pacer`` carry robots.txt rules and per-origin delays from one call
    to the next; without them each call starts afresh.
    """
    fetcher = Fetcher(settings, client=client, archive=archive, robots=robots, pacer=pacer)
    async with fetcher:
        return await fetcher.fetch(urls, validators=validators)


def fetch_pages_sync(
    urls: Sequence[str],
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    validators: Validators | None = None,
    archive: WarcArchive | None = None,
) -> list[FetchedPage]:
    """``fetch_pages`` for synchronous callers (Prefect tasks); must not run inside a loop."""

    async def run() -> list[FetchedPage]:
        async with Fetcher(settings, transport=transport, archive=archive) as fetcher:
            return await fetcher.fetch_last(urls, validators=validators)

    return asyncio.run(run())


@dataclass
class _Limits:
    """The global semaphore and one semaphore per origin, for a single fetch call."""

    settings: FetchSettings
    overall: asyncio.Semaphore = field(init=False)
    per_host: dict[str, asyncio.Semaphore] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.overall = asyncio.Semaphore(self.settings.concurrency)

    def host(self, origin: str) -> asyncio.Semaphore:
        if origin not in self.per_host:
            self.per_host[origin] = asyncio.Semaphore(self.settings.per_host_concurrency)
        return self.per_host[origin]


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
    redirects: list[str] = field(default_factory=list)
    archivable: _Archivable | None = None  # set for a page worth archiving
    polite_wait: float = 0.0  # seconds spent waiting for a host's turn between hops

    def fail(self, error_class: str, message: str) -> None:
        self.body = None
        self.archivable = None
        self.error_class = error_class
        self.error_message = message


def _conditional_headers(validator: tuple[str | None, str | None] | None) -> dict[str, str]:
    etag, last_modified = validator or (None, None)
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


@dataclass(frozen=True)
class _Archivable:
    """A response as the archive wants it: raw headers and the payload as received."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    payload: bytes
    request_headers: list[tuple[str, str]]
    http_version: str

    @classmethod
    def of(cls, response: httpx.Response, payload: bytes, *, decoded: bool) -> _Archivable:
        """``decoded``: ``payload`` is the decoded body, so the headers that describe the
        encoded one (Content-Encoding, Content-Length) are left out of the record."""
        dropped = {b"content-encoding", b"content-length"} if decoded else set()

        def text(pairs: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
            return [
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in pairs
                if name.lower() not in dropped
            ]

        return cls(
            url=str(response.url),
            status=response.status_code,
            reason=response.reason_phrase,
            headers=text(response.headers.raw),
            payload=payload,
            request_headers=text(response.request.headers.raw),
            http_version=response.http_version,
        )

    def write(self, archive: WarcArchive, fetched_at: dt.datetime) -> tuple[str, int]:
        path, offset = archive.write_response(
            url=self.url,
            status=self.status,
            reason=self.reason,
            headers=self.headers,
            body=self.payload,
            fetched_at=fetched_at,
            request_headers=self.request_headers,
            http_version=self.http_version,
        )
        return str(path), offset


class _BodyTooLarge(Exception):
    pass


async def _bounded_body(
    response: httpx.Response, settings: FetchSettings, raw: list[bytes] | None
) -> AsyncIterator[bytes]:
    """The decoded body, chunk by chunk, stopping with ``_BodyTooLarge`` as soon as the
    bytes on the wire pass ``max_bytes`` or the decoded bytes ``max_decompressed_bytes``.

    gzip and deflate are decoded here with zlib's ``max_length`` so that a bomb never
    inflates past the cap in memory (httpx would inflate a whole network read at once);
    other encodings (br, zstd, stacked ones) go through httpx's decoders. ``raw``
    collects the bytes as received, for the archive.
    """
    encoding = _content_encoding(response)
    decoded = 0
    limit = settings.max_decompressed_bytes
    if not _reads_raw(response):
        async for chunk in response.aiter_bytes():
            _check_wire(response, settings)
            decoded += len(chunk)
            if decoded > limit:
                raise _BodyTooLarge(f"decompressed body exceeds max_decompressed_bytes={limit}")
            yield chunk
        return
    if raw is not None and encoding in ("", "identity"):
        raw = None  # the payload is the body itself; no second copy
    decoder = _Inflater(encoding, response.request)
    async for chunk in response.aiter_raw():
        _check_wire(response, settings)
        if raw is not None:
            raw.append(chunk)
        for piece in decoder.feed(chunk, limit - decoded + 1):
            decoded += len(piece)
            if decoded > limit:
                raise _BodyTooLarge(f"decompressed body exceeds max_decompressed_bytes={limit}")
            yield piece
    rest = decoder.flush()  # at most zlib's window: output it held back
    if decoded + len(rest) > limit:
        raise _BodyTooLarge(f"decompressed body exceeds max_decompressed_bytes={limit}")
    if rest:
        yield rest


_INFLATABLE = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


def _content_encoding(response: httpx.Response) -> str:
    return str(response.headers.get("Content-Encoding", "")).strip().lower()


def _reads_raw(response: httpx.Response) -> bool:
    """True if ``_bounded_body`` decodes the wire bytes itself (and so can archive them).

    A response whose content was already read (``httpx.MockTransport``) only offers the
    decoded content."""
    return not response.is_stream_consumed and _content_encoding(response) in _INFLATABLE


def _check_wire(response: httpx.Response, settings: FetchSettings) -> None:
    if response.num_bytes_downloaded > settings.max_bytes:
        raise _BodyTooLarge(f"body exceeds max_bytes={settings.max_bytes}")


class _Inflater:
    """Incremental gzip/deflate decoding that never returns more than asked for at once."""

    def __init__(self, encoding: str, request: httpx.Request) -> None:
        self.request = request
        self.identity = encoding in ("", "identity")
        self.deflate = encoding == "deflate"
        wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self.inflater = zlib.decompressobj(wbits)
        self.started = False

    def feed(self, data: bytes, room: int) -> list[bytes]:
        """Decode ``data``; stop once more than ``room`` bytes came out (the caller fails)."""
        if self.identity:
            return [data]
        pieces: list[bytes] = []
        produced = 0
        try:
            piece = self._decompress(data, max(room, 1))
            while True:
                pieces.append(piece)
                produced += len(piece)
                tail = self.inflater.unconsumed_tail
                if not tail or produced >= room:
                    return pieces
                piece = self.inflater.decompress(tail, max(room - produced, 1))
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc), request=self.request) from exc

    def flush(self) -> bytes:
        if self.identity:
            return b""
        try:
            return self.inflater.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc), request=self.request) from exc

    def _decompress(self, data: bytes, max_length: int) -> bytes:
        if self.deflate and not self.started:
            self.started = True
            try:
                return self.inflater.decompress(data, max_length)
            except zlib.error:
                # "deflate" is often sent raw, without the zlib wrapper; httpx does the same.
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self.started = True
        return self.inflater.decompress(data, max_length)


def _classify(exc: Exception) -> str:
    if isinstance(exc.__cause__, netguard.BlockedConnect):  # refused as it connected
        return "BlockedAddress"
    for base, name in _ERROR_CLASSES:
        if isinstance(exc, base):
            return name
    return type(exc).__name__


def _record_response(response: httpx.Response, outcome: _Outcome) -> None:
    outcome.final_url = str(response.url)
    outcome.status = response.status_code
    outcome.content_type = response.headers.get("Content-Type")
    outcome.headers = tuple(response.headers.multi_items())


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
