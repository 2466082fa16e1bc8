"""The web shell's authentication hook (pluggy project ``radrules_webshell``): who a request's
client certificate says it is (source 001 §2.4.2: CA 证书登录; docs/signature.md).

An authenticator reads a request (its headers and the address of the peer that sent it)
and answers with the verified :class:`~.identity.CertificateIdentity`, or None. The web
shell then maps the identity to an account (``radrules admin map-certificate``) and opens a
session. The built-in ``proxy-header`` authenticator trusts the headers of a reverse proxy
that verified the certificate, and only from the addresses in ``RADRULES_TRUSTED_PROXIES``;
a plugin may check certificates itself. ``RADRULES_CERT_LOGIN`` names the one in use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from radrules_webshell.markers import hookspec

if TYPE_CHECKING:
    from radrules_webshell.certlogin.identity import Authenticator
    from radrules_webshell.settings import Settings


@hookspec(firstresult=True)
def radrules_webshell_authenticator(name: str, settings: Settings) -> Authenticator | None:
    """Return the authenticator called ``name``, configured from ``settings``; None for a
    name the plugin does not provide (the first answer wins). Its ``identify`` must return
    None for any request whose certificate it has not itself seen verified."""
    raise NotImplementedError  # a specification has no body; pluggy never calls it
