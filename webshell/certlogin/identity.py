"""What an authenticator answers, and the built-in ``proxy-header`` authenticator
(source 001 §2.4.2: CA 证书登录; docs/signature.md).

``proxy-header`` trusts a reverse proxy (nginx ``ssl_verify_client on``) that verified the
client's certificate against the CA and passes on what it found:

- ``X-SSL-Client-Verify: SUCCESS`` (nginx ``$ssl_client_verify``),
- ``X-SSL-Client-S-DN`` (``$ssl_client_s_dn``, the subject) and
- ``X-SSL-Client-Serial`` (``$ssl_client_serial``).

The headers are believed only when the request's peer is one of ``RADRULES_TRUSTED_PROXIES``;
from any other peer they are ignored, since anyone can send a header. The proxy must
overwrite them on every request (``proxy_set_header``), so that a client cannot pass its own.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import attrs
from radrules_webshell.markers import hookimpl
from radrules_webshell.settings import Settings

VERIFY_HEADER = "x-ssl-client-verify"
SUBJECT_HEADER = "x-ssl-client-s-dn"
SERIAL_HEADER = "x-ssl-client-serial"
#: Longest subject or serial believed (a distinguished name is a few hundred characters).
MAX_LENGTH = 1000


@attrs.frozen
class CertificateIdentity:
    """A verified certificate's subject (distinguished name) and serial number (hex, upper case)."""

    subject: str
    serial: str


@runtime_checkable
class Authenticator(Protocol):
    name: str

    def identify(self, headers: Mapping[str, str], peer: str | None) -> CertificateIdentity | None:
        """The verified identity of the request's certificate, or None."""
        ...


def normal_serial(serial: str) -> str:
    """A serial number as compared: hex digits, upper case, no separators or leading zeros."""
    digits = "".join(c for c in serial.strip().upper() if c not in ": ").removeprefix("0X")
    return digits.lstrip("0") or "0"


class ProxyHeaderAuthenticator:
    name = "proxy-header"

    def __init__(self, settings: Settings) -> None:
        self._networks = tuple(ipaddress.ip_network(p, strict=False) for p in settings.trusted_proxies)

    def _trusted(self, peer: str | None) -> bool:
        if peer is None:
            return False
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self._networks)

    def identify(self, headers: Mapping[str, str], peer: str | None) -> CertificateIdentity | None:
        if not self._trusted(peer) or headers.get(VERIFY_HEADER, "").strip().upper() != "SUCCESS":
            return None
        subject = headers.get(SUBJECT_HEADER, "").strip()
        serial = headers.get(SERIAL_HEADER, "").strip()
        if not subject or not serial or len(subject) > MAX_LENGTH or len(serial) > MAX_LENGTH:
            return None
        if any(c not in "0123456789ABCDEFabcdef: x" for c in serial):
            return None
        return CertificateIdentity(subject, normal_serial(serial))


class BuiltinAuthenticators:
    @hookimpl(trylast=True)
    def radrules_webshell_authenticator(
        self, name: str, settings: Settings
    ) -> ProxyHeaderAuthenticator | None:
        return ProxyHeaderAuthenticator(settings) if name == "proxy-header" else None
