"""robots.txt: fetch once per origin, parse per RFC 9309, answer "may we fetch this URL?".

Our own small parser rather than ``urllib.robotparser``: the standard library applies the
first matching rule and knows no ``*``/``$`` wildcards, while RFC 9309 (and every major
crawler) applies the longest match, Allow winning a tie. With first-match, a common file
such as ``Disallow: /wp-admin/`` + ``Allow: /wp-admin/admin-ajax.php`` reads wrongly.

What an unavailable robots.txt means follows RFC 9309 section 2.3.1:

* 2xx: parse it (the first ``MAX_ROBOTS_BYTES`` only);
* 4xx (except 429): no rules, everything is allowed;
* 5xx, 429, or unreachable: the whole origin is disallowed for this session.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

import httpx

# RFC 9309 asks crawlers to parse at least 500 KiB; anything after it is ignored.
MAX_ROBOTS_BYTES = 500 * 1024
MAX_ROBOTS_REDIRECTS = 5

# Characters a path keeps as they are when rules and URLs are normalised to one spelling.
_PATH_SAFE = "/?=&;:@!$'()*+,~%-._"


@dataclass(frozen=True, slots=True)
class Rule:
    allow: bool
    pattern: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one origin (``scheme://host:port``) for one product token.

    ``reason`` says where they came from, e.g. ``"robots.txt: HTTP 404, everything
    allowed"``; it is quoted in the error message of every page the rules refuse.
    """

    origin: str
    reason: str
    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    disallow_all: bool = False

    def allows(self, url: str) -> bool:
        """True if ``url`` (on this origin) may be fetched."""
        if self.disallow_all:
            return False
        parts = urlsplit(url)
        path = _normalise(parts.path or "/") + (
            f"?{_normalise(parts.query)}" if parts.query else ""
        )
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules:
            if rule.regex.match(path) is None:
                continue
            longer = best is None or len(rule.pattern) > len(best.pattern)
            tie_allows = best is not None and len(rule.pattern) == len(best.pattern) and rule.allow
            if longer or tie_allows:
                best = rule
        return best is None or best.allow


def product_token(user_agent: str) -> str:
    """The token robots.txt groups are matched on: ``"pressroom/0.1 (+..)"`` -> ``"pressroom"``."""
    token = re.match(r"[A-Za-z_-]+", user_agent.strip())
    return token.group(0).lower() if token else "*"


def origin_of(url: str) -> str:
    """``scheme://host:port`` of ``url``, the scope of one robots.txt (default ports explicit)."""
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    host = parsed.host.lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"{parsed.scheme}://{host}:{port}"


def parse_robots(text: str, token: str, origin: str = "", reason: str = "") -> RobotsRules:
    """Parse robots.txt ``text`` and keep the groups that apply to product ``token``.

    The groups naming ``token`` (case-insensitively) are merged; only if none does are the
    ``*`` groups used. Unknown lines are ignored, as the RFC requires.
    """
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    agents: list[str] = []
    lines: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if lines:  # a user-agent line after rules starts a new group
                agents, lines = [], []
            if not agents:
                groups.append((agents, lines))
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay") and agents:
            lines.append((key, value))
    mine = [body for names, body in groups if token.lower() in names]
    chosen = mine or [body for names, body in groups if "*" in names]
    rules: list[Rule] = []
    delay: float | None = None
    for body in chosen:
        for key, value in body:
            if key == "crawl-delay":
                delay = _delay(value) if delay is None else delay
            elif value:  # an empty Disallow disallows nothing
                rules.append(_rule(key == "allow", value))
    return RobotsRules(origin=origin, reason=reason, rules=tuple(rules), crawl_delay=delay)


async def fetch_robots(
    client: httpx.AsyncClient, origin: str, user_agent: str, *, timeout: float
) -> RobotsRules:
    """GET ``origin``/robots.txt with ``client`` and turn the answer into rules. Never raises
    for a network or HTTP failure: those become allow-all or disallow-all rules with a reason."""
    url = f"{origin}/robots.txt"
    token = product_token(user_agent)
    try:
        async with asyncio.timeout(timeout):
            status, body = await _get(client, url, user_agent)
    except TimeoutError:
        return _unreachable(origin, f"no answer within {timeout}s")
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return _unreachable(origin, f"{type(exc).__name__}: {str(exc) or 'no detail'}")
    if 200 <= status < 300:
        text = body.decode("utf-8", errors="replace")
        return parse_robots(text, token, origin, f"robots.txt: HTTP {status}, rules applied")
    if 400 <= status < 500 and status != 429:
        return RobotsRules(origin=origin, reason=f"robots.txt: HTTP {status}, everything allowed")
    return _unreachable(origin, f"HTTP {status}")


RobotsLoader = Callable[[str], Awaitable[RobotsRules]]


@dataclass
class RobotsCache:
    """robots.txt rules per origin for one fetcher session: each origin is fetched once,
    however many tasks ask at the same moment. Rules are never refreshed within a session.
    """

    rules: dict[str, RobotsRules] = field(default_factory=dict)
    _pending: dict[str, asyncio.Future[RobotsRules]] = field(
        default_factory=dict, init=False, repr=False
    )

    async def rules_for(self, url: str, load: RobotsLoader) -> RobotsRules:
        """The rules for ``url``'s origin, calling ``load(origin)`` only the first time."""
        origin = origin_of(url)
        if origin in self.rules:
            return self.rules[origin]
        pending = self._pending.get(origin)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[RobotsRules] = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        try:
            rules = await load(origin)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # marks it retrieved: nobody else may be waiting
            raise
        finally:
            del self._pending[origin]
        self.rules[origin] = rules
        future.set_result(rules)
        return rules


async def _get(client: httpx.AsyncClient, url: str, user_agent: str) -> tuple[int, bytes]:
    request = client.build_request("GET", url, headers={"User-Agent": user_agent})
    for _ in range(MAX_ROBOTS_REDIRECTS + 1):
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            if response.next_request is None:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) >= MAX_ROBOTS_BYTES:
                        break
                return response.status_code, bytes(body[:MAX_ROBOTS_BYTES])
            request = response.next_request
        finally:
            await response.aclose()
    # RFC 9309: after five redirects the file counts as unavailable (a 4xx), allow all.
    return 404, b""


def _unreachable(origin: str, why: str) -> RobotsRules:
    return RobotsRules(
        origin=origin,
        reason=f"robots.txt unreachable ({why}): origin disallowed for this session",
        disallow_all=True,
    )


def _delay(value: str) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _normalise(path: str) -> str:
    # One spelling for "/caf%C3%A9" and "/café" so rules match URLs either way.
    return quote(unquote(path), safe=_PATH_SAFE)


def _rule(allow: bool, pattern: str) -> Rule:
    anchored = pattern.endswith("$")
    body = _normalise(pattern[:-1] if anchored else pattern)
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return Rule(allow, pattern, re.compile(regex + ("$" if anchored else "")))
