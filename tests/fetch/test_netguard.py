"""The fetcher reaches public addresses and the allow list only. Traffic here goes to
loopback addresses alone (127.0.0.1, 127.0.0.2); the others are only checked."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tasks import fetch, netguard
from tasks.fetch import FetchSettings, fetch_pages_sync
from tasks.netguard import AllowList, is_public, refusal


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []
    redirect_to: ClassVar[str | None] = None

    def do_GET(self) -> None:
        _Counter.hits.append(f"{self.server.server_address[0]}{self.path}")
        if self.redirect_to and self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"<html><body><p>inside</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[str, str]]:
    """Servers on 127.0.0.1 and 127.0.0.2 (both loopback), counting what reaches them."""
    _Counter.hits, _Counter.redirect_to = [], None
    started = []
    for host in ("127.0.0.1", "127.0.0.2"):
        httpd = ThreadingHTTPServer((host, 0), _Counter)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        started.append((httpd, thread))
    yield tuple(f"http://{h.server_address[0]}:{h.server_address[1]}" for h, _ in started)  # type: ignore[misc]
    for httpd, thread in started:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _settings(*allow: str) -> FetchSettings:
    return FetchSettings(allow_hosts=allow, per_host_delay=0, obey_robots=False, max_attempts=1)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("93.184.215.14", True),
        ("2606:4700::1111", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_allow_list_entries() -> None:
    allow = AllowList.parse(["127.0.0.1", "intranet:8080", "10.0.0.0/8", "[::1]:9000", " "])
    assert allow.allows("127.0.0.1", 1)
    assert allow.allows("intranet", 8080) and not allow.allows("intranet", 80)
    assert allow.allows("db", 5432, ipaddress.ip_address("10.9.8.7"))
    assert allow.allows("::1", 9000) and not allow.allows("::1", 9001)
    with pytest.raises(ValueError, match=r"10\.0\.0\.0/33"):
        AllowList.parse(["10.0.0.0/33"])
    with pytest.raises(ValueError, match="port must be a number"):
        AllowList.parse(["host:http"])
    with pytest.raises(ValueError, match="port must be a number"):
        FetchSettings(allow_hosts=("host:http",))


def test_refusal_checks_literals_without_resolving() -> None:
    nothing = AllowList()
    assert "169.254.169.254" in (asyncio.run(refusal("169.254.169.254", 80, nothing)) or "")
    assert asyncio.run(refusal("127.0.0.1", 80, nothing)) is not None
    assert asyncio.run(refusal("127.0.0.1", 80, AllowList.parse(["127.0.0.0/8"]))) is None


def test_loopback_left_off_the_allow_list_is_refused_before_any_request(
    servers: tuple[str, str],
) -> None:
    allowed, other = servers
    port = allowed.rsplit(":", 1)[1]
    pages = fetch_pages_sync(
        [f"{allowed}/ok", f"{other}/secret", "http://[::1]:9/secret", "http://localhost:9/x"],
        _settings(f"127.0.0.1:{port}"),  # one port of one address; localhost:9 is not it
    )
    assert pages[0].ok
    assert [p.error_class for p in pages[1:]] == ["BlockedAddress"] * 3
    assert "127.0.0.2" in (pages[1].error_message or "")
    assert "PRESSROOM_ALLOW_HOSTS" in (pages[1].error_message or "")
    assert _Counter.hits == ["127.0.0.1/ok"]  # nothing reached 127.0.0.2


def test_a_redirect_to_a_refused_address_is_not_followed(servers: tuple[str, str]) -> None:
    allowed, other = servers
    _Counter.redirect_to = f"{other}/secret"
    [page] = fetch_pages_sync([f"{allowed}/hop"], _settings("127.0.0.1"))
    assert page.error_class == "BlockedAddress"
    assert "redirect to" in (page.error_message or "")
    assert _Counter.hits == ["127.0.0.1/hop"]


def test_the_allow_list_opens_an_address_and_the_env_var_feeds_the_default(
    servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, other = servers
    port = other.rsplit(":", 1)[1]
    assert fetch_pages_sync([f"{other}/open"], _settings(f"127.0.0.2:{port}"))[0].ok
    monkeypatch.setenv("PRESSROOM_ALLOW_HOSTS", "127.0.0.2")
    assert FetchSettings().allow_hosts == ("127.0.0.2",)
    monkeypatch.setenv("PRESSROOM_ALLOW_HOSTS", "")
    assert FetchSettings().allow_hosts == ("",)


def test_only_http_and_https() -> None:
    pages = fetch_pages_sync(
        ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"], _settings("127.0.0.1")
    )
    assert [p.error_class for p in pages] == ["InvalidURL"] * 3


def test_a_name_that_turns_private_after_the_check_is_refused_as_it_connects(
    servers: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the name resolved to a public address when the fetcher checked it,
    # and to a loopback one when the connection opened. The check's answer is stood in
    # for (no resolver here gives two answers); the connection resolves for real.
    async def public_at_check_time(host: str, port: int, allow: AllowList) -> None:
        return None

    monkeypatch.setattr(fetch.netguard, "refusal", public_at_check_time)
    on_127_0_0_1, _ = servers
    port = on_127_0_0_1.rsplit(":", 1)[1]
    [page] = fetch_pages_sync([f"http://localhost:{port}/secret"], _settings())
    assert page.error_class == "BlockedAddress"
    assert (page.error_message or "").startswith(netguard.BLOCKED + "localhost resolves to")
    assert _Counter.hits == []
    # Allowed by its address, the name is reached through that address.
    [opened] = fetch_pages_sync([f"http://localhost:{port}/open"], _settings("127.0.0.0/8"))
    assert opened.ok, opened.error_message
    assert _Counter.hits == ["127.0.0.1/open"]


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "localhost.pem", folder / "localhost.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_https_through_the_guard_still_verifies_the_certificate_for_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The guard connects to 127.0.0.1, not to "localhost": TLS must still send the name
    # and check the certificate against it.
    cert_file, key_file = _self_signed(tmp_path)
    _Counter.hits, _Counter.redirect_to = [], None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert_file, key_file)
    httpd.socket = server_tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    fetch.tls_context.cache_clear()  # built from SSL_CERT_FILE at its first call
    try:
        [page] = fetch_pages_sync([f"https://localhost:{port}/tls"], _settings("127.0.0.1"))
        assert page.ok, page.error_message
        # By its address the certificate, made out to "localhost", does not match.
        [by_address] = fetch_pages_sync([f"https://127.0.0.1:{port}/tls"], _settings("127.0.0.1"))
        assert by_address.error_class == "ConnectError"
    finally:
        fetch.tls_context.cache_clear()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
    assert _Counter.hits == ["127.0.0.1/tls"]
