"""The web shell's signature hook (pluggy project ``radrules_webshell``): who signs every
write (source 001 module 11: 系统所有数据录入、修改均需进行电子签名; docs/signature.md).

Registered in the one plugin manager of :mod:`radrules_webshell.hooks`, beside the
transports. The built-in ``server`` signer keeps each account's Ed25519 key on the server,
its private half encrypted (:mod:`.server`); a plugin answering for another name (a CA's
signing service, a hardware key) is chosen with ``RADRULES_SIGNER``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from radrules_webshell.markers import hookspec

if TYPE_CHECKING:
    from radrules_webshell.settings import Settings
    from radrules_webshell.signing.keys import Signer


@hookspec(firstresult=True)
def radrules_webshell_signer(name: str, settings: Settings) -> Signer | None:
    """Return the signer called ``name``, configured from ``settings``; None for a name the
    plugin does not provide (the first answer wins).

    The signer's ``sign`` is called for every audit record inside the write's transaction,
    with the acting account's id; ``public_keys`` must return every key it ever signed with,
    rotated ones too, or ``radrules admin verify-audit`` reports the records they signed.
    """
    raise NotImplementedError  # a specification has no body; pluggy never calls it
