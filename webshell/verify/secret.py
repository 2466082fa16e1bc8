"""The key that signs QC verification addresses, and this deployment's verification page.

The QR code on every page of a report (source 000 §5.3.4 第八步) carries an address signed
with this key (:mod:`radrules.qc`). The key is ``RADRULES_QC_SECRET`` when the operator
sets it; otherwise one is generated on first use and kept in the data folder
(``qc-secret.key``, readable by the owner only), so that codes printed yesterday still verify
after a restart and every process sharing the data folder signs alike. It is never
hard-coded: a leaked key would let anyone forge a valid-looking QR code.
"""

from __future__ import annotations

from radrules_webshell.core.key_file import key_in
from radrules_webshell.settings import Settings

VERIFY_PATH = "/verify"


def qc_secret(settings: Settings) -> bytes:
    """The signing key: configured, or read from (and on first use created in) the data folder."""
    if settings.qc_secret:
        return settings.qc_secret.encode("utf-8")
    return key_in(settings.qc_secret_file, "质控二维码签名")


def verification_base(settings: Settings, request_base: str) -> str:
    """The address of this deployment's verification page, which the QR code points at."""
    root = settings.public_url or request_base
    return root.rstrip("/") + VERIFY_PATH
