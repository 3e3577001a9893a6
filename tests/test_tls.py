"""TLS verification per source, and TLS failures reported as such (a real HTTPS server on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import sqlite3
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_run import run_cli
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crawler.scrapy_glue.errors import classify_exception

PAGE = (
    "<html><head><title>Новости</title></head><body><main><ul>"
    "<li><a href='/news/1'>Релиз</a> <span>21.11.2026</span></li></ul></main></body></html>"
)


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate no CA vouches for, like one chained to a root the crawler does not trust."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGE.encode() if self.path.startswith("/news") else b"User-agent: *\nAllow: /\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def https_site(tmp_path: Path) -> Iterator[int]:
    cert, key = self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def crawl(tmp_path: Path, port: int, verify: bool) -> dict[str, int]:
    registry = tmp_path / f"tls-{verify}.toml"
    registry.write_text(
        "[[source]]\n"
        'name = "tls_site"\ntitle = "Сайт с сертификатом Минцифры"\nregion = "Тверская область"\n'
        'publisher_kind = "ministry"\ntimezone = "Europe/Moscow"\nplatform = "generic"\n'
        f'start_urls = ["https://127.0.0.1:{port}/news"]\nverify_tls = {str(verify).lower()}\n',
        encoding="utf-8",
    )
    db = tmp_path / f"archive-{verify}.db"
    run_cli("crawl", "--sources", registry, "--db", db, "--set", "RETRY_TIMES=0", timeout=120)
    with sqlite3.connect(db) as conn:
        pages, classes = conn.execute("SELECT pages, error_classes FROM crawl_runs").fetchone()
    return {"pages": pages, **json.loads(classes)}


def test_an_untrusted_certificate_is_refused_and_counted_as_tls(tmp_path: Path, https_site: int) -> None:
    result = crawl(tmp_path, https_site, verify=True)
    assert result["pages"] == 0
    assert result.get("tls", 0) >= 1 and set(result) <= {"pages", "tls"}


def test_verify_tls_false_lets_the_crawl_through(tmp_path: Path, https_site: int) -> None:
    result = crawl(tmp_path, https_site, verify=False)
    assert result["pages"] >= 2 and "tls" not in result


def test_exception_chain_classification() -> None:
    class DownloadFailedError(Exception):
        pass

    def wrapped(inner: Exception) -> Exception:
        try:
            raise DownloadFailedError("download failed") from inner
        except DownloadFailedError as exc:
            return exc

    assert classify_exception(wrapped(ssl.SSLCertVerificationError("certificate verify failed"))) == "tls"
    assert classify_exception(wrapped(ConnectionRefusedError("Connection refused"))) == "connection"
    assert classify_exception(TimeoutError("timed out")) == "timeout"
    assert classify_exception(OSError("DNS lookup failed: no address associated")) == "dns"
    assert classify_exception(ValueError("odd")) == "other"
