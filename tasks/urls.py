"""URL canonicalisation: every spelling of a page's address maps to one canonical URL."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that track a click and never select content. Prefix entries end in "_".
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "utm_",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "igshid",
        "yclid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_INDEX_FILES = ("index.html", "index.htm", "index.php")


def _is_tracking(name: str, tracking: frozenset[str]) -> bool:
    lowered = name.lower()
    return lowered in tracking or any(p.endswith("_") and lowered.startswith(p) for p in tracking)


def canonicalize_url(url: str, *, tracking: frozenset[str] = TRACKING_PARAMS) -> str:
    """The canonical spelling of ``url``.

    Lowercases scheme and host, drops default ports, fragments and tracking parameters,
    sorts the query, and folds ``/index.html`` and a trailing slash into the directory
    form. Non-http(s) URLs are returned unchanged but for the fragment.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    for index in _INDEX_FILES:
        if path.endswith("/" + index):
            path = path[: -len(index)]
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(k, tracking)
        )
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def site_of(url: str) -> str:
    """The site a URL belongs to: host and port, without a leading ``www.``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port else host


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def choose_canonical(fetched_url: str, declared: str | None) -> str:
    """The canonical URL of a page fetched at ``fetched_url`` that declares ``declared``.

    A declared canonical (rel=canonical, og:url) is honoured only when it stays on the
    same site: a canonical pointing elsewhere is evidence of syndication, not identity.
    A page read from disk (``file:``) takes its declared web address as it stands.
    """
    if declared:
        absolute = urljoin(fetched_url, declared)
        saved = urlsplit(fetched_url).scheme == "file"
        if urlsplit(absolute).scheme in _DEFAULT_PORTS and (
            saved or same_site(absolute, fetched_url)
        ):
            return canonicalize_url(absolute)
    return canonicalize_url(fetched_url)
