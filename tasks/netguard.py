"""Where the fetcher may connect: http(s) to public addresses, plus an explicit allow list.

A feed or a redirect written by anyone could point the fetcher at the machine's own
services (127.0.0.1, a database on 10.0.0.5, the cloud metadata endpoint at
169.254.169.254). So every host is resolved before each request and each redirect hop,
and the request goes ahead only if every address it resolves to is public, or the host
is allowed: ``[fetch] allow_hosts`` in pressroom.toml, or ``PRESSROOM_ALLOW_HOSTS``
(comma-separated ``host``, ``host:port`` or CIDR entries).

The check runs on the resolved addresses, not the URL's spelling, so ``http://0x7f.1/``
or a name that resolves to a private address are caught as well. It runs twice: before
the request (``refusal``: the page becomes a ``BlockedAddress`` row without a request),
and when the connection opens (``GuardedBackend``), which resolves the name once more,
checks those addresses and connects to them, not to the name. A name whose answer
changes between the two (DNS rebinding) thus reaches no private address either.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpcore

ENV_VAR = "PRESSROOM_ALLOW_HOSTS"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class AllowList:
    """Hosts, host:port pairs and networks the fetcher may reach though not public."""

    hosts: frozenset[str] = frozenset()
    host_ports: frozenset[tuple[str, int]] = frozenset()
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """``AllowList`` from entries like ``127.0.0.1``, ``intranet:8080``, ``10.0.0.0/8``.

        Raises ValueError naming the entry that is none of these."""
        hosts: set[str] = set()
        host_ports: set[tuple[str, int]] = set()
        networks: list[Network] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            if "/" in entry:
                try:
                    networks.append(ipaddress.ip_network(entry, strict=False))
                except ValueError as exc:
                    raise ValueError(f"allow list entry {raw!r}: {exc}") from exc
                continue
            host, port = _split_port(entry)
            if port is None:
                hosts.add(host)
            else:
                host_ports.add((host, port))
        return cls(frozenset(hosts), frozenset(host_ports), tuple(networks))

    @classmethod
    def from_env(cls, extra: Iterable[str] = ()) -> AllowList:
        """The entries of ``PRESSROOM_ALLOW_HOSTS`` plus ``extra``."""
        return cls.parse([*os.environ.get(ENV_VAR, "").split(","), *extra])

    def allows(self, host: str, port: int, address: Address | None = None) -> bool:
        host = host.lower().strip("[]")
        if host in self.hosts or (host, port) in self.host_ports:
            return True
        if address is None:
            return False
        text = str(address)
        if text in self.hosts or (text, port) in self.host_ports:
            return True
        return any(address in network for network in self.networks)


def _split_port(entry: str) -> tuple[str, int | None]:
    if entry.startswith("["):  # [::1]:8080
        host, _, rest = entry[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else None
    if entry.count(":") == 1:
        host, port = entry.split(":")
        if not port.isdigit():
            raise ValueError(f"allow list entry {entry!r}: port must be a number")
        return host, int(port)
    return entry, None


def is_public(address: Address) -> bool:
    """Globally routable: not loopback, private, link-local, multicast or reserved."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast


async def refusal(host: str, port: int, allow: AllowList) -> str | None:
    """Why connecting to ``host:port`` is refused, or None if it may go ahead."""
    if allow.allows(host, port):
        return None
    addresses = await _resolve(host, port)
    # Unresolvable: the connection attempt reports it as a ConnectError.
    return _refused_address(host, port, addresses or [], allow)


async def _resolve(host: str, port: int) -> list[Address] | None:
    """The addresses of ``host`` (itself when it is one), each once, in the resolver's
    order; None when it does not resolve."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return None
    found = (ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
    return list(dict.fromkeys(found))


def _refused_address(
    host: str, port: int, addresses: list[Address], allow: AllowList
) -> str | None:
    for address in addresses:
        if not is_public(address) and not allow.allows(host, port, address):
            return (
                f"{host} resolves to {address}, which is not a public address; allow it with"
                f" {ENV_VAR} or [fetch] allow_hosts if this is intended"
            )
    return None


class BlockedConnect(httpcore.ConnectError):
    """A connection refused by the guard as it opened (httpx raises it as its own
    ``ConnectError``, with this message)."""


# Starts the message of every BlockedConnect: the check before the request passed.
BLOCKED = "when connecting: "


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, opening connections only to addresses ``allow``
    permits or that are public: the host is resolved here, every address checked, and
    the socket opened to a checked address rather than to the name, which the resolver
    could answer differently a moment later. TLS still verifies the certificate and
    sends SNI for the name: httpcore passes it to ``start_tls`` itself."""

    def __init__(self, allow: AllowList) -> None:
        self._allow = allow
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        if self._allow.allows(host, port):
            return await self._backend.connect_tcp(
                host, port, timeout, local_address, socket_options
            )
        addresses = await _resolve(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"{host} does not resolve")
        refused = _refused_address(host, port, addresses, self._allow)
        if refused is not None:
            raise BlockedConnect(BLOCKED + refused)
        failure: Exception | None = None
        for address in addresses:  # as httpcore would: the next address if one fails
            try:
                return await self._backend.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._backend.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)
